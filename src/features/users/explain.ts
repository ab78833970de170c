import type { Assignment, RoleType, Space, SpaceType } from '@qlik/api/spaces';
import type { User } from '@qlik/api/users';

/**
 * Explain access: why a user reaches a space, and where each of their roles there comes from, computed from what
 * Qlik documents (the space's owner and type, its assignments, the user's groups and tenant roles), so the same
 * answer holds on a real tenant.
 */

/** Where a user's reach of a space, or one of their roles in it, comes from. */
export type AccessSource =
  | { kind: 'owner' }
  | { kind: 'direct' }
  | { kind: 'group'; groupId: string; groupName: string }
  | { kind: 'tenant-role'; role: string; viaGroup?: string };

/** Tenant roles that reach every space, whoever owns it and whoever is assigned (with the admin.spaces scopes). */
export const TENANT_ROLES_REACHING_EVERY_SPACE = ['TenantAdmin'] as const;

/** The roles a space type can assign; the owner holds all of them ("Assignments are not shown for the owner"). */
export const ASSIGNABLE_ROLES: Record<SpaceType, readonly RoleType[]> = {
  shared: ['codeveloper', 'consumer', 'dataconsumer', 'facilitator', 'producer'],
  managed: ['basicconsumer', 'consumer', 'contributor', 'dataconsumer', 'facilitator', 'publisher'],
  data: ['consumer', 'dataconsumer', 'datapreview', 'facilitator', 'operator', 'producer', 'publisher'],
};

/** Who is asked about: the user, the groups they are in (with Everyone) and the tenant roles they hold. */
export interface AccessSubject {
  userId: string;
  name: string;
  groups: readonly { id: string; name: string }[];
  /** Tenant roles, each once per way it is held: directly, or through a group (named). */
  tenantRoles: readonly { name: string; viaGroup?: string }[];
}

/**
 * The subject of a user as `GET /users/{id}` describes them: their own roles, their groups and the groups' roles.
 * `everyone` is the system group every user is in (`GET /groups?systemGroups=true`), which users don't list.
 */
export function subjectOf(user: User, everyone?: { id: string; name: string }): AccessSubject {
  const groups = (user.assignedGroups ?? []).map((g) => ({ id: g.id, name: g.name ?? g.id }));
  const tenantRoles = [
    ...(user.assignedRoles ?? []).map((r) => ({ name: r.name })),
    ...(user.assignedGroups ?? []).flatMap((g) =>
      (g.assignedRoles ?? []).map((r) => ({ name: r.name, viaGroup: g.name ?? g.id })),
    ),
  ];
  return {
    userId: user.id,
    name: user.name ?? user.email ?? user.id,
    groups: everyone && !groups.some((g) => g.id === everyone.id) ? [...groups, everyone] : groups,
    tenantRoles,
  };
}

export interface RoleExplanation {
  role: RoleType;
  sources: AccessSource[];
}

export type ExplainedSpace = Pick<Space, 'id' | 'name' | 'type' | 'ownerId'>;

export interface SpaceAccessExplanation {
  space: ExplainedSpace;
  reachable: boolean;
  /** Why they reach it at all (owner, an assignment, a group's assignment, a tenant role). */
  reach: AccessSource[];
  /** Their effective space roles, each with every source that gives it. */
  roles: RoleExplanation[];
  /** For no access: every way access could come from, each checked and found missing. */
  refusal?: string;
}

type AssignmentLike = Pick<Assignment, 'type' | 'assigneeId' | 'roles'>;

const sameSource = (a: AccessSource, b: AccessSource) => JSON.stringify(a) === JSON.stringify(b);

/** One space, one user: reach, roles with their sources, or the reasons for no access. */
export function explainSpaceAccess(
  subject: AccessSubject,
  space: ExplainedSpace,
  assignments: readonly AssignmentLike[],
  /** Names of the groups assigned to the space, for the refusal; unknown ones are counted. */
  groupNames: ReadonlyMap<string, string> = new Map(),
): SpaceAccessExplanation {
  const reach: AccessSource[] = [];
  const roles = new Map<RoleType, AccessSource[]>();
  const grant = (role: RoleType, source: AccessSource) => {
    const sources = roles.get(role) ?? [];
    if (!sources.some((s) => sameSource(s, source))) sources.push(source);
    roles.set(role, sources);
  };

  if (space.ownerId === subject.userId) {
    reach.push({ kind: 'owner' });
    for (const role of space.type ? ASSIGNABLE_ROLES[space.type] : []) grant(role, { kind: 'owner' });
  }
  const groupsById = new Map(subject.groups.map((g) => [g.id, g.name]));
  for (const assignment of assignments) {
    let source: AccessSource | undefined;
    if (assignment.type === 'user' && assignment.assigneeId === subject.userId) source = { kind: 'direct' };
    else if (assignment.type === 'group' && groupsById.has(assignment.assigneeId))
      source = {
        kind: 'group',
        groupId: assignment.assigneeId,
        groupName: groupsById.get(assignment.assigneeId)!,
      };
    if (!source) continue;
    reach.push(source);
    for (const role of assignment.roles) grant(role, source);
  }
  for (const held of subject.tenantRoles) {
    if ((TENANT_ROLES_REACHING_EVERY_SPACE as readonly string[]).includes(held.name))
      reach.push({
        kind: 'tenant-role',
        role: held.name,
        ...(held.viaGroup ? { viaGroup: held.viaGroup } : {}),
      });
  }

  const explanation: SpaceAccessExplanation = {
    space: { id: space.id, name: space.name, type: space.type, ownerId: space.ownerId },
    reachable: reach.length > 0,
    reach,
    roles: [...roles]
      .map(([role, sources]) => ({ role, sources }))
      .sort((a, b) => a.role.localeCompare(b.role)),
  };
  if (!explanation.reachable) explanation.refusal = refusalOf(subject, assignments, groupNames);
  return explanation;
}

function refusalOf(
  subject: AccessSubject,
  assignments: readonly AssignmentLike[],
  groupNames: ReadonlyMap<string, string>,
): string {
  const assignedGroups = assignments.filter((a) => a.type === 'group');
  const ownGroups = subject.groups.map((g) => g.name);
  const named = assignedGroups.map((a) => groupNames.get(a.assigneeId) ?? 'an unnamed group');
  const groupPart =
    assignedGroups.length === 0
      ? 'no group is assigned to the space'
      : `in no assigned group (assigned: ${named.join(', ')}; ${subject.name} is in ${
          ownGroups.length ? ownGroups.join(', ') : 'no group'
        })`;
  const reaching = TENANT_ROLES_REACHING_EVERY_SPACE.join(' or ');
  return `No access: not the owner, not assigned, ${groupPart}, no tenant role that grants it (${reaching} would).`;
}

/** A source in words: "owner", "direct assignment", "group Data engineers", "tenant role TenantAdmin". */
export function describeSource(source: AccessSource): string {
  switch (source.kind) {
    case 'owner':
      return 'owner';
    case 'direct':
      return 'direct assignment';
    case 'group':
      return `group ${source.groupName}`;
    case 'tenant-role':
      return `tenant role ${source.role}${source.viaGroup ? ` (through group ${source.viaGroup})` : ''}`;
  }
}

/** What a tenant role that reaches every space gives: reach and management, no space role of its own. */
export const TENANT_ROLE_REACH =
  'sees and manages every space (members, owner, deletion) without holding a space role';
