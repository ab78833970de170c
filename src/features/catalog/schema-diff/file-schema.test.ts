import { describe, expect, it } from 'vitest';
import { PREVIEW_BYTES, jsonRecords, previewBytes, previewFileSchema } from './file-schema';

const bytes = (text: string) => new TextEncoder().encode(text);
const fieldsOf = (text: string, extension = 'csv', truncated = false) => {
  const preview = previewBytes(bytes(text), extension, truncated);
  if (preview.kind !== 'fields') throw new Error(preview.reason);
  return preview;
};

describe('previewing a file schema from its first bytes', () => {
  it('reads a CSV header and the types of its columns', () => {
    const preview = fieldsOf(
      'id,email,amount,price,when,at,paid,ratio\n' +
        '1,a@example.com,1.50,3,2026-01-02,2026-01-02T10:00:00Z,true,1e3\n' +
        '2,b@example.com,2.25,4.5,2026-02-03,2026-01-03,no,0.5\n',
    );
    expect(preview.fields).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'email', type: 'STRING' },
      { name: 'amount', type: 'DECIMAL' },
      { name: 'price', type: 'DOUBLE' },
      { name: 'when', type: 'DATE' },
      { name: 'at', type: 'TIMESTAMP' },
      { name: 'paid', type: 'BOOLEAN' },
      { name: 'ratio', type: 'DOUBLE' },
    ]);
    expect(preview).toMatchObject({ rows: 2, partial: false });
  });

  it('finds semicolons with decimal commas, tabs in a TSV, and quoted delimiters and line breaks', () => {
    expect(fieldsOf('name;amount\nA;1,5\nB;2,5\n').fields).toEqual([
      { name: 'name', type: 'STRING' },
      { name: 'amount', type: 'DECIMAL' },
    ]);
    expect(fieldsOf('a\tb\n1\tx\n', 'tsv').fields.map((f) => f.name)).toEqual(['a', 'b']);
    const quoted = fieldsOf('"name, full",note\n"Lovelace, Ada","two\nlines"\n"Hopper, Grace",x\n');
    expect(quoted.fields.map((f) => f.name)).toEqual(['name, full', 'note']);
    expect(quoted.rows).toBe(2);
  });

  it('names the columns of a file without labels @1, @2… and makes repeated names unique, as the tenant does', () => {
    expect(fieldsOf('1,2\n3,4\n').fields.map((f) => f.name)).toEqual(['@1', '@2']);
    expect(fieldsOf('a,a,b\nx,y,z\n').fields.map((f) => f.name)).toEqual(['a', 'a (2)', 'b']);
    // an empty label means no labels at all (the tenant's rule)
    expect(fieldsOf('a,,b\nx,y,z\n').fields.map((f) => f.name)).toEqual(['@1', '@2', '@3']);
  });

  it('drops the unfinished last row of a cut file', () => {
    const preview = fieldsOf('id,name\n1,a\n2,b\n3,cut-in-the-midd', 'csv', true);
    expect(preview).toMatchObject({ rows: 2, partial: true });
  });

  it('reads JSON arrays (complete records of a cut one), NDJSON, and nested objects as dotted names', () => {
    const cut = '[{"id":1,"who":{"name":"Ada"},"tags":["a"]},{"id":2.5,"who":{"name":"Max"}},{"id":3,"wh';
    expect(fieldsOf(cut, 'json', true).fields).toEqual([
      { name: 'id', type: 'DOUBLE' },
      { name: 'who.name', type: 'STRING' },
      { name: 'tags', type: 'STRING' },
    ]);
    expect(fieldsOf('{"a":true,"b":"2026-01-02"}\n{"a":false,"b":"2026-01-03"}\n', 'ndjson').fields).toEqual([
      { name: 'a', type: 'BOOLEAN' },
      { name: 'b', type: 'DATE' },
    ]);
    expect(jsonRecords('[{"s":"]}"},{"t":1}]')).toEqual([{ s: ']}' }, { t: 1 }]);
  });

  it('says why there is no preview for workbooks, Parquet, binary content and an empty file', async () => {
    for (const name of ['book.xlsx', 'table.parquet']) {
      const preview = await previewFileSchema(new Blob(['PK']), name);
      expect(preview.kind).toBe('none');
    }
    expect(await previewFileSchema(new Blob(['x']), 'book.xlsx')).toEqual({
      kind: 'none',
      reason: expect.stringContaining('zip archive'),
    });
    expect(previewBytes(new Uint8Array([1, 0, 2, 3]), 'csv', false)).toEqual({
      kind: 'none',
      reason: 'The start of the file is not text.',
    });
    expect(previewBytes(bytes(''), 'csv', false).kind).toBe('none');
  });

  it('reads only the first 64 KiB of a large file', async () => {
    const row = 'x,1\n';
    const big = new Blob(['name,n\n', row.repeat(200_000)]);
    const sliced: [number | undefined, number | undefined][] = [];
    const spy = {
      size: big.size,
      slice: (start?: number, end?: number) => {
        sliced.push([start, end]);
        return big.slice(start, end);
      },
    } as unknown as Blob;
    const preview = await previewFileSchema(spy, 'big.csv');
    expect(sliced).toEqual([[0, PREVIEW_BYTES]]);
    // every whole row of the 64 KiB: 7 bytes of header, then 4 bytes a row
    expect(preview).toMatchObject({
      kind: 'fields',
      partial: true,
      rows: Math.floor((PREVIEW_BYTES - 7) / 4),
    });
  });
});
