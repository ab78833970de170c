import type { AuditEventType } from './audit-events';

/**
 * Every change a store or service makes is recorded here, inside the transaction that makes it: a change and its
 * record commit together or not at all. The tenant's sink (events/audit-sink.ts) writes each as Qlik's audit event
 * in that same transaction.
 */

/** What a change is about, named as Qlik's events name their resources. */
export type ChangeResourceType =
  | 'space'
  | 'space-assignment'
  | 'data-connection'
  | 'data-file'
  | 'temp-content'
  | 'data-set'
  | 'app'
  | 'user'
  | 'group'
  | 'api-key'
  | 'api-keys-config'
  | 'oauth-client';

export interface ChangeEvent {
  /** Qlik's event type (the legacy names `/audits` lists today), e.g. `com.qlik.space.created`: one of EVENT_TYPES. */
  type: AuditEventType;
  /** The user who made the change; null when the tenant itself did. */
  actorId: string | null;
  resourceType: ChangeResourceType;
  resourceId: string;
  /** The space the resource lives in; null for personal content and for what lives in no space. */
  spaceId: string | null;
  /** What the event's `data` should carry: the resource as it is after the change (or as it was, when deleted). */
  data: Record<string, unknown>;
  /** On updates: the resource as `data` describes it, before the change (the event's `updates` are the difference). */
  before?: Record<string, unknown>;
  /** For an update: each changed field, as it was and as it is now. */
  updates?: Record<string, { old: unknown; new: unknown }>;
  /** An API key acting for its owner (`actorId`). */
  actor?: { sub: string; subType: 'apikey' };
}

export interface EventSink {
  /** Called inside the change's transaction; throwing rolls the change back. */
  record(event: ChangeEvent): void;
}

/** A sink that keeps nothing (tools that need no audit trail). */
export const discardEvents: EventSink = {
  record: () => undefined,
};
