import type { FastifyInstance } from 'fastify';
import type { Group } from '@qlik/api/groups';
import type { TenantContext } from '../../context';
import type { ApiOptions } from '../plugin';
import type { GroupRow } from '../../store/identities';
import { ApiError, badRequest } from '../../http/errors';
import { cursorListAnswer, cursorListQuerySchema, type CursorListQuery } from '../../http/list';
import { requestOrigin } from '../../http/pagination';
import { roleRef } from '../users/shape';

function toGroup(ctx: TenantContext, row: GroupRow, origin: string): Group {
  return {
    id: row.id,
    tenantId: ctx.tenant().id,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    providerType: row.provider_type,
    status: row.status,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    ...(row.created_by ? { createdBy: row.created_by } : {}),
    assignedRoles: ctx.identities.rolesOfGroup(row.id).map(roleRef),
    links: { self: { href: `${origin}/api/v1/groups/${row.id}` } },
  };
}

/** The groups API: regular groups (or the system ones) and one group. */
export async function groupsApi(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
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
