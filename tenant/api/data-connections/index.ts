import type { FastifyInstance } from 'fastify';
import { addGuards } from '../../auth/guards';
import { acceptJsonPatch, type ApiOptions } from '../plugin';
import { DATA_CONNECTIONS_GUARDS } from './access';
import { listRoutes } from './list';
import { itemRoutes } from './items';
import { actionRoutes } from './actions';

/** The data-connections API: the list, one connection, and the bulk and duplicate actions. */
export async function dataConnectionsApi(app: FastifyInstance, options: ApiOptions): Promise<void> {
  addGuards(DATA_CONNECTIONS_GUARDS);
  acceptJsonPatch(app);
  await app.register(listRoutes, options);
  await app.register(itemRoutes, options);
  await app.register(actionRoutes, options);
}
