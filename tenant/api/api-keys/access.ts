import type { Guard } from '../../auth/guards';

/**
 * API keys: any valid token (an API key is no OAuth scope; creating one needs the "Manage API keys" role
 * permission, which the handlers check), the configuration's change only for a TenantAdmin with admin.users.
 */
export const API_KEYS_GUARDS: Record<string, Guard> = {
  'GET /api/v1/api-keys': { anyOf: [] },
  'POST /api/v1/api-keys': { anyOf: [] },
  'GET /api/v1/api-keys/:id': { anyOf: [] },
  'PATCH /api/v1/api-keys/:id': { anyOf: [] },
  'DELETE /api/v1/api-keys/:id': { anyOf: [] },
  'GET /api/v1/api-keys/configs/:tenantId': { anyOf: [] },
  'PATCH /api/v1/api-keys/configs/:tenantId': { anyOf: ['admin.users'] },
};
