import { createReadStream } from 'node:fs';
import type { DataField, FieldDataType, FieldProfile } from '@qlik/api/data-sets';
import type { FileDataFormat } from '@qlik/api/qix';
import { systemTags } from './field-types';
import type { TableResult } from './profile';

const END_TAG = '</QvdTableHeader>';
/** The XML header is small (a few KiB per field); past this the file is not taken for a QVD. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/** Reads bytes up to the end of the XML header only; the binary symbol and record tables are never read. */
export async function readQvdHeader(filePath: string): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = createReadStream(filePath, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      // latin1 keeps byte offsets; the tag itself is ASCII
      const at = Buffer.concat(chunks).indexOf(
        END_TAG,
        Math.max(0, length - chunk.length - END_TAG.length),
        'latin1',
      );
      if (at !== -1)
        return Buffer.concat(chunks)
          .subarray(0, at + END_TAG.length)
          .toString('utf8');
      if (length > MAX_HEADER_BYTES) return undefined;
    }
  } finally {
    stream.destroy();
  }
  return undefined;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1] === undefined ? undefined : decodeXml(m[1].trim());
}

/**
 * QVD number format → Qlik type. INTEGER, REAL→DOUBLE, FIX/MONEY→DECIMAL (scale from nDec), DATE, TIME,
 * TIMESTAMP, INTERVAL→DOUBLE. ASCII is STRING; UNKNOWN (what Qlik writes for most fields) falls back to the
 * field's own system tags ($date, $timestamp, $integer, $numeric), and to STRING without them.
 */
export function qvdFieldType(numberType: string | undefined, nDec: number, tags: string[]): FieldDataType {
  const t = (type: FieldDataType['type'], properties: Record<string, unknown> = {}): FieldDataType => ({
    type,
    properties,
    originalType: numberType ?? 'UNKNOWN',
  });
  switch ((numberType ?? 'UNKNOWN').toUpperCase()) {
    case 'INTEGER':
      return t('INTEGER');
    case 'REAL':
    case 'INTERVAL':
      return t('DOUBLE');
    case 'FIX':
    case 'MONEY':
      return t('DECIMAL', { precision: 18, scale: nDec > 0 ? nDec : 2 });
    case 'DATE':
      return t('DATE');
    case 'TIME':
      return t('TIME');
    case 'TIMESTAMP':
      return t('TIMESTAMP');
    case 'ASCII':
      return t('STRING');
    default:
      if (tags.includes('$date')) return t('DATE');
      if (tags.includes('$timestamp')) return t('TIMESTAMP');
      if (tags.includes('$integer')) return t('INTEGER');
      if (tags.includes('$numeric')) return t('DOUBLE');
      return t('STRING');
  }
}

export async function readQvd(
  filePath: string,
  fallbackName: string,
  sizeInBytes: number,
): Promise<TableResult | undefined> {
  const xml = await readQvdHeader(filePath);
  if (!xml) return undefined;
  const tableName = tag(xml.replace(/<Fields>[\s\S]*<\/Fields>/, ''), 'TableName') || fallbackName;
  const tableLevel = xml.replace(/<Fields>[\s\S]*<\/Fields>/, '').replace(/<Lineage>[\s\S]*<\/Lineage>/, '');
  const rowCount = Number(tag(tableLevel, 'NoOfRecords') ?? 0) || 0;
  const fields: DataField[] = [];
  const fieldProfiles: FieldProfile[] = [];
  const headers = xml.match(/<QvdFieldHeader>[\s\S]*?<\/QvdFieldHeader>/g) ?? [];
  headers.forEach((h, index) => {
    const name = tag(h, 'FieldName') ?? `@${index + 1}`;
    const format = /<NumberFormat>([\s\S]*?)<\/NumberFormat>/.exec(h)?.[1] ?? '';
    const ownTags = [
      ...(/<Tags>([\s\S]*?)<\/Tags>/.exec(h)?.[1] ?? '').matchAll(/<String>([\s\S]*?)<\/String>/g),
    ].map((m) => decodeXml(m[1] ?? ''));
    const dataType = qvdFieldType(tag(format, 'Type'), Number(tag(format, 'nDec') ?? 0) || 0, ownTags);
    const tags = ownTags.length > 0 ? ownTags : systemTags(dataType.type, true);
    fields.push({
      name,
      index,
      dataType,
      nullable: true,
      primaryKey: false,
      encrypted: false,
      sensitive: false,
      orphan: false,
      tags,
    });
    const symbols = Number(tag(h, 'NoOfSymbols'));
    fieldProfiles.push({
      name,
      technicalName: name,
      index,
      dataType: dataType.type,
      tags,
      ...(Number.isFinite(symbols) ? { distinctValueCount: symbols } : {}),
    });
  });
  const qDataFormat: FileDataFormat = { qType: 'QVD' };
  return {
    schema: {
      dataFields: fields,
      loadOptions: { qDataFormat },
      effectiveDate: new Date().toISOString(),
      anomalies: [],
      schemaName: tableName,
    },
    rowCount,
    profile: { name: tableName, numberOfRows: rowCount, sizeInBytes, fieldProfiles },
    sample: { name: tableName, fieldNames: fields.map((f) => f.name), records: [] },
    messages: [],
  };
}
