import { badRequest } from './errors';

/**
 * A small SCIM (RFC 7644 §3.4.2.2) filter compiler: `name eq "Ada" and (email co "example" or status pr)`.
 * Attributes are mapped to SQL expressions by the caller, so nothing user-typed reaches SQL except as a parameter.
 */
export type ScimColumns = Record<string, string>;

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'paren'; text: '(' | ')' };

const OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le', 'pr']);

function fail(detail: string): never {
  throw badRequest(`Invalid filter: ${detail}`, { source: { parameter: 'filter' } });
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', text: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i];
        i++;
      }
      if (input[i] !== '"') fail('unterminated string');
      i++;
      tokens.push({ kind: 'string', text });
    } else {
      let text = '';
      while (i < input.length && !/[\s()"]/.test(input[i]!)) text += input[i++];
      tokens.push({ kind: 'word', text });
    }
  }
  return tokens;
}

/** The column of an attribute, by its own name only: `constructor` or `__proto__` are not attributes. */
function columnOf(columns: ScimColumns, attribute: string): string | undefined {
  if (Object.hasOwn(columns, attribute)) return columns[attribute];
  const lower = attribute.toLowerCase();
  return Object.hasOwn(columns, lower) ? columns[lower] : undefined;
}

export function compileScim(filter: string, columns: ScimColumns): { sql: string; params: unknown[] } {
  if (filter.length > 2000) fail('too long');
  const tokens = tokenize(filter);
  let pos = 0;
  const params: unknown[] = [];
  const peekWord = () => {
    const t = tokens[pos];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  };

  function parseOr(): string {
    let left = parseAnd();
    while (peekWord() === 'or') {
      pos++;
      left = `(${left} OR ${parseAnd()})`;
    }
    return left;
  }
  function parseAnd(): string {
    let left = parseUnary();
    while (peekWord() === 'and') {
      pos++;
      left = `(${left} AND ${parseUnary()})`;
    }
    return left;
  }
  function parseUnary(): string {
    if (peekWord() === 'not') {
      pos++;
      return `(NOT ${parseUnary()})`;
    }
    const t = tokens[pos];
    if (t?.kind === 'paren' && t.text === '(') {
      pos++;
      const inner = parseOr();
      const close = tokens[pos];
      if (close?.kind !== 'paren' || close.text !== ')') fail('missing )');
      pos++;
      return inner;
    }
    return parseComparison();
  }
  function parseComparison(): string {
    const attr = tokens[pos++];
    if (attr?.kind !== 'word') fail('expected an attribute');
    const column = columnOf(columns, attr.text);
    if (!column) fail(`unknown attribute '${attr.text}' (allowed: ${Object.keys(columns).join(', ')})`);
    const op = tokens[pos++];
    if (op?.kind !== 'word' || !OPERATORS.has(op.text.toLowerCase())) fail(`expected an operator after '${attr.text}'`);
    const operator = op.text.toLowerCase();
    if (operator === 'pr') return `(${column} IS NOT NULL AND ${column} != '')`;
    const valueToken = tokens[pos++];
    if (!valueToken || valueToken.kind === 'paren') fail(`expected a value after '${operator}'`);
    let value: unknown = valueToken.text;
    if (valueToken.kind === 'word') {
      const w = valueToken.text.toLowerCase();
      if (w === 'true' || w === 'false') value = w === 'true' ? 1 : 0;
      else if (w === 'null') value = null;
      else if (/^-?\d+(\.\d+)?$/.test(w)) value = Number(w);
      else fail(`string values must be quoted: ${valueToken.text}`);
    }
    const escaped = typeof value === 'string' ? value.replace(/[\\%_]/g, (m) => `\\${m}`) : value;
    switch (operator) {
      case 'eq':
        params.push(value);
        return `(${column} = ? COLLATE NOCASE)`;
      case 'ne':
        params.push(value);
        return `(${column} IS NOT ? COLLATE NOCASE)`;
      case 'co':
        params.push(`%${String(escaped)}%`);
        return `(${column} LIKE ? ESCAPE '\\')`;
      case 'sw':
        params.push(`${String(escaped)}%`);
        return `(${column} LIKE ? ESCAPE '\\')`;
      case 'ew':
        params.push(`%${String(escaped)}`);
        return `(${column} LIKE ? ESCAPE '\\')`;
      default: {
        const sqlOp = { gt: '>', lt: '<', ge: '>=', le: '<=' }[operator]!;
        params.push(value);
        return `(${column} ${sqlOp} ?)`;
      }
    }
  }

  if (tokens.length === 0) fail('empty filter');
  const sql = parseOr();
  if (pos !== tokens.length) fail(`unexpected '${tokens[pos]?.text ?? ''}'`);
  return { sql, params };
}
