// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonPatch } from '@qlik/api/data-sets';
import { JsonPatchError, applyJsonPatch, parsePointer } from './json-patch';

const failure = (document: unknown, ops: JsonPatch[]) => {
  try {
    applyJsonPatch(document, ops);
  } catch (error) {
    if (error instanceof JsonPatchError)
      return { kind: error.kind, index: error.index, detail: error.message };
    throw error;
  }
  return undefined;
};

describe('JSON Patch (RFC 6902, the examples of its appendix A)', () => {
  it.each<[string, unknown, JsonPatch[], unknown]>([
    [
      'A.1 add an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.2 add an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'A.3 remove an object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'A.4 remove an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test a value',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.14 ~ escape ordering',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: 10 }],
      { '/': 9, '~1': 10 },
    ],
    [
      'A.16 add an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    [
      'copy, then change the copy only',
      { a: { b: [1] } },
      [
        { op: 'copy', from: '/a', path: '/c' },
        { op: 'add', path: '/c/b/-', value: 2 },
      ],
      { a: { b: [1] }, c: { b: [1, 2] } },
    ],
    ['replace the whole document', { a: 1 }, [{ op: 'replace', path: '', value: [1] }], [1]],
  ])('%s', (_, document, ops, expected) => {
    const before = JSON.stringify(document);
    expect(applyJsonPatch(document, ops)).toEqual(expected);
    expect(JSON.stringify(document)).toBe(before);
  });

  it.each<[string, unknown, JsonPatch[], { kind: string; index: number; detail: RegExp }]>([
    [
      'A.9 a test that fails',
      { baz: 'qux' },
      [{ op: 'test', path: '/baz', value: 'bar' }],
      { kind: 'failed-test', index: 0, detail: /'\/baz' is "qux", not "bar"/ },
    ],
    [
      'A.12 add to a nonexistent target',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz/bat', value: 'qux' }],
      { kind: 'invalid', index: 0, detail: /Nothing at '\/baz\/bat'/ },
    ],
    [
      'A.15 comparing strings and numbers',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: '10' }],
      { kind: 'failed-test', index: 0, detail: /is 10, not "10"/ },
    ],
    [
      'a test of a missing location',
      { a: 1 },
      [{ op: 'test', path: '/b', value: 1 }],
      { kind: 'failed-test', index: 0, detail: /nothing at '\/b'/ },
    ],
    [
      'replace of a missing member',
      { a: 1 },
      [{ op: 'replace', path: '/b', value: 1 }],
      { kind: 'invalid', index: 0, detail: /to replace/ },
    ],
    [
      'remove past the end of an array',
      { a: [1] },
      [
        { op: 'add', path: '/a/-', value: 2 },
        { op: 'remove', path: '/a/2' },
      ],
      { kind: 'invalid', index: 1, detail: /to remove/ },
    ],
    [
      'an array index with a leading zero',
      { a: [1, 2] },
      [{ op: 'replace', path: '/a/01', value: 3 }],
      { kind: 'invalid', index: 0, detail: /to replace/ },
    ],
    [
      'add past the end of an array',
      { a: [1] },
      [{ op: 'add', path: '/a/2', value: 3 }],
      { kind: 'invalid', index: 0, detail: /not a position/ },
    ],
    [
      'move into its own child',
      { a: { b: {} } },
      [{ op: 'move', from: '/a', path: '/a/b/c' }],
      { kind: 'invalid', index: 0, detail: /into itself/ },
    ],
    [
      'add without a value',
      { a: 1 },
      [{ op: 'add', path: '/b' } as JsonPatch],
      { kind: 'invalid', index: 0, detail: /needs a value/ },
    ],
    [
      'a path that is no pointer',
      { a: 1 },
      [{ op: 'add', path: 'a', value: 1 }],
      { kind: 'invalid', index: 0, detail: /not a JSON pointer/ },
    ],
    [
      'an unknown operation',
      { a: 1 },
      [{ op: 'explode', path: '/a' } as unknown as JsonPatch],
      { kind: 'invalid', index: 0, detail: /not one of/ },
    ],
    [
      'an inherited name is nothing',
      {},
      [{ op: 'test', path: '/constructor', value: {} }],
      { kind: 'failed-test', index: 0, detail: /nothing at/ },
    ],
  ])('refuses: %s', (_, document, ops, expected) => {
    const refused = failure(document, ops);
    expect(refused).toMatchObject({ kind: expected.kind, index: expected.index });
    expect(refused?.detail).toMatch(expected.detail);
  });

  it('keeps __proto__ a member like any other: no object gains a prototype', () => {
    const out = applyJsonPatch<Record<string, unknown>>({}, [
      { op: 'add', path: '/__proto__', value: { polluted: true } },
    ]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses pointers with escapes, and refuses a bad escape', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a~1b/m~0n/')).toEqual(['a/b', 'm~n', '']);
    expect(parsePointer('/a~2')).toBeUndefined();
    expect(parsePointer('/a~')).toBeUndefined();
  });

  it('an add then a remove of the same member gives the document back (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })),
        fc.string({ maxLength: 5 }),
        fc.jsonValue({ maxDepth: 2 }),
        (document, key, value) => {
          fc.pre(!Object.hasOwn(document, key));
          const path = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          const round = applyJsonPatch(document, [
            { op: 'add', path, value },
            { op: 'test', path, value },
            { op: 'remove', path },
          ]);
          // a JSON document cannot hold -0 (JSON turns it into 0), so compare with the round trip
          expect(round).toEqual(JSON.parse(JSON.stringify(document)));
        },
      ),
    );
  });
});
