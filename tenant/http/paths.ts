import type { FastifyRequest } from 'fastify';

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * RFC 3986 §6.2.2 normalization of a request target's path: percent-encoded unreserved characters are decoded
 * (`/%61pi` → `/api`) and the hex of every other escape is upper-cased. Nothing else is decoded, so the router's
 * own single decoding stays the only one: `%2F` stays a character of a segment and `%2561` stays the text `%61`.
 * The query is left as it came.
 */
export function normalizePath(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.includes('%')) return url;
  const normalized = path.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
  return q === -1 ? normalized : normalized + url.slice(q);
}

/**
 * The route pattern the router matched (`/api/v1/spaces/:spaceId`), or undefined when nothing matched (404).
 * Every decision taken before a handler runs (authentication, scope guard, rate limit, CORS, hand-over to the
 * authorization server) is made on this, never on the raw URL, so it is always about the route that will answer.
 */
export function matchedRoute(request: FastifyRequest): string | undefined {
  return request.routeOptions.url;
}

export const API_PREFIX = '/api/v1/';

/** A matched route under `/api/v1/`: it needs a caller. */
export function isApiRoute(request: FastifyRequest): boolean {
  return matchedRoute(request)?.startsWith(API_PREFIX) ?? false;
}
