import type { EventEmitter } from 'node:events';

export interface RequestGateOptions {
  /** How long no request may have been in flight before background work takes its turn. */
  quietMs: number;
  /** The longest background work waits for its turn while requests keep coming, so it never starves. */
  maxDeferMs: number;
  /**
   * The share of the wall time a job under way may spend working (1: all of it): after a slice of `t` ms it rests
   * `t × (1 − share) / share` ms. The local tenant shares its machine with the browser and the dev server; a
   * minute of profiling at full speed on a 2-core machine slowed the console's sign-in by half.
   */
  jobShare?: number;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

export const DEFAULT_REQUEST_GATE: RequestGateOptions = { quietMs: 100, maxDeferMs: 1000, jobShare: 0.5 };

export interface RequestGate {
  /**
   * Resolves when the HTTP server has had no request in flight for `quietMs`, or after `maxDeferMs` at the
   * latest; at once when the server has been quiet anyway, and at once after `close`.
   */
  turn(): Promise<void>;
  /**
   * For a job already under way (it started after `turn`), between two slices of its work: resolves once the job
   * has rested its `jobShare` and no request is in flight, or after `maxDeferMs` of requests at the latest; at once
   * after `close`. A request that arrives mid-job then waits for one slice at most, and the job goes on in the gaps
   * between requests.
   */
  gap(): Promise<void>;
  /** Requests the gate sees in flight right now. */
  inFlight(): number;
  /** Stops listening and lets every waiting `turn` and `gap` go. */
  close(): void;
}

interface ResponseLike {
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Gives HTTP requests priority over background work on the one event loop the tenant has: a background job
 * (profiling a data file, say) starts only in a pause between requests. A page of the console fires its requests
 * in a burst; without the gate every one of them waits behind a slice of profiling while a large backlog (a
 * freshly seeded or bulk-uploaded tenant) is worked off. A long job steps aside between two slices of its work
 * (`gap`) for the requests that arrived meanwhile, and rests in proportion to its work (`jobShare`), leaving CPU
 * to the other programs on the machine. Counts requests through the server's own `request`
 * event, so routes that hand the raw response to someone else (the OAuth provider, tus) count too; a response's
 * `close` fires on completion and on abort alike, so nothing stays counted.
 */
export function requestGate(
  server: EventEmitter,
  options: RequestGateOptions = DEFAULT_REQUEST_GATE,
): RequestGate {
  const now = options.now ?? (() => performance.now());
  let inFlight = 0;
  let lastActivity = Number.NEGATIVE_INFINITY;
  let closed = false;
  /** When the slice of the job under way began (its turn, or its last gap). */
  let sliceStart: number | undefined;
  const share = Math.min(1, Math.max(0.01, options.jobShare ?? 1));
  const sleepers = new Set<() => void>();
  const gapWaiters = new Set<() => void>();

  const onRequest = (_request: unknown, response: ResponseLike) => {
    inFlight++;
    lastActivity = now();
    response.once('close', () => {
      inFlight--;
      lastActivity = now();
      if (inFlight === 0) for (const wake of [...gapWaiters]) wake();
    });
  };
  server.on('request', onRequest);

  /** Resolves after `ms`, or earlier when woken through `waiters` (both hold it until then). */
  const sleep = (ms: number, waiters = sleepers) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      waiters.add(wake);
    });

  return {
    async turn() {
      const deadline = now() + options.maxDeferMs;
      for (;;) {
        if (closed) return;
        const t = now();
        const quietAt = inFlight > 0 ? t + options.quietMs : lastActivity + options.quietMs;
        const at = Math.min(quietAt, deadline);
        if (at <= t) break;
        await sleep(at - t);
      }
      sliceStart = now();
    },
    async gap() {
      const rest = sliceStart === undefined ? 0 : ((now() - sliceStart) * (1 - share)) / share;
      if (rest > 0 && !closed) await sleep(rest);
      if (inFlight > 0 && !closed) await sleep(options.maxDeferMs, gapWaiters);
      sliceStart = now();
    },
    inFlight: () => inFlight,
    close() {
      closed = true;
      server.off('request', onRequest);
      for (const wake of [...sleepers, ...gapWaiters]) wake();
    },
  };
}
