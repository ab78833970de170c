import type { FastifyRequest } from 'fastify';
import type { TenantContext } from '../../context';
import type { Caller } from '../../auth/caller';
import type { Guard } from '../../auth/guards';
import { forbidden, roleForbidden } from '../../http/errors';
import type { ConnectionRow } from '../../store/data-connections';
import type { SpaceAccess, SpacePrincipal, SpaceRow } from '../../store/spaces';
import { connectionNotFound, dataFilesForbidden } from '../../services/data-connections';

const READ: Guard = { anyOf: ['data-connections:read'] };
const WRITE: Guard = { anyOf: ['data-connections'] };

/**
 * Data-connections endpoints need the data-connections scopes; rights inside a space come from the caller's space
 * roles (owner/producer/facilitator edit), and the bulk actions from the TenantAdmin role.
 */
export const DATA_CONNECTIONS_GUARDS: Record<string, Guard> = {
  'GET /api/v1/data-connections': READ,
  'GET /api/v1/data-connections/:qID': READ,
  'POST /api/v1/data-connections': WRITE,
  'PUT /api/v1/data-connections/:qID': WRITE,
  'PATCH /api/v1/data-connections/:qID': WRITE,
  'DELETE /api/v1/data-connections/:qID': WRITE,
  'POST /api/v1/data-connections/actions/delete': WRITE,
  'POST /api/v1/data-connections/actions/duplicate': WRITE,
  'POST /api/v1/data-connections/actions/update': WRITE,
};

/**
 * The data-connections service answers by roles, not by the admin.spaces scopes: a tenant admin sees and manages
 * the connections of every space (and another user's personal ones when asking by userId).
 */
export function connectionPrincipal(caller: Caller): SpacePrincipal {
  return {
    userId: caller.user.id,
    groupIds: caller.groupIds,
    seesAll: caller.isTenantAdmin,
    managesAll: caller.isTenantAdmin,
  };
}

const EDITOR_ROLES = new Set(['producer', 'facilitator']);

export interface Rights {
  read: boolean;
  edit: boolean;
  admin: boolean;
}

/** Rights on a connection; `known` is the caller's access to its space when a list has already loaded it. */
export function rightsOn(ctx: TenantContext, row: ConnectionRow, caller: Caller, known?: SpaceAccess): Rights {
  const admin = caller.isTenantAdmin;
  if (!row.space_id) {
    const own = row.owner_id === caller.user.id;
    return { read: own || admin, edit: own || admin, admin };
  }
  const access = known ?? ctx.spaces.access(row.space_id, connectionPrincipal(caller))?.access;
  if (!access) return { read: false, edit: false, admin };
  return { read: true, edit: admin || access.roles.some((r) => EDITOR_ROLES.has(r)), admin };
}

/** How a request names a connection: by id, or by name with `?type=connectionname[&spaceId=]`. */
export interface ConnectionLookup {
  type?: 'connectionname';
  spaceId?: string;
}

/** The connection, if the caller may read it (404 otherwise). */
export function findReadable(ctx: TenantContext, request: FastifyRequest, qID: string, q: ConnectionLookup) {
  const row =
    q.type === 'connectionname'
      ? ctx.connections.byName(qID, { spaceId: q.spaceId || undefined, ownerId: request.caller.user.id })
      : ctx.connections.byId(qID);
  if (!row) throw connectionNotFound(qID);
  const rights = rightsOn(ctx, row, request.caller);
  if (!rights.read) throw connectionNotFound(qID);
  return { row, rights };
}

/** A standard connection the caller may `verb` (DataFiles connections belong to the data-files service). */
export function findEditable(
  ctx: TenantContext,
  request: FastifyRequest,
  qID: string,
  q: ConnectionLookup,
  verb: string,
) {
  const found = findReadable(ctx, request, qID, q);
  if (found.row.is_datafiles) throw dataFilesForbidden();
  if (!found.rights.edit) {
    throw roleForbidden(
      `Only the space owner, a member with Can edit (producer) or Can manage (facilitator), or a tenant admin can ${verb} this connection.`,
    );
  }
  return found;
}

/** Where a connection may be created or moved to: personal, or a space where the caller edits. */
export function targetSpace(
  ctx: TenantContext,
  caller: Caller,
  spaceId: string | undefined,
  pointer: string,
): SpaceRow | undefined {
  if (!spaceId) return undefined;
  const found = ctx.spaces.access(spaceId, connectionPrincipal(caller));
  const edits = found && (caller.isTenantAdmin || found.access.roles.some((r) => EDITOR_ROLES.has(r)));
  if (!found || !edits) {
    throw forbidden(
      `You cannot create data connections in space ${spaceId}: it needs the owner, Can edit (producer) or Can manage (facilitator) role there.`,
      { meta: { reason: 'role' }, source: { pointer } },
    );
  }
  return found.space;
}

export function requireAdmin(caller: Caller, what: string): void {
  if (!caller.isTenantAdmin) throw roleForbidden(`Only a tenant admin can ${what}.`);
}
