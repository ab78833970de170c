import type { JsonPatch } from '@qlik/api/data-sets';

/**
 * RFC 6902 JSON Patch on a JSON document (RFC 6901 pointers), all operations: add, remove, replace, move, copy
 * and test. The patch is applied to a copy, operation by operation; the first failure stops it and the document
 * is left as it was. A malformed operation or a path that does not resolve is `invalid`; a `test` whose value
 * differs (or whose location does not exist) is `failed-test`, which an API answers with 409.
 */

export class JsonPatchError extends Error {
  constructor(
    readonly kind: 'invalid' | 'failed-test',
    /** Position of the operation in the patch. */
    readonly index: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'JsonPatchError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/** The reference tokens of a pointer; undefined when it is not one (`''` is the whole document). */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/') || /~[^01]|~$/.test(pointer)) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** The value at `tokens`, reading own properties only (`constructor` is nothing on a plain object). */
export function valueAt(document: unknown, tokens: readonly string[]): { found: boolean; value?: unknown } {
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(token) || Number(token) >= current.length) return { found: false };
      current = current[Number(token)];
    } else if (isContainer(current)) {
      if (!Object.hasOwn(current, token)) return { found: false };
      current = (current as Record<string, unknown>)[token];
    } else return { found: false };
  }
  return { found: true, value: current };
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (!isContainer(a) || !isContainer(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(
      (k) =>
        Object.hasOwn(b, k) &&
        jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/** A value as JSON, cut to a readable length for an error message. */
const preview = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Sets an own data property, so that `__proto__` is a key like any other and never the prototype. */
function setOwn(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

export function applyJsonPatch<T>(document: T, ops: readonly JsonPatch[]): T {
  let root = clone(document) as unknown as Json;

  ops.forEach((op, index) => {
    const fail = (detail: string): never => {
      throw new JsonPatchError('invalid', index, detail);
    };
    const pointer = (raw: unknown, name: 'path' | 'from'): string[] => {
      if (typeof raw !== 'string') return fail(`'${name}' must be a JSON pointer.`);
      return (
        parsePointer(raw) ?? fail(`'${raw}' is not a JSON pointer (it starts with / and escapes ~ as ~0).`)
      );
    };
    const hasValue = Object.hasOwn(op, 'value');
    const value = op.value as Json;

    /** The container holding the last token, and that token. */
    const parentOf = (tokens: string[], raw: string): { parent: Container; key: string } => {
      const found = valueAt(root, tokens.slice(0, -1));
      if (!found.found || !isContainer(found.value)) return fail(`Nothing at '${raw}' to change.`);
      return { parent: found.value as Container, key: tokens[tokens.length - 1]! };
    };

    const add = (tokens: string[], raw: string, v: Json) => {
      if (tokens.length === 0) {
        root = v;
        return;
      }
      const { parent, key } = parentOf(tokens, raw);
      if (Array.isArray(parent)) {
        if (key === '-') parent.push(v);
        else if (ARRAY_INDEX.test(key) && Number(key) <= parent.length) parent.splice(Number(key), 0, v);
        else fail(`'${key}' is not a position in the array at '${raw}'.`);
      } else setOwn(parent, key, v);
    };

    const remove = (tokens: string[], raw: string): Json => {
      if (tokens.length === 0) return fail('The whole document cannot be removed.');
      const { parent, key } = parentOf(tokens, raw);
      const found = valueAt(parent, [key]);
      if (!found.found) return fail(`Nothing at '${raw}' to remove.`);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return found.value as Json;
    };

    const path = pointer(op.path, 'path');
    switch (op.op) {
      case 'add':
        if (!hasValue) fail(`'add' needs a value.`);
        add(path, op.path, clone(value));
        break;
      case 'remove':
        remove(path, op.path);
        break;
      case 'replace': {
        if (!hasValue) fail(`'replace' needs a value.`);
        if (!valueAt(root, path).found) fail(`Nothing at '${op.path}' to replace.`);
        if (path.length === 0) root = clone(value);
        else {
          const { parent, key } = parentOf(path, op.path);
          if (Array.isArray(parent)) parent[Number(key)] = clone(value);
          else setOwn(parent, key, clone(value));
        }
        break;
      }
      case 'move': {
        const from = pointer(op.from, 'from');
        if (path.length > from.length && from.every((t, i) => t === path[i])) {
          fail(`'${op.from}' cannot be moved into itself.`);
        }
        add(path, op.path, remove(from, op.from!));
        break;
      }
      case 'copy': {
        const from = pointer(op.from, 'from');
        const found = valueAt(root, from);
        if (!found.found) fail(`Nothing at '${op.from}' to copy.`);
        add(path, op.path, clone(found.value as Json));
        break;
      }
      case 'test': {
        if (!hasValue) fail(`'test' needs a value.`);
        const found = valueAt(root, path);
        if (!found.found)
          throw new JsonPatchError('failed-test', index, `Test failed: nothing at '${op.path}'.`);
        if (!jsonEqual(found.value, value)) {
          throw new JsonPatchError(
            'failed-test',
            index,
            `Test failed: '${op.path}' is ${preview(found.value)}, not ${preview(value)}.`,
          );
        }
        break;
      }
      default:
        fail(
          `Operation '${String((op as { op: unknown }).op)}' is not one of add, remove, replace, move, copy, test.`,
        );
    }
  });
  return root as unknown as T;
}
