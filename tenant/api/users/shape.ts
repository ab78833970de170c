import type { User } from '@qlik/api/users';
import type { TenantContext } from '../../context';
import type { RoleRow, UserRow } from '../../store/identities';

/** A role as users and groups reference it. */
export const roleRef = (r: RoleRow) => ({ id: r.id, name: r.name, type: r.type, level: r.level });

function effectiveScopes(ctx: TenantContext, roles: RoleRow[]): string[] {
  const userDefault = ctx.identities.roleByName('userDefault');
  const all = new Set<string>();
  for (const role of userDefault ? [userDefault, ...roles] : roles) {
    for (const scope of JSON.parse(role.assigned_scopes) as string[]) all.add(scope);
  }
  return [...all].sort();
}

/** A user with their own roles, their groups (with the groups' roles) and every scope their roles give. */
export function toUser(ctx: TenantContext, row: UserRow, origin: string): User {
  const roles = ctx.identities.directRolesOf(row.id);
  return {
    id: row.id,
    tenantId: ctx.tenant().id,
    subject: row.subject,
    name: row.name,
    email: row.email,
    status: row.status,
    ...(row.picture ? { picture: row.picture } : {}),
    locale: row.locale ?? 'en',
    zoneinfo: row.zoneinfo ?? 'UTC',
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    assignedRoles: roles.map(roleRef),
    assignedGroups: ctx.identities.groupsOf(row.id).map((g) => ({
      id: g.id,
      name: g.name,
      providerType: g.provider_type,
      assignedRoles: ctx.identities.rolesOfGroup(g.id).map(roleRef),
    })),
    assignedScopes: effectiveScopes(ctx, ctx.identities.rolesOf(row.id)),
    links: { self: { href: `${origin}/api/v1/users/${row.id}` } },
  };
}
