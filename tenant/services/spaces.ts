import type { RoleType, SpaceType } from '@qlik/api/spaces';
import type { TenantContext } from '../context';
import { ApiError, badRequest, conflict, notFound, roleForbidden } from '../http/errors';
import { hasControlCharacter } from '../http/text';
import {
  ASSIGNABLE_ROLES,
  accessOf,
  parseRoles,
  type AssignmentRow,
  type SpaceAccess,
  type SpaceRow,
} from '../store/spaces';

/**
 * Changes to spaces and their members. Each runs in one transaction and records its event there; the HTTP layer
 * has checked that the caller sees the space and that the token's scopes allow the change, and these functions
 * decide what the caller's space roles allow.
 */

/** A space and what the caller may do in it, as the spaces API's access check found them. */
export interface SpaceInReach {
  space: SpaceRow;
  access: SpaceAccess;
}

/** A space as its owner sees it (seeds act as the owners of what they create). */
export function ownerReach(space: SpaceRow): SpaceInReach {
  const owner = { userId: space.owner_id, groupIds: [], seesAll: false, managesAll: false };
  return { space, access: accessOf(space, owner, []) };
}

export interface SpaceChanges {
  name?: string;
  description?: string;
  ownerId?: string;
}

const MANAGERS = 'Only the owner, a member with Can manage (facilitator) or a tenant admin';
const FORBIDDEN_NAME_CHARS = /["*?<>/|\\:]/;

export function validSpaceName(raw: unknown, pointer = '/name'): string {
  if (typeof raw !== 'string' || !raw.trim())
    throw badRequest('The space name must not be blank.', { source: { pointer } });
  const name = raw.trim();
  if (name.length > 256)
    throw badRequest('The space name must be at most 256 characters long.', { source: { pointer } });
  if (hasControlCharacter(raw)) {
    throw badRequest('The space name must not contain control characters (tabs, line breaks, NUL…).', {
      source: { pointer },
    });
  }
  if (FORBIDDEN_NAME_CHARS.test(name)) {
    throw badRequest('The space name must not contain any of " * ? < > / | \\ :', { source: { pointer } });
  }
  return name;
}

export function validSpaceDescription(raw: unknown, pointer = '/description'): string {
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
      { source: { pointer } },
    );
  }
  return allowed.filter((r) => roles.includes(r));
}

const nameTaken = () => conflict('Spaces names must be unique', { source: { pointer: '/name' } });

/** A user who can own a space or be a member: active, not the service account. */
function activeUser(ctx: TenantContext, id: string) {
  const user = ctx.identities.userById(id);
  return user && !user.is_service && user.status !== 'deleted' ? user : undefined;
}

const spaceData = (row: SpaceRow) => ({
  id: row.id,
  name: row.name,
  type: row.type,
  ownerId: row.owner_id,
  description: row.description,
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
});

function recordSpace(
  ctx: TenantContext,
  type: 'created' | 'updated' | 'deleted',
  actorId: string,
  row: SpaceRow,
  previous?: SpaceRow,
) {
  ctx.events.record({
    type: `com.qlik.space.${type}`,
    actorId,
    resourceType: 'space',
    resourceId: row.id,
    spaceId: row.id,
    data: spaceData(row),
    ...(previous ? { before: spaceData(previous) } : {}),
  });
}

const assignmentData = (space: SpaceRow, row: AssignmentRow) => ({
  id: row.id,
  type: row.type,
  assigneeId: row.assignee_id,
  roles: parseRoles(row),
  spaceId: space.id,
  spaceName: space.name,
  spaceType: space.type,
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

function recordAssignment(
  ctx: TenantContext,
  type: 'created' | 'updated' | 'deleted',
  actorId: string,
  space: SpaceRow,
  row: AssignmentRow,
  options: { spaceDelete?: boolean; previous?: AssignmentRow } = {},
) {
  ctx.events.record({
    type: `com.qlik.space.assignment.${type}`,
    actorId,
    resourceType: 'space-assignment',
    resourceId: row.id,
    spaceId: space.id,
    data: { ...assignmentData(space, row), ...(type === 'deleted' ? { spaceDelete: options.spaceDelete ?? false } : {}) },
    ...(options.previous ? { before: assignmentData(space, options.previous) } : {}),
  });
}

/** A new space owned by its creator, with its DataFiles connection and data asset. */
export function createSpace(
  ctx: TenantContext,
  actorId: string,
  input: { type: SpaceType; name?: unknown; description?: unknown },
): SpaceRow {
  const name = validSpaceName(input.name);
  const description = input.description === undefined ? '' : validSpaceDescription(input.description);
  return ctx.db.transaction(() => {
    if (ctx.spaces.byName(name)) throw nameTaken();
    const row = ctx.spaces.create({ type: input.type, name, description, ownerId: actorId, createdBy: actorId });
    recordSpace(ctx, 'created', actorId, row);
    return row;
  })();
}

/** Renames, describes or hands a space over, as far as the caller's roles allow each change. */
export function updateSpace(
  ctx: TenantContext,
  actorId: string,
  { space, access }: SpaceInReach,
  changes: SpaceChanges,
): SpaceRow {
  const renaming = changes.name !== undefined && changes.name !== space.name;
  if (renaming && !access.canManage) throw roleForbidden(`${MANAGERS} can rename this space.`);
  if (changes.description !== undefined && changes.description !== space.description && !access.canManage) {
    throw roleForbidden(`${MANAGERS} can change the description of this space.`);
  }
  const newOwner = changes.ownerId !== undefined && changes.ownerId !== space.owner_id ? changes.ownerId : undefined;
  if (newOwner !== undefined) {
    if (!access.canChangeOwner)
      throw roleForbidden('Only the owner or a tenant admin can change the owner of this space.');
    if (!activeUser(ctx, newOwner)) throw notFound(`User ${newOwner} not found.`, { source: { pointer: '/ownerId' } });
  }
  return ctx.db.transaction(() => {
    if (renaming) {
      const clash = ctx.spaces.byName(changes.name!);
      if (clash && clash.id !== space.id) throw nameTaken();
    }
    // An owner holds every role: their own assignment goes when they take the space over.
    const dropped = newOwner === undefined ? undefined : ctx.spaces.assignmentOf(space.id, newOwner);
    const updated = ctx.spaces.update(space, changes, actorId);
    recordSpace(ctx, 'updated', actorId, updated, space);
    if (dropped) recordAssignment(ctx, 'deleted', actorId, updated, dropped);
    return updated;
  })();
}

/** What a space holds that keeps it from being deleted, by kind (only kinds it holds something of). */
function spaceContent(ctx: TenantContext, spaceId: string): Record<string, number> {
  const counts: [string, number][] = [
    ['data connections', ctx.connections.countInSpace(spaceId)],
    ['data files', ctx.dataFiles.countInSpace(spaceId)],
    ['apps', ctx.apps.countInSpace(spaceId)],
  ];
  return Object.fromEntries(counts.filter(([, n]) => n > 0));
}

/** Deletes an empty space with its members, DataFiles connection and data asset; 412 while it holds content. */
export function deleteSpace(ctx: TenantContext, actorId: string, { space, access }: SpaceInReach): void {
  if (!access.canManage) throw roleForbidden(`${MANAGERS} can delete this space.`);
  ctx.db.transaction(() => {
    const content = spaceContent(ctx, space.id);
    if (Object.keys(content).length) {
      const what = Object.entries(content)
        .map(([kind, n]) => `${n} ${kind}`)
        .join(', ');
      throw new ApiError(412, `Space delete precondition (space not empty) failed. Delete its content first (${what}).`, {
        meta: { content },
      });
    }
    const members = ctx.spaces.assignmentsOf(space.id);
    ctx.spaces.delete(space.id);
    for (const member of members) recordAssignment(ctx, 'deleted', actorId, space, member, { spaceDelete: true });
    recordSpace(ctx, 'deleted', actorId, space);
  })();
}

const requireManager = (access: SpaceAccess) => {
  if (!access.canManage) throw roleForbidden(`${MANAGERS} can manage the members of this space.`);
};

/** A member's assignment the caller manages: 404 when there is none, then 403 unless they manage members. */
function managedAssignment(ctx: TenantContext, { space, access }: SpaceInReach, assignmentId: string): AssignmentRow {
  const row = ctx.spaces.assignment(space.id, assignmentId);
  if (!row) throw notFound(`Assignment ${assignmentId} not found.`, { source: { parameter: 'assignmentId' } });
  requireManager(access);
  return row;
}

/** Adds a user or group to a space with roles the space type offers. */
export function addAssignment(
  ctx: TenantContext,
  actorId: string,
  { space, access }: SpaceInReach,
  input: { type: 'user' | 'group' | 'bot'; assigneeId: string; roles: unknown },
): AssignmentRow {
  requireManager(access);
  const { type, assigneeId } = input;
  if (type === 'bot')
    throw badRequest('Bots cannot be assigned to spaces in this tenant.', { source: { pointer: '/type' } });
  const roles = validRoles(space.type, input.roles);
  const exists = type === 'user' ? activeUser(ctx, assigneeId) : ctx.identities.groupById(assigneeId);
  if (!exists) {
    throw notFound(`${type === 'user' ? 'User' : 'Group'} ${assigneeId} not found.`, {
      source: { pointer: '/assigneeId' },
    });
  }
  if (type === 'user' && assigneeId === space.owner_id) {
    throw badRequest('The owner of a space holds every role already and cannot be assigned to it.', {
      source: { pointer: '/assigneeId' },
    });
  }
  return ctx.db.transaction(() => {
    if (ctx.spaces.assignmentOf(space.id, assigneeId)) {
      throw conflict('Assignment already exists. assigneeId must be unique.', { source: { pointer: '/assigneeId' } });
    }
    const row = ctx.spaces.addAssignment({ spaceId: space.id, type, assigneeId, roles, by: actorId });
    recordAssignment(ctx, 'created', actorId, space, row);
    return row;
  })();
}

/** Replaces a member's roles. */
export function setAssignmentRoles(
  ctx: TenantContext,
  actorId: string,
  reach: SpaceInReach,
  assignmentId: string,
  rawRoles: unknown,
): AssignmentRow {
  const { space } = reach;
  const row = managedAssignment(ctx, reach, assignmentId);
  const roles = validRoles(space.type, rawRoles);
  return ctx.db.transaction(() => {
    const updated = ctx.spaces.setAssignmentRoles(row, roles, actorId);
    recordAssignment(ctx, 'updated', actorId, space, updated, { previous: row });
    return updated;
  })();
}

/** Removes a member from a space. */
export function removeAssignment(
  ctx: TenantContext,
  actorId: string,
  reach: SpaceInReach,
  assignmentId: string,
): void {
  const { space } = reach;
  const row = managedAssignment(ctx, reach, assignmentId);
  ctx.db.transaction(() => {
    ctx.spaces.deleteAssignment(space.id, assignmentId);
    recordAssignment(ctx, 'deleted', actorId, space, row);
  })();
}
