import type { QueryClient } from '@tanstack/react-query';
import { createSpaceAssignment, deleteSpace, type RoleType, type Space } from '@qlik/api/spaces';
import { isHttpError } from '@/lib/api-error';
import { cursorPages, type BatchDecision } from '@/lib/batch-runner';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { roleLabel, spaceRights, typeLabel, type Caller, type SpaceListParams } from '../model';
import { listSpacesPage, nextCursor, spaceKeys } from './spaces';

/** Every space matching the list's filters, read page by page from the tenant (for "select all matching"). */
export function spacesMatching(tenant: TenantTarget, params: SpaceListParams, signal?: AbortSignal) {
  return cursorPages<Space>(async (cursor, pageSignal) => {
    const page = await listSpacesPage(tenant, params, cursor, pageSignal);
    const next = nextCursor(page);
    return { items: page.data ?? [], ...(next ? { next } : {}) };
  }, signal);
}

export function decideDelete(caller: Caller, space: Space): BatchDecision {
  const right = spaceRights(caller, space).delete;
  return right.allowed ? { run: true } : { run: false, reason: right.reason ?? 'Not allowed.' };
}

export async function deleteOneSpace(tenant: TenantTarget, space: Space, signal: AbortSignal): Promise<void> {
  await deleteSpace(space.id, { ...apiOptions(tenant), signal });
}

export interface NewMember {
  type: 'user' | 'group';
  assigneeId: string;
  name: string;
  roles: RoleType[];
}

/**
 * Per space: may the caller change its members, and which of the chosen roles can this kind of space give. A
 * space that can give none of them is skipped; one that can give some gets those.
 */
export function decideAddMember(caller: Caller, space: Space, member: NewMember): BatchDecision {
  const right = spaceRights(caller, space).manageMembers;
  if (!right.allowed) return { run: false, reason: right.reason ?? 'Not allowed.' };
  if (space.ownerId === member.assigneeId) return { run: false, reason: `${member.name} owns this space.` };
  const assignable = rolesFor(space, member);
  if (assignable.length === 0) {
    return {
      run: false,
      reason: `${member.roles.map(roleLabel).join(', ')} cannot be given in ${typeLabel(space.type).toLowerCase()} spaces.`,
    };
  }
  return { run: true };
}

const rolesFor = (space: Space, member: NewMember) => {
  const assignable = space.meta?.assignableRoles;
  return assignable ? member.roles.filter((role) => assignable.includes(role)) : member.roles;
};

/** Adds the member with the roles this space can give; "already a member" is a skip, not a failure. */
export async function addMemberToSpace(
  tenant: TenantTarget,
  space: Space,
  member: NewMember,
  signal: AbortSignal,
) {
  try {
    await createSpaceAssignment(
      space.id,
      { type: member.type, assigneeId: member.assigneeId, roles: rolesFor(space, member) },
      { ...apiOptions(tenant), signal },
    );
    return undefined;
  } catch (error) {
    if (isHttpError(error) && error.status === 409) {
      return new Map([
        [space.id, { status: 'skipped' as const, message: `${member.name} is already a member.` }],
      ]);
    }
    throw error;
  }
}

/**
 * After a batch over spaces: every list of spaces, and members when the batch changed them. A delete leaves
 * the members of the other spaces alone (asking again for those of a deleted space, whose row shows until the
 * list is read again, would only get 404s).
 */
export function spacesBatchFinished(
  client: QueryClient,
  tenant: TenantTarget,
  changed: { members: boolean },
) {
  void client.invalidateQueries({ queryKey: spaceKeys(tenant.id).all });
  if (changed.members)
    void client.invalidateQueries({ queryKey: tenantKeys(tenant.id).resource('space-assignments').all });
}
