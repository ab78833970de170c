import { describe, expect, it } from 'vitest';
import { countOutcomes, cursorPages, runBatch, type BatchProgress } from './batch-runner';

interface Item {
  id: string;
  name: string;
  locked?: boolean;
}

const items = (n: number): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: `i${i}`, name: `Item ${i}`, locked: i % 10 === 3 }));

function httpError(status: number, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`HTTP ${status}`), { status, headers: new Headers(headers), data: {} });
}

const base = { idOf: (item: Item) => item.id, nameOf: (item: Item) => item.name };

describe('runBatch', () => {
  it('decides per item, runs the rest a few at a time and reports each', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await runBatch({
      ...base,
      items: [items(25)],
      concurrency: 3,
      decide: (item) => (item.locked ? { run: false, reason: 'Locked.' } : { run: true }),
      run: async ([item]) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        if (item!.id === 'i7') throw httpError(412);
      },
    });
    const counts = countOutcomes(result.outcomes);
    expect(counts).toEqual({ done: 21, skipped: 3, failed: 1, 'not-run': 0 });
    expect(result.outcomes.find((o) => o.id === 'i3')).toMatchObject({
      status: 'skipped',
      message: 'Locked.',
    });
    expect(result.outcomes.find((o) => o.id === 'i7')?.status).toBe('failed');
    expect(peak).toBe(3);
    expect(result.cancelled).toBe(false);
  });

  it('waits out a 429 for every worker, as long as Retry-After says, and then runs the item', async () => {
    const waits: number[] = [];
    let refused = false;
    const seen: string[] = [];
    const result = await runBatch({
      ...base,
      items: [items(6)],
      concurrency: 2,
      sleep: async (ms) => {
        waits.push(ms);
      },
      run: async ([item]) => {
        if (item!.id === 'i2' && !refused) {
          refused = true;
          throw httpError(429, { 'retry-after': '7' });
        }
        seen.push(item!.id);
      },
    });
    expect(countOutcomes(result.outcomes).done).toBe(6);
    expect(seen).toContain('i2');
    expect(Math.max(...waits)).toBeGreaterThan(6_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(7_000);
  });

  it('takes per-item results from a batch API, a chunk at a time', async () => {
    const chunks: number[] = [];
    const result = await runBatch({
      ...base,
      items: [items(250)],
      chunkSize: 100,
      run: async (chunk) => {
        chunks.push(chunk.length);
        return new Map(
          chunk.map((item) => [
            item.id,
            item.locked ? { status: 'failed' as const, message: 'Refused.' } : { status: 'done' as const },
          ]),
        );
      },
    });
    expect(chunks.sort()).toEqual([100, 100, 50]);
    expect(countOutcomes(result.outcomes)).toEqual({ done: 225, skipped: 0, failed: 25, 'not-run': 0 });
  });

  it('stops on cancel: what ran is reported, the rest is marked not run', async () => {
    const controller = new AbortController();
    const progress: BatchProgress[] = [];
    const result = await runBatch({
      ...base,
      items: cursorPages(async (cursor) => {
        const page = Number(cursor ?? 0);
        return {
          items: items(100).map((item) => ({ ...item, id: `${page}-${item.id}` })),
          ...(page < 9 ? { next: String(page + 1) } : {}),
        };
      }),
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => progress.push(p),
      run: async () => {
        if (progress.at(-1)!.done >= 40) controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    });
    const counts = countOutcomes(result.outcomes);
    expect(result.cancelled).toBe(true);
    expect(counts.done).toBeGreaterThanOrEqual(40);
    expect(counts.done).toBeLessThan(100);
    expect(counts['not-run']).toBeGreaterThan(0);
    expect(result.outcomes.find((o) => o.status === 'not-run')?.message).toBe('Cancelled before it ran.');
    expect(result.outcomes).toHaveLength(1000);
  });

  it('reads every matching item across pages and keeps what it did when a page fails', async () => {
    const result = await runBatch({
      ...base,
      items: cursorPages(async (cursor) => {
        if (cursor === '2') throw httpError(500);
        return {
          items: items(3).map((i) => ({ ...i, id: `${cursor ?? 0}-${i.id}` })),
          next: String(Number(cursor ?? 0) + 1),
        };
      }),
      run: async () => {},
    });
    expect(countOutcomes(result.outcomes).done).toBe(6);
    expect(result.collectError).toBeDefined();
  });
});
