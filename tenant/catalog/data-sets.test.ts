// @vitest-environment node
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../context';
import { openDatabase, type Db } from '../store/db';
import { dataFilesStore, personalKey } from '../store/data-files';
import { emitDataFileChanges } from '../store/data-file-events';
import { nowIso } from '../http/ids';
import { startDataSetLifecycle, whenCatalogIdle, type DataSetLifecycleOptions } from './data-sets';

/**
 * The lifecycle's queue waits for a pause between API requests before it starts a profile. Checked on a Fastify
 * server of its own with one route whose answer the test holds back. The starvation bound is set far out, so only
 * the answer can let the profile start; with the gate off, the profile runs while the request is still held.
 */
let dir: string | undefined;
let db: Db | undefined;
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = undefined;
  db = undefined;
  dir = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setUp(yieldToRequests: DataSetLifecycleOptions['yieldToRequests']) {
  dir = mkdtempSync(join(tmpdir(), 'data-sets-gate-'));
  const tenantDb = openDatabase(dir);
  db = tenantDb;
  const ctx = createContext({ db: tenantDb, dataDir: dir });
  const userId = ctx.identities.createUser({ name: 'Uma Uploader', email: 'uma@example.com', roles: [] });

  const server = Fastify();
  app = server;
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  let answer!: () => void;
  const held = new Promise<void>((resolve) => (answer = resolve));
  const state = { answered: false };
  server.get('/held', async () => {
    arrived();
    await held;
    state.answered = true;
    return { ok: true };
  });
  const profiled: { name: string; whileHeld: boolean }[] = [];
  /** Slices of a long profile (see `longProfile`), and whether each ran while the request was held. */
  const slices: boolean[] = [];
  const longProfile = { started: undefined as (() => void) | undefined, proceed: Promise.resolve() };
  startDataSetLifecycle(server, ctx, {
    yieldToRequests,
    inferFn: async (_path, name, options) => {
      profiled.push({ name, whileHeld: !state.answered });
      if (longProfile.started) {
        // a read in slices, as the real readers do: the first one now, the others after the test says so
        longProfile.started();
        await longProfile.proceed;
        for (let i = 0; i < 3; i++) {
          await options?.between?.();
          slices.push(!state.answered);
        }
      }
      // no table found: the set is marked FAILED, which is all the queue needs to move on
      return undefined;
    },
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });

  /** A new file in the user's personal space, announced as the data-files API does after its commit. */
  const upload = (name: string) => {
    const files = dataFilesStore(tenantDb);
    const row = files.newRow({
      space_key: personalKey(userId),
      space_id: null,
      name,
      parent_id: null,
      folder: 0,
      internal: 0,
      size: 3,
      sha256: 'a'.repeat(64),
      owner_id: userId,
      app_id: null,
      content_updated_date: null,
      now: nowIso(),
    });
    files.insert(row);
    emitDataFileChanges([{ kind: 'created', file: row, db: tenantDb }]);
  };

  /** Starts the held request and resolves once the server is working on it. */
  const hold = async () => {
    const response = fetch(`${url}/held`).then((r) => r.json());
    await arrival;
    return {
      release: async () => {
        answer();
        await response;
      },
    };
  };
  /** The next profile reads in slices; resolves once it has begun, with `go` to let its slices run. */
  const nextProfileInSlices = () => {
    let go!: () => void;
    longProfile.proceed = new Promise<void>((resolve) => (go = resolve));
    const started = new Promise<void>((resolve) => (longProfile.started = resolve));
    return { started, go };
  };
  return { upload, hold, profiled, slices, nextProfileInSlices, db: tenantDb };
}

describe('data-set lifecycle and API requests', () => {
  it('starts a queued profile only after the request in flight has been answered', async () => {
    const t = await setUp({ quietMs: 20, maxDeferMs: 60_000 });
    const request = await t.hold();
    t.upload('orders.csv');
    // far past the quiet pause: nothing but the request in flight holds the profile back now
    await sleep(250);
    expect(t.profiled).toEqual([]);
    await request.release();
    await whenCatalogIdle(t.db);
    expect(t.profiled).toEqual([{ name: 'orders.csv', whileHeld: false }]);
  });

  it('holds a profile under way between two slices while a request is in flight', async () => {
    const t = await setUp({ quietMs: 20, maxDeferMs: 60_000 });
    const profile = t.nextProfileInSlices();
    t.upload('large-export.csv');
    await profile.started;
    const request = await t.hold();
    profile.go();
    await sleep(250);
    expect(t.slices).toEqual([]);
    await request.release();
    await whenCatalogIdle(t.db);
    expect(t.slices).toEqual([false, false, false]);
  });

  it('profiles while requests are in flight when told not to wait for pauses', async () => {
    const t = await setUp(false);
    const request = await t.hold();
    t.upload('orders.csv');
    await whenCatalogIdle(t.db);
    expect(t.profiled).toEqual([{ name: 'orders.csv', whileHeld: true }]);
    await request.release();
  });
});
