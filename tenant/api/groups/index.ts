import type { FastifyInstance } from 'fastify';
import { acceptJsonPatch, type ApiOptions } from '../plugin';
import { addGuards } from '../../auth/guards';
import { GROUPS_WRITE_GUARDS } from '../users/access';
import { groupChangesRoutes } from './changes';
import { toGroup } from './shape';
import { ApiError, badRequest } from '../../http/errors';
import { cursorListAnswer, cursorListQuerySchema, type CursorListQuery } from '../../http/list';
import { requestOrigin } from '../../http/pagination';

/** The groups API: regular groups (or the system ones), one group, and the TenantAdmin's changes. */
export async function groupsApi(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  addGuards(GROUPS_WRITE_GUARDS);
  acceptJsonPatch(app);
  await app.register(groupChangesRoutes, { ctx });
  app.get<{ Querystring: CursorListQuery & { systemGroups?: boolean } }>(
    '/api/v1/groups',
    { schema: { querystring: cursorListQuerySchema({ systemGroups: { type: 'boolean' } }) } },
    async (request) => {
      const { systemGroups, ...rest } = request.query;
      // "Return system groups (e.g. Everyone) instead of regular groups. Cannot be combined with any other query
      // parameters." Read from what was sent: the schema fills in a default limit.
      const sent = [...new URL(request.url, 'http://tenant').searchParams.keys()];
      if (systemGroups && sent.some((key) => key !== 'systemGroups')) {
        throw badRequest('systemGroups cannot be combined with any other query parameter.', {
          source: { parameter: 'systemGroups' },
        });
      }
      const page = ctx.identities.listGroups(systemGroups ? { limit: 100 } : rest, Boolean(systemGroups));
      const origin = requestOrigin(request);
      return cursorListAnswer(request, page, (row) => toGroup(ctx, row, origin));
    },
  );

  app.get<{ Params: { groupId: string } }>('/api/v1/groups/:groupId', async (request) => {
    const row = ctx.identities.groupById(request.params.groupId);
    if (!row) {
      throw new ApiError(404, `Group ${request.params.groupId} not found.`, { code: 'IDENTITIES-10402', title: 'Not Found' });
    }
    return toGroup(ctx, row, requestOrigin(request));
  });
}
