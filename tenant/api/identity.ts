import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { User } from '@qlik/api/users';
import type { Group } from '@qlik/api/groups';
import type { Role } from '@qlik/api/roles';
import type { TenantContext } from '../context';
import type { GroupRow, RoleRow, UserRow } from '../store/identities';
import { USER_COLUMNS } from '../store/identities';
import { ApiError } from '../http/errors';
import { requestOrigin } from '../http/pagination';
import { cursorList, cursorListQuerySchema, type CursorListQuery } from '../http/list';

const roleRef = (r: RoleRow) => ({ id: r.id, name: r.name, type: r.type, level: r.level });

function effectiveScopes(roles: RoleRow[], ctx: TenantContext): string[] {
  const userDefault = ctx.identities.roleByName('userDefault');
  const all = new Set<string>();
  for (const role of userDefault ? [userDefault, ...roles] : roles) {
    for (const scope of JSON.parse(role.assigned_scopes) as string[]) all.add(scope);
  }
  return [...all].sort();
}

export function toUser(row: UserRow, ctx: TenantContext, origin: string): User {
  const roles = ctx.identities.directRolesOf(row.id);
  return {
    id: row.id,
    tenantId: ctx.tenant().id,
    subject: row.subject,
    name: row.name,
    email: row.email,
    status: row.status,
    ...(row.picture ? { picture: row.picture } : {}),
    locale: row.locale ?? 'en',
    zoneinfo: row.zoneinfo ?? 'UTC',
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    assignedRoles: roles.map(roleRef),
    assignedGroups: ctx.identities.groupsOf(row.id).map((g) => ({
      id: g.id,
      name: g.name,
      providerType: g.provider_type,
      assignedRoles: ctx.identities.rolesOfGroup(g.id).map(roleRef),
    })),
    assignedScopes: effectiveScopes(ctx.identities.rolesOf(row.id), ctx),
    links: { self: { href: `${origin}/api/v1/users/${row.id}` } },
  };
}

function toGroup(row: GroupRow, ctx: TenantContext, origin: string): Group {
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

function toRole(row: RoleRow, ctx: TenantContext, origin: string): Role {
  return {
    id: row.id,
    tenantId: ctx.tenant().id,
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

const usersNotFound = (id: string) =>
  new ApiError(404, `User ${id} not found.`, { code: 'USERS-7', title: 'Not found', source: { parameter: 'userId' } });

const idsNotFound = (what: string, id: string) =>
  new ApiError(404, `${what} ${id} not found.`, { code: 'IDENTITIES-10402', title: 'Not Found' });

export function registerIdentityApi(app: FastifyInstance, ctx: TenantContext): void {
  const origin = (request: FastifyRequest) => requestOrigin(request);

  app.get('/api/v1/users/me', async (request) => toUser(request.caller.user, ctx, origin(request)));

  app.get<{ Querystring: CursorListQuery }>(
    '/api/v1/users',
    { schema: { querystring: cursorListQuerySchema() } },
    async (request) => {
      const page = cursorList<UserRow, 'name' | 'email' | 'status' | 'createdAt' | 'id' | '_id' | 'subject'>({
        db: ctx.db,
        request,
        query: request.query,
        select: `SELECT ${USER_COLUMNS} FROM users u`,
        where: [{ sql: 'u.is_service = 0', params: [] }],
        scim: { id: 'u.id', subject: 'u.subject', name: 'u.name', email: 'u.email', status: 'u.status', createdAt: 'u.created_at' },
        sorts: {
          name: { column: 'u.name COLLATE NOCASE', value: (r) => r.name },
          email: { column: 'u.email COLLATE NOCASE', value: (r) => r.email },
          status: { column: 'u.status', value: (r) => r.status },
          createdAt: { column: 'u.created_at', value: (r) => r.created_at },
          subject: { column: 'u.subject', value: (r) => r.subject },
          id: { column: 'u.id', value: (r) => r.id },
          _id: { column: 'u.id', value: (r) => r.id },
        },
        defaultSort: 'name',
        idColumn: 'u.id',
        id: (r) => r.id,
      });
      return {
        data: page.rows.map((row) => toUser(row, ctx, origin(request))),
        links: page.links,
        ...(page.totalResults !== undefined ? { totalResults: page.totalResults } : {}),
      };
    },
  );

  app.get<{ Params: { userId: string } }>('/api/v1/users/:userId', async (request) => {
    const row = ctx.identities.userById(request.params.userId);
    if (!row || row.is_service) throw usersNotFound(request.params.userId);
    return toUser(row, ctx, origin(request));
  });

  app.get<{ Querystring: CursorListQuery }>(
    '/api/v1/groups',
    { schema: { querystring: cursorListQuerySchema() } },
    async (request) => {
      const page = cursorList<GroupRow, 'name' | 'createdAt' | 'id'>({
        db: ctx.db,
        request,
        query: request.query,
        select: 'SELECT g.* FROM groups g',
        scim: { id: 'g.id', name: 'g.name', status: 'g.status', providerType: 'g.provider_type', description: 'g.description' },
        sorts: {
          name: { column: 'g.name COLLATE NOCASE', value: (r) => r.name },
          createdAt: { column: 'g.created_at', value: (r) => r.created_at },
          id: { column: 'g.id', value: (r) => r.id },
        },
        defaultSort: 'name',
        idColumn: 'g.id',
        id: (r) => r.id,
      });
      return {
        data: page.rows.map((row) => toGroup(row, ctx, origin(request))),
        links: page.links,
        ...(page.totalResults !== undefined ? { totalResults: page.totalResults } : {}),
      };
    },
  );

  app.get<{ Params: { groupId: string } }>('/api/v1/groups/:groupId', async (request) => {
    const row = ctx.identities.groupById(request.params.groupId);
    if (!row) throw idsNotFound('Group', request.params.groupId);
    return toGroup(row, ctx, origin(request));
  });

  app.get<{ Querystring: CursorListQuery }>(
    '/api/v1/roles',
    { schema: { querystring: cursorListQuerySchema() } },
    async (request) => {
      const page = cursorList<RoleRow, 'name' | 'level' | 'type' | 'id'>({
        db: ctx.db,
        request,
        query: request.query,
        select: 'SELECT r.* FROM roles r',
        scim: { id: 'r.id', name: 'r.name', type: 'r.type', level: 'r.level' },
        sorts: {
          name: { column: 'r.name COLLATE NOCASE', value: (r) => r.name },
          level: { column: 'r.level', value: (r) => r.level },
          type: { column: 'r.type', value: (r) => r.type },
          id: { column: 'r.id', value: (r) => r.id },
        },
        defaultSort: 'name',
        idColumn: 'r.id',
        id: (r) => r.id,
      });
      return {
        data: page.rows.map((row) => toRole(row, ctx, origin(request))),
        links: page.links,
        ...(page.totalResults !== undefined ? { totalResults: page.totalResults } : {}),
      };
    },
  );
}
