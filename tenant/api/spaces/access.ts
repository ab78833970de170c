import type { FastifyRequest } from 'fastify';
import type { SpaceType } from '@qlik/api/spaces';
import type { TenantContext } from '../../context';
import type { Caller } from '../../auth/caller';
import type { Guard } from '../../auth/guards';
import { forbidden, notFound, roleForbidden } from '../../http/errors';
import { SPACE_TYPES, type SpacePrincipal } from '../../store/spaces';
import type { SpaceInReach } from '../../services/spaces';

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

function requireScope(caller: Caller, needed: string[]): void {
  if (!needed.some((s) => caller.scopes.has(s))) {
    throw forbidden(
      `This call needs one of the scopes: ${needed.join(', ')}. Sign in again with a scope preset that includes it.`,
      { meta: { reason: 'scope', requiredScopes: needed } },
    );
  }
}

/** The space as the caller sees it; 404 when it does not exist or the caller may not see it. */
export function visibleSpace(ctx: TenantContext, request: FastifyRequest, spaceId: string): SpaceInReach {
  const found = ctx.spaces.access(spaceId, spacePrincipal(request.caller));
  if (!found) throw notFound(`Space ${spaceId} not found.`, { source: { parameter: 'spaceId' } });
  return found;
}

/** A visible space the caller wants to change: the token needs the write scope of the space's type. */
export function writableSpace(ctx: TenantContext, request: FastifyRequest, spaceId: string): SpaceInReach {
  const found = visibleSpace(ctx, request, spaceId);
  requireScope(request.caller, [WRITE_SCOPE[found.space.type], 'admin.spaces']);
  return found;
}

/** Creating a space of a type needs that type's create scope and its creator role (a tenant admin has every role). */
export function requireCreateRights(caller: Caller, type: SpaceType): void {
  requireScope(caller, [CREATE_SCOPE[type], 'admin.spaces']);
  if (!caller.isTenantAdmin && !caller.roles.includes(CREATOR_ROLE[type])) {
    throw roleForbidden(`Creating ${type} spaces needs the ${CREATOR_ROLE[type]} role.`);
  }
}
