import type { FastifyInstance, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { EVERYONE_GROUP_ID, type Identities, type UserRow } from '../store/identities';
import { ApiError, forbidden } from '../http/errors';
import { ADMIN_ROLE_NAMES, expandScopes, permittedScopes } from './scopes';
import { guardFor } from './guards';
import { isApiRoute, matchedRoute } from '../http/paths';
import { M2M_CLIENT_ID } from './oauth';

/** Who is calling: the user behind the token, their effective roles and the token's scopes. */
export interface Caller {
  user: UserRow;
  roles: string[];
  groupIds: string[];
  /** Scopes as granted on the token. */
  grantedScopes: string[];
  /** Granted scopes with umbrellas and parents expanded; what guards compare against. */
  scopes: Set<string>;
  clientId: string;
  isTenantAdmin: boolean;
  /** Set when an API key calls: the key's id (its owner is `user`). */
  apiKeyId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

export const M2M_SUBJECT = `client|${M2M_CLIENT_ID}`;

function unauthorized(detail: string): ApiError {
  return new ApiError(401, detail, { headers: { 'www-authenticate': 'Bearer realm="qlik.api"' } });
}

/** Resolves an API key bearer to its owner and key; undefined when the value is no API key (throws for a dead one). */
export type ApiKeyResolver = (token: string) => { userId: string; keyId: string } | undefined;

interface Bearer {
  userId: string | undefined;
  scope: string | undefined;
  clientId: string | undefined;
  apiKeyId?: string;
}

/** The service user a client's client-credentials tokens act as (`client|<clientId>`). */
export type ServiceUserOf = (clientId: string) => string | undefined;

async function bearerOf(value: string, provider: Provider, serviceUserId: ServiceUserOf, apiKey: ApiKeyResolver): Promise<Bearer> {
  const key = apiKey(value);
  // An API key has no scopes: its owner's roles decide, as for a token with every scope they permit.
  if (key) return { userId: key.userId, scope: 'user_default admin_classic', clientId: 'api-key', apiKeyId: key.keyId };
  const accessToken = await provider.AccessToken.find(value);
  if (accessToken) return { userId: accessToken.accountId, scope: accessToken.scope, clientId: accessToken.clientId };
  const machineToken = await provider.ClientCredentials.find(value);
  if (machineToken) return { userId: machineToken.clientId ? serviceUserId(machineToken.clientId) : undefined, scope: machineToken.scope, clientId: machineToken.clientId };
  return { userId: undefined, scope: undefined, clientId: undefined };
}

async function resolveCaller(
  request: FastifyRequest,
  provider: Provider,
  ids: Identities,
  serviceUserId: ServiceUserOf,
  apiKey: ApiKeyResolver,
): Promise<Caller> {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('No access token. Send Authorization: Bearer <token>.');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
  const { userId, scope, clientId, apiKeyId } = await bearerOf(match[1]!, provider, serviceUserId, apiKey);
  if (!userId || !clientId) throw unauthorized('The access token is invalid, expired or revoked. Sign in again.');
  const user = ids.userById(userId);
  if (!user || user.status !== 'active') throw unauthorized('The user behind this token is no longer active.');
  const roles = ids.rolesOf(user.id).map((r) => r.name);
  const grantedScopes = (scope ?? '').split(' ').filter(Boolean);
  return {
    user,
    roles,
    groupIds: [...ids.groupsOf(user.id).map((g) => g.id), EVERYONE_GROUP_ID],
    grantedScopes,
    // Roles are read per request: a token granted while the user held an admin role loses the admin scopes as
    // soon as the role goes.
    scopes: expandScopes(permittedScopes(grantedScopes, roles).granted),
    clientId,
    isTenantAdmin: roles.some((r) => ADMIN_ROLE_NAMES.has(r)),
    ...(apiKeyId ? { apiKeyId } : {}),
  };
}

/**
 * Authenticates every `/api/v1` request and enforces the guard table, as soon as the route is matched: an unknown
 * path is a 404, but nothing of a known route (body parsing, validation, handler) runs for a caller who may not
 * call it.
 */
export function registerCallerAuth(
  app: FastifyInstance,
  provider: () => Provider,
  ids: Identities,
  serviceUserId: ServiceUserOf,
  apiKey: ApiKeyResolver = () => undefined,
): void {
  app.decorateRequest('caller', null as unknown as Caller);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (!guardFor(method, route.url)) throw new Error(`No guard for ${method} ${route.url}: add it to tenant/auth/guards.ts`);
    }
  });
  app.addHook('onRequest', async (request) => {
    if (!isApiRoute(request) || request.method === 'OPTIONS') return;
    request.caller = await resolveCaller(request, provider(), ids, serviceUserId, apiKey);
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const guard = guardFor(method, matchedRoute(request)!);
    if (!guard) throw forbidden(`${method} ${matchedRoute(request)} has no access rule.`);
    if (guard.anyOf.length && !guard.anyOf.some((s) => request.caller.scopes.has(s))) {
      throw forbidden(`This call needs one of the scopes: ${guard.anyOf.join(', ')}. Sign in again with a scope preset that includes it.`, {
        meta: { reason: 'scope', requiredScopes: [...guard.anyOf] },
      });
    }
  });
}
