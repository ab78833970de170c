// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferDataSet } from './infer';
import { FieldAccumulator, HyperLogLog } from './profile';

const dir = mkdtempSync(join(tmpdir(), 'catalog-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Seeded LCG so the generated table (and so the expected figures) is the same every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Figures computed the plain way, over the whole column held in memory. */
function expected(values: (number | null)[], texts: (string | null)[]) {
  const nums = values.filter((v): v is number => v !== null);
  const n = nums.length;
  const sum = nums.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  const variance = nums.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const counts = new Map<string, number>();
  for (const t of texts) if (t !== null && t !== '') counts.set(t, (counts.get(t) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
  const sorted = [...nums].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return {
    count: n,
    nulls: texts.filter((t) => t === null || t === '').length,
    distinct: counts.size,
    min: Math.min(...nums),
    max: Math.max(...nums),
    sum,
    sumSquares: nums.reduce((a, b) => a + b * b, 0),
    average: mean,
    std: Math.sqrt(variance),
    median: ((sorted[Math.floor(mid)] ?? 0) + (sorted[Math.ceil(mid)] ?? 0)) / 2,
    zero: nums.filter((v) => v === 0).length,
    negative: nums.filter((v) => v < 0).length,
    top: top.map(([value, frequency]) => ({ value, frequency })),
  };
}

describe('profile figures', () => {
  it('equal values computed independently for a generated CSV', async () => {
    const random = lcg(42);
    const rows = 3000;
    const categories = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const amount: (number | null)[] = [];
    const amountText: (string | null)[] = [];
    const qty: (number | null)[] = [];
    const category: (string | null)[] = [];
    const lines = ['id,amount,qty,category'];
    for (let i = 0; i < rows; i++) {
      const a = random() < 0.1 ? null : Math.round((random() * 2000 - 500) * 100) / 100;
      const q = random() < 0.05 ? 0 : Math.floor(random() * 50) - 10;
      // skewed so the most frequent values are well separated
      const c = random() < 0.03 ? null : (categories[Math.floor(random() ** 2 * categories.length)] ?? 'x');
      amount.push(a);
      amountText.push(a === null ? null : a.toFixed(2));
      qty.push(q);
      category.push(c);
      lines.push(`${i + 1},${a === null ? '' : a.toFixed(2)},${q},${c ?? ''}`);
    }
    const path = join(dir, 'generated.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const r = await inferDataSet(path, 'generated.csv');
    expect(r?.rowCount).toBe(rows);
    const profiles = r?.profile.profiles?.[0]?.fieldProfiles ?? [];
    const byName = (name: string) => profiles.find((p) => p.name === name);
    expect(r?.schema.dataFields.map((f) => f.dataType.type)).toEqual([
      'INTEGER',
      'DECIMAL',
      'INTEGER',
      'STRING',
    ]);

    for (const [name, values, texts] of [
      ['amount', amount, amountText],
      ['qty', qty, qty.map(String)],
    ] as const) {
      const e = expected([...values], [...texts]);
      const p = byName(name);
      expect(p?.numericValueCount, name).toBe(e.count);
      expect(p?.nullValueCount, name).toBe(e.nulls);
      expect(p?.distinctValueCount, name).toBe(e.distinct);
      expect(p?.minNumericValue, name).toBe(e.min);
      expect(p?.maxNumericValue, name).toBe(e.max);
      expect(p?.sumNumericValues, name).toBeCloseTo(e.sum, 6);
      expect(p?.sumSquaredNumericValues, name).toBeCloseTo(e.sumSquares, 2);
      expect(p?.average, name).toBeCloseTo(e.average, 9);
      expect(p?.standardDeviation, name).toBeCloseTo(e.std, 9);
      expect(p?.median, name).toBeCloseTo(e.median, 9);
      expect(p?.zeroValueCount, name).toBe(e.zero);
      expect(p?.negativeValueCount, name).toBe(e.negative);
      expect(p?.mostFrequentValues, name).toEqual(e.top);
    }
    const e = expected([], [...category]);
    const p = byName('category');
    expect(p?.nullValueCount).toBe(e.nulls);
    expect(p?.distinctValueCount).toBe(5);
    expect(p?.mostFrequentValues).toEqual(e.top);
    expect(p?.numericValueCount).toBe(0);
    expect(p?.textValueCount).toBe(rows - e.nulls);
    const present = category.filter((c): c is string => c !== null);
    expect(p?.minStringLength).toBe(Math.min(...present.map((c) => c.length)));
    expect(p?.maxStringLength).toBe(Math.max(...present.map((c) => c.length)));
    expect(p?.sumStringLength).toBe(present.reduce((a, c) => a + c.length, 0));
    expect(p?.firstSortedStringValue).toBe('alpha');
    expect(p?.lastSortedStringValue).toBe('gamma');
    expect(byName('id')?.distinctValueCount).toBe(rows);
  });

  it('skewness and kurtosis match the two-pass population moments', () => {
    const random = lcg(7);
    const values = Array.from({ length: 2000 }, () => Math.round(random() ** 3 * 1000) / 10);
    const acc = new FieldAccumulator('x', 0, { distinctCap: 10_000, reservoirSize: 4096 });
    for (const v of values) acc.add(String(v));
    const { profile } = acc.finish();
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const m = (k: number) => values.reduce((a, b) => a + (b - mean) ** k, 0) / n;
    expect(profile.skewness).toBeCloseTo(m(3) / m(2) ** 1.5, 9);
    expect(profile.kurtosis).toBeCloseTo(m(4) / m(2) ** 2 - 3, 9);
    const sorted = [...values].sort((a, b) => a - b);
    expect(profile.fractiles?.[0]).toBe(sorted[0]);
    expect(profile.fractiles?.[10]).toBe(sorted[n - 1]);
  });

  it('past the distinct cap: HyperLogLog distinct count within 5 %, the heavy hitter still on top', () => {
    const acc = new FieldAccumulator('k', 0, { distinctCap: 1000, reservoirSize: 256 });
    const distinct = 50_000;
    for (let i = 0; i < distinct; i++) {
      acc.add(`key-${i}`);
      if (i % 10 === 0) acc.add('hot');
    }
    const { profile, approximate } = acc.finish();
    expect(approximate).toBe(true);
    expect(Math.abs((profile.distinctValueCount ?? 0) - (distinct + 1)) / distinct).toBeLessThan(0.05);
    expect(profile.mostFrequentValues?.[0]?.value).toBe('hot');
    // a lower bound: entries evicted before they became frequent restart from 1
    expect(profile.mostFrequentValues?.[0]?.frequency).toBeLessThanOrEqual(distinct / 10);
    expect(profile.mostFrequentValues?.[0]?.frequency).toBeGreaterThan(distinct / 20);
  });

  it('HyperLogLog stays within 5 % from hundreds to a million values', () => {
    for (const n of [300, 20_000, 1_000_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) h.add(`v${i}`);
      expect(Math.abs(h.estimate() - n) / n, String(n)).toBeLessThan(0.05);
    }
  });
});
