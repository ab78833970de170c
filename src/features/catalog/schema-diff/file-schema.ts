import type { SchemaField } from './diff';

/**
 * The fields of a file about to be uploaded, read in the browser from its first bytes (`File.slice`, never the
 * whole file), for the upload conflict dialog's diff against the data set the file would replace. It follows the
 * tenant's inference (tenant/catalog/csv.ts and field-types.ts: delimiter and header detection, the same type rules
 * and field names) closely enough for a preview; the console may not import tenant code, so the rules are written
 * again here in their short form. Only the rows read decide a type: the tenant reads the whole file.
 */

export const PREVIEW_BYTES = 64 * 1024;
/** Records that decide the delimiter and the header, as in the tenant's sniffing. */
const PREVIEW_RECORDS = 200;

export type FilePreview =
  | { kind: 'fields'; fields: SchemaField[]; rows: number; partial: boolean }
  | { kind: 'none'; reason: string };

const DELIMITERS = [',', ';', '\t', '|'];

const NO_PREVIEW: Record<string, string> = {
  xlsx: 'An XLSX workbook is a zip archive: its sheets cannot be read from the first bytes of the file.',
  xls: 'An XLS workbook cannot be read in the browser.',
  parquet: 'A Parquet file keeps its schema at the end of the file, which the preview does not read.',
  qvd: 'QVD files are not previewed.',
};

export const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** Reads the first PREVIEW_BYTES of `file` and infers its fields, or says why it cannot. */
export async function previewFileSchema(file: Blob, name: string): Promise<FilePreview> {
  const extension = extensionOf(name);
  const refused = NO_PREVIEW[extension];
  if (refused) return { kind: 'none', reason: refused };
  if (!['csv', 'tsv', 'tab', 'txt', 'json', 'ndjson', 'jsonl'].includes(extension)) {
    return { kind: 'none', reason: `Files of type “${extension || 'none'}” are not previewed.` };
  }
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  return previewBytes(head, extension, file.size > head.length);
}

/** The preview of a file's first bytes (`truncated`: the file goes on after them). */
export function previewBytes(head: Uint8Array, extension: string, truncated: boolean): FilePreview {
  const text = decode(head, truncated);
  if (text === undefined) return { kind: 'none', reason: 'The start of the file is not text.' };
  if (extension === 'json' || extension === 'ndjson' || extension === 'jsonl')
    return previewJson(text, truncated);
  return previewDelimited(text, extension, truncated);
}

function decode(head: Uint8Array, truncated: boolean): string | undefined {
  let encoding = 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) encoding = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) encoding = 'utf-16be';
  else if (head.includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(head, { stream: truncated });
  } catch {
    // not UTF-8: the tenant then reads Latin-1, which decodes any byte
    text = new TextDecoder('latin1').decode(head);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Records of delimited text, quotes honoured; an unfinished last record is dropped when the text is cut. */
export function tokenize(text: string, delimiter: string, complete: boolean, max = Infinity): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
      atFieldStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
      if (records.length >= max) return records;
    } else {
      field += c;
      atFieldStart = false;
    }
  }
  if (complete && !quoted && (field !== '' || record.length > 0)) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The delimiter whose records most consistently have the same number (≥ 2) of fields; the preferred one on a tie. */
export function detectDelimiter(text: string, complete: boolean, preferred: string): string {
  let best = { delimiter: preferred, score: -Infinity };
  for (const delimiter of [preferred, ...DELIMITERS.filter((d) => d !== preferred)]) {
    const records = tokenize(text, delimiter, complete, PREVIEW_RECORDS);
    if (records.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const [mode, modeCount] = [...counts].reduce((a, b) =>
      b[1] > a[1] || (b[1] === a[1] && b[0] > a[0]) ? b : a,
    );
    if (mode < 2) continue;
    const score = modeCount / records.length;
    if (score > best.score + 1e-9) best = { delimiter, score };
  }
  return best.delimiter;
}

function previewDelimited(text: string, extension: string, truncated: boolean): FilePreview {
  const preferred = extension === 'tsv' || extension === 'tab' ? '\t' : ',';
  const delimiter = detectDelimiter(text, !truncated, preferred);
  // every record of the slice decides the types; the first ones the header, as the tenant sniffs
  const records = tokenize(text, delimiter, !truncated);
  if (records.length === 0) return { kind: 'none', reason: 'The file has no rows to read.' };
  const header = detectHeader(records.slice(0, PREVIEW_RECORDS));
  const width = header ? records[0]!.length : Math.max(...records.map((r) => r.length));
  const names = uniqueNames(header ? records[0]! : Array.from({ length: width }, () => undefined));
  const rows = header ? records.slice(1) : records;
  const fields = names.map((name, c) => {
    const types = new TypeTally(delimiter === ';' ? 'comma' : 'dot');
    for (const row of rows) {
      const value = row[c]?.trim();
      if (value) types.add(value);
    }
    return { name, type: types.decide() };
  });
  return { kind: 'fields', fields, rows: rows.length, partial: truncated };
}

/** JSON (an array of objects, or one object) or NDJSON: every complete top-level record in the text. */
function previewJson(text: string, truncated: boolean): FilePreview {
  const records = jsonRecords(text);
  if (records.length === 0) {
    return { kind: 'none', reason: 'No complete JSON record in the first 64 KiB of the file.' };
  }
  const tallies = new Map<string, TypeTally>();
  for (const record of records) {
    const flat = new Map<string, unknown>();
    flatten(record, '', flat);
    for (const [name, value] of flat) {
      let tally = tallies.get(name);
      if (!tally) tallies.set(name, (tally = new TypeTally('dot')));
      if (value !== null && value !== '') tally.add(value);
    }
  }
  const fields = [...tallies].map(([name, tally]) => ({ name, type: tally.decide() }));
  return { kind: 'fields', fields, rows: records.length, partial: truncated };
}

/** Top-level values of an array, of NDJSON lines, or the one object: complete ones only, by bracket depth. */
export function jsonRecords(text: string): unknown[] {
  const inArray = text.trimStart().startsWith('[');
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = inArray ? text.indexOf('[') + 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth < 0) break; // the end of the top-level array
      if (depth === 0 && start >= 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return out;
        }
        start = -1;
      }
    }
  }
  return out;
}

/** Nested objects become dotted names (`address.city`) and arrays their JSON text, as the tenant names them. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, prefix ? `${prefix}.${key}` : key, into);
    }
    return;
  }
  into.set(prefix || 'value', Array.isArray(value) ? JSON.stringify(value) : (value ?? null));
}

export function uniqueNames(raw: readonly (string | undefined)[]): string[] {
  const used = new Set<string>();
  return raw.map((r, i) => {
    const base = r?.trim() || `@${i + 1}`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base} (${k})`;
    used.add(name);
    return name;
  });
}

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no']);
const DOT_NUMBER = /^[+-]?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?([eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(\d{1,3}(?:\.\d{3})+|\d+)?(?:,(\d+))?$/;
const DATE = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}|\d{1,2}\.\d{1,2}\.\d{4})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

type Notation = 'dot' | 'comma';

/** A number as written: its decimals (-1: an exponent, never a fixed decimal). */
function numberScale(s: string, notation: Notation): number | undefined {
  const m = (notation === 'dot' ? DOT_NUMBER : COMMA_NUMBER).exec(s);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  if (m[3]) return -1;
  return m[2]?.length ?? 0;
}

/** Counts what a field's values read as and decides its type by the tenant's rules (field-types.ts). */
class TypeTally {
  private values = 0;
  private booleans = 0;
  private dates = 0;
  private timestamps = 0;
  private readonly scales: Record<Notation, { count: number; min: number; max: number }> = {
    dot: { count: 0, min: Infinity, max: -Infinity },
    comma: { count: 0, min: Infinity, max: -Infinity },
  };

  constructor(private readonly preferred: Notation) {}

  add(value: unknown): void {
    this.values++;
    if (typeof value === 'number') {
      for (const n of ['dot', 'comma'] as const) this.addScale(n, Number.isInteger(value) ? 0 : -1);
      return;
    }
    if (typeof value === 'boolean') {
      this.booleans++;
      return;
    }
    const s = String(value).trim();
    if (BOOLEAN_WORDS.has(s.toLowerCase())) {
      this.booleans++;
      return;
    }
    const dot = numberScale(s, 'dot');
    const comma = numberScale(s, 'comma');
    if (dot !== undefined) this.addScale('dot', dot);
    if (comma !== undefined) this.addScale('comma', comma);
    if (dot !== undefined || comma !== undefined) return;
    if (DATE.test(s)) this.dates++;
    else if (TIMESTAMP.test(s)) this.timestamps++;
  }

  private addScale(notation: Notation, scale: number) {
    const e = this.scales[notation];
    e.count++;
    e.min = Math.min(e.min, scale);
    e.max = Math.max(e.max, scale);
  }

  decide(): string {
    const n = this.values;
    if (n === 0) return 'STRING';
    if (this.booleans === n) return 'BOOLEAN';
    const other: Notation = this.preferred === 'dot' ? 'comma' : 'dot';
    const notation = this.scales[other].count > this.scales[this.preferred].count ? other : this.preferred;
    const e = this.scales[notation];
    if (e.count === n) {
      if (e.max === 0 && e.min === 0) return 'INTEGER';
      if (e.min === e.max && e.min > 0) return 'DECIMAL';
      return 'DOUBLE';
    }
    if (this.dates === n) return 'DATE';
    if (this.timestamps > 0 && this.dates + this.timestamps === n) return 'TIMESTAMP';
    return 'STRING';
  }
}

type Kind = 'empty' | 'number' | 'date' | 'bool' | 'text';
function kindOf(raw: string): Kind {
  const s = raw.trim();
  if (s === '') return 'empty';
  if (numberScale(s, 'dot') !== undefined || numberScale(s, 'comma') !== undefined) return 'number';
  if (DATE.test(s) || TIMESTAMP.test(s)) return 'date';
  if (BOOLEAN_WORDS.has(s.toLowerCase())) return 'bool';
  return 'text';
}

/** Whether the first record holds labels: the tenant's vote per column (csv.ts detectHeader). */
export function detectHeader(records: string[][]): boolean {
  const first = records[0];
  if (!first) return false;
  const rest = records.slice(1);
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
