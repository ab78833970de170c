import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors';
import { isApiRoute } from './paths';

export interface RateLimitOptions {
  /** Requests per window for reads (Qlik Tier 1: 1,000/min). */
  tier1: number;
  /** Requests per window for writes (Qlik Tier 2: 100/min). */
  tier2: number;
  windowMs: number;
}

export const QLIK_RATE_LIMITS: RateLimitOptions = { tier1: 1000, tier2: 100, windowMs: 60_000 };

/** One limit: `limit` requests per `windowMs`, counted per key (a caller, or a caller and tier). */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/**
 * Fixed windows per key. `count` counts one request and throws Qlik's 429 (`Retry-After` in whole seconds, the
 * rate limiter's error body) once the key's window is over its limit; else it answers how many are left.
 */
export function fixedWindows(options: WindowLimit) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    count(key: string): number {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || now - window.start >= options.windowMs) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count++;
      if (window.count > options.limit) {
        const seconds = Math.max(1, Math.ceil((window.start + options.windowMs - now) / 1000));
        throw new ApiError(429, `You need to wait ${seconds} seconds until limit is lifted.`, {
          title: 'API rate limit reached.',
          headers: { 'retry-after': String(seconds) },
        });
      }
      return Math.max(0, options.limit - window.count);
    },
  };
}

/**
 * Qlik's per-user, per-tier limits: over the limit → 429, `Retry-After` and the rate limiter's error body.
 * Off unless asked for (tests and `--rate-limit` switch it on) so that local work is never throttled.
 */
export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  const tiers = {
    1: fixedWindows({ limit: options.tier1, windowMs: options.windowMs }),
    2: fixedWindows({ limit: options.tier2, windowMs: options.windowMs }),
  };
  app.addHook('preHandler', async (request: FastifyRequest, reply) => {
    if (!isApiRoute(request) || !request.caller) return;
    const tier = request.method === 'GET' || request.method === 'HEAD' ? 1 : 2;
    const remaining = tiers[tier].count(`${request.caller.user.id}:${tier}`);
    reply.header('x-ratelimit-remaining', String(remaining));
  });
}
