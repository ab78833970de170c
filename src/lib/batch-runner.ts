import { describeError } from './api-error';

/**
 * Batch actions over any number of items (a selection, or every item matching a list's filters): each item is
 * decided on first (the caller's rights on it, whether there is anything to do), then run a few at a time. A 429
 * pauses every worker for the tenant's Retry-After and the item is tried again, so a batch of 10,000 stays within
 * the tenant's rate limits instead of failing half way. Cancel stops taking new items; what was not run says so.
 */

export type BatchStatus = 'done' | 'skipped' | 'failed' | 'not-run';

export interface BatchOutcome {
  id: string;
  name: string;
  status: BatchStatus;
  /** Why it was skipped or failed, in words. */
  message?: string;
}

/** What became of one item of a chunk, as `run` reports it. */
export type ItemResult = Omit<BatchOutcome, 'id' | 'name'>;

/** What to do with one item: run it, or skip it with the reason. */
export type BatchDecision = { run: true } | { run: false; reason: string };

export interface BatchProgress {
  /** Items known so far: grows while a "select all matching" is still being collected. */
  total: number;
  /** Whether every item is known (the total is final). */
  collected: boolean;
  done: number;
  skipped: number;
  failed: number;
  /** Seconds the tenant asked us to wait, while a 429 pause lasts. */
  waitingSeconds?: number;
}

export interface BatchJob<T> {
  /** The items, page by page: an array, or an async source that reads every matching item from the tenant. */
  items: Iterable<T[]> | AsyncIterable<T[]>;
  idOf: (item: T) => string;
  nameOf: (item: T) => string;
  decide?: (item: T) => BatchDecision;
  /**
   * Runs one chunk of items (one item unless `chunkSize` says more, for APIs that take batches). Returns what
   * happened to each, by id, for per-item results of a batch API; resolving with nothing means every item is done.
   * Throwing fails the whole chunk with the error's message (a 429 is waited out and retried instead).
   */
  run: (chunk: T[], signal: AbortSignal) => Promise<Map<string, ItemResult> | void>;
  /** An error's words for an item's result (the tenant's detail when it has one). */
  messageOf?: (error: unknown) => string;
  chunkSize?: number;
  /** Chunks in flight at once. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
  /** How to wait (tests pass a fake clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** How many times one chunk may meet a 429 before it is given up as failed. */
const MAX_RATE_LIMIT_RETRIES = 20;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const defaultMessage = (error: unknown) => describeError(error).message;

export interface BatchResult {
  /** One per item known, in the order they were found. */
  outcomes: BatchOutcome[];
  cancelled: boolean;
  /** Reading the matching items failed part way: the outcomes cover what was read before. */
  collectError?: unknown;
}

export async function runBatch<T>(job: BatchJob<T>): Promise<BatchResult> {
  const { idOf, nameOf, decide, run, signal } = job;
  const chunkSize = Math.max(1, job.chunkSize ?? 1);
  const concurrency = Math.max(1, job.concurrency ?? 4);
  const sleep = job.sleep ?? abortableSleep;
  const messageOf = job.messageOf ?? defaultMessage;
  const outcomes = new Map<string, BatchOutcome>();
  const progress: BatchProgress = { total: 0, collected: false, done: 0, skipped: 0, failed: 0 };
  const report = () => job.onProgress?.({ ...progress });
  const record = (outcome: BatchOutcome) => {
    outcomes.set(outcome.id, outcome);
    if (outcome.status === 'done') progress.done++;
    else if (outcome.status === 'skipped') progress.skipped++;
    else if (outcome.status === 'failed') progress.failed++;
  };

  /** Chunks waiting for a worker; collecting stops adding when cancelled. */
  const queue: T[][] = [];
  let pending: T[] = [];
  let collecting = true;
  /** Idle workers, woken when a chunk is queued or collecting ends. */
  const waiters: (() => void)[] = [];
  const notify = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  /** While the tenant asked us to wait: every worker holds until then. */
  let pausedUntil = 0;

  let collectError: unknown;
  const collect = async () => {
    try {
      for await (const page of job.items) {
        for (const item of page) {
          progress.total++;
          const decision = decide?.(item) ?? { run: true };
          if (!decision.run) {
            record({ id: idOf(item), name: nameOf(item), status: 'skipped', message: decision.reason });
            continue;
          }
          // Known but not yet run: cancelled batches report these as not run.
          outcomes.set(idOf(item), { id: idOf(item), name: nameOf(item), status: 'not-run' });
          pending.push(item);
          if (pending.length >= chunkSize) {
            queue.push(pending);
            pending = [];
            notify();
          }
        }
        report();
        if (signal?.aborted) break;
      }
    } catch (error) {
      if (!signal?.aborted) collectError = error;
    } finally {
      if (pending.length) queue.push(pending);
      pending = [];
      collecting = false;
      progress.collected = !signal?.aborted && collectError === undefined;
      notify();
      report();
    }
  };

  const runChunk = async (chunk: T[]) => {
    for (let attempt = 0; ; attempt++) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait, signal);
      if (signal?.aborted) return; // left as not run
      try {
        const results = await run(chunk, signal ?? new AbortController().signal);
        for (const item of chunk) {
          const result = results?.get(idOf(item)) ?? { status: 'done' as const };
          record({ id: idOf(item), name: nameOf(item), ...result });
        }
        return;
      } catch (error) {
        if (signal?.aborted) return;
        const { kind, retryAfterSeconds } = describeError(error);
        if (kind === 'rate-limited' && attempt < MAX_RATE_LIMIT_RETRIES) {
          const seconds = retryAfterSeconds ?? 5;
          pausedUntil = Math.max(pausedUntil, Date.now() + seconds * 1000);
          progress.waitingSeconds = seconds;
          report();
          continue;
        }
        const message = messageOf(error);
        for (const item of chunk) record({ id: idOf(item), name: nameOf(item), status: 'failed', message });
        return;
      } finally {
        if (progress.waitingSeconds !== undefined && pausedUntil <= Date.now()) {
          progress.waitingSeconds = undefined;
        }
        report();
      }
    }
  };

  const workerLoop = async () => {
    for (;;) {
      if (signal?.aborted) return;
      const chunk = queue.shift();
      if (chunk) {
        await runChunk(chunk);
        continue;
      }
      if (!collecting) return;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  signal?.addEventListener('abort', notify, { once: true });
  const workers = Array.from({ length: concurrency }, workerLoop);
  await Promise.all([collect(), ...workers]);

  signal?.removeEventListener('abort', notify);
  const all = [...outcomes.values()];
  for (const outcome of all) {
    if (outcome.status === 'not-run')
      outcome.message = signal?.aborted ? 'Cancelled before it ran.' : 'Not run.';
  }
  return { outcomes: all, cancelled: Boolean(signal?.aborted), ...(collectError ? { collectError } : {}) };
}

/** Pages of a cursor-paginated list, read one after another until the last (or until cancelled). */
export async function* cursorPages<T>(
  fetchPage: (cursor: string | undefined, signal?: AbortSignal) => Promise<{ items: T[]; next?: string }>,
  signal?: AbortSignal,
): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    if (signal?.aborted) return;
    const page = await fetchPage(cursor, signal);
    yield page.items;
    cursor = page.next;
  } while (cursor);
}

export function countOutcomes(outcomes: readonly BatchOutcome[]): Record<BatchStatus, number> {
  const counts: Record<BatchStatus, number> = { done: 0, skipped: 0, failed: 0, 'not-run': 0 };
  for (const outcome of outcomes) counts[outcome.status]++;
  return counts;
}

/**
 * Items picked one by one: the ones already loaded at once, then any others (picked on a page that is no longer
 * loaded, or before a reload) read one by one; an item that no longer exists is left out.
 */
export async function* pickedItems<T>(
  ids: readonly string[],
  loaded: ReadonlyMap<string, T>,
  fetchOne: (id: string) => Promise<T | undefined>,
): AsyncGenerator<T[]> {
  const known = ids.filter((id) => loaded.has(id)).map((id) => loaded.get(id)!);
  if (known.length) yield known;
  for (const id of ids) {
    if (loaded.has(id)) continue;
    const item = await fetchOne(id).catch(() => undefined);
    if (item) yield [item];
  }
}

/**
 * The results of a batch API (a 207 body) per requested item: each reported item's own outcome; an item the
 * tenant left out failed, since nothing confirms it.
 */
export function resultsByItem(
  requestedIds: readonly string[],
  reported: readonly { id: string; ok: boolean; message?: string | undefined }[],
): Map<string, ItemResult> {
  const byId = new Map(reported.map((item) => [item.id, item]));
  return new Map(
    requestedIds.map((id): [string, ItemResult] => {
      const item = byId.get(id);
      if (!item) return [id, { status: 'failed', message: 'The tenant did not report a result for it.' }];
      return [id, item.ok ? { status: 'done' } : { status: 'failed', message: item.message ?? 'Refused.' }];
    }),
  );
}
