import type { ApiKey, ApiKeysConfig } from '@qlik/api/api-keys';
import type { TenantContext } from '../context';
import type { Caller } from '../auth/caller';
import { ApiError, badRequest, forbidden } from '../http/errors';
import type { ApiKeyRow } from '../store/api-keys';
import { mintApiKeyToken, tokenHash } from './api-key-tokens';
import { changedFields } from './identity-refs';

/**
 * API keys and their tenant configuration. Each change runs in one transaction with its event (never the token).
 * Creating needs the "Manage API keys" permission (the api-keys role scope); the owner deletes a key, a TenantAdmin
 * revokes someone else's.
 */

const CONFIG_SETTING = 'api-keys.config';
const DEFAULT_CONFIG: ApiKeysConfig = { max_api_key_expiry: 'PT24H', max_keys_per_user: 5, scim_externalClient_expiry: 'P365D' };

export const keyNotFound = (id: string) =>
  new ApiError(404, `API key ${id} not found.`, { code: 'APIKEYS-4', title: 'Not found', source: { parameter: 'id' } });

/** Milliseconds of an ISO 8601 duration (PnW, PnD, PTnH, PTnM, PTnS and their combinations); undefined if invalid. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [w, d, h, m, s] = match.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000;
}

export function apiKeysConfig(ctx: TenantContext): ApiKeysConfig {
  const stored = ctx.settings.get(CONFIG_SETTING);
  return stored ? { ...DEFAULT_CONFIG, ...(JSON.parse(stored) as ApiKeysConfig) } : DEFAULT_CONFIG;
}

/** The key as the API answers it; `expired` when an active key is past its expiry. */
export function toApiKey(ctx: TenantContext, row: ApiKeyRow): ApiKey {
  const expired = row.status === 'active' && new Date(row.expiry) <= ctx.clock.now();
  return {
    id: row.id,
    tenantId: ctx.tenant().id,
    description: row.description,
    status: expired ? 'expired' : row.status,
    sub: row.sub,
    subType: row.sub_type,
    expiry: row.expiry,
    createdByUser: row.created_by_user,
    created: row.created,
    lastUpdated: row.last_updated,
  };
}

/** May the caller's roles manage API keys (userDefault, their roles, their groups' and Everyone's)? */
export function mayManageApiKeys(ctx: TenantContext, caller: Caller): boolean {
  const roles = [ctx.identities.roleByName('userDefault'), ...ctx.identities.rolesOf(caller.user.id)];
  return roles.some((role) => role && (JSON.parse(role.assigned_scopes) as string[]).includes('api-keys'));
}

function record(ctx: TenantContext, type: 'created' | 'updated' | 'deleted', caller: Caller, row: ApiKeyRow, updates?: ReturnType<typeof changedFields>) {
  ctx.events.record({
    type: `com.qlik.api-key.${type}`,
    actorId: caller.user.id,
    ...(caller.apiKeyId ? { actor: { sub: caller.apiKeyId, subType: 'apikey' as const } } : {}),
    resourceType: 'api-key',
    resourceId: row.id,
    spaceId: null,
    data: { ...toApiKey(ctx, row) },
    ...(updates ? { updates } : {}),
  });
}

/** A new key of the caller; the token is in the answer only. */
export function createApiKey(ctx: TenantContext, caller: Caller, body: { description?: unknown; expiry?: unknown; sub?: unknown }): ApiKey & { token: string } {
  if (!mayManageApiKeys(ctx, caller)) throw forbidden('Your roles do not include the permission to manage API keys.', { meta: { reason: 'role' } });
  if (typeof body.description !== 'string' || !body.description.trim() || body.description.length > 256) {
    throw badRequest('description is required (at most 256 characters).', { source: { pointer: '/description' } });
  }
  if (body.sub !== undefined && body.sub !== caller.user.id) {
    throw badRequest('A key can only be made for yourself (sub is your user id).', { source: { pointer: '/sub' } });
  }
  const config = apiKeysConfig(ctx);
  const maxMs = durationMs(config.max_api_key_expiry)!;
  const wanted = body.expiry === undefined ? maxMs : durationMs(body.expiry);
  if (wanted === undefined || wanted <= 0) throw badRequest('expiry must be an ISO 8601 duration such as P7D or PT24H.', { source: { pointer: '/expiry' } });
  if (wanted > maxMs) {
    throw badRequest(`expiry ${String(body.expiry)} is longer than the tenant allows (${config.max_api_key_expiry}).`, { source: { pointer: '/expiry' } });
  }
  return ctx.db.transaction(() => {
    if (ctx.apiKeys.activeCountOf(caller.user.id) >= (config.max_keys_per_user ?? 5)) {
      throw badRequest(`You already have ${config.max_keys_per_user} active API keys, the most the tenant allows. Delete one first.`, { code: 'APIKEYS-MAX' });
    }
    const keyId = ctx.ids.uuid();
    const expiry = new Date(ctx.clock.now().getTime() + wanted);
    const token = mintApiKeyToken(ctx, { keyId, userId: caller.user.id, expiry });
    const row = ctx.apiKeys.insert({ id: keyId, description: body.description as string, sub: caller.user.id, expiry: expiry.toISOString(), createdByUser: caller.user.id, tokenHash: tokenHash(token) });
    record(ctx, 'created', caller, row);
    return { ...toApiKey(ctx, row), token };
  })();
}

/** A key the caller may see: their own, or any for a TenantAdmin. */
export function keyInReach(ctx: TenantContext, caller: Caller, id: string): ApiKeyRow {
  const row = ctx.apiKeys.byId(id);
  if (!row || (row.sub !== caller.user.id && !caller.isTenantAdmin)) throw keyNotFound(id);
  return row;
}

export function describeApiKey(ctx: TenantContext, caller: Caller, id: string, operations: { op: string; path: string; value?: unknown }[]): void {
  const row = keyInReach(ctx, caller, id);
  let description = row.description;
  operations.forEach(({ op, path, value }, index) => {
    if (op !== 'replace' || path !== '/description') throw badRequest('Only replace on /description is allowed.', { source: { pointer: `/${index}` } });
    if (typeof value !== 'string' || value.length > 256) throw badRequest('The description must be a string of at most 256 characters.', { source: { pointer: `/${index}/value` } });
    description = value;
  });
  if (description === row.description) return;
  ctx.db.transaction(() => {
    ctx.apiKeys.describe(id, description);
    record(ctx, 'updated', caller, ctx.apiKeys.byId(id)!, { description: { old: row.description, new: description } });
  })();
}

/** The owner deletes their key; a TenantAdmin revokes another user's (it stays listed as revoked). */
export function deleteApiKey(ctx: TenantContext, caller: Caller, id: string): void {
  const row = keyInReach(ctx, caller, id);
  ctx.db.transaction(() => {
    if (row.sub === caller.user.id) ctx.apiKeys.remove(id);
    else ctx.apiKeys.revoke(id);
    record(ctx, 'deleted', caller, ctx.apiKeys.byId(id) ?? row);
  })();
}

/** Replaces max_api_key_expiry, max_keys_per_user or scim_externalClient_expiry (TenantAdmin). */
export function patchApiKeysConfig(ctx: TenantContext, caller: Caller, operations: { op: string; path: string; value?: unknown }[]): void {
  if (!caller.isTenantAdmin) throw forbidden('Requestor not allowed to update the API keys configuration', { meta: { reason: 'role' } });
  const before = apiKeysConfig(ctx);
  const after: ApiKeysConfig = { ...before };
  operations.forEach(({ op, path, value }, index) => {
    const pointer = `/${index}`;
    if (op !== 'replace') throw badRequest('replace is the only op.', { source: { pointer: `${pointer}/op` } });
    if (path === '/max_keys_per_user') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 1000) throw badRequest('max_keys_per_user must be a whole number from 0 to 1000.', { source: { pointer: `${pointer}/value` } });
      after.max_keys_per_user = value as number;
    } else if (path === '/max_api_key_expiry' || path === '/scim_externalClient_expiry') {
      if (!durationMs(value)) throw badRequest(`${path.slice(1)} must be an ISO 8601 duration such as P30D.`, { source: { pointer: `${pointer}/value` } });
      after[path.slice(1) as 'max_api_key_expiry'] = value as string;
    } else throw badRequest(`Unsupported path ${path}.`, { source: { pointer: `${pointer}/path` } });
  });
  const updates = changedFields({ ...before }, { ...after });
  if (!Object.keys(updates).length) return;
  ctx.db.transaction(() => {
    ctx.settings.put(CONFIG_SETTING, JSON.stringify(after));
    ctx.events.record({ type: 'com.qlik.api-keys-config.updated', actorId: caller.user.id, resourceType: 'api-keys-config', resourceId: ctx.tenant().id, spaceId: null, data: { ...after }, updates });
  })();
}
