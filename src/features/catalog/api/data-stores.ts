import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { getDataStoreDataAssets, getDataStores, type DataStore } from '@qlik/api/data-stores';
import type { DataAsset } from '@qlik/api/data-assets';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { dataAssetKeys, dataStoreKeys } from './keys';

/** A tenant has a handful of stores (one for data files); one page of the maximum size holds them. */
export function dataStoresQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: dataStoreKeys(tenant.id).list({ page: 0 }),
    queryFn: async ({ signal }): Promise<DataStore[]> => {
      const { data } = await getDataStores({ limit: 100, sort: ['name'] }, apiOptions(tenant, signal));
      return data.data ?? [];
    },
    staleTime: 5 * 60_000,
  });
}

export const ASSET_PAGE_SIZE = 50;

export interface AssetPage {
  assets: DataAsset[];
  page: number;
  pages: number;
  total: number;
}

/**
 * A store's data assets (one per space for data files), a page at a time: a large tenant has thousands, so the
 * tree loads more on demand instead of reading them all.
 */
export function dataAssetsQuery(tenant: TenantTarget, storeId: string) {
  return infiniteQueryOptions({
    queryKey: dataAssetKeys(tenant.id).list({ storeId }),
    initialPageParam: 0,
    queryFn: async ({ pageParam, signal }): Promise<AssetPage> => {
      const { data } = await getDataStoreDataAssets(
        storeId,
        { page: pageParam, limit: ASSET_PAGE_SIZE, sort: ['name'] },
        apiOptions(tenant, signal),
      );
      return {
        assets: data.data ?? [],
        page: data.page ?? pageParam,
        pages: data.pages ?? 0,
        total: data.total ?? 0,
      };
    },
    getNextPageParam: (last) => (last.page + 1 < last.pages ? last.page + 1 : undefined),
    staleTime: 60_000,
  });
}
