import { expect } from 'vitest';
import type { Db } from '../store/db';

/** SQLite's query plan of a statement, one line per step (`SEARCH s USING INDEX …`). */
export const planOf = (db: Db, { sql, params }: { sql: string; params: unknown[] }) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);

/**
 * Every read of `table` (its alias in the statement) goes through an index, and no step sorts the rows: the
 * first page is then a walk that stops at the limit, however large the tenant. Plans, not timings, decide.
 */
export function expectIndexWalk(plan: string[], table: string) {
  expect(
    plan.filter((step) => step.includes('TEMP B-TREE')),
    plan.join(' | '),
  ).toEqual([]);
  const reads = plan.filter((step) => new RegExp(`^(SCAN|SEARCH) ${table}\\b`).test(step));
  expect(reads.length, plan.join(' | ')).toBeGreaterThan(0);
  for (const step of reads) expect(step, plan.join(' | ')).toMatch(/ USING (COVERING )?INDEX /);
}
