import type { FastifyInstance } from 'fastify';
import { acceptJsonPatch, type ApiOptions } from '../plugin';
import { addGuards } from '../../auth/guards';
import { USERS_WRITE_GUARDS } from './access';
import { userChangesRoutes } from './changes';
import { ApiError } from '../../http/errors';
import { cursorListAnswer, cursorListQuerySchema, type CursorListQuery } from '../../http/list';
import { requestOrigin } from '../../http/pagination';
import { toUser } from './shape';

const userNotFound = (id: string) =>
  new ApiError(404, `User ${id} not found.`, { code: 'USERS-7', title: 'Not found', source: { parameter: 'userId' } });

/** The users API: the caller, the list (SCIM filter, sort, cursors), one user, and the TenantAdmin's changes. */
export async function usersApi(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  addGuards(USERS_WRITE_GUARDS);
  acceptJsonPatch(app);
  await app.register(userChangesRoutes, { ctx });
  app.get('/api/v1/users/me', async (request) => toUser(ctx, request.caller.user, requestOrigin(request)));

  app.get<{ Querystring: CursorListQuery }>(
    '/api/v1/users',
    { schema: { querystring: cursorListQuerySchema() } },
    async (request) => {
      const origin = requestOrigin(request);
      return cursorListAnswer(request, ctx.identities.listUsers(request.query), (row) => toUser(ctx, row, origin));
    },
  );

  app.get<{ Params: { userId: string } }>('/api/v1/users/:userId', async (request) => {
    const row = ctx.identities.userById(request.params.userId);
    if (!row || row.is_service) throw userNotFound(request.params.userId);
    return toUser(ctx, row, requestOrigin(request));
  });
}
