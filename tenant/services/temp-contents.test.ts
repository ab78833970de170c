// @vitest-environment node
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContext } from '../context';
import { openDatabase, type Db } from '../store/db';
import { openTempContentsDir, sweepTempContents, sweepTempContentsLater } from './temp-contents';

let dir: string | undefined;
const open: Db[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The tenant's context, plus a second connection holding the write lock (as the e2e's large seed did). */
function lockedTenant() {
  dir = mkdtempSync(join(tmpdir(), 'temp-sweep-'));
  const db = openDatabase(dir);
  open.push(db);
  db.pragma('busy_timeout = 20');
  const ctx = createContext({ db, dataDir: dir });
  openTempContentsDir(ctx);
  const writer = new Database(join(dir, 'tenant.db'));
  open.push(writer);
  writer.exec('BEGIN IMMEDIATE');
  return ctx;
}

describe('the periodic temp-contents sweep', () => {
  it('logs a locked database instead of throwing out of its timer (which ended the tenant in the e2e run)', () => {
    const ctx = lockedTenant();
    expect(() => sweepTempContents(ctx, false)).toThrow(/locked/);
    const warn = vi.fn();
    expect(() => sweepTempContentsLater(ctx, { warn })).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), expect.stringMatching(/retried/));
  });
});
