import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { getAppDataLineage } from '@qlik/api/apps';
import { getItems } from '@qlik/api/items';
import { getSpace } from '@qlik/api/spaces';
import { tenantKeys } from '@/lib/query-keys';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { appSourceOf, type AppSource } from '../model';
import { appKeys } from './keys';

const APPS_PAGE_SIZE = 50;

const cursorOf = (href: string | undefined) => {
  if (!href) return undefined;
  try {
    return new URL(href).searchParams.get('next') ?? undefined;
  } catch {
    return undefined;
  }
};

/** Which apps a list shows: one space's, or every app the caller sees (whose names contain `q`). */
export type AppsListParams = { spaceId: string } | { q: string };

/** Apps (their items) by name, following the items API's cursors. */
export function appsQuery(tenant: TenantTarget, params: AppsListParams) {
  return infiniteQueryOptions({
    queryKey: appKeys(tenant.id).list(params),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data } = await getItems(
        {
          resourceType: 'app',
          sort: '+name',
          limit: APPS_PAGE_SIZE,
          ...('spaceId' in params ? { spaceId: params.spaceId } : {}),
          ...('q' in params && params.q ? { query: encodeURIComponent(params.q) } : {}),
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

/** The apps of one space, by name. */
export const spaceAppsQuery = (tenant: TenantTarget, spaceId: string) => appsQuery(tenant, { spaceId });

/** A space's name for a column of apps (a whole page of apps shares a few spaces, each read once). */
export function spaceNameQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('spaces').detail({ spaceId, part: 'name' }),
    queryFn: async ({ signal }) => (await getSpace(spaceId, apiOptions(tenant, signal))).data.name,
    staleTime: 5 * 60_000,
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
