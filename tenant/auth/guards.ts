/**
 * The one table of which scopes allow which endpoint. The auth hook reads it for every `/api/v1` request and
 * `buildServer` refuses to start when a route under `/api/v1` has no entry, so no endpoint is ever unguarded.
 *
 * `anyOf: []` means any valid token. Scopes are compared after expansion (`user_default` ⊇ `users:read`, …).
 * Space roles and ownership are checked by the handlers on top of this.
 */
export interface Guard {
  anyOf: readonly string[];
}

const ANY_TOKEN: Guard = { anyOf: [] };
const READ_USERS: Guard = { anyOf: ['users:read', 'admin.users:read'] };
const ADMIN_READ_USERS: Guard = { anyOf: ['admin.users:read'] };

export const GUARDS: Record<string, Guard> = {
  // identity and tenant
  'GET /api/v1/users/me': ANY_TOKEN,
  'GET /api/v1/users': ADMIN_READ_USERS,
  'GET /api/v1/users/:userId': READ_USERS,
  'GET /api/v1/groups': READ_USERS,
  'GET /api/v1/groups/:groupId': READ_USERS,
  'GET /api/v1/roles': READ_USERS,
  'GET /api/v1/tenants/me': ANY_TOKEN,
  'GET /api/v1/tenants/:tenantId': ANY_TOKEN,
  'GET /api/v1/boot/core-init': ANY_TOKEN,
};

export function guardFor(method: string, routeUrl: string): Guard | undefined {
  return GUARDS[`${method} ${routeUrl}`];
}

/** Registers more guards (each API module adds its own rows when it is registered). */
export function addGuards(rows: Record<string, Guard>): void {
  Object.assign(GUARDS, rows);
}
