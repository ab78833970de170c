import type { TenantContext } from '../context';
import { ApiError, badRequest, conflict } from '../http/errors';
import { hasControlCharacter } from '../http/text';
import type { UserRow } from '../store/identities';
import type { UserFields } from '../store/identity-changes';
import { changedFields, keepOneTenantAdmin, resolveGroups, resolveRoles } from './identity-refs';

/**
 * Changes to users: create (invite), JSON Patch, delete. Each runs in one transaction that records its event and
 * refuses to leave the tenant without an active TenantAdmin. The HTTP layer has checked that the caller is a
 * TenantAdmin whose token allows user administration.
 */

export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

/** A user as a patch sees it: what the users API can change. */
interface UserDraft {
  name: string;
  status: UserRow['status'];
  locale: string | null;
  zoneinfo: string | null;
  roleIds: string[];
  groupIds: string[];
}

/** A failure that does not stop the rest of the patch: the answer is 207 with these. */
export interface PatchFailure {
  code: string;
  title: string;
  detail: string;
  status: number;
  source: { pointer: string };
}

const USER_OPS = new Set(['replace', 'add', 'renew', 'remove-value', 'set', 'unset']);

const userNotFound = (id: string) =>
  new ApiError(404, `User ${id} not found.`, { code: 'USERS-7', title: 'Not found', source: { parameter: 'userId' } });

/** A user the API may change: not the service account, not gone. */
export function changeableUser(ctx: TenantContext, id: string): UserRow {
  const row = ctx.identities.userById(id);
  if (!row || row.is_service) throw userNotFound(id);
  return row;
}

function validName(raw: unknown, pointer: string): string {
  if (typeof raw !== 'string' || !raw.trim()) throw badRequest('The name must be a non-empty string.', { source: { pointer } });
  if (raw.length > 256 || hasControlCharacter(raw)) {
    throw badRequest('The name must be at most 256 characters, without control characters.', { source: { pointer } });
  }
  return raw.trim();
}

function draftOf(ctx: TenantContext, row: UserRow): UserDraft {
  return {
    name: row.name,
    status: row.status,
    locale: row.locale,
    zoneinfo: row.zoneinfo,
    roleIds: ctx.identities.directRolesOf(row.id).map((r) => r.id),
    groupIds: ctx.identities.groupsOf(row.id).map((g) => g.id),
  };
}

/** The draft's fields named as the User shape names them, for the event's `updates`. */
function described(ctx: TenantContext, draft: UserDraft): Record<string, unknown> {
  const roleName = (id: string) => ctx.identityChanges.roleById(id)?.name ?? id;
  return {
    name: draft.name,
    status: draft.status,
    preferredLocale: draft.locale,
    preferredZoneinfo: draft.zoneinfo,
    assignedRoles: draft.roleIds.map(roleName).sort(),
    assignedGroups: draft.groupIds.map((id) => ctx.identities.groupById(id)?.name ?? id).sort(),
  };
}

function applyListOp(current: string[], op: string, ids: string[]): string[] {
  if (op === 'remove-value' || op === 'unset') return current.filter((id) => !ids.includes(id));
  if (op === 'add') return [...new Set([...current, ...ids])];
  return [...new Set(ids)];
}

function applyStatus(draft: UserDraft, value: unknown, pointer: string): void {
  if (value !== 'active' && value !== 'disabled') {
    throw badRequest('status can be set to "active" or "disabled".', { source: { pointer } });
  }
  draft.status = value;
}

/** Applies one operation to the draft; returns a non-critical failure, or throws for a critical one. */
function applyOperation(ctx: TenantContext, draft: UserDraft, operation: PatchOperation, index: number): PatchFailure | undefined {
  const pointer = `/${index}`;
  const { op, value } = operation;
  if (!USER_OPS.has(op)) throw badRequest(`op must be one of ${[...USER_OPS].join(', ')}.`, { source: { pointer: `${pointer}/op` } });
  const path = operation.path.replace(/\/-$/, '');
  switch (path) {
    case '/name':
      draft.name = validName(value, `${pointer}/value`);
      return undefined;
    case '/status':
      applyStatus(draft, value, `${pointer}/value`);
      return undefined;
    case '/preferredLocale':
    case '/preferredZoneinfo':
    case '/preferredZoneInfo': {
      if (typeof value !== 'string' || value.length > 64) throw badRequest(`${path} must be a short string.`, { source: { pointer } });
      if (path === '/preferredLocale') draft.locale = value;
      else draft.zoneinfo = value;
      return undefined;
    }
    case '/assignedRoles':
    case '/roles':
      draft.roleIds = applyListOp(draft.roleIds, op, resolveRoles(ctx, value, `${pointer}/value`).map((r) => r.id));
      return undefined;
    case '/assignedGroups':
      draft.groupIds = applyListOp(draft.groupIds, op, resolveGroups(ctx, value, `${pointer}/value`).map((g) => g.id));
      return undefined;
    case '/email':
    case '/inviteExpiry':
      // Documented paths this tenant does not change (email comes from the identity provider; no invitations are
      // sent): the rest of the patch still applies.
      return { code: 'USERS-13', title: 'Not applied', detail: `${path} cannot be changed on this tenant.`, status: 400, source: { pointer } };
    default:
      throw badRequest(`Unsupported path ${operation.path}.`, { source: { pointer: `${pointer}/path` } });
  }
}

function writeDraft(ctx: TenantContext, id: string, before: UserDraft, after: UserDraft): void {
  const fields: UserFields = {};
  if (after.name !== before.name) fields.name = after.name;
  if (after.status !== before.status) fields.status = after.status;
  if (after.locale !== before.locale) fields.locale = after.locale ?? undefined;
  if (after.zoneinfo !== before.zoneinfo) fields.zoneinfo = after.zoneinfo ?? undefined;
  ctx.identityChanges.updateUser(id, fields);
  if (JSON.stringify(after.roleIds) !== JSON.stringify(before.roleIds)) ctx.identityChanges.setUserRoles(id, after.roleIds);
  if (JSON.stringify(after.groupIds) !== JSON.stringify(before.groupIds)) ctx.identityChanges.setUserGroups(id, after.groupIds);
}

/**
 * Applies a JSON Patch to a user in one transaction. Critical problems (bad op, path or value, unknown role or
 * group, the last TenantAdmin) refuse the whole patch; documented paths the tenant does not change are reported as
 * non-critical failures (the 207 answer) while the rest applies.
 */
export function patchUser(ctx: TenantContext, actorId: string, userId: string, operations: PatchOperation[]): PatchFailure[] {
  const row = changeableUser(ctx, userId);
  const before = draftOf(ctx, row);
  const after: UserDraft = { ...before, roleIds: [...before.roleIds], groupIds: [...before.groupIds] };
  const failures = operations.flatMap((operation, index) => applyOperation(ctx, after, operation, index) ?? []);
  const updates = changedFields(described(ctx, before), described(ctx, after));
  if (Object.keys(updates).length === 0) return failures;
  ctx.db.transaction(() => {
    const admins = ctx.identityChanges.activeTenantAdmins();
    writeDraft(ctx, userId, before, after);
    keepOneTenantAdmin(ctx, admins);
    ctx.events.record({
      type: 'com.qlik.core.user.updated',
      actorId,
      resourceType: 'user',
      resourceId: userId,
      spaceId: null,
      data: { id: userId, ...described(ctx, after) },
      updates,
    });
  })();
  return failures;
}

export interface NewUser {
  subject?: unknown;
  name?: unknown;
  email?: unknown;
  picture?: unknown;
  status?: unknown;
  assignedRoles?: unknown;
  roles?: unknown;
}

function validNewUser(input: NewUser) {
  if (typeof input.subject !== 'string' || !input.subject.trim() || input.subject.length > 256) {
    throw badRequest('subject is required (the identity provider subject of the user).', { source: { pointer: '/subject' } });
  }
  if (input.status !== undefined && input.status !== 'invited') {
    throw badRequest('status can only be "invited" when a user is created.', { source: { pointer: '/status' } });
  }
  // Qlik requires an email only when inviting; this tenant signs people in by email, so every user has one.
  const email = input.email;
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) {
    throw badRequest('email is required and must be an email address.', { source: { pointer: '/email' } });
  }
  const name = input.name === undefined ? email : validName(input.name, '/name');
  return { subject: input.subject.trim(), email, name };
}

/** Creates (invites) a user with the given roles: status "invited" until they first sign in. */
export function createUser(ctx: TenantContext, actorId: string, input: NewUser): UserRow {
  const { subject, email, name } = validNewUser(input);
  const roles = input.assignedRoles !== undefined || input.roles !== undefined
    ? resolveRoles(ctx, input.assignedRoles ?? input.roles, input.assignedRoles !== undefined ? '/assignedRoles' : '/roles')
    : [];
  const picture = typeof input.picture === 'string' ? input.picture : undefined;
  return ctx.db.transaction(() => {
    if (ctx.identityChanges.userClashing(subject, email)) {
      throw conflict('A user with this subject or email already exists.', { code: 'USERS-9', title: 'User conflict' });
    }
    const id = ctx.identityChanges.insertUser({ subject, name, email, status: 'invited', picture });
    ctx.identityChanges.setUserRoles(id, roles.map((r) => r.id));
    const row = ctx.identities.userById(id)!;
    ctx.events.record({
      type: 'com.qlik.v1.user.created',
      actorId,
      resourceType: 'user',
      resourceId: id,
      spaceId: null,
      data: { id, subject, name: row.name, email: row.email, status: row.status, assignedRoles: roles.map((r) => r.name) },
    });
    return row;
  })();
}

/**
 * Deletes a user with their roles, memberships and space assignments. Refused while they own spaces, data
 * connections or data files (change the owner first), and for the last active TenantAdmin.
 */
export function deleteUser(ctx: TenantContext, actorId: string, userId: string): void {
  const row = changeableUser(ctx, userId);
  const owned = ctx.identityChanges.ownedBy(userId);
  const held = Object.entries(owned).filter(([, n]) => n > 0);
  if (held.length) {
    throw badRequest(
      `The user still owns ${held.map(([kind, n]) => `${n} ${kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`).join(', ')}. Change the owner first.`,
      { code: 'USERS-OWNS-CONTENT', title: 'User owns content', meta: { owned } },
    );
  }
  ctx.db.transaction(() => {
    const admins = ctx.identityChanges.activeTenantAdmins();
    ctx.identityChanges.deleteUser(userId);
    keepOneTenantAdmin(ctx, admins);
    ctx.events.record({
      type: 'com.qlik.v1.user.deleted',
      actorId,
      resourceType: 'user',
      resourceId: userId,
      spaceId: null,
      data: { id: userId, subject: row.subject, name: row.name, email: row.email },
    });
  })();
}
