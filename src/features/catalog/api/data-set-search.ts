import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { getDataAsset, type DataAsset } from '@qlik/api/data-assets';
import { getItems, type ItemResultResponseBody } from '@qlik/api/items';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import type { DataSetSort } from '../search';
import { dataAssetKeys, itemKeys, queryText } from './keys';
import { cursorOf, itemAttributes } from './items';

/** What a data-set row shows, whether it came from the data-sets list or from a search of items. */
export interface DataSetRow {
  id: string;
  name: string;
  type?: string;
  /** The data asset's name (the space's, for data files), when the row knows it. */
  placeName?: string;
  spaceId?: string;
  ownerId?: string;
  rowCount?: number;
  size?: number;
  updated?: string;
}

/** Which part of the catalog a search looks in: one space's data sets, one user's personal ones, or all. */
export type SearchPlace = { spaceId: string } | { personalOwnerId: string } | Record<string, never>;

export interface DataSetSearchParams {
  q: string;
  place: SearchPlace;
  sort: DataSetSort;
  size: number;
}

type ItemSort = '+name' | '-name' | '+updatedAt' | '-updatedAt';

/** The items API sorts by name and by update time; a type sort has no counterpart there and searches by name. */
export function itemSortOf(sort: DataSetSort): ItemSort {
  if (sort === '-name') return '-name';
  if (sort === 'lastModifiedTime') return '+updatedAt';
  if (sort === '-lastModifiedTime') return '-updatedAt';
  return '+name';
}

export function rowOfItem(item: ItemResultResponseBody): DataSetRow {
  const attributes = itemAttributes(item);
  return {
    id: item.resourceId ?? item.id ?? '',
    name: item.name ?? attributes.technicalName ?? '',
    type: attributes.type,
    spaceId: item.spaceId,
    ownerId: item.ownerId,
    size: attributes.size,
    updated: item.resourceUpdatedAt ?? item.updatedAt,
  };
}

/** The data asset a tree selection names: where a search narrows to (its space, or its owner's personal sets). */
export function dataAssetQuery(tenant: TenantTarget, assetId: string) {
  return queryOptions({
    queryKey: dataAssetKeys(tenant.id).detail(assetId),
    queryFn: async ({ signal }): Promise<DataAsset> =>
      (await getDataAsset(assetId, {}, apiOptions(tenant, signal))).data,
    staleTime: 5 * 60_000,
  });
}

export function searchPlaceOf(asset: DataAsset | undefined): SearchPlace {
  if (!asset) return {};
  if (asset.spaceId) return { spaceId: asset.spaceId };
  return asset.ownerId ? { personalOwnerId: asset.ownerId } : {};
}

/** The search a catalog URL asks for (null without one), in the asset it has selected. */
export function catalogSearchParams(
  search: { q: string; sort: DataSetSort; size: number },
  asset: DataAsset | undefined,
): DataSetSearchParams | null {
  const q = search.q.trim();
  return q ? { q, place: searchPlaceOf(asset), sort: search.sort, size: search.size } : null;
}

/**
 * Data sets whose name or description contains the search, as Qlik documents it: `GET /items?resourceType=dataset`
 * with `query` (the data-sets list itself takes no name filter). Cursor pages, loaded as the table scrolls.
 */
export function dataSetSearchQuery(tenant: TenantTarget, params: DataSetSearchParams) {
  return infiniteQueryOptions({
    queryKey: itemKeys(tenant.id).list({ resourceType: 'dataset', purpose: 'search', ...params }),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const place = params.place;
      const { data } = await getItems(
        {
          resourceType: 'dataset',
          query: queryText(params.q),
          sort: itemSortOf(params.sort),
          limit: Math.min(params.size, 100),
          ...('spaceId' in place ? { spaceId: place.spaceId } : {}),
          ...('personalOwnerId' in place ? { spaceType: 'personal', ownerId: place.personalOwnerId } : {}),
          ...(pageParam ? { next: pageParam } : {}),
        },
        apiOptions(tenant, signal),
      );
      return { rows: data.data.map(rowOfItem), next: cursorOf(data.links.next?.href) };
    },
    getNextPageParam: (last) => last.next,
    staleTime: 30_000,
  });
}
