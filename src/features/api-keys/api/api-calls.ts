import type { ApiCall } from '@/lib/api-call';
import { configPatch, type KeysConfigValues, type NewKeyBody } from './api-keys';

/**
 * What "Copy as…" copies for API keys: each the same request the console sends. A copied create holds no token:
 * the new key comes in the answer, where the copied call runs.
 */
export function createKeyCall(body: NewKeyBody): ApiCall {
  return {
    method: 'POST',
    path: 'api-keys',
    body: { json: body },
    qlikApi: { module: 'api-keys', fn: 'createApiKey', args: [body] },
  };
}

/** The owner's delete, or a TenantAdmin's revoke of another user's key: one call either way. */
export function deleteKeyCall(keyId: string): ApiCall {
  return {
    method: 'DELETE',
    path: `api-keys/${encodeURIComponent(keyId)}`,
    qlikApi: { module: 'api-keys', fn: 'deleteApiKey', args: [keyId] },
  };
}

export function patchKeysConfigCall(tenantId: string, config: KeysConfigValues): ApiCall {
  const patch = configPatch(config);
  return {
    method: 'PATCH',
    path: `api-keys/configs/${encodeURIComponent(tenantId)}`,
    body: { json: patch },
    qlikApi: { module: 'api-keys', fn: 'patchApiKeysConfig', args: [tenantId, patch] },
  };
}
