import { open, stat } from 'node:fs/promises';
import type { DataSetProfile, Schema } from '@qlik/api/data-sets';
import { notTextReason, readCsv } from './csv';
import { readJson } from './json';
import { readParquet } from './parquet';
import { type ReadOptions, type TableResult, profileOf } from './profile';
import { readQvd } from './qvd';
import { readXlsx } from './xlsx';

export type InferredFormat = 'csv' | 'tsv' | 'txt' | 'xlsx' | 'json' | 'ndjson' | 'parquet' | 'qvd';

export interface InferredDataSet {
  format: InferredFormat;
  /** The first (or only) table: `@qlik/api/data-sets` `DataSet['schema']`. */
  schema: Schema;
  /** XLSX sheets after the first. */
  additionalSchemas: Schema[];
  /** Rows of the first table. */
  rowCount: number;
  profile: DataSetProfile;
}

export interface InferOptions {
  /** First rows kept as the profile's sample records (default 100). */
  sampleRows?: number;
  /** Rows looked at for types and statistics (default: all). The row count always covers the whole table. */
  maxProfileRows?: number;
  /** Awaited between two slices of a read (see ReadOptions); the tenant's catalog lets its requests in there. */
  between?: () => Promise<void>;
}

const noPause = () => Promise.resolve();

const EXTENSIONS: Record<string, InferredFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'txt',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  parquet: 'parquet',
  qvd: 'qvd',
};

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? name : name.slice(0, dot);
}

async function head(filePath: string, bytes: number): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The format from the content's magic bytes where it has them (Parquet `PAR1`, a zip for XLSX, the QVD XML
 * header), otherwise from the extension. A file named .csv that is really a workbook is read as a workbook;
 * a file whose extension is not a tabular one is only read when its magic bytes say Parquet, XLSX or QVD.
 */
export async function detectFormat(filePath: string, fileName: string): Promise<InferredFormat | undefined> {
  const start = await head(filePath, 4096);
  const byExtension = EXTENSIONS[extensionOf(fileName)];
  if (start.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const text = start.toString('latin1');
  if (/^(\uFEFF|ï»¿)?\s*(<\?xml[^>]*>\s*)?<QvdTableHeader>/.test(text)) return 'qvd';
  if (start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04) {
    // a zip: an OOXML workbook names its parts near the start ([Content_Types].xml, xl/…)
    return byExtension === 'xlsx' || text.includes('xl/') || text.includes('[Content_Types].xml')
      ? 'xlsx'
      : undefined;
  }
  if (byExtension === 'xlsx' || byExtension === 'parquet' || byExtension === 'qvd') return undefined;
  return byExtension;
}

/** The content cannot be read as the format its name or magic bytes say; `reason` completes "<file name> …". */
export class UnreadableContent extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnreadableContent';
  }
}

/**
 * Infers the catalog schema (types from every value), the row count and a profile of a data file, streaming
 * it from disk. Returns undefined for files with no tabular content (unknown formats, a .qvd without a QVD
 * header); rejects with UnreadableContent for a text format whose content is not text (binary data under a
 * .csv, .txt or .json name).
 */
export async function inferDataSet(
  filePath: string,
  fileName: string,
  options: InferOptions = {},
): Promise<InferredDataSet | undefined> {
  const started = new Date();
  const format = await detectFormat(filePath, fileName);
  if (!format) return undefined;
  const opts: ReadOptions = {
    sampleRows: options.sampleRows ?? 100,
    maxProfileRows: options.maxProfileRows ?? Infinity,
    between: options.between ?? noPause,
  };
  const size = (await stat(filePath)).size;
  const name = baseName(fileName);
  let tables: TableResult[];
  let actual: InferredFormat = format;
  let resultType: 'NORMAL' | 'BASIC' = 'NORMAL';
  switch (format) {
    case 'csv':
    case 'tsv':
    case 'txt': {
      await checkText(filePath, size);
      tables = [await readCsv(filePath, name, extensionOf(fileName), opts, size)];
      break;
    }
    case 'json':
    case 'ndjson': {
      await checkText(filePath, size);
      const { result, ndjson } = await readJson(filePath, name, opts, size);
      tables = [result];
      actual = format === 'ndjson' || ndjson ? 'ndjson' : 'json';
      break;
    }
    case 'xlsx':
      tables = await readXlsx(filePath, opts, size);
      if (tables.length === 0) return undefined;
      break;
    case 'parquet':
      tables = [await readParquet(filePath, name, opts, size)];
      break;
    case 'qvd': {
      const table = await readQvd(filePath, name, size);
      if (!table) return undefined;
      tables = [table];
      resultType = 'BASIC';
      break;
    }
  }
  const [first, ...rest] = tables;
  if (!first) return undefined;
  return {
    format: actual,
    schema: first.schema,
    additionalSchemas: rest.map((t) => t.schema),
    rowCount: first.rowCount,
    profile: profileOf(tables, started, resultType),
  };
}

const TEXT_SAMPLE_BYTES = 64 * 1024;

/** Rejects a file under a text extension whose first bytes are binary: NUL bytes, or no text in any encoding. */
async function checkText(filePath: string, size: number): Promise<void> {
  const start = await head(filePath, TEXT_SAMPLE_BYTES);
  const utf16Bom = (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff);
  const first = start.subarray(0, 4096);
  let zeros = 0;
  for (const b of first) if (b === 0) zeros++;
  // BOM-less UTF-16 has a zero in about every other byte; a few scattered zeros mean binary
  if (!utf16Bom && zeros > 0 && zeros < first.length * 0.3) {
    throw new UnreadableContent(
      `is binary, not text: it has ${zeros} NUL byte${zeros === 1 ? '' : 's'} in its first ${first.length.toLocaleString('en-US')} bytes.`,
    );
  }
  const reason = notTextReason(start, size > start.length);
  if (reason) throw new UnreadableContent(reason);
}
