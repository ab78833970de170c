import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import type {
  OAuthClientAdminReadResponse,
  OAuthClientCreateResponse,
  OAuthClientReadResponse,
  OAuthClientSecretResponse,
} from '@qlik/api/oauth-clients';
import type { TenantContext } from '../context';
import type { Caller } from '../auth/caller';
import { ALL_SCOPES } from '../auth/scopes';
import { ApiError, badRequest, conflict, forbidden } from '../http/errors';
import { changedFields } from './identity-refs';
import { fieldsOf, type OAuthAppType, type OAuthClientFields, type OAuthClientRow } from '../store/oauth-clients';

/**
 * OAuth clients made through the API, and real: oidc-provider reads them through the SQLite adapter's Client
 * model (`providerMetadata`), a SPA client's allowed origins get CORS (`spaOrigins`), a web client with a secret
 * gets client-credentials tokens acting as its own service user (TenantAdmin, as Qlik's M2M clients), deleting a
 * client revokes its tokens. Secrets are stored as salted SHA-256 only; the provider compares a per-client internal
 * secret derived with HMAC, which the OAuth gateway swaps in once a presented secret matches a stored hash.
 */

export const MAX_CLIENTS = 200;
export const MAX_SECRETS = 5;
export const MAX_URIS = 5;
const APP_TYPES: readonly OAuthAppType[] = ['web', 'native', 'spa'];
const GRANT_TYPES = ['client_credentials'] as const;
const AUTH_METHODS = ['client_secret'] as const;
/** Scopes a client may list: the tenant's OAuth scopes. */
export const CLIENT_SCOPES: readonly string[] = ALL_SCOPES;

export const clientNotFound = (id: string) =>
  new ApiError(404, `OAuth client ${id} not found.`, { code: 'OAUTH-CLIENTS-404', title: 'Not found', source: { parameter: 'id' } });

const serviceSubject = (clientId: string) => `client|${clientId}`;

// ------------------------------------------------------------------------------------------------ secrets

const secretHash = (salt: string, secret: string) => createHash('sha256').update(salt).update(secret).digest('hex');

/** The secret oidc-provider compares for an API client: derived, never stored. */
export function internalSecret(ctx: TenantContext, clientId: string): string {
  const key = ctx.settings.ensure('oauth.client-secret-key', () => randomBytes(32).toString('base64url'));
  return createHmac('sha256', key).update(clientId).digest('base64url');
}

/** Does `presented` match one of the client's stored secrets? */
export function secretMatches(ctx: TenantContext, clientId: string, presented: string): boolean {
  const wanted = Buffer.from(presented);
  return ctx.oauthClients.secretsOf(clientId).some((s) => {
    const hash = Buffer.from(secretHash(s.salt, presented), 'hex');
    const stored = Buffer.from(s.hash, 'hex');
    return wanted.length > 0 && hash.length === stored.length && timingSafeEqual(hash, stored);
  });
}

/** A new secret of the client (inside the caller's transaction); the value leaves only in the answer. */
function addSecret(ctx: TenantContext, caller: Caller, clientId: string): OAuthClientSecretResponse {
  const taken = new Set(ctx.oauthClients.secretsOf(clientId).map((s) => s.hint));
  let secret = '';
  let hint = '';
  do {
    secret = randomBytes(32).toString('hex');
    hint = secret.slice(-5);
  } while (taken.has(hint));
  const salt = randomBytes(16).toString('hex');
  ctx.oauthClients.insertSecret({ clientId, hint, salt, hash: secretHash(salt, secret), createdBy: caller.user.id });
  const row = ctx.oauthClients.secretsOf(clientId).find((s) => s.hint === hint)!;
  ctx.events.record({
    type: 'com.qlik.v1.oauth-client.secret.created',
    actorId: caller.user.id,
    ...actorOf(caller),
    resourceType: 'oauth-client',
    resourceId: clientId,
    spaceId: null,
    data: { clientId, hint, createdAt: row.created_at, createdBy: caller.user.id, tenantId: ctx.tenant().id },
  });
  return { clientId, clientSecret: secret, hint, createdAt: row.created_at, createdBy: caller.user.id };
}

// ------------------------------------------------------------------------------------------------ shapes

function secretHints(ctx: TenantContext, clientId: string) {
  return ctx.oauthClients.secretsOf(clientId).map((s) => ({ hint: s.hint, createdAt: s.created_at, ...(s.created_by ? { createdBy: s.created_by } : {}) }));
}

/** What every caller may read of a client. */
export function toReadShape(row: OAuthClientRow): OAuthClientReadResponse {
  const f = fieldsOf(row);
  return {
    clientId: row.client_id,
    appType: f.appType,
    clientName: f.clientName,
    description: f.description,
    clientUri: f.clientUri,
    logoUri: f.logoUri,
    allowedScopes: f.allowedScopes,
    ...(f.appType === 'web' ? { allowedGrantTypes: f.allowedGrantTypes as ('client_credentials')[] } : {}),
    connectionConfig: { consentMethod: f.consentMethod },
    createdAt: row.created_at,
    createdByType: 'user',
    updatedAt: row.updated_at,
  };
}

/** A TenantAdmin's read: redirect URIs, origins, auth methods and secret hints too. */
export function toAdminShape(ctx: TenantContext, row: OAuthClientRow): OAuthClientAdminReadResponse {
  const f = fieldsOf(row);
  return {
    ...toReadShape(row),
    redirectUris: f.redirectUris,
    ...(f.appType === 'spa' ? { allowedOrigins: f.allowedOrigins } : {}),
    allowedAuthMethods: f.allowedAuthMethods as ('client_secret')[],
    clientSecrets: secretHints(ctx, row.client_id),
  };
}

function eventData(ctx: TenantContext, row: OAuthClientRow): Record<string, unknown> {
  const f = fieldsOf(row);
  return {
    appType: f.appType,
    clientId: row.client_id,
    clientName: f.clientName,
    tenantId: ctx.tenant().id,
    ownerId: row.owner_id,
    ownerType: 'user',
    createdById: row.owner_id,
    createdByType: 'user',
    createdAt: row.created_at,
    redirectUris: f.redirectUris,
    allowedScopes: f.allowedScopes,
    ...(f.appType === 'spa' ? { allowedOrigins: f.allowedOrigins } : {}),
  };
}

const actorOf = (caller: Caller) => (caller.apiKeyId ? { actor: { sub: caller.apiKeyId, subType: 'apikey' as const } } : {});

function record(ctx: TenantContext, caller: Caller, type: 'created' | 'updated' | 'deleted', row: OAuthClientRow, updates?: Record<string, { old: unknown; new: unknown }>) {
  ctx.events.record({
    type: `com.qlik.v1.oauth-client.${type}`,
    actorId: caller.user.id,
    ...actorOf(caller),
    resourceType: 'oauth-client',
    resourceId: row.client_id,
    spaceId: null,
    data: eventData(ctx, row),
    ...(updates ? { updates } : {}),
  });
}

// ------------------------------------------------------------------------------------------------ validation

function stringList(value: unknown, pointer: string, max = MAX_URIS): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest(`${pointer.slice(1)} must be an array of strings.`, { source: { pointer } });
  const list = [...new Set(value as string[])];
  if (list.length > max) throw badRequest(`${pointer.slice(1)} takes at most ${max} entries.`, { source: { pointer } });
  return list;
}

function checkRedirectUri(uri: string, appType: OAuthAppType, pointer: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw badRequest(`Redirect URI ${uri} is not an absolute URL.`, { source: { pointer } });
  }
  if (url.hash) throw badRequest(`Redirect URI ${uri} must not have a fragment.`, { source: { pointer } });
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  // A native app may come back on its own scheme; browsers only ever on http(s).
  if (!web && appType !== 'native') throw badRequest(`Redirect URI ${uri} must be http or https.`, { source: { pointer } });
}

function checkOrigin(origin: string, pointer: string): void {
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
    throw badRequest(`Allowed origin ${origin} must be a scheme, host and optional port, such as https://app.example.com (no path, no trailing slash).`, { source: { pointer } });
  }
}

/** Checks a client's fields as a whole (after a create or a change). */
function checkFields(f: OAuthClientFields): void {
  if (!f.clientName.trim() || f.clientName.length > 256) throw badRequest('clientName is required (at most 256 characters).', { source: { pointer: '/clientName' } });
  if (f.description.length > 1024) throw badRequest('description takes at most 1024 characters.', { source: { pointer: '/description' } });
  f.redirectUris.forEach((uri, i) => checkRedirectUri(uri, f.appType, `/redirectUris/${i}`));
  if (f.redirectUris.length > MAX_URIS) throw badRequest(`redirectUris takes at most ${MAX_URIS} entries.`, { source: { pointer: '/redirectUris' } });
  if (f.allowedOrigins.length && f.appType !== 'spa') throw badRequest('allowedOrigins apply to spa clients only.', { source: { pointer: '/allowedOrigins' } });
  if (f.allowedOrigins.length > MAX_URIS) throw badRequest(`allowedOrigins takes at most ${MAX_URIS} entries.`, { source: { pointer: '/allowedOrigins' } });
  f.allowedOrigins.forEach((origin, i) => checkOrigin(origin, `/allowedOrigins/${i}`));
  f.allowedScopes.forEach((scope, i) => {
    if (!CLIENT_SCOPES.includes(scope)) throw badRequest(`Unknown scope ${scope}.`, { source: { pointer: `/allowedScopes/${i}` } });
  });
  if (f.allowedGrantTypes.length && f.appType !== 'web') throw badRequest('allowedGrantTypes apply to web clients only.', { source: { pointer: '/allowedGrantTypes' } });
  f.allowedGrantTypes.forEach((grant, i) => {
    if (!(GRANT_TYPES as readonly string[]).includes(grant)) throw badRequest(`Grant type ${grant} is not supported here (client_credentials is).`, { source: { pointer: `/allowedGrantTypes/${i}` } });
  });
  if (f.allowedAuthMethods.length && f.appType !== 'web') throw badRequest('allowedAuthMethods apply to web clients only.', { source: { pointer: '/allowedAuthMethods' } });
  f.allowedAuthMethods.forEach((method, i) => {
    if (!(AUTH_METHODS as readonly string[]).includes(method)) throw badRequest(`Auth method ${method} is not supported here (client_secret is).`, { source: { pointer: `/allowedAuthMethods/${i}` } });
  });
  if (f.appType === 'web' && !f.redirectUris.length && !f.allowedGrantTypes.includes('client_credentials')) {
    throw badRequest('A web client needs redirect URIs, or client_credentials in allowedGrantTypes.', { source: { pointer: '/redirectUris' } });
  }
  if (f.appType !== 'web' && !f.redirectUris.length) throw badRequest(`A ${f.appType} client needs at least one redirect URI.`, { source: { pointer: '/redirectUris' } });
}

const mustAdmin = (caller: Caller) => {
  if (!caller.isTenantAdmin) throw forbidden('Only a TenantAdmin manages OAuth clients.', { meta: { reason: 'role' } });
};

export function clientInReach(ctx: TenantContext, id: string): OAuthClientRow {
  const row = ctx.oauthClients.byId(id);
  if (!row) throw clientNotFound(id);
  return row;
}

// ------------------------------------------------------------------------------------------------ service user

/** A web client with client_credentials acts as its own service user (TenantAdmin); without the grant it cannot. */
function syncServiceUser(ctx: TenantContext, row: OAuthClientRow): void {
  const f = fieldsOf(row);
  const wanted = f.appType === 'web' && f.allowedGrantTypes.includes('client_credentials');
  const subject = serviceSubject(row.client_id);
  const existing = ctx.identities.userBySubject(subject);
  if (wanted && !existing) {
    ctx.identities.createUser({
      name: `${f.clientName} (OAuth client)`,
      email: `${row.client_id}@oauth-clients.${ctx.tenant().hostname}`,
      subject,
      roles: ['TenantAdmin'],
      isService: true,
    });
  } else if (existing) ctx.oauthClients.setServiceUserStatus(subject, wanted ? 'active' : 'disabled');
}

// ------------------------------------------------------------------------------------------------ changes

export interface CreateBody {
  appType?: unknown;
  clientName?: unknown;
  description?: unknown;
  clientUri?: unknown;
  logoUri?: unknown;
  redirectUris?: unknown;
  allowedOrigins?: unknown;
  allowedScopes?: unknown;
  allowedGrantTypes?: unknown;
  allowedAuthMethods?: unknown;
  connectionConfig?: { consentMethod?: unknown };
  publicKeys?: unknown;
  jwksUri?: unknown;
}

const text = (value: unknown, pointer: string) => {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw badRequest(`${pointer.slice(1)} must be a string.`, { source: { pointer } });
  return value;
};

export function createClient(ctx: TenantContext, caller: Caller, body: CreateBody): OAuthClientCreateResponse {
  mustAdmin(caller);
  const appType = body.appType as OAuthAppType;
  if (!APP_TYPES.includes(appType)) {
    throw badRequest(`appType must be one of ${APP_TYPES.join(', ')} (anonymous-embed clients are not served by this tenant).`, { source: { pointer: '/appType' } });
  }
  if (body.publicKeys !== undefined || body.jwksUri !== undefined) {
    throw badRequest('private_key_jwt (publicKeys, jwksUri) is not supported by this tenant; use a client secret.', { source: { pointer: '/publicKeys' } });
  }
  const consent = body.connectionConfig?.consentMethod;
  if (consent !== undefined && consent !== 'trusted') {
    throw badRequest('connectionConfig.consentMethod can only be "trusted" when a client is created.', { source: { pointer: '/connectionConfig/consentMethod' } });
  }
  const fields: OAuthClientFields = {
    appType,
    clientName: text(body.clientName, '/clientName'),
    description: text(body.description, '/description'),
    clientUri: text(body.clientUri, '/clientUri'),
    logoUri: text(body.logoUri, '/logoUri'),
    redirectUris: body.redirectUris === undefined ? [] : stringList(body.redirectUris, '/redirectUris'),
    allowedOrigins: body.allowedOrigins === undefined ? [] : stringList(body.allowedOrigins, '/allowedOrigins'),
    allowedScopes: body.allowedScopes === undefined ? [] : stringList(body.allowedScopes, '/allowedScopes', CLIENT_SCOPES.length),
    allowedGrantTypes: body.allowedGrantTypes === undefined ? [] : stringList(body.allowedGrantTypes, '/allowedGrantTypes'),
    allowedAuthMethods:
      body.allowedAuthMethods === undefined ? (appType === 'web' ? ['client_secret'] : []) : stringList(body.allowedAuthMethods, '/allowedAuthMethods'),
    consentMethod: consent === 'trusted' ? 'trusted' : 'required',
  };
  checkFields(fields);
  const created = ctx.db.transaction(() => {
    if (ctx.oauthClients.count() >= MAX_CLIENTS) throw badRequest(`The tenant already has ${MAX_CLIENTS} OAuth clients, the most it allows.`);
    const clientId = randomBytes(16).toString('hex');
    const row = ctx.oauthClients.insert(clientId, fields, caller.user.id);
    record(ctx, caller, 'created', row);
    syncServiceUser(ctx, row);
    // A confidential client authenticating with a secret gets its first one now (shown once); public clients have none.
    const secret = fields.allowedAuthMethods.includes('client_secret') ? addSecret(ctx, caller, clientId) : undefined;
    return { ...toAdminShape(ctx, row), clientSecret: secret?.clientSecret ?? '' };
  })();
  changed(ctx);
  return created;
}

type PatchOp = { op: string; path: string; value?: unknown };
const ARRAY_PATHS = {
  '/redirectUris': 'redirectUris',
  '/allowedOrigins': 'allowedOrigins',
  '/allowedScopes': 'allowedScopes',
  '/allowedGrantTypes': 'allowedGrantTypes',
  '/allowedAuthMethods': 'allowedAuthMethods',
} as const;
const TEXT_PATHS = { '/clientName': 'clientName', '/description': 'description', '/clientUri': 'clientUri', '/logoUri': 'logoUri' } as const;

/** Applies Qlik's PATCH (add appends to a list, remove takes values out or clears); 202 with a secret when one is made. */
export function patchClient(ctx: TenantContext, caller: Caller, id: string, operations: PatchOp[]): { clientSecret?: string } {
  mustAdmin(caller);
  const row = clientInReach(ctx, id);
  const before = fieldsOf(row);
  const after: OAuthClientFields = structuredClone(before);
  operations.forEach(({ op, path, value }, index) => {
    const pointer = `/${index}`;
    if (op !== 'add' && op !== 'remove' && op !== 'replace') throw badRequest(`Unsupported op ${op}.`, { source: { pointer: `${pointer}/op` } });
    if (path in ARRAY_PATHS) {
      const key = ARRAY_PATHS[path as keyof typeof ARRAY_PATHS];
      const values = value === undefined ? [] : stringList(typeof value === 'string' ? [value] : value, `${pointer}/value`, 100);
      if (op === 'replace') after[key] = values;
      else if (op === 'add') after[key] = [...new Set([...after[key], ...values])];
      else after[key] = value === undefined ? [] : after[key].filter((v) => !values.includes(v));
    } else if (path in TEXT_PATHS) {
      const key = TEXT_PATHS[path as keyof typeof TEXT_PATHS];
      if (op === 'remove') after[key] = '';
      else after[key] = text(value ?? '', `${pointer}/value`);
    } else {
      throw badRequest(`Unsupported path ${path}.`, { source: { pointer: `${pointer}/path` } });
    }
  });
  checkFields(after);
  const updates = changedFields({ ...before }, { ...after });
  if (!Object.keys(updates).length) return {};
  const result = ctx.db.transaction(() => {
    const updated = ctx.oauthClients.update(id, after);
    record(ctx, caller, 'updated', updated, updates);
    syncServiceUser(ctx, updated);
    const wantsSecret = after.allowedAuthMethods.includes('client_secret') && !before.allowedAuthMethods.includes('client_secret');
    if (wantsSecret && !ctx.oauthClients.secretsOf(id).length) return { clientSecret: addSecret(ctx, caller, id).clientSecret };
    return {};
  })();
  changed(ctx);
  return result;
}

/** Deletes a client (the `qlik-confirm-delete` header must name it): its tokens, grants and service user go too. */
export function deleteClient(ctx: TenantContext, caller: Caller, id: string, confirm: string | undefined): void {
  mustAdmin(caller);
  const row = clientInReach(ctx, id);
  if (confirm !== id) {
    throw badRequest(`Send the header qlik-confirm-delete: ${id} to delete this client.`, { source: { parameter: 'qlik-confirm-delete' } });
  }
  ctx.db.transaction(() => {
    ctx.oauthClients.revokeTokens(id);
    ctx.oauthClients.remove(id);
    const subject = serviceSubject(id);
    if (ctx.identities.userBySubject(subject)) ctx.oauthClients.setServiceUserStatus(subject, 'deleted');
    record(ctx, caller, 'deleted', row);
  })();
  changed(ctx);
}

export function createClientSecret(ctx: TenantContext, caller: Caller, id: string): OAuthClientSecretResponse {
  mustAdmin(caller);
  const row = clientInReach(ctx, id);
  if (row.app_type !== 'web') throw badRequest(`A ${row.app_type} client is public: it has no secrets.`);
  return ctx.db.transaction(() => {
    if (ctx.oauthClients.secretsOf(id).length >= MAX_SECRETS) throw conflict(`The max number of client secrets is ${MAX_SECRETS}`);
    return addSecret(ctx, caller, id);
  })();
}

export function deleteClientSecret(ctx: TenantContext, caller: Caller, id: string, hint: string): void {
  mustAdmin(caller);
  clientInReach(ctx, id);
  ctx.db.transaction(() => {
    const secret = ctx.oauthClients.secretsOf(id).find((s) => s.hint === hint);
    if (!secret || !ctx.oauthClients.removeSecret(id, hint)) {
      throw new ApiError(404, `Client secret ${hint} not found.`, { code: 'OAUTH-CLIENTS-404', title: 'Not found', source: { parameter: 'hint' } });
    }
    ctx.events.record({
      type: 'com.qlik.v1.oauth-client.secret.deleted',
      actorId: caller.user.id,
      ...actorOf(caller),
      resourceType: 'oauth-client',
      resourceId: id,
      spaceId: null,
      data: { clientId: id, hint, createdAt: secret.created_at, tenantId: ctx.tenant().id },
    });
  })();
}

// ------------------------------------------------------------------------------------------------ the provider's view

/**
 * The client as oidc-provider reads it (SQLite adapter, model Client): public clients authenticate with PKCE only,
 * a web client with the derived internal secret the gateway puts in place of a matching presented one.
 */
export function providerMetadata(ctx: TenantContext, clientId: string): AdapterPayload | undefined {
  const row = ctx.oauthClients.byId(clientId);
  if (!row) return undefined;
  const f = fieldsOf(row);
  const signsIn = f.redirectUris.length > 0;
  const grantTypes = [
    ...(signsIn ? ['authorization_code', 'refresh_token'] : []),
    ...(f.appType === 'web' && f.allowedGrantTypes.includes('client_credentials') ? ['client_credentials'] : []),
  ];
  // The client may ask for its allowed scopes only; none listed = any of the tenant's scopes.
  const scopes = f.allowedScopes.length ? f.allowedScopes : CLIENT_SCOPES;
  const scope = (grantTypes.includes('refresh_token') ? scopes : scopes.filter((s) => s !== 'offline_access')).join(' ');
  return {
    client_id: row.client_id,
    client_name: f.clientName,
    application_type: f.appType === 'native' ? 'native' : 'web',
    grant_types: grantTypes,
    response_types: signsIn ? ['code'] : [],
    redirect_uris: f.redirectUris,
    scope,
    ...(f.appType === 'web'
      ? { token_endpoint_auth_method: 'client_secret_post', client_secret: internalSecret(ctx, row.client_id) }
      : { token_endpoint_auth_method: 'none' }),
  };
}

// CORS and sign-out read the clients' origins on every request: kept per tenant, dropped on every change.
const originCache = new WeakMap<TenantContext, { spa: Map<string, ReadonlySet<string>>; all: ReadonlySet<string>; redirects: ReadonlySet<string> }>();

function origins(ctx: TenantContext) {
  let cached = originCache.get(ctx);
  if (!cached) {
    const spa = new Map<string, ReadonlySet<string>>();
    const redirects = new Set<string>();
    for (const row of ctx.oauthClients.all()) {
      const f = fieldsOf(row);
      if (f.appType === 'spa') spa.set(row.client_id, new Set(f.allowedOrigins));
      for (const uri of f.redirectUris) {
        const origin = new URL(uri).origin;
        if (origin !== 'null') redirects.add(origin);
      }
    }
    cached = { spa, all: new Set([...spa.values()].flatMap((s) => [...s])), redirects };
    originCache.set(ctx, cached);
  }
  return cached;
}

function changed(ctx: TenantContext): void {
  originCache.delete(ctx);
}

/** Every allowed origin of the tenant's API-made SPA clients (CORS for the API). */
export const spaOrigins = (ctx: TenantContext): ReadonlySet<string> => origins(ctx).all;
/** The allowed origins of one API-made client (CORS for the token and revoke endpoints). */
export const originsOfClient = (ctx: TenantContext, clientId: string): ReadonlySet<string> => origins(ctx).spa.get(clientId) ?? new Set();
/** Origins of the API-made clients' redirect URIs (where /logout may return to). */
export const redirectOrigins = (ctx: TenantContext): ReadonlySet<string> => origins(ctx).redirects;
