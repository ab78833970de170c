import { queryOptions } from '@tanstack/react-query';
import { getUser, type User } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from './qlik-host';
import { tenantKeys } from './query-keys';

/** Who is asking: the scopes of their token and whether they are a tenant admin (the router's capabilities). */
export interface UserDirectoryCaller {
  isTenantAdmin: boolean;
  has: (scope: string) => boolean;
}

/**
 * Whether the caller may list users (`GET /users`, with or without a filter): tenant admins with admin.users:read.
 * Everyone else reads users one by one by id, so the console never asks what the tenant would refuse.
 */
export const mayListUsers = (caller: UserDirectoryCaller): boolean =>
  caller.isTenantAdmin && caller.has('admin.users:read');

/**
 * One user, read by id (`users:read`, which every member has, unlike listing users). Owner columns of every
 * area share these entries, so an owner is fetched once however many rows and pages name them.
 */
export function userQuery(tenant: TenantTarget, userId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('users').detail(userId),
    queryFn: async ({ signal }): Promise<User> =>
      (await getUser(userId, {}, apiOptions(tenant, signal))).data,
    staleTime: 5 * 60_000,
    // A user the caller may not read stays an id; asking again would not change that.
    retry: false,
  });
}
