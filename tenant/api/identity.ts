import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { User } from '@qlik/api/users';
import type { Group } from '@qlik/api/groups';
import type { Role } from '@qlik/api/roles';
import type { TenantContext } from '../context';
import type { GroupRow, RoleRow, UserRow } from '../store/identities';
import { USER_COLUMNS } from '../store/identities';
import { ApiError, badRequest } from '../http/errors';
import { cursorLinks, requestOrigin } from '../http/pagination';
import { cursorList, cursorListQuerySchema, type CursorListQuery } from '../http/list';
import { attributesIn, conjunctsOf, scimFail, type ScimColumns, type ScimNode } from '../http/scim';

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

const EQ = ['eq'] as const;
const EQ_CO = ['eq', 'co'] as const;
/** Effective role ids of `u` (direct, through groups, and the userDefault role every user has). */
const EFFECTIVE_ROLE_IDS = `SELECT role_id FROM user_roles WHERE user_id = u.id
  UNION SELECT gr.role_id FROM group_roles gr JOIN group_members gm ON gm.group_id = gr.group_id WHERE gm.user_id = u.id
  UNION SELECT id FROM roles WHERE name = 'userDefault'`;

/**
 * The users list's filter, as @qlik/api documents it: `eq` on id, subject, name, email, status, clientId,
 * assignedRoles.id/name, assignedGroups.id, assignedGroupsAssignedRoles.name and assignedScopes; `co` on name, email
 * and subject. assignedRoles are the user's own roles (as in the User shape); assignedScopes the effective ones.
 */
const USER_FILTER: ScimColumns = {
  id: { column: 'u.id', operators: EQ },
  subject: { column: 'u.subject', operators: EQ_CO },
  name: { column: 'u.name', operators: EQ_CO },
  email: { column: 'u.email', operators: EQ_CO },
  status: { column: 'u.status', operators: EQ },
  // Users of this tenant are never created by an OAuth client, so no user matches a clientId.
  clientId: { column: 'NULL', operators: EQ },
  'assignedRoles.id': {
    column: 'r.id',
    operators: EQ,
    exists: (c) => `EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND ${c})`,
  },
  'assignedRoles.name': {
    column: 'r.name',
    operators: EQ,
    exists: (c) => `EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND ${c})`,
  },
  'assignedGroups.id': {
    column: 'gm.group_id',
    operators: EQ,
    exists: (c) => `EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = u.id AND ${c})`,
  },
  'assignedGroupsAssignedRoles.name': {
    column: 'r.name',
    operators: EQ,
    exists: (c) =>
      `EXISTS (SELECT 1 FROM group_members gm JOIN group_roles gr ON gr.group_id = gm.group_id JOIN roles r ON r.id = gr.role_id WHERE gm.user_id = u.id AND ${c})`,
  },
  assignedScopes: {
    column: 's.value',
    operators: EQ,
    exists: (c) => `EXISTS (SELECT 1 FROM roles r, json_each(r.assigned_scopes) s WHERE r.id IN (${EFFECTIVE_ROLE_IDS}) AND ${c})`,
  },
};

/** Qlik: "Any filters for status must be grouped together and applied to the whole query." */
function statusClausesGrouped(filter: ScimNode): void {
  for (const conjunct of conjunctsOf(filter)) {
    const attributes = attributesIn(conjunct);
    if (attributes.includes('status') && attributes.some((a) => a !== 'status')) {
      scimFail(
        'filters on status must be grouped together and applied to the whole query, e.g. (name eq "Bob" or name eq "Alice") and (status eq "active" or status eq "disabled")',
      );
    }
  }
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
        query: request.query,
        select: `SELECT ${USER_COLUMNS} FROM users u`,
        where: [{ sql: 'u.is_service = 0', params: [] }],
        scim: USER_FILTER,
        scimOptions: { validate: statusClausesGrouped },
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
        links: cursorLinks(request, page),
        ...(page.totalResults !== undefined ? { totalResults: page.totalResults } : {}),
      };
    },
  );

  app.get<{ Params: { userId: string } }>('/api/v1/users/:userId', async (request) => {
    const row = ctx.identities.userById(request.params.userId);
    if (!row || row.is_service) throw usersNotFound(request.params.userId);
    return toUser(row, ctx, origin(request));
  });

  app.get<{ Querystring: CursorListQuery & { systemGroups?: boolean } }>(
    '/api/v1/groups',
    { schema: { querystring: cursorListQuerySchema({ systemGroups: { type: 'boolean' } }) } },
    async (request) => {
      const { systemGroups, ...rest } = request.query;
      // "Return system groups (e.g. Everyone) instead of regular groups. Cannot be combined with any other query
      // parameters." Read from what was sent: the schema fills in a default limit.
      const sent = [...new URL(request.url, 'http://tenant').searchParams.keys()];
      if (systemGroups && sent.some((key) => key !== 'systemGroups')) {
        throw badRequest('systemGroups cannot be combined with any other query parameter.', { source: { parameter: 'systemGroups' } });
      }
      const page = cursorList<GroupRow, 'name' | 'createdAt' | 'id'>({
        db: ctx.db,
        query: systemGroups ? { limit: 100 } : rest,
        where: [{ sql: 'g.system = ?', params: [systemGroups ? 1 : 0] }],
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
        links: cursorLinks(request, page),
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
        links: cursorLinks(request, page),
        ...(page.totalResults !== undefined ? { totalResults: page.totalResults } : {}),
      };
    },
  );
}
