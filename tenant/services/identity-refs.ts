import type { TenantContext } from '../context';
import { badRequest } from '../http/errors';
import { EVERYONE_GROUP_ID, type RoleRow } from '../store/identities';

/**
 * Role and group references as the users and groups APIs take them (`{id}` or `{name}`), and the rule every
 * identity change shares: the tenant keeps at least one active TenantAdmin.
 */

export interface Ref {
  id?: unknown;
  name?: unknown;
}

const asRefs = (value: unknown, pointer: string): Ref[] => {
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    if (!item || typeof item !== 'object' || (typeof (item as Ref).id !== 'string' && typeof (item as Ref).name !== 'string')) {
      throw badRequest('Each reference must be an object with an id or a name.', { source: { pointer } });
    }
  }
  return list as Ref[];
};

/** The roles a value names (`[{id}]`, `[{name}]`, one of them, or role names as strings for the deprecated /roles). */
export function resolveRoles(ctx: TenantContext, value: unknown, pointer: string): RoleRow[] {
  const refs: Ref[] = Array.isArray(value) && value.every((v) => typeof v === 'string')
    ? (value as string[]).map((name) => ({ name }))
    : asRefs(value, pointer);
  return refs.map((ref) => {
    const role =
      typeof ref.id === 'string' ? ctx.identityChanges.roleById(ref.id) : ctx.identities.roleByName(String(ref.name));
    if (!role) throw badRequest(`Role ${String(ref.id ?? ref.name)} does not exist.`, { source: { pointer } });
    return role;
  });
}

/** The (regular) groups a value names. Everyone is no group one joins: every user is in it. */
export function resolveGroups(ctx: TenantContext, value: unknown, pointer: string): { id: string; name: string }[] {
  return asRefs(value, pointer).map((ref) => {
    const group =
      typeof ref.id === 'string' ? ctx.identities.groupById(ref.id) : ctx.identities.groupByName(String(ref.name));
    if (!group || group.id === EVERYONE_GROUP_ID) {
      throw badRequest(`Group ${String(ref.id ?? ref.name)} does not exist.`, { source: { pointer } });
    }
    return { id: group.id, name: group.name };
  });
}

/**
 * Run inside a change's transaction after the change: throws (rolling it back) when it took away the tenant's last
 * active TenantAdmin, whether by role, status, group or deletion.
 */
export function keepOneTenantAdmin(ctx: TenantContext, before: number): void {
  if (before > 0 && ctx.identityChanges.activeTenantAdmins() === 0) {
    throw badRequest(
      'This change would leave the tenant without an active TenantAdmin. Give another active user the TenantAdmin role first.',
      { code: 'USERS-LAST-ADMIN', title: 'Last TenantAdmin' },
    );
  }
}

/** `{ old, new }` for each field whose value changed (compared as JSON). */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = { old: before[key], new: after[key] };
  }
  return out;
}
