import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { getDataStoreDataAssetDataSets, type PageDataSet } from '@qlik/api/data-stores';
import { getDataSet, type DataSet } from '@qlik/api/data-sets';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import type { DataSetSort } from '../search';
import { dataSetKeys } from './keys';
import type { DataSetRow } from './data-set-search';

export interface DataSetListParams {
  /** A store id, or every store. */
  store?: string;
  /** A data asset id, or every asset of the store(s). */
  asset?: string;
  sort: DataSetSort;
  /** 1-based page. */
  page: number;
  size: number;
}

export interface DataSetListPage {
  dataSets: DataSet[];
  total: number;
  pages: number;
}

export function rowOfDataSet(set: DataSet): DataSetRow {
  return {
    id: set.id ?? '',
    name: set.name ?? set.technicalName,
    type: set.type,
    placeName: set.dataAssetInfo.name,
    spaceId: set.spaceId,
    ownerId: set.ownerId,
    rowCount: set.operational?.rowCount,
    size: set.operational?.size,
    updated: set.lastModifiedTime,
  };
}

/**
 * `GET /data-stores/{ids}/data-assets/{ids}/data-sets` is the one list of data sets; `*` stands for every store
 * or asset. It takes no name filter: a search goes to the items API (`dataSetSearchQuery`).
 */
export function dataSetsQuery(tenant: TenantTarget, params: DataSetListParams) {
  return queryOptions({
    queryKey: dataSetKeys(tenant.id).list(params),
    queryFn: async ({ signal }): Promise<DataSetListPage> => {
      const { data }: { data: PageDataSet } = await getDataStoreDataAssetDataSets(
        params.store ?? '*',
        params.asset ?? '*',
        { page: params.page - 1, limit: params.size, sort: [params.sort] },
        apiOptions(tenant, signal),
      );
      return { dataSets: data.data ?? [], total: data.total ?? 0, pages: data.pages ?? 0 };
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function dataSetQuery(tenant: TenantTarget, dataSetId: string) {
  return queryOptions({
    queryKey: dataSetKeys(tenant.id).detail(dataSetId),
    queryFn: async ({ signal }): Promise<DataSet> =>
      (await getDataSet(dataSetId, {}, apiOptions(tenant, signal))).data,
    staleTime: 30_000,
  });
}
