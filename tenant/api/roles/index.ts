import type { FastifyInstance } from 'fastify';
import type { Role } from '@qlik/api/roles';
import type { ApiOptions } from '../plugin';
import type { RoleRow } from '../../store/identities';
import { cursorListAnswer, cursorListQuerySchema, type CursorListQuery } from '../../http/list';
import { requestOrigin } from '../../http/pagination';

function toRole(row: RoleRow, tenantId: string, origin: string): Role {
  return {
    id: row.id,
    tenantId,
    name: row.name,
    description: row.description,
    type: row.type,
    level: row.level,
    assignedScopes: JSON.parse(row.assigned_scopes) as string[],
    canEdit: row.type === 'custom',
    canDelete: row.type === 'custom',
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    links: { self: { href: `${origin}/api/v1/roles/${row.id}` } },
  };
}

/** The roles API: the list of roles and the scopes each carries. */
export async function rolesApi(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Querystring: CursorListQuery }>(
    '/api/v1/roles',
    { schema: { querystring: cursorListQuerySchema() } },
    async (request) => {
      const origin = requestOrigin(request);
      return cursorListAnswer(request, ctx.identities.listRoles(request.query), (row) =>
        toRole(row, ctx.tenant().id, origin),
      );
    },
  );
}
