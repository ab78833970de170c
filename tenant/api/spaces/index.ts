import type { FastifyInstance } from 'fastify';
import { addGuards } from '../../auth/guards';
import { acceptJsonPatch, type ApiOptions } from '../plugin';
import { SPACES_GUARDS } from './access';
import { mirrorSpacesError } from './shape';
import { spacesRoutes } from './spaces';
import { assignmentsRoutes } from './assignments';

/** The spaces API: spaces and their members, answering errors in the spaces API's own form. */
export async function spacesApi(app: FastifyInstance, options: ApiOptions): Promise<void> {
  addGuards(SPACES_GUARDS);
  acceptJsonPatch(app);
  app.addHook('onSend', async (_request, reply, payload) =>
    reply.statusCode >= 400 ? mirrorSpacesError(payload) : payload,
  );
  await app.register(spacesRoutes, options);
  await app.register(assignmentsRoutes, options);
}
