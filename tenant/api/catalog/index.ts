import type { FastifyInstance } from 'fastify';
import { addGuards } from '../../auth/guards';
import { acceptJsonPatch, type ApiOptions } from '../plugin';
import { CATALOG_GUARDS } from './access';
import { dataStoreRoutes } from './data-stores';
import { dataAssetRoutes } from './data-assets';
import { dataSetRoutes } from './data-sets';
import { profileRoutes } from './profiles';
import { schemaVersionRoutes } from './schema-versions';
import { itemRoutes } from './items';

/**
 * Qlik's catalog for data files: data stores → data assets → data sets (qlik.dev data-stores, data-assets,
 * data-sets), data set profiles, a data set's schema versions (ours), and data sets as items (`GET /items?resourceType=dataset`).
 */
export async function catalogApi(app: FastifyInstance, options: ApiOptions): Promise<void> {
  addGuards(CATALOG_GUARDS);
  acceptJsonPatch(app);
  await app.register(dataStoreRoutes, options);
  await app.register(dataAssetRoutes, options);
  await app.register(dataSetRoutes, options);
  await app.register(profileRoutes, options);
  await app.register(schemaVersionRoutes, options);
  await app.register(itemRoutes, options);
}
