import type { Caller } from '../auth/caller';
import type { SpacePrincipal } from '../store/spaces';

/**
 * How the data-files API and the catalog see a caller: by space roles, with a tenant admin's reach following the
 * token's admin.spaces scopes (admin.spaces:read sees every space, admin.spaces also changes them).
 */
export function contentPrincipal(caller: Caller): SpacePrincipal {
  return {
    userId: caller.user.id,
    groupIds: caller.groupIds,
    seesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces:read'),
    managesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces'),
  };
}
