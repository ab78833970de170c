import type { Assignment, Space } from '@qlik/api/spaces';
import { ASSIGNABLE_ROLES, parseRoles, type AssignmentRow, type SpaceAccess, type SpaceRow } from '../../store/spaces';

export function toSpace(row: SpaceRow, access: SpaceAccess, origin: string, tenantId: string): Space {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    description: row.description,
    ownerId: row.owner_id,
    tenantId,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    meta: { actions: access.actions, roles: access.roles, assignableRoles: [...ASSIGNABLE_ROLES[row.type]] },
    links: {
      self: { href: `${origin}/api/v1/spaces/${row.id}` },
      assignments: { href: `${origin}/api/v1/spaces/${row.id}/assignments` },
    },
  };
}

export function toAssignment(row: AssignmentRow, origin: string, tenantId: string): Assignment {
  return {
    id: row.id,
    type: row.type,
    assigneeId: row.assignee_id,
    roles: parseRoles(row),
    spaceId: row.space_id,
    tenantId,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    links: {
      self: { href: `${origin}/api/v1/spaces/${row.space_id}/assignments/${row.id}` },
      space: { href: `${origin}/api/v1/spaces/${row.space_id}` },
    },
  };
}

/**
 * Qlik's spaces errors repeat the first error at the top level (deprecated `code`, `title`, `detail`, `meta`,
 * `source`) and put `source` under `meta` in each item; clients written against either form keep working.
 */
export function mirrorSpacesError(payload: unknown): unknown {
  if (typeof payload !== 'string' || !payload.startsWith('{"errors"')) return payload;
  try {
    const body = JSON.parse(payload) as {
      errors?: { code: string; title: string; detail?: string; meta?: Record<string, unknown>; source?: unknown }[];
    };
    const first = body.errors?.[0];
    if (!first) return payload;
    for (const item of body.errors ?? []) if (item.source) item.meta = { ...item.meta, source: item.source };
    return JSON.stringify({
      code: first.code,
      title: first.title,
      ...(first.detail ? { detail: first.detail } : {}),
      ...(first.meta ? { meta: first.meta } : {}),
      ...(first.source ? { source: first.source } : {}),
      ...body,
    });
  } catch {
    return payload;
  }
}
