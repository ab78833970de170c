import { badRequest } from './errors';

/**
 * A small SCIM (RFC 7644 §3.4.2.2) filter compiler: `name eq "Ada" and (email co "example" or status pr)`.
 * Attributes are mapped to SQL by the caller, so nothing user-typed reaches SQL except as a parameter.
 *
 * An attribute is a column, or a column of related rows (`assignedRoles.name`): then `exists` wraps the comparison
 * (`EXISTS (… WHERE <comparison>)`). `operators` narrows what an attribute may be compared with, as APIs document.
 */
export type ScimAttribute =
  string | { column: string; exists?: (comparison: string) => string; operators?: readonly string[] };
export type ScimColumns = Record<string, ScimAttribute>;

export interface ScimOptions {
  /** Checks the whole filter once parsed (e.g. the users API's rule for status clauses); throws to refuse it. */
  validate?: (filter: ScimNode) => void;
}

export type ScimNode =
  | { kind: 'and' | 'or'; left: ScimNode; right: ScimNode }
  | { kind: 'not'; inner: ScimNode }
  | { kind: 'compare'; attribute: string; operator: string; value: unknown };

type Token =
  { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'paren'; text: '(' | ')' };

const OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le', 'pr']);

export function scimFail(detail: string): never {
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
      if (input[i] !== '"') scimFail('unterminated string');
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

/** The attribute's canonical name and spec, by its own name only (`constructor` or `__proto__` are not attributes). */
function attributeOf(columns: ScimColumns, name: string): [string, ScimAttribute] | undefined {
  if (Object.hasOwn(columns, name)) return [name, columns[name]!];
  const lower = name.toLowerCase();
  const key = Object.keys(columns).find((k) => k.toLowerCase() === lower);
  return key ? [key, columns[key]!] : undefined;
}

/** Parses a filter into its tree, checking attributes and operators against `columns`. */
export function parseScim(filter: string, columns: ScimColumns): ScimNode {
  if (filter.length > 2000) scimFail('too long');
  const tokens = tokenize(filter);
  let pos = 0;
  const peekWord = () => {
    const t = tokens[pos];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  };

  function parseOr(): ScimNode {
    let left = parseAnd();
    while (peekWord() === 'or') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): ScimNode {
    let left = parseUnary();
    while (peekWord() === 'and') {
      pos++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): ScimNode {
    if (peekWord() === 'not') {
      pos++;
      return { kind: 'not', inner: parseUnary() };
    }
    const t = tokens[pos];
    if (t?.kind === 'paren' && t.text === '(') {
      pos++;
      const inner = parseOr();
      const close = tokens[pos];
      if (close?.kind !== 'paren' || close.text !== ')') scimFail('missing )');
      pos++;
      return inner;
    }
    return parseComparison();
  }
  function parseComparison(): ScimNode {
    const attr = tokens[pos++];
    if (attr?.kind !== 'word') scimFail('expected an attribute');
    const found = attributeOf(columns, attr.text);
    if (!found) scimFail(`unknown attribute '${attr.text}' (allowed: ${Object.keys(columns).join(', ')})`);
    const [attribute, spec] = found;
    const op = tokens[pos++];
    if (op?.kind !== 'word' || !OPERATORS.has(op.text.toLowerCase()))
      scimFail(`expected an operator after '${attr.text}'`);
    const operator = op.text.toLowerCase();
    const allowed = typeof spec === 'string' ? undefined : spec.operators;
    if (allowed && !allowed.includes(operator)) {
      scimFail(`'${attribute}' supports ${allowed.join(', ')}, not ${operator}`);
    }
    if (operator === 'pr') return { kind: 'compare', attribute, operator, value: undefined };
    const valueToken = tokens[pos++];
    if (!valueToken || valueToken.kind === 'paren') scimFail(`expected a value after '${operator}'`);
    let value: unknown = valueToken.text;
    if (valueToken.kind === 'word') {
      const w = valueToken.text.toLowerCase();
      if (w === 'true' || w === 'false') value = w === 'true' ? 1 : 0;
      else if (w === 'null') value = null;
      else if (/^-?\d+(\.\d+)?$/.test(w)) value = Number(w);
      else scimFail(`string values must be quoted: ${valueToken.text}`);
    }
    return { kind: 'compare', attribute, operator, value };
  }

  if (tokens.length === 0) scimFail('empty filter');
  const tree = parseOr();
  if (pos !== tokens.length) scimFail(`unexpected '${tokens[pos]?.text ?? ''}'`);
  return tree;
}

function comparisonSql(column: string, operator: string, value: unknown, params: unknown[]): string {
  if (operator === 'pr') return `(${column} IS NOT NULL AND ${column} != '')`;
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

export function compileScim(
  filter: string,
  columns: ScimColumns,
  options: ScimOptions = {},
): { sql: string; params: unknown[] } {
  const tree = parseScim(filter, columns);
  options.validate?.(tree);
  const params: unknown[] = [];
  const walk = (node: ScimNode): string => {
    if (node.kind === 'not') return `(NOT ${walk(node.inner)})`;
    if (node.kind !== 'compare') return `(${walk(node.left)} ${node.kind.toUpperCase()} ${walk(node.right)})`;
    const spec = columns[node.attribute]!;
    if (typeof spec === 'string') return comparisonSql(spec, node.operator, node.value, params);
    const comparison = comparisonSql(spec.column, node.operator, node.value, params);
    return spec.exists ? spec.exists(comparison) : comparison;
  };
  return { sql: walk(tree), params };
}

/** The conjuncts of a filter's top level: `a and (b or c) and d` → a, (b or c), d. */
export function conjunctsOf(node: ScimNode): ScimNode[] {
  return node.kind === 'and' ? [...conjunctsOf(node.left), ...conjunctsOf(node.right)] : [node];
}

/** Every attribute a (sub)filter compares. */
export function attributesIn(node: ScimNode): string[] {
  if (node.kind === 'compare') return [node.attribute];
  if (node.kind === 'not') return attributesIn(node.inner);
  return [...attributesIn(node.left), ...attributesIn(node.right)];
}
