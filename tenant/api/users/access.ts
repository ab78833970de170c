import type { Caller } from '../../auth/caller';
import type { Guard } from '../../auth/guards';
import { roleForbidden } from '../../http/errors';

const ADMIN_USERS: Guard = { anyOf: ['admin.users'] };

/**
 * User and group administration: a token with admin.users (admin_classic includes it), and the TenantAdmin role
 * at the time of the request (a role taken away counts at once, whatever the token says).
 */
export const USERS_WRITE_GUARDS: Record<string, Guard> = {
  'POST /api/v1/users': ADMIN_USERS,
  'PATCH /api/v1/users/:userId': ADMIN_USERS,
  'DELETE /api/v1/users/:userId': ADMIN_USERS,
  'GET /api/v1/users/actions/count': { anyOf: ['admin.users:read'] },
};

export const GROUPS_WRITE_GUARDS: Record<string, Guard> = {
  'POST /api/v1/groups': ADMIN_USERS,
  'PATCH /api/v1/groups/:groupId': ADMIN_USERS,
  'DELETE /api/v1/groups/:groupId': ADMIN_USERS,
};

export function requireTenantAdmin(caller: Caller, what: string): void {
  if (!caller.isTenantAdmin) throw roleForbidden(`Only a TenantAdmin can ${what}.`);
}
