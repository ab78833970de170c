import { queryOptions } from '@tanstack/react-query';
import { getSpace, getSpaces, type Space } from '@qlik/api/spaces';
import { apiOptions, type TenantTarget } from './qlik-host';
import { tenantKeys } from './query-keys';

/** One space (`GET /spaces/{id}`), shared by every area that shows a space's name, type or rights. */
export function spaceQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('spaces').detail(spaceId),
    queryFn: async ({ signal }): Promise<Space> => (await getSpace(spaceId, apiOptions(tenant, signal))).data,
  });
}

const MAX_SPACE_PAGES = 10;

/**
 * The spaces the caller can see, by name, to name the space of a connection or file and to offer spaces in
 * filters, forms and move targets. Capped at 1,000 spaces; an item in a space beyond that shows its space ID.
 */
export function visibleSpacesQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('spaces').list({ purpose: 'visible', limit: 100 }),
    queryFn: async ({ signal }): Promise<Space[]> => {
      const spaces: Space[] = [];
      let response = await getSpaces({ limit: 100, sort: '+name' }, apiOptions(tenant, signal));
      spaces.push(...(response.data.data ?? []));
      for (let page = 1; page < MAX_SPACE_PAGES && response.next; page++) {
        response = await response.next(apiOptions(tenant, signal));
        spaces.push(...(response.data.data ?? []));
      }
      return spaces;
    },
    staleTime: 60_000,
  });
}
