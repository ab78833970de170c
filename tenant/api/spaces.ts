import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {
  Assignment,
  Assignments,
  RoleType,
  Space,
  Spaces,
  SpaceType,
  SpaceTypes,
} from '@qlik/api/spaces';
import type { TenantContext } from '../context';
import type { Caller } from '../auth/caller';
import { addGuards, type Guard } from '../auth/guards';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { requestOrigin } from '../http/pagination';
import { hasControlCharacter } from '../http/text';
import { cursorList } from '../http/list';
import {
  ASSIGNABLE_ROLES,
  SPACE_SORTS,
  SPACE_TYPES,
  accessOf,
  parseRoles,
  visibleSpacesListSql,
  type AssignmentRow,
  type SpaceAccess,
  type SpacePrincipal,
  type SpaceRow,
  type SpaceSort,
} from '../store/spaces';

const READ_SCOPE: Record<SpaceType, string> = {
  shared: 'spaces.shared:read',
  managed: 'spaces.managed:read',
  data: 'spaces.data:read',
};
const WRITE_SCOPE: Record<SpaceType, string> = {
  shared: 'spaces.shared',
  managed: 'spaces.managed',
  data: 'spaces.data',
};
const CREATE_SCOPE: Record<SpaceType, string> = {
  shared: 'spaces.shared:create',
  managed: 'spaces.managed',
  data: 'spaces.data',
};
const CREATOR_ROLE: Record<SpaceType, string> = {
  shared: 'SharedSpaceCreator',
  managed: 'ManagedSpaceCreator',
  data: 'DataSpaceCreator',
};

const READ_SPACES: Guard = {
  anyOf: ['spaces.shared:read', 'spaces.managed:read', 'spaces.data:read', 'admin.spaces:read'],
};
const WRITE_SPACES: Guard = { anyOf: ['spaces.shared', 'spaces.managed', 'spaces.data', 'admin.spaces'] };

/**
 * Spaces endpoints. The guard only asks for "some spaces scope"; the handlers then check the scope of the space's
 * own type (spaces.<type>[:read], or admin.spaces[:read] for a tenant admin) and the caller's space roles.
 */
export const SPACES_GUARDS: Record<string, Guard> = {
  'GET /api/v1/spaces': READ_SPACES,
  'GET /api/v1/spaces/types': READ_SPACES,
  'GET /api/v1/spaces/:spaceId': READ_SPACES,
  'GET /api/v1/spaces/:spaceId/assignments': READ_SPACES,
  'GET /api/v1/spaces/:spaceId/assignments/:assignmentId': READ_SPACES,
  // spaces.shared implies spaces.shared:create, which alone is enough to create a shared space
  'POST /api/v1/spaces': { anyOf: ['spaces.shared:create', 'spaces.managed', 'spaces.data', 'admin.spaces'] },
  'PUT /api/v1/spaces/:spaceId': WRITE_SPACES,
  'PATCH /api/v1/spaces/:spaceId': WRITE_SPACES,
  'DELETE /api/v1/spaces/:spaceId': WRITE_SPACES,
  'POST /api/v1/spaces/:spaceId/assignments': WRITE_SPACES,
  'PUT /api/v1/spaces/:spaceId/assignments/:assignmentId': WRITE_SPACES,
  'DELETE /api/v1/spaces/:spaceId/assignments/:assignmentId': WRITE_SPACES,
};

/** How the spaces API sees a caller: a tenant admin's reach depends on the admin.spaces scopes of the token. */
export function spacePrincipal(caller: Caller): SpacePrincipal {
  const seesAll = caller.isTenantAdmin && caller.scopes.has('admin.spaces:read');
  return {
    userId: caller.user.id,
    groupIds: caller.groupIds,
    seesAll,
    managesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces'),
    types: seesAll ? undefined : SPACE_TYPES.filter((t) => caller.scopes.has(READ_SCOPE[t])),
  };
}

export const spaceNotFound = (id: string) =>
  notFound(`Space ${id} not found.`, { source: { parameter: 'spaceId' } });
export const roleForbidden = (detail: string) => forbidden(detail, { meta: { reason: 'role' } });

const MANAGERS = 'Only the owner, a member with Can manage (facilitator) or a tenant admin';

function requireScope(caller: Caller, needed: string[]): void {
  if (!needed.some((s) => caller.scopes.has(s))) {
    throw forbidden(
      `This call needs one of the scopes: ${needed.join(', ')}. Sign in again with a scope preset that includes it.`,
      {
        meta: { reason: 'scope', requiredScopes: needed },
      },
    );
  }
}

const FORBIDDEN_NAME_CHARS = /["*?<>/|\\:]/;

function validName(raw: unknown, pointer = '/name'): string {
  if (typeof raw !== 'string' || !raw.trim())
    throw badRequest('The space name must not be blank.', { source: { pointer } });
  const name = raw.trim();
  if (name.length > 256)
    throw badRequest('The space name must be at most 256 characters long.', { source: { pointer } });
  if (hasControlCharacter(raw)) {
    throw badRequest('The space name must not contain control characters (tabs, line breaks, NUL…).', { source: { pointer } });
  }
  if (FORBIDDEN_NAME_CHARS.test(name)) {
    throw badRequest('The space name must not contain any of " * ? < > / | \\ :', { source: { pointer } });
  }
  return name;
}

function validDescription(raw: unknown, pointer = '/description'): string {
  if (typeof raw !== 'string') throw badRequest('The description must be a string.', { source: { pointer } });
  if (raw.length > 1024)
    throw badRequest('The description must be at most 1024 characters long.', { source: { pointer } });
  return raw;
}

function validRoles(type: SpaceType, raw: unknown, pointer = '/roles'): RoleType[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw badRequest('roles must be a non-empty list of space roles.', { source: { pointer } });
  }
  const allowed = ASSIGNABLE_ROLES[type];
  const roles = [...new Set(raw)];
  const invalid = roles.filter((r) => !allowed.includes(r as RoleType));
  if (invalid.length) {
    throw badRequest(
      `Role(s) ${invalid.map(String).join(', ')} cannot be assigned in a ${type} space. Assignable: ${allowed.join(', ')}.`,
      {
        source: { pointer },
      },
    );
  }
  return allowed.filter((r) => roles.includes(r));
}

function splitList(raw: string | string[] | undefined): string[] {
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`).replace(/\*/g, '%')}%`;

interface SpacesQuery {
  type?: string;
  name?: string;
  ownerId?: string;
  filter?: string;
  sort?: string;
  limit: number;
  next?: string;
  prev?: string;
  action?: string;
  roles?: string[];
}

interface AssignmentsQuery {
  type?: 'user' | 'group' | 'bot';
  assigneeId?: string;
  limit: number;
  next?: string;
  prev?: string;
}

const cursorSchema = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
  next: { type: 'string', maxLength: 2000 },
  prev: { type: 'string', maxLength: 2000 },
} as const;

const spaceParams = {
  type: 'object',
  properties: { spaceId: { type: 'string', maxLength: 100 } },
  required: ['spaceId'],
} as const;
const assignmentParams = {
  type: 'object',
  properties: {
    spaceId: { type: 'string', maxLength: 100 },
    assignmentId: { type: 'string', maxLength: 100 },
  },
  required: ['spaceId', 'assignmentId'],
} as const;

/**
 * Qlik's spaces errors repeat the first error at the top level (deprecated `code`, `title`, `detail`, `meta`,
 * `source`) and put `source` under `meta` in each item; clients written against either form keep working.
 */
function mirrorSpacesError(payload: unknown): unknown {
  if (typeof payload !== 'string' || !payload.startsWith('{"errors"')) return payload;
  try {
    const body = JSON.parse(payload) as {
      errors?: {
        code: string;
        title: string;
        detail?: string;
        meta?: Record<string, unknown>;
        source?: unknown;
      }[];
    };
    const first = body.errors?.[0];
    if (!first) return payload;
    for (const item of body.errors ?? []) if (item.source) item.meta = { ...item.meta, source: item.source };
    return JSON.stringify({
      code: first.code,
      title: first.title,
      ...(first.detail ? { detail: first.detail } : {}),
      ...(first.meta ? { meta: first.meta } : {}),
      ...(first.source ? { source: first.source } : {}),
      ...body,
    });
  } catch {
    return payload;
  }
}

export function registerSpacesApi(app: FastifyInstance, ctx: TenantContext): void {
  addGuards(SPACES_GUARDS);
  const store = ctx.spaces;

  // A list passes the tenant id in: reading the tenant row costs a statement per space otherwise.
  const toSpace = (
    row: SpaceRow,
    access: SpaceAccess,
    origin: string,
    tenantId = ctx.tenant().id,
  ): Space => ({
    id: row.id,
    type: row.type,
    name: row.name,
    description: row.description,
    ownerId: row.owner_id,
    tenantId,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    meta: { actions: access.actions, roles: access.roles, assignableRoles: [...ASSIGNABLE_ROLES[row.type]] },
    links: {
      self: { href: `${origin}/api/v1/spaces/${row.id}` },
      assignments: { href: `${origin}/api/v1/spaces/${row.id}/assignments` },
    },
  });

  const toAssignment = (row: AssignmentRow, origin: string): Assignment => ({
    id: row.id,
    type: row.type,
    assigneeId: row.assignee_id,
    roles: parseRoles(row),
    spaceId: row.space_id,
    tenantId: ctx.tenant().id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    links: {
      self: { href: `${origin}/api/v1/spaces/${row.space_id}/assignments/${row.id}` },
      space: { href: `${origin}/api/v1/spaces/${row.space_id}` },
    },
  });

  /** The space as the caller sees it; 404 when it does not exist or the caller may not see it. */
  const visibleSpace = (request: FastifyRequest, spaceId: string) => {
    const found = store.access(spaceId, spacePrincipal(request.caller));
    if (!found) throw spaceNotFound(spaceId);
    return found;
  };

  /** A visible space the caller wants to change: the token needs the write scope of the space's type. */
  const writableSpace = (request: FastifyRequest, spaceId: string) => {
    const found = visibleSpace(request, spaceId);
    requireScope(request.caller, [WRITE_SCOPE[found.space.type], 'admin.spaces']);
    return found;
  };

  const activeUser = (id: string) => {
    const user = ctx.identities.userById(id);
    return user && !user.is_service && user.status !== 'deleted' ? user : undefined;
  };

  const applyChanges = (
    request: FastifyRequest,
    spaceId: string,
    changes: { name?: string; description?: string; ownerId?: string },
  ) => {
    const { space, access } = writableSpace(request, spaceId);
    const renaming = changes.name !== undefined && changes.name !== space.name;
    if (renaming && !access.canManage) throw roleForbidden(`${MANAGERS} can rename this space.`);
    if (changes.description !== undefined && changes.description !== space.description && !access.canManage) {
      throw roleForbidden(`${MANAGERS} can change the description of this space.`);
    }
    if (changes.ownerId !== undefined && changes.ownerId !== space.owner_id) {
      if (!access.canChangeOwner)
        throw roleForbidden('Only the owner or a tenant admin can change the owner of this space.');
      if (!activeUser(changes.ownerId))
        throw notFound(`User ${changes.ownerId} not found.`, { source: { pointer: '/ownerId' } });
    }
    if (renaming) {
      const clash = store.byName(changes.name!);
      if (clash && clash.id !== space.id)
        throw conflict('Spaces names must be unique', { source: { pointer: '/name' } });
    }
    const updated = store.update(space, changes, request.caller.user.id);
    return toSpace(
      updated,
      store.access(updated.id, spacePrincipal(request.caller))?.access ?? access,
      requestOrigin(request),
    );
  };

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/json-patch+json',
      { parseAs: 'string' },
      scope.getDefaultJsonParser('error', 'error'),
    );
    scope.addHook('onSend', async (_request, reply, payload) =>
      reply.statusCode >= 400 ? mirrorSpacesError(payload) : payload,
    );

    scope.get<{ Querystring: SpacesQuery }>(
      '/api/v1/spaces',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: {
              type: { type: 'string', maxLength: 100 },
              name: { type: 'string', maxLength: 256 },
              ownerId: { type: 'string', maxLength: 100 },
              filter: { type: 'string', maxLength: 2000 },
              sort: { type: 'string', maxLength: 50 },
              action: { type: 'string', maxLength: 50 },
              roles: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 20 },
              ...cursorSchema,
            },
          },
        },
      },
      async (request): Promise<Spaces> => {
        const q = request.query;
        const principal = spacePrincipal(request.caller);
        const where: { sql: string; params: unknown[] }[] = [];
        const visible = visibleSpacesListSql(ctx.db, principal);
        if (visible) where.push(visible);
        const types = splitList(q.type);
        for (const t of types) {
          if (!SPACE_TYPES.includes(t as SpaceType)) {
            throw badRequest(`Unknown space type '${t}'. Allowed: ${SPACE_TYPES.join(', ')}.`, {
              source: { parameter: 'type' },
            });
          }
        }
        if (types.length)
          where.push({ sql: `s.type IN (${types.map(() => '?').join(', ')})`, params: types });
        if (q.name) where.push({ sql: "s.name LIKE ? ESCAPE '\\'", params: [likeContains(q.name)] });
        if (q.ownerId) where.push({ sql: 's.owner_id = ?', params: [q.ownerId] });
        const assignees = [principal.userId, ...principal.groupIds];
        const heldRoles = (roles: readonly string[]) => ({
          sql: `(s.owner_id = ? OR EXISTS (SELECT 1 FROM space_assignments a, json_each(a.roles) j
                 WHERE a.space_id = s.id AND a.assignee_id IN (${assignees.map(() => '?').join(', ')})
                   AND j.value IN (${roles.map(() => '?').join(', ')})))`,
          params: [principal.userId, ...assignees, ...roles],
        });
        const roles = splitList(q.roles);
        const allRoles = new Set(Object.values(ASSIGNABLE_ROLES).flat());
        for (const r of roles) {
          if (!allRoles.has(r as RoleType))
            throw badRequest(`Unknown space role '${r}'.`, { source: { parameter: 'roles' } });
        }
        if (roles.length) where.push(heldRoles(roles));
        if (q.action) {
          if (q.action !== 'publish')
            throw badRequest('Only action=publish is supported.', { source: { parameter: 'action' } });
          where.push(
            { sql: "s.type IN ('managed', 'data')", params: [] },
            heldRoles(['publisher', 'facilitator']),
          );
        }
        const page = cursorList<SpaceRow, SpaceSort>({
          db: ctx.db,
          request,
          query: {
            filter: q.filter,
            sort: q.sort?.trim(),
            limit: q.limit,
            next: q.next,
            prev: q.prev,
            totalResults: true,
          },
          select: 'SELECT s.* FROM spaces s',
          where,
          scim: { id: 's.id', name: 's.name', type: 's.type', ownerId: 's.owner_id' },
          sorts: SPACE_SORTS,
          defaultSort: 'name',
          idColumn: 's.id',
          id: (r) => r.id,
        });
        const assigned = store.assignedRoles(
          page.rows.map((r) => r.id),
          principal,
        );
        const origin = requestOrigin(request);
        const tenantId = ctx.tenant().id;
        return {
          data: page.rows.map((row) =>
            toSpace(row, accessOf(row, principal, assigned.get(row.id) ?? []), origin, tenantId),
          ),
          meta: { count: page.totalResults ?? 0 },
          links: page.links,
        };
      },
    );

    scope.get('/api/v1/spaces/types', async (): Promise<SpaceTypes> => ({ data: [...SPACE_TYPES] }));

    scope.post<{ Body: { name?: unknown; type: SpaceType; description?: unknown } }>(
      '/api/v1/spaces',
      {
        schema: {
          body: {
            type: 'object',
            properties: { name: {}, type: { type: 'string', enum: [...SPACE_TYPES] }, description: {} },
            required: ['type'],
          },
        },
      },
      async (request, reply) => {
        const { caller } = request;
        const type = request.body.type;
        requireScope(caller, [CREATE_SCOPE[type], 'admin.spaces']);
        if (!caller.isTenantAdmin && !caller.roles.includes(CREATOR_ROLE[type])) {
          throw roleForbidden(`Creating ${type} spaces needs the ${CREATOR_ROLE[type]} role.`);
        }
        const name = validName(request.body.name);
        const description =
          request.body.description === undefined ? '' : validDescription(request.body.description);
        if (store.byName(name))
          throw conflict('Spaces names must be unique', { source: { pointer: '/name' } });
        const row = store.create({
          type,
          name,
          description,
          ownerId: caller.user.id,
          createdBy: caller.user.id,
        });
        const space = toSpace(
          row,
          store.access(row.id, spacePrincipal(caller))!.access,
          requestOrigin(request),
        );
        return reply.code(201).header('location', space.links.self.href).send(space);
      },
    );

    scope.get<{ Params: { spaceId: string } }>(
      '/api/v1/spaces/:spaceId',
      { schema: { params: spaceParams } },
      async (request) => {
        const { space, access } = visibleSpace(request, request.params.spaceId);
        return toSpace(space, access, requestOrigin(request));
      },
    );

    scope.put<{
      Params: { spaceId: string };
      Body: { name?: unknown; description?: unknown; ownerId?: unknown };
    }>(
      '/api/v1/spaces/:spaceId',
      {
        schema: {
          params: spaceParams,
          body: {
            type: 'object',
            properties: { name: {}, description: {}, ownerId: { type: 'string', maxLength: 100 } },
          },
        },
      },
      async (request) => {
        const body = request.body;
        return applyChanges(request, request.params.spaceId, {
          ...(body.name !== undefined ? { name: validName(body.name) } : {}),
          ...(body.description !== undefined ? { description: validDescription(body.description) } : {}),
          ...(body.ownerId !== undefined ? { ownerId: String(body.ownerId) } : {}),
        });
      },
    );

    scope.patch<{ Params: { spaceId: string }; Body: { op?: unknown; path?: unknown; value?: unknown }[] }>(
      '/api/v1/spaces/:spaceId',
      {
        schema: {
          params: spaceParams,
          body: { type: 'array', minItems: 1, maxItems: 10, items: { type: 'object' } },
        },
      },
      async (request) => {
        const changes: { name?: string; description?: string; ownerId?: string } = {};
        request.body.forEach((op, i) => {
          if (op.op !== 'replace')
            throw badRequest(`Operation ${i}: only "replace" is supported.`, {
              source: { pointer: `/${i}/op` },
            });
          if (typeof op.value !== 'string')
            throw badRequest(`Operation ${i}: value must be a string.`, {
              source: { pointer: `/${i}/value` },
            });
          if (op.path === '/name') changes.name = validName(op.value, `/${i}/value`);
          else if (op.path === '/description')
            changes.description = validDescription(op.value, `/${i}/value`);
          else if (op.path === '/ownerId') changes.ownerId = op.value;
          else
            throw badRequest(`Operation ${i}: path must be /name, /description or /ownerId.`, {
              source: { pointer: `/${i}/path` },
            });
        });
        return applyChanges(request, request.params.spaceId, changes);
      },
    );

    scope.delete<{ Params: { spaceId: string } }>(
      '/api/v1/spaces/:spaceId',
      { schema: { params: spaceParams } },
      async (request, reply) => {
        const { space, access } = writableSpace(request, request.params.spaceId);
        if (!access.canManage) throw roleForbidden(`${MANAGERS} can delete this space.`);
        const result = ctx.db.transaction(() => {
          const content: Record<string, number> = {};
          const connections = ctx.connections.countInSpace(space.id);
          if (connections) content['data connections'] = connections;
          const files = ctx.dataFiles.countInSpace(space.id);
          if (files) content['data files'] = files;
          if (Object.keys(content).length) return { deleted: false as const, content };
          store.delete(space.id);
          return { deleted: true as const };
        })();
        if (!result.deleted) {
          const what = Object.entries(result.content)
            .map(([kind, n]) => `${n} ${kind}`)
            .join(', ');
          throw new ApiError(
            412,
            `Space delete precondition (space not empty) failed. Delete its content first (${what}).`,
            {
              meta: { content: result.content },
            },
          );
        }
        return reply.code(204).send();
      },
    );

    // ---- members -------------------------------------------------------------------------------------------

    scope.get<{ Params: { spaceId: string }; Querystring: AssignmentsQuery }>(
      '/api/v1/spaces/:spaceId/assignments',
      {
        schema: {
          params: spaceParams,
          querystring: {
            type: 'object',
            properties: {
              type: { type: 'string', enum: ['user', 'group', 'bot'] },
              assigneeId: { type: 'string', maxLength: 100 },
              ...cursorSchema,
            },
          },
        },
      },
      async (request): Promise<Assignments> => {
        const { space } = visibleSpace(request, request.params.spaceId);
        const q = request.query;
        const where = [{ sql: 'a.space_id = ?', params: [space.id] as unknown[] }];
        if (q.type) where.push({ sql: 'a.type = ?', params: [q.type] });
        if (q.assigneeId) where.push({ sql: 'a.assignee_id = ?', params: [q.assigneeId] });
        const page = cursorList<AssignmentRow, 'createdAt'>({
          db: ctx.db,
          request,
          query: { limit: q.limit, next: q.next, prev: q.prev, totalResults: true },
          select: 'SELECT a.* FROM space_assignments a',
          where,
          scim: {},
          sorts: { createdAt: { column: 'a.created_at', value: (r) => r.created_at } },
          defaultSort: 'createdAt',
          idColumn: 'a.id',
          id: (r) => r.id,
        });
        const origin = requestOrigin(request);
        return {
          data: page.rows.map((r) => toAssignment(r, origin)),
          meta: { count: page.totalResults ?? 0 },
          links: page.links,
        };
      },
    );

    scope.post<{
      Params: { spaceId: string };
      Body: { type: 'user' | 'group' | 'bot'; assigneeId: string; roles: unknown };
    }>(
      '/api/v1/spaces/:spaceId/assignments',
      {
        schema: {
          params: spaceParams,
          body: {
            type: 'object',
            properties: {
              type: { type: 'string', enum: ['user', 'group', 'bot'] },
              assigneeId: { type: 'string', minLength: 1, maxLength: 100 },
              roles: { type: 'array', maxItems: 20, items: { type: 'string' } },
            },
            required: ['type', 'assigneeId', 'roles'],
          },
        },
      },
      async (request, reply) => {
        const { space, access } = writableSpace(request, request.params.spaceId);
        if (!access.canManage) throw roleForbidden(`${MANAGERS} can manage the members of this space.`);
        const { type, assigneeId } = request.body;
        if (type === 'bot')
          throw badRequest('Bots cannot be assigned to spaces in this tenant.', {
            source: { pointer: '/type' },
          });
        const roles = validRoles(space.type, request.body.roles);
        const exists = type === 'user' ? activeUser(assigneeId) : ctx.identities.groupById(assigneeId);
        if (!exists)
          throw notFound(`${type === 'user' ? 'User' : 'Group'} ${assigneeId} not found.`, {
            source: { pointer: '/assigneeId' },
          });
        if (type === 'user' && assigneeId === space.owner_id) {
          throw badRequest('The owner of a space holds every role already and cannot be assigned to it.', {
            source: { pointer: '/assigneeId' },
          });
        }
        if (store.assignmentOf(space.id, assigneeId)) {
          throw conflict('Assignment already exists. assigneeId must be unique.', {
            source: { pointer: '/assigneeId' },
          });
        }
        const row = store.addAssignment({
          spaceId: space.id,
          type,
          assigneeId,
          roles,
          by: request.caller.user.id,
        });
        const body = toAssignment(row, requestOrigin(request));
        return reply.code(201).header('location', body.links.self.href).send(body);
      },
    );

    scope.get<{ Params: { spaceId: string; assignmentId: string } }>(
      '/api/v1/spaces/:spaceId/assignments/:assignmentId',
      { schema: { params: assignmentParams } },
      async (request) => {
        const { space } = visibleSpace(request, request.params.spaceId);
        const row = store.assignment(space.id, request.params.assignmentId);
        if (!row)
          throw notFound(`Assignment ${request.params.assignmentId} not found.`, {
            source: { parameter: 'assignmentId' },
          });
        return toAssignment(row, requestOrigin(request));
      },
    );

    scope.put<{ Params: { spaceId: string; assignmentId: string }; Body: { roles: unknown } }>(
      '/api/v1/spaces/:spaceId/assignments/:assignmentId',
      {
        schema: {
          params: assignmentParams,
          body: {
            type: 'object',
            properties: { roles: { type: 'array', maxItems: 20, items: { type: 'string' } } },
            required: ['roles'],
          },
        },
      },
      async (request) => {
        const { space, access } = writableSpace(request, request.params.spaceId);
        const row = store.assignment(space.id, request.params.assignmentId);
        if (!row)
          throw notFound(`Assignment ${request.params.assignmentId} not found.`, {
            source: { parameter: 'assignmentId' },
          });
        if (!access.canManage) throw roleForbidden(`${MANAGERS} can manage the members of this space.`);
        const roles = validRoles(space.type, request.body.roles);
        return toAssignment(
          store.setAssignmentRoles(row, roles, request.caller.user.id),
          requestOrigin(request),
        );
      },
    );

    scope.delete<{ Params: { spaceId: string; assignmentId: string } }>(
      '/api/v1/spaces/:spaceId/assignments/:assignmentId',
      { schema: { params: assignmentParams } },
      async (request, reply) => {
        const { space, access } = writableSpace(request, request.params.spaceId);
        if (!store.assignment(space.id, request.params.assignmentId)) {
          throw notFound(`Assignment ${request.params.assignmentId} not found.`, {
            source: { parameter: 'assignmentId' },
          });
        }
        if (!access.canManage) throw roleForbidden(`${MANAGERS} can manage the members of this space.`);
        store.deleteAssignment(space.id, request.params.assignmentId);
        return reply.code(204).send();
      },
    );
  });
}
