import { queryOptions } from '@tanstack/react-query';
import { getMyUser, type User } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';

export const myUserKeys = (tenantId: string) => tenantKeys(tenantId).resource('users');

/** The signed-in user (`GET /api/v1/users/me`): Qlik issues no id_token, so this is the identity. */
export function myUserQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: myUserKeys(tenant.id).detail('me'),
    queryFn: async ({ signal }): Promise<User> => (await getMyUser(apiOptions(tenant, signal))).data,
    staleTime: 5 * 60_000,
  });
}

export function roleNames(user: Pick<User, 'assignedRoles'>): string[] {
  return (user.assignedRoles ?? []).map((role) => role.name).filter((name): name is string => Boolean(name));
}
