/**
 * What a Qlik load script reads and writes, as Qlik writes the references: `LIB CONNECT TO 'Space:Connection'`,
 * `FROM [lib://Space:Connection/path]` and `STORE t INTO [lib://Space:Connection/path]`. A reference without a
 * space (`lib://DataFiles/x.csv`, `LIB CONNECT TO 'Warehouse'`) means the app's own space (or its owner's
 * personal space). Only the text is read here; which connection or file it names is the tenant's business.
 */
export type ReferenceRelation = 'CONNECT' | 'LOAD' | 'STORE';

export interface ScriptReference {
  relation: ReferenceRelation;
  /** The space named before the colon; null = the app's own space. */
  spaceName: string | null;
  connectionName: string;
  /** The path inside the connection (no leading slash); null for LIB CONNECT. */
  path: string | null;
  /** The reference as the script wrote it (`lib://…` or the LIB CONNECT name), for display. */
  text: string;
}

/** Drops comments (`//…`, `/* … *\/`, `REM …;`) but keeps `lib://`, whose slashes follow a colon. */
function withoutComments(script: string): string {
  return script
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:])\/\/[^\n]*/g, '$1')
    .replace(/(^|;|\n)\s*REM\b[^;]*;/gi, '$1');
}

/** A quoted or bracketed literal: `[…]`, `'…'`, `"…"`, or a bare token up to whitespace, `;` or `(`. */
const LITERAL = String.raw`(?:\[([^\]]*)\]|'([^']*)'|"([^"]*)"|([^\s;(]+))`;
const literalOf = (m: RegExpExecArray, from: number) => (m[from] ?? m[from + 1] ?? m[from + 2] ?? m[from + 3] ?? '').trim();

/** `Space:Connection` → its parts; a colon inside the connection name is not Qlik's (names cannot hold one). */
function splitQualified(name: string): { spaceName: string | null; connectionName: string } {
  const colon = name.indexOf(':');
  return colon > 0
    ? { spaceName: name.slice(0, colon).trim(), connectionName: name.slice(colon + 1).trim() }
    : { spaceName: null, connectionName: name.trim() };
}

/** `lib://Space:Conn/a/b.csv` → space, connection and path; undefined when it is not a lib:// URL. */
export function parseLibUrl(url: string): Omit<ScriptReference, 'relation' | 'text'> | undefined {
  const match = /^lib:\/\/([^/]+)(?:\/(.*))?$/i.exec(url.trim());
  if (!match) return undefined;
  const { spaceName, connectionName } = splitQualified(match[1]!);
  if (!connectionName) return undefined;
  return { spaceName, connectionName, path: (match[2] ?? '').replace(/^\/+/, '') };
}

/** Every connection, file read and file written in a script, in script order, each once per relation. */
export function scriptReferences(script: string): ScriptReference[] {
  const text = withoutComments(script);
  const found: { at: number; ref: ScriptReference }[] = [];
  const connect = new RegExp(String.raw`\bLIB\s+CONNECT\s+TO\s+${LITERAL}`, 'gi');
  for (let m = connect.exec(text); m; m = connect.exec(text)) {
    const name = literalOf(m, 1);
    if (!name) continue;
    found.push({ at: m.index, ref: { relation: 'CONNECT', ...splitQualified(name), path: null, text: name } });
  }
  const files = new RegExp(String.raw`\b(FROM|INTO)\s+${LITERAL}`, 'gi');
  for (let m = files.exec(text); m; m = files.exec(text)) {
    const url = literalOf(m, 2);
    const parsed = parseLibUrl(url);
    if (!parsed) continue;
    const relation = m[1]!.toUpperCase() === 'INTO' ? 'STORE' : 'LOAD';
    found.push({ at: m.index, ref: { relation, ...parsed, text: url } });
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.ref)
    .filter((ref) => {
      const key = [ref.relation, ref.spaceName?.toLowerCase(), ref.connectionName.toLowerCase(), ref.path?.toLowerCase()].join('\u0000');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** One table a script loads from a lib:// file or stores into one, as far as the script's text tells. */
export interface ScriptTable {
  relation: 'LOAD' | 'STORE';
  /** The lib:// URL as `scriptReferences` reports it (its `text`). */
  url: string;
  /** The table's label: `Label:` before LOAD (else the file name without extension), or STORE's table. */
  table: string;
  /** The fields a LOAD names (after AS where renamed); `*` = every field of the source. */
  fields: string[] | '*';
}

const unquote = (name: string) => name.trim().replace(/^\[(.*)\]$|^"(.*)"$|^'(.*)'$/s, '$1$2$3').trim();

/** `a, b AS c, [d e]` → `['a', 'c', 'd e']`; `*` → `*`. Expressions without AS keep their text. */
function loadedFields(list: string): string[] | '*' {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  const names = parts.map((part) => {
    const as = /\bAS\s+(\[[^\]]+\]|"[^"]+"|\S+)\s*$/i.exec(part);
    return unquote(as ? as[1]! : part);
  });
  return names.some((name) => name === '*') ? '*' : names.filter(Boolean);
}

const withoutExtension = (url: string) => {
  const base = url.slice(url.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
};

/** The tables a script loads from and stores into lib:// files, in script order. */
export function scriptTables(script: string): ScriptTable[] {
  const text = withoutComments(script);
  const out: ScriptTable[] = [];
  const files = new RegExp(String.raw`\b(FROM|INTO)\s+${LITERAL}`, 'gi');
  for (let m = files.exec(text); m; m = files.exec(text)) {
    const url = literalOf(m, 2);
    if (!parseLibUrl(url)) continue;
    const statement = text.slice(text.lastIndexOf(';', m.index) + 1, m.index);
    if (m[1]!.toUpperCase() === 'INTO') {
      const stored = /\bSTORE\s+(\[[^\]]+\]|"[^"]+"|[^\s;]+)\s*$/i.exec(statement);
      if (stored) out.push({ relation: 'STORE', url, table: unquote(stored[1]!), fields: '*' });
      continue;
    }
    const label = /^\s*(\[[^\]]+\]|"[^"]+"|[^\s:[\]"';]+)\s*:(?!\/)/.exec(statement);
    const load = /\bLOAD\b([\s\S]*)$/i.exec(statement);
    out.push({
      relation: 'LOAD',
      url,
      table: label ? unquote(label[1]!) : withoutExtension(url),
      fields: load ? loadedFields(load[1]!.replace(/^\s*DISTINCT\b/i, '')) : '*',
    });
  }
  return out;
}
