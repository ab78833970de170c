import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { FileDataFormat } from '@qlik/api/qix';
import type { Cell } from './field-types';
import {
  FieldAccumulator,
  READ_CHUNK,
  type ReadOptions,
  type TableResult,
  cellText,
  finishTable,
  limitsFor,
} from './profile';
import { DistinctBudget } from './value-counts';

const MAX_RECORD_CHARS = 32 * 1024 * 1024;
/** Past this many distinct (flattened) field names, new names are dropped and the schema gets an anomaly. */
export const MAX_JSON_FIELDS = 1000;

/**
 * Splits a JSON text into record texts without parsing the whole document: the elements of a top-level array,
 * or each top-level value (NDJSON, concatenated JSON, a single object). Only one record is held at a time, each
 * then goes to JSON.parse. Tracks strings and escapes so brackets and commas inside strings do not count.
 */
export class JsonRecordScanner {
  private depth = 0;
  /** Depth at which records live: 1 inside a top-level array, 0 for a sequence of top-level values. */
  private base = 0;
  private inString = false;
  private escaped = false;
  private buffer = '';
  private inRecord = false;
  topLevelArrays = 0;
  topLevelValues = 0;

  push(chunk: string, out: string[]): void {
    let start = this.inRecord ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) {
          this.inString = false;
          if (this.depth === this.base && this.inRecord) {
            this.flush(chunk, start, i + 1, out);
            start = -1;
          }
        }
        continue;
      }
      const ws = c === 32 || c === 10 || c === 13 || c === 9;
      if (this.depth === this.base) {
        // between records, or inside a scalar record
        if (this.inRecord) {
          // a scalar record (number, true, null…) runs to the next separator
          if (!(ws || c === 44 || c === 93 || c === 91 || c === 123 || c === 34)) continue;
          this.flush(chunk, start, i, out);
          start = -1;
        }
        if (ws || c === 44) continue;
        if (c === 93 && this.base === 1) {
          this.depth = 0;
          this.base = 0;
          continue;
        }
        if (c === 91 && this.base === 0 && this.depth === 0) {
          this.topLevelArrays++;
          this.depth = 1;
          this.base = 1;
          continue;
        }
        if (this.base === 0) this.topLevelValues++;
        this.inRecord = true;
        start = i;
        if (c === 123 || c === 91) this.depth++;
        else if (c === 34) this.inString = true;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === this.base && this.inRecord) {
          this.flush(chunk, start, i + 1, out);
          start = -1;
        }
      }
    }
    if (this.inRecord && start !== -1) {
      this.buffer += chunk.slice(start);
      if (this.buffer.length > MAX_RECORD_CHARS) throw new Error('A JSON record is larger than 32 MiB');
    }
  }

  end(out: string[]): void {
    if (this.inRecord) {
      out.push(this.buffer);
      this.buffer = '';
      this.inRecord = false;
    }
  }

  private flush(chunk: string, start: number, endIndex: number, out: string[]): void {
    out.push(this.buffer + chunk.slice(Math.max(0, start), endIndex));
    this.buffer = '';
    this.inRecord = false;
  }
}

/** Nested objects become dotted names (`address.city`); arrays are kept as their JSON text. */
export function flatten(value: unknown, prefix: string, into: Map<string, Cell>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, prefix ? `${prefix}.${key}` : key, into);
    }
    return;
  }
  const name = prefix || 'value';
  if (value === null || value === undefined) into.set(name, null);
  else if (Array.isArray(value)) into.set(name, JSON.stringify(value));
  else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    into.set(name, value);
  else into.set(name, String(value));
}

export async function readJson(
  filePath: string,
  tableName: string,
  options: ReadOptions,
  sizeInBytes: number,
): Promise<{ result: TableResult; ndjson: boolean }> {
  const fields = new Map<string, FieldAccumulator>();
  // fields appear as records name them: each gets the limits for the width so far, and all share one budget
  const budget = new DistinctBudget();
  const sampleRows: Map<string, string>[] = [];
  let rowCount = 0;
  let profiledRows = 0;
  let invalid = 0;
  let tooMany = false;
  const scanner = new JsonRecordScanner();
  const texts: string[] = [];
  const row = new Map<string, Cell>();

  const take = (text: string): void => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      invalid++;
      return;
    }
    row.clear();
    flatten(value, '', row);
    rowCount++;
    if (sampleRows.length < options.sampleRows) {
      sampleRows.push(new Map([...row].map(([k, v]) => [k, cellText(v) ?? ''])));
    }
    if (profiledRows >= options.maxProfileRows) return;
    for (const [name, cell] of row) {
      let acc = fields.get(name);
      if (!acc) {
        if (fields.size >= MAX_JSON_FIELDS) {
          tooMany = true;
          continue;
        }
        acc = new FieldAccumulator(name, fields.size, {
          limits: limitsFor(Math.max(20, fields.size + 1)),
          budget,
        });
        acc.addNulls(profiledRows);
        fields.set(name, acc);
      }
      acc.add(cell);
    }
    profiledRows++;
    for (const acc of fields.values()) if (!row.has(acc.name)) acc.addNulls(1);
  };

  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of createReadStream(filePath, {
    highWaterMark: READ_CHUNK,
  }) as AsyncIterable<Buffer>) {
    let text = decoder.write(chunk);
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    scanner.push(text, texts);
    for (const t of texts) take(t);
    texts.length = 0;
    await options.between();
  }
  scanner.push(decoder.end(), texts);
  scanner.end(texts);
  for (const t of texts) take(t);

  const accumulators = [...fields.values()];
  const ndjson = scanner.topLevelArrays === 0 && scanner.topLevelValues > 1;
  const anomalies: string[] = [];
  if (invalid > 0) anomalies.push('$warning-invalid-records');
  if (tooMany) anomalies.push('$warning-too-many-fields');
  const qDataFormat: FileDataFormat = { qType: 'JSON' };
  const result = finishTable(
    {
      name: tableName,
      fields: accumulators,
      sampleRows: sampleRows.map((r) => accumulators.map((a) => r.get(a.name) ?? '')),
      rowCount,
      profiledRows,
    },
    { loadOptions: { qDataFormat }, sizeInBytes, anomalies },
  );
  return { result, ndjson };
}
