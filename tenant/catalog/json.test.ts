// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from './field-types';
import { JsonRecordScanner, flatten } from './json';

function scan(text: string, cuts: number[]): string[] {
  const s = new JsonRecordScanner();
  const out: string[] = [];
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = cuts[i % cuts.length] ?? 1;
    s.push(text.slice(at, at + size), out);
    at += size;
  }
  s.end(out);
  return out;
}

const record = fc.dictionary(
  fc.string({ maxLength: 6 }),
  fc.oneof(
    fc.string({
      unit: fc.constantFrom('a', '"', '\\', '{', '}', '[', ']', ',', ' ', '\n', 'é'),
      maxLength: 8,
    }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  ),
  { maxKeys: 5 },
);

describe('JSON record scanner', () => {
  it('splits a top-level array into its elements, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        fc.boolean(),
        (records, cuts, pretty) => {
          const text = JSON.stringify(records, null, pretty ? 2 : undefined);
          // compared with the JSON round trip of the records: JSON itself turns -0 into 0
          expect(scan(text, cuts).map((t) => JSON.parse(t) as unknown)).toEqual(
            JSON.parse(JSON.stringify(records)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits NDJSON and concatenated values', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        (records, cuts) => {
          const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
          // compared with the JSON round trip of the records: JSON itself turns -0 into 0
          expect(scan(text, cuts).map((t) => JSON.parse(t) as unknown)).toEqual(
            JSON.parse(JSON.stringify(records)),
          );
        },
      ),
      { numRuns: 200 },
    );
    expect(scan('[1, "a", true, null, {"x":[1,2]}]', [3])).toEqual([
      '1',
      '"a"',
      'true',
      'null',
      '{"x":[1,2]}',
    ]);
  });

  it('flattens nested objects with dotted names and keeps arrays as JSON', () => {
    const row = new Map<string, Cell>();
    flatten({ a: 1, b: { c: 'x', d: { e: null } }, f: [1, { g: 2 }], h: {} }, '', row);
    expect([...row]).toEqual([
      ['a', 1],
      ['b.c', 'x'],
      ['b.d.e', null],
      ['f', '[1,{"g":2}]'],
    ]);
  });
});
