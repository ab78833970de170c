import { randomBytes, randomUUID } from 'node:crypto';

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 32-char URL-safe id, the shape Qlik uses for tenants and users. */
export function newUid(): string {
  const bytes = randomBytes(32);
  let out = '';
  for (const b of bytes) out += URL_SAFE[b % 64];
  return out;
}

/** 24-hex id (Mongo ObjectId style) used for spaces and catalog objects. */
export function newObjectId(): string {
  return objectIdAt(new Date());
}

/** An object id whose leading 4 bytes are the given time's second. */
export function objectIdAt(time: Date): string {
  const seconds = Math.floor(time.getTime() / 1000).toString(16).padStart(8, '0');
  return seconds + randomBytes(8).toString('hex');
}

export const newUuid = (): string => randomUUID();

export const nowIso = (): string => new Date().toISOString();
