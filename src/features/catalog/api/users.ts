import { queryOptions } from '@tanstack/react-query';
import { getUser } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { userKeys } from './keys';

/** A user's display name, for owner columns; the id stands in when the caller may not read the user. */
export function userNameQuery(tenant: TenantTarget, userId: string) {
  return queryOptions({
    queryKey: userKeys(tenant.id).detail({ id: userId, view: 'name' }),
    queryFn: async ({ signal }): Promise<string> => {
      const { data } = await getUser(userId, {}, apiOptions(tenant, signal));
      return data.name || userId;
    },
    staleTime: 10 * 60_000,
    retry: false,
  });
}
