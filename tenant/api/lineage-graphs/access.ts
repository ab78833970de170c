import type { Guard } from '../../auth/guards';
import type { Caller } from '../../auth/caller';
import { ApiError } from '../../http/errors';

/** Qlik's `lineage:read` scope ("View lineage between assets", in user_default) reads every lineage graph. */
const READ: Guard = { anyOf: ['lineage:read'] };

export const LINEAGE_GUARDS: Record<string, Guard> = {
  'GET /api/v1/lineage-graphs/nodes/:id': READ,
  'GET /api/v1/lineage-graphs/nodes/:id/actions/expand': READ,
  'GET /api/v1/lineage-graphs/nodes/:id/actions/search': READ,
  'POST /api/v1/lineage-graphs/nodes/:id/overview': READ,
  'GET /api/v1/lineage-graphs/impact/:id/overview': READ,
  'GET /api/v1/lineage-graphs/impact/:id/actions/expand': READ,
  'GET /api/v1/lineage-graphs/impact/:id/actions/search': READ,
  'GET /api/v1/lineage-graphs/impact/:id/source': READ,
};

/** Impact analysis is for tenant admins (qlik.dev get-started-lineage). */
export function requireTenantAdmin(caller: Caller): void {
  if (!caller.isTenantAdmin) {
    throw new ApiError(403, 'Impact analysis needs the TenantAdmin role.', { meta: { reason: 'role' } });
  }
}
