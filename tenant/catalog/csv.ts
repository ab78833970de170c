import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { DelimiterInfo, FileDataFormat } from '@qlik/api/qix';
import { type Notation, dateMask, isBooleanWord, isTimestamp, parseNumber } from './field-types';
import {
  READ_CHUNK,
  type ReadOptions,
  TableProfiler,
  type TableResult,
  finishTable,
  uniqueNames,
} from './profile';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'latin1';

/** Windows code page numbers Qlik uses in `qCodePage`. */
export const CODE_PAGES: Record<TextEncoding, number> = {
  utf8: 65001,
  utf16le: 1200,
  utf16be: 1201,
  latin1: 28591,
};

const SNIFF_BYTES = 64 * 1024;
const SNIFF_RECORDS = 200;
/** A record longer than this (an unterminated quote, usually) stops the read instead of eating the memory. */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;

function validUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return false;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      // a sequence cut by the end of the sample is fine when the file goes on
      if (c === undefined) return truncated;
      if ((c & 0xc0) !== 0x80) return false;
    }
    i += need + 1;
  }
  return true;
}

/**
 * Encoding from the first bytes: a BOM decides (UTF-8, UTF-16 LE/BE); without one, zero bytes in every other
 * position mean BOM-less UTF-16, valid UTF-8 means UTF-8 and anything else is read as Latin-1. Only the first
 * 64 KiB are checked, so invalid UTF-8 further down becomes U+FFFD rather than switching encoding mid-file.
 */
export function detectEncoding(
  head: Uint8Array,
  truncated: boolean,
): { encoding: TextEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bomLength: 2 };
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs >= 2) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenZeros++;
      if (head[2 * i + 1] === 0) oddZeros++;
    }
    if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return { encoding: 'utf16le', bomLength: 0 };
    if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return { encoding: 'utf16be', bomLength: 0 };
  }
  return { encoding: validUtf8(head, truncated) ? 'utf8' : 'latin1', bomLength: 0 };
}

/**
 * Why the first bytes of a file are not text in any encoding the catalog reads, or undefined when they are.
 * Latin-1 gives every byte a character, so "is it valid" cannot decide; what text never has is control
 * characters. Random bytes decoded as Latin-1 are about 12 % C0 controls, DEL and bytes Windows-1252 leaves
 * undefined (real Latin-1 files are full of Windows-1252's curly quotes and dashes at 0x80–0x9F, so those pass);
 * random pairs decoded as UTF-16 are about 13 % lone surrogates, private-use and non-characters. Text with a
 * stray control character or two (a DOS end-of-file mark, an escape) passes: the limit is 1 % of the
 * characters, and more than two.
 */
export function notTextReason(head: Uint8Array, truncated: boolean): string | undefined {
  const { encoding, bomLength } = detectEncoding(head, truncated);
  const text = iconv.decode(Buffer.from(head.subarray(bomLength)), encoding);
  let suspicious = 0;
  let characters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    characters++;
    if (c < 0x20) {
      // tab, line feed, vertical tab, form feed, carriage return, DOS end of file, escape
      if (c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 26 && c !== 27) suspicious++;
    } else if (c === 0x7f) suspicious++;
    else if (encoding === 'latin1') {
      if (c === 0x81 || c === 0x8d || c === 0x8f || c === 0x90 || c === 0x9d) suspicious++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const pair =
        c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? text.charCodeAt(i + 1) : undefined;
      if (pair === undefined) suspicious++;
      else i++;
    } else if (
      c === 0xfffd ||
      c === 0xfffe ||
      c === 0xffff ||
      (c >= 0xe000 && c <= 0xf8ff) ||
      (c >= 0xfdd0 && c <= 0xfdef)
    ) {
      // a replacement character at the very end is a sequence cut by the end of the sample
      if (!(c === 0xfffd && truncated && i >= text.length - 1)) suspicious++;
    }
  }
  if (suspicious <= 2 || suspicious <= characters * 0.01) return undefined;
  const share = Math.round((suspicious / characters) * 100);
  return (
    `is not text in any encoding the catalog reads (UTF-8, UTF-16, Latin-1): ${suspicious} of the first ` +
    `${characters} characters (${share} %) are control characters or unassigned codes, as in binary data.`
  );
}

/**
 * Streaming delimited-text tokenizer. Quoting is Qlik's MSQ: a field that starts with the quote character runs
 * to the matching quote, a doubled quote inside it is one quote, delimiters and line breaks inside it are data;
 * a quote anywhere else is an ordinary character. Records end at LF, CRLF or CR. Blank lines are skipped.
 */
export class DelimitedTokenizer {
  private carry = '';
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private atFieldStart = true;
  private quotedField = false;
  /** The record had a quoted field: `""` alone on a line is a record with one empty value, not a blank line. */
  private wasQuoted = false;
  private recordChars = 0;
  unterminatedQuote = false;

  /** Still inside a quoted field: at the end of a truncated sample, a sign the split is wrong. */
  get insideQuotes(): boolean {
    return this.inQuotes;
  }

  constructor(
    private readonly delimiter: number,
    private readonly quote: number | undefined,
  ) {}

  push(input: string, out: string[][]): void {
    let chunk = this.carry + input;
    this.carry = '';
    // Trailing quotes (doubled or closing?) and CRs (CRLF?) are decided by what follows: keep them for later.
    let cut = chunk.length;
    while (cut > 0) {
      const code = chunk.charCodeAt(cut - 1);
      if (code !== 13 && code !== this.quote) break;
      cut--;
    }
    if (cut < chunk.length) {
      this.carry = chunk.slice(cut);
      chunk = chunk.slice(0, cut);
    }
    this.scan(chunk, out);
  }

  end(out: string[][]): void {
    const rest = this.carry;
    this.carry = '';
    this.scan(rest, out);
    if (this.inQuotes) this.unterminatedQuote = true;
    if (this.fields.length > 0 || this.field.length > 0 || this.quotedField) this.endRecord(out);
  }

  private endField(): void {
    this.fields.push(this.field);
    this.recordChars += this.field.length;
    if (this.recordChars > MAX_RECORD_CHARS)
      throw new Error('A record is larger than 32 MiB (unbalanced quotes?)');
    this.field = '';
    this.atFieldStart = true;
    this.quotedField = false;
  }

  private endRecord(out: string[][]): void {
    this.endField();
    const f = this.fields;
    if (!(f.length === 1 && f[0] === '' && !this.wasQuoted)) out.push(f);
    this.fields = [];
    this.recordChars = 0;
    this.wasQuoted = false;
  }

  private scan(chunk: string, out: string[][]): void {
    const n = chunk.length;
    const d = this.delimiter;
    const q = this.quote ?? -1;
    let start = 0;
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        const next = q === -1 ? -1 : chunk.indexOf(String.fromCharCode(q), i);
        if (next === -1) {
          i = n;
          break;
        }
        if (chunk.charCodeAt(next + 1) === q) {
          this.field += chunk.slice(start, next + 1);
          i = next + 2;
          start = i;
          continue;
        }
        this.field += chunk.slice(start, next);
        this.inQuotes = false;
        i = next + 1;
        start = i;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === d) {
        this.field += chunk.slice(start, i);
        this.endField();
        i++;
        start = i;
      } else if (c === 10 || c === 13) {
        this.field += chunk.slice(start, i);
        this.endRecord(out);
        i += c === 13 && chunk.charCodeAt(i + 1) === 10 ? 2 : 1;
        start = i;
      } else if (c === q && this.atFieldStart) {
        this.inQuotes = true;
        this.quotedField = true;
        this.wasQuoted = true;
        this.atFieldStart = false;
        i++;
        start = i;
      } else {
        this.atFieldStart = false;
        i++;
      }
    }
    if (start < n) this.field += chunk.slice(start, n);
    if (this.field.length > MAX_RECORD_CHARS)
      throw new Error('A record is larger than 32 MiB (unbalanced quotes?)');
  }
}

function tokenize(text: string, delimiter: number, quote: number | undefined, complete: boolean): string[][] {
  return tokenizeSample(text, delimiter, quote, complete).records;
}

function tokenizeSample(
  text: string,
  delimiter: number,
  quote: number | undefined,
  complete: boolean,
): { records: string[][]; openQuote: boolean } {
  const t = new DelimitedTokenizer(delimiter, quote);
  const records: string[][] = [];
  t.push(text, records);
  if (complete) t.end(records);
  return { records: records.slice(0, SNIFF_RECORDS), openQuote: t.unterminatedQuote || t.insideQuotes };
}

const DELIMITERS: { char: string; name: string; script: string }[] = [
  { char: ',', name: 'comma', script: "','" },
  { char: ';', name: 'semicolon', script: "';'" },
  { char: '\t', name: 'tab', script: "'\\t'" },
  { char: '|', name: 'pipe', script: "'|'" },
];

/**
 * The delimiter whose records (parsed with quotes, over the first lines) most consistently have the same number
 * of fields, more than one. A split that leaves a quote open is the wrong one; remaining ties go to the split
 * leaving fewer quote characters in values, then to more fields, then to the extension's usual delimiter.
 */
export function detectDelimiter(sample: string, complete: boolean, preferred: string): string {
  let best = { char: preferred, score: -Infinity, stray: 0, fields: 1 };
  const candidates = [...DELIMITERS].sort(
    (a, b) => Number(b.char === preferred) - Number(a.char === preferred),
  );
  for (const { char } of candidates) {
    const { records, openQuote } = tokenizeSample(sample, char.charCodeAt(0), 34, complete);
    if (records.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [len, count] of counts) {
      if (count > modeCount || (count === modeCount && len > mode)) [mode, modeCount] = [len, count];
    }
    if (mode < 2) continue;
    const score = modeCount / records.length - (openQuote ? 1 : 0);
    // Quote characters left in values: the right split consumes enclosing quotes and halves doubled ones, a wrong
    // one keeps them all (counting fields instead lost to a tab split of a header whose quoted names hold a tab).
    const stray = records.reduce((n, r) => n + r.reduce((m, f) => m + f.split('"').length - 1, 0), 0);
    const better =
      score > best.score + 1e-9 ||
      (Math.abs(score - best.score) < 1e-9 &&
        (stray < best.stray || (stray === best.stray && mode > best.fields)));
    if (better) best = { char, score, stray, fields: mode };
  }
  return best.char;
}

/**
 * MSQ when a field starts with a double quote (or there are no double quotes at all, so quoting is harmless);
 * none when double quotes only appear inside values, such as `5" disk`.
 */
function detectQuote(sample: string, delimiter: string): boolean {
  if (!sample.includes('"')) return true;
  const d = delimiter === '\t' ? '\\t' : `\\${delimiter}`;
  return new RegExp(`(^|[${d}\\r\\n])"`).test(sample);
}

type Kind = 'empty' | 'number' | 'date' | 'bool' | 'text';
function kindOf(raw: string): Kind {
  const s = raw.trim();
  if (s === '') return 'empty';
  if (parseNumber(s, 'dot') || parseNumber(s, 'comma')) return 'number';
  if (dateMask(s) !== 0 || isTimestamp(s)) return 'date';
  if (isBooleanWord(s)) return 'bool';
  return 'text';
}

/**
 * Whether the first record holds labels. Per column: when the other rows share a non-text kind (numbers, dates,
 * booleans) a text first cell votes for labels and a cell of that kind votes against; in text columns a number or
 * date in the first row votes against, and so does a first cell repeated further down. With no evidence either
 * way the file is taken to have labels (Qlik's default for data files) unless a first-row cell is empty.
 */
export function detectHeader(records: string[][]): boolean {
  const first = records[0];
  if (!first) return false;
  const rest = records.slice(1, SNIFF_RECORDS);
  const firstKinds = first.map(kindOf);
  if (firstKinds.some((k) => k === 'number' || k === 'date')) return false;
  if (rest.length === 0) return firstKinds.every((k) => k === 'text');
  let votes = 0;
  for (let c = 0; c < first.length; c++) {
    const kinds = new Set<Kind>(rest.map((r) => kindOf(r[c] ?? '')).filter((k) => k !== 'empty'));
    const firstKind = firstKinds[c];
    if (kinds.size === 1 && !kinds.has('text')) {
      votes += firstKind === 'text' ? 1 : kinds.has(firstKind ?? 'empty') ? -1 : 0;
    } else if (rest.some((r) => r[c] === first[c] && first[c] !== '')) {
      votes -= 1;
    }
  }
  if (votes !== 0) return votes > 0;
  return firstKinds.every((k) => k === 'text');
}

export interface CsvDialect {
  encoding: TextEncoding;
  bomLength: number;
  delimiter: string;
  quote: boolean;
  header: boolean;
  fieldNames: string[];
  notation: Notation;
}

async function readHead(filePath: string): Promise<{ head: Uint8Array; truncated: boolean }> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const size = (await handle.stat()).size;
    return { head: buffer.subarray(0, bytesRead), truncated: size > bytesRead };
  } finally {
    await handle.close();
  }
}

export async function sniffCsv(filePath: string, extension: string): Promise<CsvDialect> {
  const { head, truncated } = await readHead(filePath);
  const { encoding, bomLength } = detectEncoding(head, truncated);
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  const sample =
    decoder.write(Buffer.from(head.subarray(bomLength))) + (truncated ? '' : (decoder.end() ?? ''));
  const preferred = extension === 'tsv' || extension === 'tab' ? '\t' : ',';
  const delimiter = detectDelimiter(sample, !truncated, preferred);
  const quote = detectQuote(sample, delimiter);
  const records = tokenize(sample, delimiter.charCodeAt(0), quote ? 34 : undefined, !truncated).slice(
    0,
    SNIFF_RECORDS,
  );
  const header = detectHeader(records);
  const width = header ? (records[0]?.length ?? 0) : Math.max(0, ...records.map((r) => r.length));
  const names = header
    ? uniqueNames(records[0] ?? [])
    : uniqueNames(Array.from({ length: width }, () => undefined));
  return {
    encoding,
    bomLength,
    delimiter,
    quote,
    header,
    fieldNames: names,
    notation: delimiter === ';' ? 'comma' : 'dot',
  };
}

/**
 * Qlik engine `FileDataFormat` (key names from @qlik/api's qix typings). Confirmed by a real data-set response:
 * qType, qLabel, qCodePage, qDelimiter.qNumber, qHeaderSize. The qDelimiter.qName / qScriptCode spellings and
 * qQuote's 'MSQ' | 'none' values follow the engine docs' examples but are not confirmed for catalog data sets.
 */
export function csvLoadOptions(d: CsvDialect): { qDataFormat: FileDataFormat } {
  const info = DELIMITERS.find((x) => x.char === d.delimiter);
  const qDelimiter: DelimiterInfo = {
    qName: info?.name ?? d.delimiter,
    qScriptCode: info?.script ?? `'${d.delimiter}'`,
    qNumber: d.delimiter.charCodeAt(0),
    qIsMultiple: false,
  };
  return {
    qDataFormat: {
      qType: 'CSV',
      qLabel: d.header ? 'embedded labels' : 'no labels',
      qQuote: d.quote ? 'MSQ' : 'none',
      qDelimiter,
      qCodePage: CODE_PAGES[d.encoding],
      qHeaderSize: 0,
      qRecordSize: 0,
      qTabSize: 0,
      qIgnoreEOF: false,
    },
  };
}

export async function readCsv(
  filePath: string,
  tableName: string,
  extension: string,
  options: ReadOptions,
  sizeInBytes: number,
): Promise<TableResult> {
  const dialect = await sniffCsv(filePath, extension);
  const profiler = new TableProfiler(tableName, dialect.fieldNames, {
    ...options,
    notation: dialect.notation,
  });
  const width = dialect.fieldNames.length;
  let ragged = false;
  let skipHeader = dialect.header;
  const tokenizer = new DelimitedTokenizer(dialect.delimiter.charCodeAt(0), dialect.quote ? 34 : undefined);
  const decoder = iconv.getDecoder(dialect.encoding, { stripBOM: true });
  const records: string[][] = [];
  const drain = (): void => {
    for (const r of records) {
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      if (r.length !== width) ragged = true;
      profiler.addRow(r);
    }
    records.length = 0;
  };
  const stream = createReadStream(filePath, { start: dialect.bomLength, highWaterMark: READ_CHUNK });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    tokenizer.push(decoder.write(chunk), records);
    drain();
    await options.between();
  }
  tokenizer.push(decoder.end() ?? '', records);
  tokenizer.end(records);
  drain();
  const anomalies: string[] = [];
  if (ragged) anomalies.push('$warning-inconsistent-field-count');
  if (tokenizer.unterminatedQuote) anomalies.push('$warning-unterminated-quote');
  return finishTable(profiler, { loadOptions: csvLoadOptions(dialect), sizeInBytes, anomalies });
}
