// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DelimitedTokenizer, detectEncoding, detectHeader } from './csv';
import { isBooleanWord } from './field-types';
import { inferDataSet } from './infer';

const dir = mkdtempSync(join(tmpdir(), 'catalog-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALPHABET = ['a', 'b', 'Z', '1', '0', ' ', ',', ';', '\t', '|', '"', '\n', '\r\n', 'é', '.', '-'];
const piece = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 12 });

function encodeField(value: string, quoteAll: boolean): string {
  const needs = /[,;\t|"\r\n]/.test(value) || value !== value.trim();
  return quoteAll || needs ? `"${value.replace(/"/g, '""')}"` : value;
}

describe('CSV round trip (property)', () => {
  it('random tables with random delimiters and quoting keep their field names and row count', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          piece.map((s) => `F${s}`).filter((s) => s === s.trim() && !isBooleanWord(s)),
          { minLength: 1, maxLength: 6, selector: (s) => s },
        ),
        fc.array(fc.array(piece, { minLength: 6, maxLength: 6 }), { maxLength: 25 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (labels, rows, delimiter, quoteAll, newline, trailingNewline) => {
          // an integer key column first: real files have one, and it makes the header unambiguous
          const names = ['id', ...labels];
          const lines = [names.map((n) => encodeField(n, quoteAll)).join(delimiter)];
          rows.forEach((row, i) => {
            const cells = [String(i + 1), ...labels.map((_, c) => `v${row[c] ?? ''}`)];
            lines.push(cells.map((v) => encodeField(v, quoteAll)).join(delimiter));
          });
          const path = join(dir, `prop-${run++}.csv`);
          writeFileSync(path, lines.join(newline) + (trailingNewline ? newline : ''));
          const r = await inferDataSet(path, 'prop.csv');
          expect(r?.schema.dataFields.map((f) => f.name)).toEqual(names);
          expect(r?.rowCount).toBe(rows.length);
          expect(r?.schema.loadOptions?.qDataFormat).toMatchObject({
            qDelimiter: { qNumber: delimiter.charCodeAt(0) },
          });
          const sample = r?.profile.samples?.[0]?.records ?? [];
          rows.slice(0, 3).forEach((row, i) => {
            expect(sample[i]?.values?.slice(1)).toEqual(labels.map((_, c) => `v${row[c] ?? ''}`));
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('tokenizer', () => {
  it('gives the same records whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(piece, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        (rows, cuts) => {
          const text = rows.map((r) => r.map((v) => encodeField(v, false)).join(',')).join('\r\n');
          const whole: string[][] = [];
          const a = new DelimitedTokenizer(44, 34);
          a.push(text, whole);
          a.end(whole);
          const pieces: string[][] = [];
          const b = new DelimitedTokenizer(44, 34);
          let at = 0;
          for (let i = 0; at < text.length; i++) {
            const size = cuts[i % cuts.length] ?? 1;
            b.push(text.slice(at, at + size), pieces);
            at += size;
          }
          b.end(pieces);
          expect(pieces).toEqual(whole);
          const expectedRows = rows.filter((r) => !(r.length === 1 && r[0] === ''));
          expect(whole).toEqual(expectedRows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('treats a quote inside an unquoted field as data', () => {
    const out: string[][] = [];
    const t = new DelimitedTokenizer(44, 34);
    t.push('size,name\n5",disk "A"\n', out);
    t.end(out);
    expect(out).toEqual([
      ['size', 'name'],
      ['5"', 'disk "A"'],
    ]);
  });
});

describe('sniffing', () => {
  it('detects encodings', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), false)).toEqual({
      encoding: 'utf8',
      bomLength: 3,
    });
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61]), false).encoding).toBe('utf16be');
    expect(detectEncoding(Buffer.from('a,b\nc,d\n', 'utf16le'), false).encoding).toBe('utf16le');
    expect(detectEncoding(Buffer.from('Zürich', 'utf8'), false).encoding).toBe('utf8');
    expect(detectEncoding(Buffer.from('Zürich', 'latin1'), false).encoding).toBe('latin1');
    // a multi-byte sequence cut by the end of the sample is not taken for Latin-1
    expect(detectEncoding(Buffer.from('abcé', 'utf8').subarray(0, 4), true).encoding).toBe('utf8');
  });

  it('decides header rows', () => {
    expect(
      detectHeader([
        ['id', 'name'],
        ['1', 'a'],
        ['2', 'b'],
      ]),
    ).toBe(true);
    expect(
      detectHeader([
        ['1', 'a'],
        ['2', 'b'],
      ]),
    ).toBe(false);
    expect(
      detectHeader([
        ['when', 'ok'],
        ['2024-01-01', 'true'],
      ]),
    ).toBe(true);
    expect(
      detectHeader([
        ['x', 'y'],
        ['x', 'q'],
        ['z', 'y'],
      ]),
    ).toBe(false);
    expect(
      detectHeader([
        ['name', 'city'],
        ['Ada', 'Oslo'],
      ]),
    ).toBe(true);
  });
});

describe('delimiter detection (regressions)', () => {
  it('a header-only file whose quoted names hold tabs and quotes is split on its commas', async () => {
    // Found by the round-trip property: counting fields with quotes preferred the tab split here.
    const path = join(dir, 'header-with-tabs.csv');
    writeFileSync(path, 'id,"F""","F""a","F""\ta"');
    const r = await inferDataSet(path, 'header-with-tabs.csv');
    expect(r?.schema.dataFields.map((f) => f.name)).toEqual(['id', 'F"', 'F"a', 'F"\ta']);
    expect(r?.schema.loadOptions?.qDataFormat).toMatchObject({ qDelimiter: { qNumber: 44 } });
  });
});
