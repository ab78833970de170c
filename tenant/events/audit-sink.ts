import { randomBytes } from 'node:crypto';
import type { AuditsStore } from '../store/audits';
import type { Clock, Ids } from '../runtime';
import { auditRowOf, eventNameOf, type AuditInput } from './audit-events';
import type { ChangeEvent, EventSink } from './sink';

export interface AuditSinkDeps {
  audits: AuditsStore;
  clock: Clock;
  ids: Ids;
  /** Who acts for a user other than the user (the M2M client acting as the service user); undefined = the user. */
  actorOf?: (userId: string) => AuditInput['actor'];
}

/** The fields of a resource that differ before and after a change, old and new (Qlik's `extensions.updates`). */
export function updatesOf(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { old: unknown; new: unknown }> {
  const updates: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      updates[key] = { old: before[key] ?? null, new: after[key] ?? null };
    }
  }
  return updates;
}

/**
 * Audit ids in the shape of Qlik's (24 hex, a Mongo ObjectId: the second, 5 random bytes, a counter), increasing
 * within a process so that events of the same millisecond keep the order they were recorded in: the list sorts
 * on (eventTime, id).
 */
function auditIds(clock: Clock): () => string {
  const processPart = randomBytes(5).toString('hex');
  let counter = 0;
  return () => {
    counter = (counter + 1) % 0x1000000;
    const seconds = Math.floor(clock.now().getTime() / 1000).toString(16).padStart(8, '0');
    return seconds + processPart + counter.toString(16).padStart(6, '0');
  };
}

const ownerOf = (data: Record<string, unknown>) => (typeof data.ownerId === 'string' ? data.ownerId : null);

/** What a change becomes in the audit trail. */
export function auditInputOf(event: ChangeEvent, actorOf: AuditSinkDeps['actorOf']): AuditInput {
  const actor = event.actor ?? (event.actorId ? actorOf?.(event.actorId) : undefined);
  return {
    type: eventNameOf(event.type),
    userId: event.actorId,
    ...(actor ? { actor } : {}),
    resource: {
      type: event.resourceType,
      id: event.resourceId,
      spaceId: event.spaceId,
      ownerId: ownerOf(event.data),
      // A member is a part of its space: the space is the resource an admin looks for.
      ...(event.resourceType === 'space-assignment' && event.spaceId ? { topLevelResourceId: event.spaceId } : {}),
    },
    data: event.data,
    ...(event.updates
      ? { updates: event.updates }
      : event.before
        ? { updates: updatesOf(event.before, event.data) }
        : {}),
  };
}

/**
 * The tenant's sink: every change becomes Qlik's audit event, written by the caller's transaction (the services
 * record inside theirs), so the change and its event commit together or not at all.
 */
export function auditSink(deps: AuditSinkDeps): EventSink {
  const nextId = auditIds(deps.clock);
  return {
    record(event) {
      const row = auditRowOf(auditInputOf(event, deps.actorOf), {
        id: nextId(),
        eventId: deps.ids.uuid(),
        time: deps.clock.iso(),
      });
      deps.audits.insert(row);
    },
  };
}
