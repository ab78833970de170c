import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { getAppDataLineage } from '@qlik/api/apps';
import { getItems } from '@qlik/api/items';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { appSourceOf, type AppSource } from '../model';
import { appKeys } from './keys';

const SPACE_APPS_PAGE_SIZE = 50;

const cursorOf = (href: string | undefined) => {
  if (!href) return undefined;
  try {
    return new URL(href).searchParams.get('next') ?? undefined;
  } catch {
    return undefined;
  }
};

/** The apps of one space (their items), by name, following the items API's cursors. */
export function spaceAppsQuery(tenant: TenantTarget, spaceId: string) {
  return infiniteQueryOptions({
    queryKey: appKeys(tenant.id).list({ spaceId }),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data } = await getItems(
        { resourceType: 'app', spaceId, sort: '+name', limit: SPACE_APPS_PAGE_SIZE, ...(pageParam ? { next: pageParam } : {}) },
        apiOptions(tenant, signal),
      );
      return { items: data.data, next: cursorOf(data.links.next?.href) };
    },
    getNextPageParam: (last) => last.next,
    staleTime: 30_000,
  });
}

/** What an app's current load script reads and writes (the engine's data lineage of the app). */
export function appSourcesQuery(tenant: TenantTarget, appId: string) {
  return queryOptions({
    queryKey: appKeys(tenant.id).detail({ appId, part: 'sources' }),
    queryFn: async ({ signal }): Promise<AppSource[]> => {
      const { data } = await getAppDataLineage(appId, apiOptions(tenant, signal));
      return data.map(appSourceOf).filter((source): source is AppSource => source !== undefined);
    },
    staleTime: 30_000,
  });
}
