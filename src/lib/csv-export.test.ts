import { describe, expect, it } from 'vitest';
import { csvCell, cursorPages, exportCsv, ROWS_PER_SLICE, type CsvColumn } from './csv-export';

const columns: CsvColumn<{ name: string; n?: number }>[] = [
  { header: 'Name', value: (r) => r.name },
  { header: 'N', value: (r) => r.n },
];

describe('CSV export', () => {
  it('keeps formulas as text and quotes what needs quoting', () => {
    expect(['=SUM(A1)', '+1', '-2', '@cmd', '\t=x', 'plain'].map(csvCell)).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-2",
      "'@cmd",
      "'\t=x",
      'plain',
    ]);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
    expect(csvCell('=1,"2"')).toBe(`"'=1,""2"""`);
    // numbers are numbers, not formulas
    expect([csvCell(-5), csvCell(0), csvCell(undefined), csvCell(null), csvCell(true)]).toEqual([
      '-5',
      '0',
      '',
      '',
      'true',
    ]);
  });

  it('reads every page one after another and writes every row, reporting progress', async () => {
    const calls: (string | undefined)[] = [];
    const pageSize = ROWS_PER_SLICE + 500;
    const pages = cursorPages(async (cursor) => {
      calls.push(cursor);
      const index = Number(cursor ?? 0);
      const rows = Array.from({ length: pageSize }, (_, i) => ({ name: `r${index * pageSize + i}`, n: i }));
      return { rows, total: 3 * pageSize, next: index < 2 ? String(index + 1) : undefined };
    });
    const progress: number[] = [];
    const blob = await exportCsv({ columns, pages, onProgress: ({ rows }) => progress.push(rows) });
    const text = await blob.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(calls).toEqual([undefined, '1', '2']);
    expect(lines[0]).toBe('Name,N');
    expect(lines).toHaveLength(1 + 3 * pageSize);
    expect(lines.at(-1)).toBe(`r${3 * pageSize - 1},${pageSize - 1}`);
    expect(progress.at(-1)).toBe(3 * pageSize);
    expect(progress.length).toBe(6); // two slices a page
  });

  it('stops when cancelled, without reading further pages', async () => {
    const controller = new AbortController();
    let read = 0;
    const pages = cursorPages(async () => {
      read += 1;
      return { rows: [{ name: 'x' }], next: 'more' };
    });
    const running = exportCsv({
      columns,
      pages,
      signal: controller.signal,
      onProgress: ({ rows }) => rows >= 3 && controller.abort(),
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(read).toBe(3);
  });
});
