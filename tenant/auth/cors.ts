import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody } from '../http/errors';
import { matchedRoute } from '../http/paths';
import { AUTHORIZATION_SERVER_PATHS } from './oauth-gateway';

const ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'qlik-confirm-delete',
  'qlik-api-version',
  'tus-resumable',
  'upload-length',
  'upload-metadata',
  'upload-offset',
  'x-requested-with',
].join(', ');
const EXPOSE_HEADERS = [
  'location',
  'retry-after',
  'upload-offset',
  'upload-length',
  'upload-metadata',
  'upload-expires',
  'tus-resumable',
  'tus-version',
  'tus-max-size',
  'tus-extension',
  'deprecation',
  'sunset',
  'link',
  'content-disposition',
].join(', ');
const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * CORS by the SPA client's allowed origins, as Qlik Cloud does: a listed origin gets CORS headers (with
 * credentials, which @qlik/api's token call uses), any other origin gets none and the browser blocks it.
 * Written on the raw response so it also covers the paths handed to oidc-provider.
 */
export function applyCors(request: FastifyRequest, reply: FastifyReply, allowed: { has(origin: string): boolean }): 'preflight-done' | 'continue' {
  const origin = request.headers.origin;
  const res = reply.raw;
  res.setHeader('Vary', 'Origin');
  const isPreflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
  if (!origin || !allowed.has(origin)) {
    if (isPreflight) {
      const error = new ApiError(403, `Origin ${origin ?? '(none)'} is not an allowed origin of this tenant's OAuth clients.`);
      reply.code(403).header('content-type', 'application/json').send(errorBody(error.items));
      return 'preflight-done';
    }
    return 'continue';
  }
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  if (isPreflight) {
    res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    reply.code(204).send();
    return 'preflight-done';
  }
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  return 'continue';
}

/**
 * CORS for every route but the authorization server's, which oidc-provider answers itself, per client (see
 * `createAuthorizationServer`). Decided on the matched route, like every other decision.
 */
export function registerCors(app: FastifyInstance, allowedOrigins: readonly string[], clientOrigins: () => ReadonlySet<string> = () => new Set()): void {
  const consoleOrigins = new Set(allowedOrigins);
  // The console's own origins, and those of the SPA clients made through the API (read per request).
  const allowed = { has: (origin: string) => consoleOrigins.has(origin) || clientOrigins().has(origin) };
  const authorizationServer = new Set<string>(AUTHORIZATION_SERVER_PATHS);
  app.addHook('onRequest', async (request, reply) => {
    if (authorizationServer.has(matchedRoute(request) ?? '')) return;
    if (applyCors(request, reply, allowed) === 'preflight-done') return reply;
  });
}
