import type { TenantContext } from '../context';
import { ApiError, badRequest, conflict } from '../http/errors';
import { hasControlCharacter } from '../http/text';
import { EVERYONE_GROUP_ID, type GroupRow } from '../store/identities';
import { changedFields, keepOneTenantAdmin, resolveRoles } from './identity-refs';

/**
 * Changes to groups: custom groups created and deleted, any group's (Everyone's too) assigned roles, a custom
 * group's name and description. Membership changes go through the users' /assignedGroups. One transaction each,
 * with its event, never leaving the tenant without an active TenantAdmin.
 */

export interface GroupPatch {
  op: string;
  path: string;
  value?: unknown;
}

const groupNotFound = (id: string) =>
  new ApiError(404, `Group ${id} not found.`, { code: 'GROUPS-7', title: 'Not Found', source: { parameter: 'groupId' } });

export function existingGroup(ctx: TenantContext, id: string): GroupRow {
  const row = ctx.identities.groupById(id);
  if (!row) throw groupNotFound(id);
  return row;
}

function validGroupName(raw: unknown, pointer: string): string {
  if (typeof raw !== 'string' || !raw.trim() || raw.length > 256 || hasControlCharacter(raw)) {
    throw badRequest('The group name must be 1 to 256 characters, without control characters.', { source: { pointer } });
  }
  return raw;
}

function validDescription(raw: unknown, pointer: string): string {
  if (typeof raw !== 'string' || raw.length > 1024) {
    throw badRequest('The description must be a string of at most 1024 characters.', { source: { pointer } });
  }
  return raw;
}

const nameTaken = () => conflict('A group with this name already exists.', { code: 'GROUPS-9', title: 'Conflict', source: { pointer: '/name' } });

function described(ctx: TenantContext, id: string) {
  const row = ctx.identities.groupById(id)!;
  return {
    id,
    name: row.name,
    description: row.description,
    providerType: row.provider_type,
    assignedRoles: ctx.identities.rolesOfGroup(id).map((r) => r.name),
  };
}

function record(ctx: TenantContext, type: 'created' | 'updated' | 'deleted', actorId: string, data: ReturnType<typeof described>, updates?: ReturnType<typeof changedFields>) {
  ctx.events.record({
    type: `com.qlik.v1.group.${type}`,
    actorId,
    resourceType: 'group',
    resourceId: data.id,
    spaceId: null,
    data,
    ...(updates ? { updates } : {}),
  });
}

/** A new custom group with its roles. */
export function createGroup(
  ctx: TenantContext,
  actorId: string,
  input: { name?: unknown; description?: unknown; assignedRoles?: unknown; providerType?: unknown; status?: unknown },
): GroupRow {
  const name = validGroupName(input.name, '/name');
  const description = input.description === undefined ? null : validDescription(input.description, '/description');
  if (input.providerType !== undefined && input.providerType !== 'custom') {
    throw badRequest('Groups made through the API here are custom groups (providerType "custom").', { source: { pointer: '/providerType' } });
  }
  const roles = input.assignedRoles === undefined ? [] : resolveRoles(ctx, input.assignedRoles, '/assignedRoles');
  return ctx.db.transaction(() => {
    if (ctx.identities.groupByName(name)) throw nameTaken();
    const id = ctx.identities.createGroup({ name, description: description ?? undefined, createdBy: actorId, roles: roles.map((r) => r.name) });
    record(ctx, 'created', actorId, described(ctx, id));
    return ctx.identities.groupById(id)!;
  })();
}

/** Replaces a group's roles, name or description (paths with or without the leading slash, as Qlik's docs differ). */
export function patchGroup(ctx: TenantContext, actorId: string, groupId: string, operations: GroupPatch[]): void {
  const group = existingGroup(ctx, groupId);
  const changes: { name?: string; description?: string; roleIds?: string[] } = {};
  operations.forEach(({ op, path, value }, index) => {
    const pointer = `/${index}`;
    if (op !== 'replace') throw badRequest('replace is the only op groups take.', { source: { pointer: `${pointer}/op` } });
    const field = path.replace(/^\//, '');
    if (field === 'assignedRoles') changes.roleIds = resolveRoles(ctx, value, `${pointer}/value`).map((r) => r.id);
    else if ((field === 'name' || field === 'description') && group.provider_type !== 'custom') {
      throw badRequest(`Only a custom group's ${field} can change.`, { source: { pointer: `${pointer}/path` } });
    } else if (field === 'name') changes.name = validGroupName(value, `${pointer}/value`);
    else if (field === 'description') changes.description = validDescription(value, `${pointer}/value`);
    else throw badRequest(`Unsupported path ${path}.`, { source: { pointer: `${pointer}/path` } });
  });
  ctx.db.transaction(() => {
    const admins = ctx.identityChanges.activeTenantAdmins();
    const before = described(ctx, groupId);
    if (changes.name !== undefined && changes.name !== group.name && ctx.identities.groupByName(changes.name)) throw nameTaken();
    ctx.identityChanges.updateGroup(groupId, { name: changes.name, description: changes.description });
    if (changes.roleIds) ctx.identityChanges.setGroupRoles(groupId, changes.roleIds);
    keepOneTenantAdmin(ctx, admins);
    const after = described(ctx, groupId);
    const updates = changedFields(before, after);
    if (Object.keys(updates).length) record(ctx, 'updated', actorId, after, updates);
  })();
}

/** Deletes a custom group with its memberships and space assignments; Everyone cannot go. */
export function deleteGroup(ctx: TenantContext, actorId: string, groupId: string): void {
  const group = existingGroup(ctx, groupId);
  if (group.id === EVERYONE_GROUP_ID || group.system) {
    throw badRequest('A system group cannot be deleted.', { source: { parameter: 'groupId' } });
  }
  ctx.db.transaction(() => {
    const admins = ctx.identityChanges.activeTenantAdmins();
    const before = described(ctx, groupId);
    ctx.identityChanges.deleteGroup(groupId);
    keepOneTenantAdmin(ctx, admins);
    record(ctx, 'deleted', actorId, before);
  })();
}
