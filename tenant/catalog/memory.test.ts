// @vitest-environment node
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferDataSet } from './infer';
import { scaledTimeout } from '../test/timeouts';

const dir = mkdtempSync(join(tmpdir(), 'catalog-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TARGET_BYTES = 200 * 1024 * 1024;

/** Writes ~200 MB in 4 MB chunks, so the generator itself never holds the file. */
function writeBigCsv(path: string): number {
  const fd = openSync(path, 'w');
  const cities = ['Oslo', 'Bergen', 'Trondheim', 'Stavanger', 'Tromsø', 'Bodø', 'Ålesund'];
  let written = 0;
  let row = 0;
  try {
    written += writeSync(fd, 'id;city;amount;day;note;score\n');
    while (written < TARGET_BYTES) {
      const lines: string[] = [];
      for (let i = 0; i < 40_000; i++, row++) {
        const amount = ((row * 7919) % 1_000_000) / 100;
        const day = `${String((row % 28) + 1).padStart(2, '0')}.${String((row % 12) + 1).padStart(2, '0')}.2024`;
        lines.push(
          `${row};${cities[row % cities.length]};${amount.toFixed(2).replace('.', ',')};${day};"note ${row % 5000}; with ""quotes""";${(row % 977) / 7}\n`,
        );
      }
      written += writeSync(fd, lines.join(''));
    }
  } finally {
    closeSync(fd);
  }
  return row;
}

describe.skipIf(process.env.SKIP_SLOW === '1')('memory', () => {
  it('infers a ~200 MB CSV with bounded memory', { timeout: scaledTimeout(600) }, async () => {
    const path = join(dir, 'big.csv');
    const rows = writeBigCsv(path);
    const size = statSync(path).size;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = Date.now();
    const r = await inferDataSet(path, 'big.csv');
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - before) / 1024 / 1024;
    console.info(
      `memory test: ${(size / 1024 / 1024).toFixed(0)} MB, ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        `peak RSS growth ${growthMb.toFixed(1)} MB`,
    );
    expect(r?.rowCount).toBe(rows);
    expect(r?.schema.dataFields.map((f) => [f.name, f.dataType.type])).toEqual([
      ['id', 'INTEGER'],
      ['city', 'STRING'],
      ['amount', 'DECIMAL'],
      ['day', 'DATE'],
      ['note', 'STRING'],
      ['score', 'DOUBLE'],
    ]);
    const id = r?.profile.profiles?.[0]?.fieldProfiles?.[0];
    expect(id?.maxNumericValue).toBe(rows - 1);
    expect(Math.abs((id?.distinctValueCount ?? 0) - rows) / rows).toBeLessThan(0.05);
    expect(r?.profile.profiles?.[0]?.fieldProfiles?.[1]?.distinctValueCount).toBe(7);
    expect(growthMb).toBeLessThan(150);
  });
});
