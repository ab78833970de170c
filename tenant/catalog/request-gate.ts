import type { EventEmitter } from 'node:events';

export interface RequestGateOptions {
  /** How long no request may have been in flight before background work takes its turn. */
  quietMs: number;
  /** The longest background work waits for its turn while requests keep coming, so it never starves. */
  maxDeferMs: number;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

export const DEFAULT_REQUEST_GATE: RequestGateOptions = { quietMs: 100, maxDeferMs: 1000 };

export interface RequestGate {
  /**
   * Resolves when the HTTP server has had no request in flight for `quietMs`, or after `maxDeferMs` at the
   * latest; at once when the server has been quiet anyway, and at once after `close`.
   */
  turn(): Promise<void>;
  /** Requests the gate sees in flight right now. */
  inFlight(): number;
  /** Stops listening and lets every waiting `turn` go. */
  close(): void;
}

interface ResponseLike {
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Gives HTTP requests priority over background work on the one event loop the tenant has: a background job
 * (profiling a data file, say) starts only in a pause between requests. A page of the console fires its requests
 * in a burst; without the gate every one of them waits behind a slice of profiling while a large backlog (a
 * freshly seeded or bulk-uploaded tenant) is worked off. Counts requests through the server's own `request`
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
  const sleepers = new Set<() => void>();

  const onRequest = (_request: unknown, response: ResponseLike) => {
    inFlight++;
    lastActivity = now();
    response.once('close', () => {
      inFlight--;
      lastActivity = now();
    });
  };
  server.on('request', onRequest);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      sleepers.add(wake);
    });

  return {
    async turn() {
      const deadline = now() + options.maxDeferMs;
      for (;;) {
        if (closed) return;
        const t = now();
        const quietAt = inFlight > 0 ? t + options.quietMs : lastActivity + options.quietMs;
        const at = Math.min(quietAt, deadline);
        if (at <= t) return;
        await sleep(at - t);
      }
    },
    inFlight: () => inFlight,
    close() {
      closed = true;
      server.off('request', onRequest);
      for (const wake of [...sleepers]) wake();
    },
  };
}
