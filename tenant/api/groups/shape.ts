import type { Group } from '@qlik/api/groups';
import type { TenantContext } from '../../context';
import type { GroupRow } from '../../store/identities';
import { roleRef } from '../users/shape';

/** A group as the groups API answers it. */
export function toGroup(ctx: TenantContext, row: GroupRow, origin: string): Group {
  return {
    id: row.id,
    tenantId: ctx.tenant().id,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    providerType: row.provider_type,
    status: row.status,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    ...(row.created_by ? { createdBy: row.created_by } : {}),
    assignedRoles: ctx.identities.rolesOfGroup(row.id).map(roleRef),
    links: { self: { href: `${origin}/api/v1/groups/${row.id}` } },
  };
}
