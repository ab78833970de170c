import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RoleType, Spaces, SpaceTypes, SpaceType } from '@qlik/api/spaces';
import type { TenantContext } from '../../context';
import type { ApiOptions } from '../plugin';
import { badRequest } from '../../http/errors';
import { cursorLinks, requestOrigin } from '../../http/pagination';
import { ASSIGNABLE_ROLES, SPACE_TYPES, accessOf } from '../../store/spaces';
import {
  createSpace,
  deleteSpace,
  updateSpace,
  validSpaceDescription,
  validSpaceName,
  type SpaceChanges,
} from '../../services/spaces';
import { requireCreateRights, spacePrincipal, visibleSpace, writableSpace } from './access';
import { toSpace } from './shape';
import {
  createSpaceSchema,
  listSpacesSchema,
  patchSpaceSchema,
  putSpaceSchema,
  spaceSchema,
  type CreateSpaceBody,
  type PatchSpaceBody,
  type PutSpaceBody,
  type SpaceParams,
  type SpacesQuery,
} from './schemas';

/** The spaces resource: list, types, create, read, replace, patch, delete. */
export async function spacesRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Querystring: SpacesQuery }>('/api/v1/spaces', { schema: listSpacesSchema }, (request) =>
    listSpaces(ctx, request),
  );
  app.get('/api/v1/spaces/types', async (): Promise<SpaceTypes> => ({ data: [...SPACE_TYPES] }));
  app.post<{ Body: CreateSpaceBody }>('/api/v1/spaces', { schema: createSpaceSchema }, (request, reply) =>
    postSpace(ctx, request, reply),
  );
  app.get<{ Params: SpaceParams }>('/api/v1/spaces/:spaceId', { schema: spaceSchema }, async (request) => {
    const { space, access } = visibleSpace(ctx, request, request.params.spaceId);
    return toSpace(space, access, requestOrigin(request), ctx.tenant().id);
  });
  app.put<{ Params: SpaceParams; Body: PutSpaceBody }>(
    '/api/v1/spaces/:spaceId',
    { schema: putSpaceSchema },
    async (request) => {
      const body = request.body;
      return changeSpace(ctx, request, {
        ...(body.name !== undefined ? { name: validSpaceName(body.name) } : {}),
        ...(body.description !== undefined ? { description: validSpaceDescription(body.description) } : {}),
        ...(body.ownerId !== undefined ? { ownerId: String(body.ownerId) } : {}),
      });
    },
  );
  app.patch<{ Params: SpaceParams; Body: PatchSpaceBody }>(
    '/api/v1/spaces/:spaceId',
    { schema: patchSpaceSchema },
    async (request) => changeSpace(ctx, request, patchedChanges(request.body)),
  );
  app.delete<{ Params: SpaceParams }>('/api/v1/spaces/:spaceId', { schema: spaceSchema }, async (request, reply) => {
    deleteSpace(ctx, request.caller.user.id, writableSpace(ctx, request, request.params.spaceId));
    return reply.code(204).send();
  });
}

function splitList(raw: string | string[] | undefined): string[] {
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

const ALL_ROLES = new Set<string>(Object.values(ASSIGNABLE_ROLES).flat());

async function listSpaces(ctx: TenantContext, request: FastifyRequest<{ Querystring: SpacesQuery }>): Promise<Spaces> {
  const q = request.query;
  const principal = spacePrincipal(request.caller);
  const types = splitList(q.type);
  for (const t of types) {
    if (!SPACE_TYPES.includes(t as SpaceType)) {
      throw badRequest(`Unknown space type '${t}'. Allowed: ${SPACE_TYPES.join(', ')}.`, {
        source: { parameter: 'type' },
      });
    }
  }
  const roles = splitList(q.roles);
  for (const r of roles) {
    if (!ALL_ROLES.has(r)) throw badRequest(`Unknown space role '${r}'.`, { source: { parameter: 'roles' } });
  }
  if (q.action && q.action !== 'publish') {
    throw badRequest('Only action=publish is supported.', { source: { parameter: 'action' } });
  }
  const page = ctx.spaces.list({
    principal,
    types: types as SpaceType[],
    name: q.name,
    ownerId: q.ownerId,
    roles: roles as RoleType[],
    publishable: Boolean(q.action),
    filter: q.filter,
    sort: q.sort?.trim(),
    limit: q.limit,
    next: q.next,
    prev: q.prev,
  });
  const assigned = ctx.spaces.assignedRoles(
    page.rows.map((r) => r.id),
    principal,
  );
  const origin = requestOrigin(request);
  const tenantId = ctx.tenant().id;
  return {
    data: page.rows.map((row) => toSpace(row, accessOf(row, principal, assigned.get(row.id) ?? []), origin, tenantId)),
    meta: { count: page.totalResults ?? 0 },
    links: cursorLinks(request, page),
  };
}

async function postSpace(ctx: TenantContext, request: FastifyRequest<{ Body: CreateSpaceBody }>, reply: FastifyReply) {
  const { caller } = request;
  requireCreateRights(caller, request.body.type);
  const row = createSpace(ctx, caller.user.id, request.body);
  const access = ctx.spaces.access(row.id, spacePrincipal(caller))!.access;
  const space = toSpace(row, access, requestOrigin(request), ctx.tenant().id);
  return reply.code(201).header('location', space.links.self.href).send(space);
}

async function changeSpace(
  ctx: TenantContext,
  request: FastifyRequest<{ Params: SpaceParams }>,
  changes: SpaceChanges,
) {
  const target = writableSpace(ctx, request, request.params.spaceId);
  const updated = updateSpace(ctx, request.caller.user.id, target, changes);
  const access = ctx.spaces.access(updated.id, spacePrincipal(request.caller))?.access ?? target.access;
  return toSpace(updated, access, requestOrigin(request), ctx.tenant().id);
}

/** A JSON Patch of `replace` operations on /name, /description and /ownerId, as changes. */
function patchedChanges(ops: PatchSpaceBody): SpaceChanges {
  const changes: SpaceChanges = {};
  ops.forEach((op, i) => {
    if (op.op !== 'replace')
      throw badRequest(`Operation ${i}: only "replace" is supported.`, { source: { pointer: `/${i}/op` } });
    if (typeof op.value !== 'string')
      throw badRequest(`Operation ${i}: value must be a string.`, { source: { pointer: `/${i}/value` } });
    if (op.path === '/name') changes.name = validSpaceName(op.value, `/${i}/value`);
    else if (op.path === '/description') changes.description = validSpaceDescription(op.value, `/${i}/value`);
    else if (op.path === '/ownerId') changes.ownerId = op.value;
    else {
      throw badRequest(`Operation ${i}: path must be /name, /description or /ownerId.`, {
        source: { pointer: `/${i}/path` },
      });
    }
  });
  return changes;
}
