import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { getItems } from '@qlik/api/items';
import { getSpace } from '@qlik/api/spaces';
import { tenantKeys } from '@/lib/query-keys';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { cursorOf } from './items';
import { itemKeys, queryText } from './keys';

export const CATALOG_APPS_PAGE_SIZE = 50;

/** Every app the caller may see, tenant-wide, by name (the items API's apps), following its cursors. */
export function catalogAppsQuery(tenant: TenantTarget, q: string) {
  return infiniteQueryOptions({
    queryKey: itemKeys(tenant.id).list({ resourceType: 'app', q }),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data } = await getItems(
        {
          resourceType: 'app',
          sort: '+name',
          limit: CATALOG_APPS_PAGE_SIZE,
          ...(q ? { query: queryText(q) } : {}),
          ...(pageParam ? { next: pageParam } : {}),
        },
        apiOptions(tenant, signal),
      );
      return { items: data.data, next: cursorOf(data.links.next?.href) };
    },
    getNextPageParam: (last) => last.next,
    staleTime: 30_000,
  });
}

/** A space's name for a column of apps (a whole page of apps shares a few spaces, each read once). */
export function spaceNameQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('spaces').detail({ spaceId, part: 'name' }),
    queryFn: async ({ signal }) => (await getSpace(spaceId, apiOptions(tenant, signal))).data.name,
    staleTime: 5 * 60_000,
  });
}
