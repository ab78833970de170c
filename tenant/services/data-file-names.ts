import type { ErrorCode } from '@qlik/api/data-files';
import { ApiError, conflict } from '../http/errors';
import { baseNameOf } from '../store/data-files';

/** An error in the data-files API's form (DF-xxx codes). */
type Code = Extract<ErrorCode, `DF-${string}`>;
export const dfError = (status: number, code: Code, detail: string, parameter?: string) =>
  new ApiError(status, detail, { code, ...(parameter ? { source: { parameter } } : {}) });

export const nameTaken = (name: string) =>
  conflict(`An item named ${name} already exists in this space.`, { source: { pointer: '/name' } });

export const MAX_FOLDER_DEPTH = 16;

/**
 * Qlik's documented list (qlik.dev tutorial) plus formats Qlik Cloud loads today that the console's catalog
 * profiles: json, ndjson, parquet, tsv. `GET /data-files/quotas` publishes it.
 */
export const ALLOWED_EXTENSIONS: readonly string[] = [
  'csv',
  'dat',
  'fix',
  'htm',
  'html',
  'json',
  'kml',
  'log',
  'ndjson',
  'parquet',
  'php',
  'prn',
  'qvd',
  'qvo',
  'qvs',
  'qvx',
  'skv',
  'tab',
  'tsv',
  'txt',
  'xls',
  'xlsm',
  'xlsx',
  'xlw',
  'xml',
];
/** System files: accepted, hidden from lists unless `allowInternalFiles=true`. */
export const INTERNAL_EXTENSIONS: readonly string[] = ['dxf', 'gml', 'qrep'];

const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u001f\u007f\\<>:"|?*]/;

/** A name (or relative path) in canonical form, else DF-015; too many levels, DF-026. */
export function canonicalName(raw: unknown, code: 'DF-015' | 'DF-004' = 'DF-015', pointer = '/name'): string {
  const fail = (why: string) =>
    new ApiError(400, `The name is not in canonical form: ${why}.`, { code, source: { pointer } });
  if (typeof raw !== 'string' || raw.length === 0) throw fail('it is empty');
  if (raw.length > 1024) throw fail('it is longer than 1024 characters');
  if (BAD_CHARS.test(raw)) throw fail('it contains a control character or one of \\ < > : " | ? *');
  if (raw.startsWith('/') || raw.endsWith('/')) throw fail('it starts or ends with /');
  const segments = raw.split('/');
  for (const segment of segments) {
    if (!segment) throw fail('it has an empty path segment (//)');
    if (segment === '.' || segment === '..') throw fail('it contains a . or .. segment');
    if (segment.trim() !== segment) throw fail('a segment starts or ends with a space');
    if (RESERVED.test(segment)) throw fail(`${segment} is a reserved name`);
    if (segment.length > 255) throw fail('a segment is longer than 255 characters');
  }
  return raw;
}

export const depthOf = (name: string) => name.split('/').length;

export function checkDepth(name: string): void {
  if (depthOf(name) > MAX_FOLDER_DEPTH) {
    throw dfError(400, 'DF-026', `Folders nest at most ${MAX_FOLDER_DEPTH} levels deep.`);
  }
}

/** The extension of a file name, checked against the allow-lists; returns whether it is an internal file. */
export function checkExtension(name: string): boolean {
  const base = baseNameOf(name);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (!ext) throw dfError(400, 'DF-011', `${base} has no file extension.`);
  if (INTERNAL_EXTENSIONS.includes(ext)) return true;
  if (!ALLOWED_EXTENSIONS.includes(ext)) {
    throw dfError(400, 'DF-010', `.${ext} files are not allowed. Allowed: ${ALLOWED_EXTENSIONS.join(', ')}.`);
  }
  return false;
}
