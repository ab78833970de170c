import type { FastifyInstance } from 'fastify';
import { addGuards } from '../../auth/guards';
import type { ApiOptions } from '../plugin';
import { DATA_FILES_GUARDS } from './access';
import { listRoutes } from './list';
import { quotaRoutes } from './quotas';
import { connectionRoutes } from './connections';
import { itemRoutes } from './items';
import { actionRoutes } from './actions';
import { uploadRoutes } from './uploads';

/** The data-files API: lists, quotas, DataFiles connections, items, batch actions and uploads. */
export async function dataFilesApi(app: FastifyInstance, options: ApiOptions): Promise<void> {
  addGuards(DATA_FILES_GUARDS);
  await app.register(listRoutes, options);
  await app.register(quotaRoutes, options);
  await app.register(connectionRoutes, options);
  await app.register(itemRoutes, options);
  await app.register(actionRoutes, options);
  // in a plugin of its own: only these two routes take multipart bodies
  await app.register(uploadRoutes, options);
}
