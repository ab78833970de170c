import type { OAuthClientCreateRequest, OAuthClientUpdate } from '@qlik/api/oauth-clients';
import type { ApiCall } from '@/lib/api-call';

/**
 * What "Copy as…" copies for OAuth clients: each the same request the console sends. None carries a secret: a
 * created secret comes in the answer, shown once where the copied call runs.
 */
const id = encodeURIComponent;

export function createClientCall(body: OAuthClientCreateRequest): ApiCall {
  return {
    method: 'POST',
    path: 'oauth-clients',
    body: { json: body },
    qlikApi: { module: 'oauth-clients', fn: 'createOAuthClient', args: [body] },
  };
}

export function patchClientCall(clientId: string, changes: OAuthClientUpdate[]): ApiCall {
  return {
    method: 'PATCH',
    path: `oauth-clients/${id(clientId)}`,
    body: { json: changes },
    qlikApi: { module: 'oauth-clients', fn: 'patchOAuthClient', args: [clientId, changes] },
  };
}

/** Qlik wants the id again in `qlik-confirm-delete` (which @qlik/api does not add), so a stray DELETE cannot remove a client. */
export const confirmDeleteHeaders = (clientId: string) => ({ 'qlik-confirm-delete': clientId });

export function deleteClientCall(clientId: string): ApiCall {
  return {
    method: 'DELETE',
    path: `oauth-clients/${id(clientId)}`,
    headers: confirmDeleteHeaders(clientId),
    qlikApi: { module: 'oauth-clients', fn: 'deleteOAuthClient', args: [clientId] },
  };
}

export function createSecretCall(clientId: string): ApiCall {
  return {
    method: 'POST',
    path: `oauth-clients/${id(clientId)}/client-secrets`,
    qlikApi: { module: 'oauth-clients', fn: 'createOAuthClientSecret', args: [clientId] },
  };
}

export function deleteSecretCall(clientId: string, hint: string): ApiCall {
  return {
    method: 'DELETE',
    path: `oauth-clients/${id(clientId)}/client-secrets/${id(hint)}`,
    qlikApi: { module: 'oauth-clients', fn: 'deleteOAuthClientSecret', args: [clientId, hint] },
  };
}

/** A rotation as the console makes it: a new secret, then the old one deleted. */
export const rotateSecretCalls = (clientId: string, replaces: string): ApiCall[] => [
  createSecretCall(clientId),
  deleteSecretCall(clientId, replaces),
];
