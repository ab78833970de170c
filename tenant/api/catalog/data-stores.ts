import type { FastifyInstance } from 'fastify';
import type { DataStore, PageDataAsset, PageDataSet, PageDataStore } from '@qlik/api/data-stores';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { notFound } from '../../http/errors';
import { DATA_ASSET_SORTS, DATA_SET_SORTS, DATA_STORE_SORTS } from '../../store/catalog';
import { assetLookup, offsetPage, project, storeLookup, toDataAsset, toDataSet, toDataStore } from './shape';
import {
  catalogSort,
  dataAssetsSchema,
  dataSetsSchema,
  dataStoresSchema,
  idList,
  oneSchema,
  projectionsOf,
  type PageQuery,
} from './schemas';

/** Data stores, and the data assets and data sets under them (ids or `*` in the path). */
export async function dataStoreRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Querystring: PageQuery }>(
    '/api/v1/data-stores',
    { schema: dataStoresSchema },
    async (request): Promise<PageDataStore> => {
      const q = request.query;
      const sort = catalogSort(q.sort, DATA_STORE_SORTS, 'name');
      const { rows, total } = ctx.catalog.listStores(sort, q.page * q.limit, q.limit);
      const projections = projectionsOf(q.projections);
      const tenantId = ctx.tenant().id;
      return offsetPage(request, q, rows.map((r) => project(toDataStore(r, tenantId), projections)), total);
    },
  );

  app.get<{ Params: { dataStoreId: string }; Querystring: { projections?: string } }>(
    '/api/v1/data-stores/:dataStoreId',
    { schema: oneSchema('dataStoreId') },
    async (request): Promise<DataStore> => {
      const { dataStoreId } = request.params;
      const row = ctx.catalog.storeById(dataStoreId);
      if (!row) {
        throw notFound(`Data store ${dataStoreId} was not found.`, { source: { parameter: 'dataStoreId' } });
      }
      return project(toDataStore(row, ctx.tenant().id), projectionsOf(request.query.projections));
    },
  );

  app.get<{ Params: { dataStoreId: string }; Querystring: PageQuery }>(
    '/api/v1/data-stores/:dataStoreId/data-assets',
    { schema: dataAssetsSchema },
    async (request): Promise<PageDataAsset> => {
      const q = request.query;
      const storeIds = idList(request.params.dataStoreId, 'dataStoreIds');
      const sort = catalogSort(q.sort, DATA_ASSET_SORTS, 'name');
      const principal = contentPrincipal(request.caller);
      const { rows, total } = ctx.catalog.listAssets({ storeIds, principal }, sort, q.page * q.limit, q.limit);
      const stores = storeLookup(ctx.catalog);
      const projections = projectionsOf(q.projections);
      const tenantId = ctx.tenant().id;
      return offsetPage(request, q, rows.map((r) => project(toDataAsset(r, stores, tenantId), projections)), total);
    },
  );

  app.get<{ Params: { dataStoreId: string; dataAssetId: string }; Querystring: PageQuery & { name?: string } }>(
    '/api/v1/data-stores/:dataStoreId/data-assets/:dataAssetId/data-sets',
    { schema: dataSetsSchema },
    async (request): Promise<PageDataSet> => {
      const q = request.query;
      const storeIds = idList(request.params.dataStoreId, 'dataStoreIds');
      const assetIds = idList(request.params.dataAssetId, 'dataAssetIds');
      const sort = catalogSort(q.sort, DATA_SET_SORTS, 'name');
      const principal = contentPrincipal(request.caller);
      const filter = { storeIds, assetIds, principal, nameContains: q.name || undefined };
      const { rows, total } = ctx.catalog.listSets(filter, sort, q.page * q.limit, q.limit);
      const lookup = assetLookup(ctx.catalog);
      const projections = projectionsOf(q.projections);
      const tenantId = ctx.tenant().id;
      return offsetPage(request, q, rows.map((r) => project(toDataSet(r, lookup, tenantId), projections)), total);
    },
  );
}
