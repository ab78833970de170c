import type { JsonPatch } from '@qlik/api/data-sets';
import type { ApiCall } from '@/lib/api-call';
import type { DataSetListParams } from './data-sets';

/** What "Copy as…" copies for the catalog: each the same request the console sends. */
export function dataSetListCall(params: DataSetListParams): ApiCall {
  const store = params.store ?? '*';
  const asset = params.asset ?? '*';
  const query = { page: params.page - 1, limit: params.size, sort: params.sort };
  return {
    method: 'GET',
    path: `data-stores/${encodeURIComponent(store)}/data-assets/${encodeURIComponent(asset)}/data-sets`,
    query,
    qlikApi: {
      module: 'data-stores',
      fn: 'getDataStoreDataAssetDataSets',
      args: [store, asset, { ...query, sort: [params.sort] }],
    },
  };
}

export function patchDataSetCall(dataSetId: string, ops: JsonPatch[]): ApiCall {
  return {
    method: 'PATCH',
    path: `data-sets/${encodeURIComponent(dataSetId)}`,
    body: { json: ops },
    qlikApi: { module: 'data-sets', fn: 'patchDataSet', args: [dataSetId, ops] },
  };
}
