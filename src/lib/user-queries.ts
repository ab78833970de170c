import { queryOptions } from '@tanstack/react-query';
import { getUser, type User } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from './qlik-host';
import { tenantKeys } from './query-keys';

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
