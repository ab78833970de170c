import type { GetByIDResult } from '@qlik/api/audits';
import type { AuditRow, ArchivedAuditRow } from '../store/audits';

/**
 * What one change records: Qlik's `eventType` (see `EVENT_TYPES`), who did it, what it is about, and its `data`.
 * `updates` lists the fields a `*.updated` change changed, old and new; secrets never appear in either.
 */
export interface AuditInput {
  type: AuditEventName;
  userId: string | null;
  /** An M2M client or an API key acting for the user. */
  actor?: { sub: string; subType: 'client' | 'apikey' | 'user' };
  resource: {
    type: string;
    id: string;
    spaceId?: string | null;
    ownerId?: string | null;
    topLevelResourceId?: string;
  };
  data: Record<string, unknown>;
  updates?: Record<string, { old: unknown; new: unknown }>;
}

interface EventTypeSpec {
  eventType: string;
  source: string;
  version: string;
  /** Named by Qlik's event catalogue; otherwise `com.qlik.<resource>.<verb>`, as docs/fidelity.md lists. */
  documented: boolean;
}

const spec = <T extends string>(
  eventType: T,
  source: string,
  documented: boolean,
  version = '1.0.0',
): EventTypeSpec & { eventType: T } => ({
  eventType,
  source,
  version,
  documented,
});

/**
 * Every change the tenant records, by a stable name, with Qlik's `eventType` and `source`. Documented names come
 * from qlik.dev's event catalogue (legacy names, as the Audits API returns them today); the rest follow
 * `com.qlik.<resource>.<verb>`.
 */
export const EVENT_TYPES = {
  'space.created': spec('com.qlik.space.created', 'com.qlik/spaces', true),
  'space.updated': spec('com.qlik.space.updated', 'com.qlik/spaces', true),
  'space.deleted': spec('com.qlik.space.deleted', 'com.qlik/spaces', true),
  'space.assignment.created': spec('com.qlik.space.assignment.created', 'com.qlik/spaces', true),
  'space.assignment.updated': spec('com.qlik.space.assignment.updated', 'com.qlik/spaces', true),
  'space.assignment.deleted': spec('com.qlik.space.assignment.deleted', 'com.qlik/spaces', true),
  'data-connection.created': spec('com.qlik.data-connection.created', 'com.qlik/data-connections', false),
  'data-connection.updated': spec('com.qlik.data-connection.updated', 'com.qlik/data-connections', false),
  'data-connection.deleted': spec('com.qlik.data-connection.deleted', 'com.qlik/data-connections', false),
  'datafile.created': spec('com.qlik.datafile.created', 'com.qlik/qix-datafiles', true, '0.0.1'),
  'datafile.updated': spec('com.qlik.datafile.updated', 'com.qlik/qix-datafiles', false, '0.0.1'),
  'datafile.moved': spec('com.qlik.datafile.moved', 'com.qlik/qix-datafiles', false, '0.0.1'),
  'datafile.deleted': spec('com.qlik.datafile.deleted', 'com.qlik/qix-datafiles', false, '0.0.1'),
  'data-set.updated': spec('com.qlik.data-set.updated', 'com.qlik/data-catalog', false),
  'app.created': spec('com.qlik.v1.app.created', 'com.qlik/engine', true),
  'app.deleted': spec('com.qlik.v1.app.deleted', 'com.qlik/engine', true),
  'app.script.updated': spec('com.qlik.v1.app.script.updated', 'com.qlik/engine', false),
  'temp-content.created': spec('com.qlik.temp-content.created', 'com.qlik/temp-contents', false),
  'user.created': spec('com.qlik.v1.user.created', 'com.qlik/identities', true),
  'user.updated': spec('com.qlik.core.user.updated', 'com.qlik/identities', true),
  'user.deleted': spec('com.qlik.v1.user.deleted', 'com.qlik/identities', true),
  'group.created': spec('com.qlik.v1.group.created', 'com.qlik/identities', true),
  'group.updated': spec('com.qlik.v1.group.updated', 'com.qlik/identities', true),
  'group.deleted': spec('com.qlik.v1.group.deleted', 'com.qlik/identities', true),
  'group.users.modified': spec('com.qlik.v1.group.users.modified', 'com.qlik/identities', true),
  'api-key.created': spec('com.qlik.api-key.created', 'com.qlik/api-keys', true),
  'api-key.updated': spec('com.qlik.api-key.updated', 'com.qlik/api-keys', true),
  'api-key.deleted': spec('com.qlik.api-key.deleted', 'com.qlik/api-keys', true),
  'api-keys-config.updated': spec('com.qlik.api-keys-config.updated', 'com.qlik/api-keys', true),
  'oauth-client.created': spec('com.qlik.v1.oauth-client.created', 'com.qlik/oauth-clients', true),
  'oauth-client.updated': spec('com.qlik.v1.oauth-client.updated', 'com.qlik/oauth-clients', true),
  'oauth-client.deleted': spec('com.qlik.v1.oauth-client.deleted', 'com.qlik/oauth-clients', true),
  'oauth-client.secret.created': spec(
    'com.qlik.v1.oauth-client.secret.created',
    'com.qlik/oauth-clients',
    true,
  ),
  'oauth-client.secret.deleted': spec(
    'com.qlik.v1.oauth-client.secret.deleted',
    'com.qlik/oauth-clients',
    true,
  ),
  'user-session.begin': spec('com.qlik.user-session.begin', 'com.qlik/edge-auth', true),
  'user-session.end': spec('com.qlik.user-session.end', 'com.qlik/edge-auth', true),
} as const satisfies Record<string, EventTypeSpec>;

export type AuditEventName = keyof typeof EVENT_TYPES;
/** Qlik's `eventType` of every change the tenant records (what a ChangeEvent names). */
export type AuditEventType = (typeof EVENT_TYPES)[AuditEventName]['eventType'];

const NAME_OF_TYPE = new Map<string, AuditEventName>(
  Object.entries(EVENT_TYPES).map(([name, type]) => [type.eventType, name as AuditEventName]),
);

/** The catalogue's name of an `eventType`. */
export function eventNameOf(eventType: AuditEventType): AuditEventName {
  return NAME_OF_TYPE.get(eventType)!;
}

/** Field names that hold secrets: never written into an event, whatever the caller passed. */
const SECRET_FIELD = /password|secret|token|credential|qConnectionSecret|privateKey/i;

/** A copy of a value with every secret-named field dropped, at any depth. */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSecrets) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !SECRET_FIELD.test(key))
      .map(([key, child]) => [key, withoutSecrets(child)]),
  ) as T;
}

/** The stored row of an event, stamped with its ids and time. */
export function auditRowOf(
  input: AuditInput,
  stamp: { id: string; eventId: string; time: string },
): AuditRow {
  const type = EVENT_TYPES[input.type];
  const { resource } = input;
  const extensions: Record<string, unknown> = {
    ...(input.actor ? { actor: input.actor } : {}),
    ...(resource.ownerId ? { ownerId: resource.ownerId } : {}),
    ...(resource.spaceId ? { spaceId: resource.spaceId } : {}),
    ...(resource.topLevelResourceId ? { topLevelResourceId: resource.topLevelResourceId } : {}),
    ...(input.updates ? { updates: withoutSecrets(input.updates) } : {}),
  };
  return {
    id: stamp.id,
    event_id: stamp.eventId,
    event_type: type.eventType,
    event_type_version: type.version,
    event_time: stamp.time,
    source: type.source,
    user_id: input.userId,
    resource_type: resource.type,
    resource_id: resource.id,
    space_id: resource.spaceId ?? null,
    data: JSON.stringify(withoutSecrets(input.data)),
    extensions: JSON.stringify(extensions),
  };
}

/** An archived event: the same envelope without `id` and `links`. */
export function toArchiveItem(row: Omit<ArchivedAuditRow, 'day'>, tenantId: string) {
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    eventTypeVersion: row.event_type_version,
    eventTime: row.event_time,
    source: row.source,
    tenantId,
    ...(row.user_id ? { userId: row.user_id } : {}),
    contentType: 'application/json',
    data: JSON.parse(row.data) as unknown,
    extensions: JSON.parse(row.extensions) as GetByIDResult['extensions'],
  };
}

/** Qlik's audit event (`GET /audits`, `/audits/{id}`): the archived envelope with its id and link. */
export function toAuditEvent(row: AuditRow, tenantId: string, origin: string): GetByIDResult {
  return {
    id: row.id,
    ...toArchiveItem(row, tenantId),
    links: { self: { href: `${origin}/api/v1/audits/${row.id}` } },
  };
}
