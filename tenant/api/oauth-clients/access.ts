import type { Guard } from '../../auth/guards';

/**
 * OAuth clients: every valid token reads them (a non-admin sees the plain shape, without redirect URIs, origins or
 * secrets); changes need a TenantAdmin ("created in-tenant" by a TenantAdmin, as Qlik says) holding admin_classic,
 * the scope Qlik's admin APIs without a scope of their own take.
 */
const ADMIN: Guard = { anyOf: ['admin_classic'] };
export const OAUTH_CLIENTS_GUARDS: Record<string, Guard> = {
  'GET /api/v1/oauth-clients': { anyOf: [] },
  'POST /api/v1/oauth-clients': ADMIN,
  'GET /api/v1/oauth-clients/:id': { anyOf: [] },
  'PATCH /api/v1/oauth-clients/:id': ADMIN,
  'DELETE /api/v1/oauth-clients/:id': ADMIN,
  'POST /api/v1/oauth-clients/:id/client-secrets': ADMIN,
  'DELETE /api/v1/oauth-clients/:id/client-secrets/:hint': ADMIN,
};
