import type { AuditEvent } from './api/audits';

/** Roles that read the audit trail (the tenant answers 403 to anyone else). */
export const AUDIT_READER_ROLES = ['TenantAdmin', 'AuditAdmin'] as const;
export const canReadAudits = (roles: readonly string[]) =>
  AUDIT_READER_ROLES.some((role) => roles.includes(role));

interface Extensions {
  spaceId?: string;
  ownerId?: string;
  topLevelResourceId?: string;
  actor?: { sub?: string; subType?: string };
  updates?: unknown;
}

export const extensionsOf = (event: AuditEvent): Extensions => (event.extensions ?? {}) as Extensions;
const dataOf = (event: AuditEvent): Record<string, unknown> =>
  event.data && typeof event.data === 'object' ? (event.data as Record<string, unknown>) : {};

/** `com.qlik.space.assignment.created` → { resource: 'space.assignment', verb: 'created' }. */
export function describeType(eventType: string | undefined): { resource: string; verb: string } {
  const parts = (eventType ?? '').replace(/^com\.qlik\.(v1\.|core\.)?/, '').split('.');
  const verb = parts.length > 1 ? parts.pop()! : '';
  return { resource: parts.join('.'), verb };
}

/** The resource an event is about: its id and, when the event carries one, its name. */
export function resourceOf(event: AuditEvent): { id?: string; name?: string } {
  const data = dataOf(event);
  return {
    id: typeof data.id === 'string' ? data.id : undefined,
    name:
      typeof data.name === 'string'
        ? data.name
        : typeof data.spaceName === 'string'
          ? data.spaceName
          : undefined,
  };
}

/**
 * Whether an event is about `query` (an id, or part of a name): the resource itself, its space or its top-level
 * resource. `GET /audits` has no resource filter, so this runs on the pages already loaded.
 */
export function concernsResource(event: AuditEvent, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  const { id, name } = resourceOf(event);
  const ext = extensionsOf(event);
  return (
    [id, ext.spaceId, ext.topLevelResourceId].some((value) => value?.toLowerCase() === needle) ||
    Boolean(name?.toLowerCase().includes(needle))
  );
}

/** Whether an event belongs to a space: the space itself or something in it. */
export function inSpace(event: AuditEvent, spaceId: string): boolean {
  const ext = extensionsOf(event);
  return ext.spaceId === spaceId || ext.topLevelResourceId === spaceId || resourceOf(event).id === spaceId;
}

/** The resources with an Activity tab. */
export type ActivityKind = 'space' | 'connection' | 'data-file' | 'data-set' | 'user';

/**
 * The service whose events can be about a resource of a kind: `GET /audits` filters by `source`, so a connection's
 * tab reads only connection events instead of the whole tenant's. A space's events come from several services
 * (members, connections, files in it), a user's from all.
 */
export const ACTIVITY_SOURCE: Record<ActivityKind, string | undefined> = {
  space: undefined,
  connection: 'com.qlik/data-connections',
  'data-file': 'com.qlik/qix-datafiles',
  'data-set': 'com.qlik/data-catalog',
  user: undefined,
};

/**
 * Whether an event is in a resource's Activity: about the resource itself (its id in `data.id` or as the top-level
 * resource); for a space also what lives in it, for a user also what the user did.
 */
export function inActivity(event: AuditEvent, kind: ActivityKind, id: string): boolean {
  if (kind === 'space') return inSpace(event, id);
  if (kind === 'user' && event.userId === id) return true;
  return resourceOf(event).id === id || extensionsOf(event).topLevelResourceId === id;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const show = (value: unknown) =>
  value === undefined || value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** The `updates` of an event as rows of a before/after table (fields in name order). */
export function changesOf(event: AuditEvent): FieldChange[] {
  const updates = extensionsOf(event).updates;
  if (!updates || typeof updates !== 'object') return [];
  return Object.entries(updates as Record<string, { old?: unknown; new?: unknown } | null>)
    .map(([field, change]) => ({ field, before: show(change?.old), after: show(change?.new) }))
    .sort((a, b) => a.field.localeCompare(b.field));
}

export type ResourceLink =
  | { to: '/spaces/$spaceId'; params: { spaceId: string } }
  | { to: '/spaces/$spaceId/members'; params: { spaceId: string } }
  | { to: '/connections/$connectionId'; params: { connectionId: string } }
  | { to: '/spaces/$spaceId/files'; params: { spaceId: string } }
  | { to: '/data-files' };

/** Where the console shows an event's resource; none once the event says it was deleted (or for what has no page). */
export function resourceLink(event: AuditEvent): ResourceLink | undefined {
  const { resource, verb } = describeType(event.eventType);
  const { id } = resourceOf(event);
  const spaceId = extensionsOf(event).spaceId;
  if (verb === 'deleted' || !id) return undefined;
  switch (resource) {
    case 'space':
      return { to: '/spaces/$spaceId', params: { spaceId: id } };
    case 'space.assignment':
      return spaceId ? { to: '/spaces/$spaceId/members', params: { spaceId } } : undefined;
    case 'data-connection':
      return { to: '/connections/$connectionId', params: { connectionId: id } };
    case 'datafile':
      return spaceId ? { to: '/spaces/$spaceId/files', params: { spaceId } } : { to: '/data-files' };
    default:
      return undefined;
  }
}
