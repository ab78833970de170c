import { newUid, newUuid, objectIdAt } from './http/ids';

/** The time as the tenant reads it; tests and tools may hand in another one. */
export interface Clock {
  now(): Date;
  /** `now()` as ISO 8601 (what rows store). */
  iso(): string;
}

/** Fresh ids in the shapes Qlik uses. */
export interface Ids {
  /** 32-character URL-safe id: tenants, users, groups, roles. */
  uid(): string;
  /** 24-hex id stamped with the clock's second: spaces, assignments, catalog objects, temp contents. */
  objectId(): string;
  /** UUID: data connections, data files, blobs in flight. */
  uuid(): string;
}

/** What stores and services read from the world besides the database: the time and new ids. */
export interface Runtime {
  clock: Clock;
  ids: Ids;
}

export const systemClock: Clock = {
  now: () => new Date(),
  iso: () => new Date().toISOString(),
};

/** Random ids; object ids carry the given clock's time, as Qlik's do. */
export function randomIds(clock: Clock = systemClock): Ids {
  return { uid: newUid, objectId: () => objectIdAt(clock.now()), uuid: newUuid };
}

export const SYSTEM_RUNTIME: Runtime = { clock: systemClock, ids: randomIds(systemClock) };
