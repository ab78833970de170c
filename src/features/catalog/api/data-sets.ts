import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { getDataStoreDataAssetDataSets, type PageDataSet } from '@qlik/api/data-stores';
import { getDataSet, type DataSet } from '@qlik/api/data-sets';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import type { DataSetSort } from '../search';
import { dataSetKeys, queryText } from './keys';

export interface DataSetListParams {
  /** A store id, or every store. */
  store?: string;
  /** A data asset id, or every asset of the store(s). */
  asset?: string;
  /** Part of the name, case-insensitive. */
  q: string;
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

/**
 * `GET /data-stores/{ids}/data-assets/{ids}/data-sets` is the one list of data sets; `*` stands for every store
 * or asset. The local tenant also filters by `name` (contains); @qlik/api's typing omits that parameter, so the
 * query object is widened before the call.
 */
export function dataSetsQuery(tenant: TenantTarget, params: DataSetListParams) {
  return queryOptions({
    queryKey: dataSetKeys(tenant.id).list(params),
    queryFn: async ({ signal }): Promise<DataSetListPage> => {
      const query: Parameters<typeof getDataStoreDataAssetDataSets>[2] & { name?: string } = {
        page: params.page - 1,
        limit: params.size,
        sort: [params.sort],
        ...(params.q.trim() ? { name: queryText(params.q.trim()) } : {}),
      };
      const { data }: { data: PageDataSet } = await getDataStoreDataAssetDataSets(
        params.store ?? '*',
        params.asset ?? '*',
        query,
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
