import Provider, { type AdapterPayload, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Db } from '../store/db';
import type { Identities } from '../store/identities';
import { sqliteAdapterFactory } from './sqlite-adapter';
import { ALL_SCOPES, permittedScopes } from './scopes';
import { errorBody, titleFor } from '../http/errors';

export const CONSOLE_CLIENT_ID = 'manage-console';
export const M2M_CLIENT_ID = 'manage-console-m2m';

export interface OAuthOptions {
  issuer: string;
  db: Db;
  identities: Identities;
  allowedOrigins: readonly string[];
  m2mSecret: string;
  accessTokenTtlSeconds: number;
  cookieSecret: string;
  /** OAuth clients made through the API (services/oauth-clients.ts). */
  apiClients?: ApiClients;
}

/** How the authorization server sees the clients made through the API. */
export interface ApiClients {
  /** The client's oidc-provider metadata; undefined when there is no such client. */
  metadata(clientId: string): AdapterPayload | undefined;
  /** A SPA client's allowed origins. */
  originsOf(clientId: string): ReadonlySet<string>;
  /** Every API-made SPA client's allowed origins. */
  allOrigins(): ReadonlySet<string>;
}

/** Paths that belong to the authorization server; the Fastify app hands these to oidc-provider untouched. */
export const OAUTH_PATH = /^\/oauth\/(authorize|token|revoke)(\/|$|\?)|^\/\.well-known\/jwks\.json(\?|$)/;

async function signingKey(db: Db): Promise<JWK> {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'oauth.signing-key'").get() as { value: string } | undefined;
  if (row) return JSON.parse(row.value) as JWK;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: `es256-${Date.now().toString(36)}` };
  db.prepare("INSERT INTO settings (key, value) VALUES ('oauth.signing-key', ?)").run(JSON.stringify(jwk));
  return jwk;
}

/**
 * The grant for a first-party sign-in: requested scopes cut down to what the user's roles permit (Qlik: scopes
 * only narrow roles). Refused scopes are recorded as rejected, so no consent prompt follows for them.
 */
export async function grantFor(provider: Provider, ids: Identities, accountId: string, clientId: string, requested: string[]) {
  const roles = ids.rolesOf(accountId).map((r) => r.name);
  const { granted, refused } = permittedScopes(requested, roles);
  const grant = new provider.Grant({ clientId, accountId });
  if (granted.length) grant.addOIDCScope(granted.join(' '));
  if (refused.length) grant.rejectOIDCScope(refused.join(' '));
  await grant.save();
  return grant;
}

/**
 * oidc-provider keeps `offline_access` only when consent is prompted for; Qlik issues a refresh token whenever
 * `offline_access` is requested. Asking for the consent prompt (answered without UI by the sign-in module) does
 * exactly that.
 */
export function withOfflineAccessConsent(url: string): string {
  const parsed = new URL(url, 'http://tenant');
  const scopes = (parsed.searchParams.get('scope') ?? '').split(/\s+/);
  if (!scopes.includes('offline_access') || parsed.searchParams.has('prompt')) return url;
  parsed.searchParams.set('prompt', 'consent');
  return `${parsed.pathname}${parsed.search}`;
}

/** Qlik's error envelope for an OAuth error, beside which the RFC 6749 fields stay where they are sent. */
function oauthErrorBody(status: number, error: string, description?: string) {
  return errorBody([{ code: `OAUTH-${error}`, title: error, detail: description ?? error, status: String(status) }]);
}

export async function createAuthorizationServer(o: OAuthOptions): Promise<Provider> {
  const key = await signingKey(o.db);
  const ids = o.identities;
  const allowedOrigins = new Set(o.allowedOrigins);
  const apiClients = o.apiClients;
  const originsOf = (clientId: string): ReadonlySet<string> =>
    clientId === CONSOLE_CLIENT_ID ? allowedOrigins : (apiClients?.originsOf(clientId) ?? new Set());
  const anyClientAllows = (origin: string) => allowedOrigins.has(origin) || (apiClients?.allOrigins().has(origin) ?? false);

  const configuration: Configuration = {
    adapter: sqliteAdapterFactory(o.db, (id) => apiClients?.metadata(id)),
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        client_name: 'Manage Console',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: o.allowedOrigins.map((origin) => `${origin}/callback`),
      },
      {
        client_id: M2M_CLIENT_ID,
        client_name: 'Manage Console automation (M2M)',
        client_secret: o.m2mSecret,
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: ALL_SCOPES.filter((s) => s !== 'offline_access').join(' '),
      },
    ],
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    scopes: [...ALL_SCOPES],
    claims: {},
    cookies: { keys: [o.cookieSecret] },
    jwks: { keys: [key] },
    features: {
      devInteractions: { enabled: false },
      // A client may revoke only its own tokens (Qlik's /oauth/revoke is per client).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      clientCredentials: { enabled: true },
      introspection: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    pkce: { required: () => true },
    responseTypes: ['code'],
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      revocation: '/oauth/revoke',
      jwks: '/.well-known/jwks.json',
    },
    ttl: {
      AccessToken: o.accessTokenTtlSeconds,
      ClientCredentials: o.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      RefreshToken: 30 * 24 * 3600,
      Grant: 30 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
    },
    rotateRefreshToken: true,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // A browser may call the token and revoke endpoints only from the allowed origins of the client it names.
    clientBasedCORS: (_ctx, origin, client) => originsOf(client.clientId).has(origin),
    findAccount: async (_ctx, id) => {
      const user = ids.userById(id);
      if (!user || user.status !== 'active') return undefined;
      return { accountId: id, claims: async () => ({ sub: id }) };
    },
    // The console is a first-party client: no consent screen (see grantFor).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      return grantFor(ctx.oidc.provider, ids, accountId, client.clientId, [...(ctx.oidc.requestParamOIDCScopes ?? [])]);
    },
    // Where the provider cannot redirect back (unknown client, unregistered redirect URI), Qlik answers 400 JSON.
    renderError: async (ctx, out) => {
      if (ctx.path === '/oauth/authorize') ctx.status = 400;
      ctx.type = 'json';
      ctx.body = oauthErrorBody(ctx.status, String(out.error), out.error_description);
    },
  };

  const provider = new Provider(o.issuer, configuration);

  // oidc-provider reflects any Origin until it knows the client (preflights, requests refused before the client is
  // authenticated): only origins some client allows keep their CORS headers, with credentials, as @qlik/api's
  // token call needs.
  provider.use(async (ctx, next) => {
    await next();
    const origin = ctx.get('Origin');
    if (!ctx.response.get('Access-Control-Allow-Origin')) return;
    if (origin && anyClientAllows(origin)) {
      ctx.set('Access-Control-Allow-Credentials', 'true');
      return;
    }
    for (const header of ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Access-Control-Expose-Headers', 'Access-Control-Max-Age']) {
      ctx.remove(header);
    }
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      // As for the API (tenant/auth/cors.ts): a preflight from an origin no client allows is refused outright.
      ctx.status = 403;
      ctx.body = errorBody([{ code: 'HTTP-403', title: 'Forbidden', detail: `Origin ${origin || '(none)'} is not an allowed origin of this tenant's OAuth clients.`, status: '403' }]);
    }
  });

  // Qlik's authorize error redirects carry `error_code` and, where known, `error_detail` beside RFC 6749's fields.
  provider.on('authorization.error', (ctx: KoaContextWithOIDC, error: { error_detail?: string }) => {
    if (error.error_detail) ctx.state.errorDetail = error.error_detail;
  });
  provider.use(async (ctx, next) => {
    await next();
    if (!ctx.path.startsWith('/oauth/authorize') || ctx.status < 300 || ctx.status >= 400) return;
    const location = ctx.response.get('Location');
    if (!location || !location.includes('error=')) return;
    const target = new URL(location);
    const error = target.searchParams.get('error');
    if (!error || target.searchParams.has('error_code')) return;
    target.searchParams.set('error_code', `OAUTH-${error}`);
    const detail = (ctx.state as { errorDetail?: string }).errorDetail;
    if (detail) target.searchParams.set('error_detail', detail);
    const status = ctx.status;
    ctx.redirect(target.toString());
    ctx.status = status;
  });

  // Qlik's token endpoint answers `expires_at` (ISO), and every refusal carries Qlik's error envelope; the RFC 6749
  // fields stay beside them so standard clients (oidc-client-ts) work too. Koa's own answers (a path or method the
  // provider does not serve) are text, and get the envelope as well.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    const isObject = body !== null && typeof body === 'object' && !Buffer.isBuffer(body);
    if (ctx.status >= 400) {
      if (isObject && typeof body.error === 'string') {
        body.errors = oauthErrorBody(ctx.status, body.error, body.error_description as string | undefined).errors;
      } else if (!isObject || !Array.isArray(body.errors)) {
        ctx.type = 'json';
        ctx.body = errorBody([{ code: `HTTP-${ctx.status}`, title: titleFor(ctx.status), detail: `${ctx.method} ${ctx.path} is not served here.`, status: String(ctx.status) }]);
      }
      return;
    }
    if (ctx.path !== '/oauth/token' && ctx.path !== '/oauth/revoke') return;
    if (!isObject) {
      // An empty revoke answer is JSON `{}`, as some clients insist on parsing it.
      if (ctx.path === '/oauth/revoke' && ctx.status === 200) ctx.body = {};
      return;
    }
    if (typeof body.token_type === 'string') body.token_type = 'bearer';
    if (typeof body.expires_in === 'number') {
      body.expires_at = new Date(Date.now() + body.expires_in * 1000).toISOString();
    }
  });

  return provider;
}
