import type { FastifyInstance } from 'fastify';
import { addGuards } from '../../auth/guards';
import type { ApiOptions } from '../plugin';
import { APPS_GUARDS } from './access';
import { appRoutes } from './apps';
import { scriptRoutes } from './scripts';

/** The apps API: apps and their load scripts. */
export async function appsApi(app: FastifyInstance, options: ApiOptions): Promise<void> {
  addGuards(APPS_GUARDS);
  await app.register(appRoutes, options);
  await app.register(scriptRoutes, options);
}
