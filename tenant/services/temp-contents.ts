import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type { TenantContext } from '../context';
import { ApiError, badRequest } from '../http/errors';
import { streamToFile } from '../store/blobs';
import type { TempContentRow } from '../store/data-files';
import type { ContentDigest } from '../store/content-digests';

/**
 * Temp contents: uploads kept for a TTL (simple uploads and tus), imported into data files by id. Content lives in
 * `<dataDir>/temp-contents`; rows, and the event of each upload, are written here.
 */

/** How long an expired id keeps answering 410 before it is forgotten (then 404). */
const FORGET_AFTER_MS = 3 * 24 * 3600 * 1000;

export const tempContentsDir = (dataDir: string) => join(dataDir, 'temp-contents');

/** The directory of temp contents, made if missing. */
export function openTempContentsDir(ctx: TenantContext): string {
  const dir = tempContentsDir(ctx.dataDir);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const isExpired = (row: TempContentRow, now: number) => row.purged === 1 || Date.parse(row.expires_at) <= now;

const expiresAt = (createdMs: number, ttl: number) => new Date(createdMs + ttl * 1000).toISOString();

function record(ctx: TenantContext, actorId: string, row: Omit<TempContentRow, 'purged'>) {
  ctx.events.record({
    type: 'com.qlik.temp-content.created',
    actorId,
    resourceType: 'temp-content',
    resourceId: row.id,
    spaceId: null,
    data: { id: row.id, name: row.name, kind: row.kind, size: row.size, expires: row.expires_at },
  });
}

/** Removes an upload's content (and what tus keeps beside it) and forgets its digest. */
function removeContent(ctx: TenantContext, id: string): void {
  const dir = tempContentsDir(ctx.dataDir);
  ctx.tempDigests.forget(id);
  for (const name of [id, `${id}.json`, `${id}.part`]) rmSync(join(dir, name), { force: true });
}

/**
 * Streams a simple upload into a new temp content and records it; 413 past the largest upload. The bytes are
 * hashed on their way in, so that an import need not read them again.
 */
export async function receiveSimpleUpload(
  ctx: TenantContext,
  creatorId: string,
  source: Readable,
  input: { filename?: string; ttl: number },
): Promise<string> {
  const { maxLargeFileSize } = ctx.limits;
  const dir = tempContentsDir(ctx.dataDir);
  const id = ctx.ids.objectId();
  const created = ctx.clock.now().getTime();
  const part = join(dir, `${id}.part`);
  let size = 0;
  const hash = createHash('sha256');
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxLargeFileSize) {
        return done(new ApiError(413, `The content is larger than the limit of ${maxLargeFileSize} bytes.`));
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await streamToFile(source, meter, part);
  } catch (error) {
    throw error instanceof ApiError ? error : badRequest('The upload was interrupted.');
  }
  renameSync(part, join(dir, id));
  ctx.tempDigests.set(id, { sha256: hash.digest('hex'), size });
  const row = {
    id,
    kind: 'simple' as const,
    name: input.filename || id,
    creator_id: creatorId,
    size,
    complete: 1 as const,
    ttl_seconds: input.ttl,
    created_at: new Date(created).toISOString(),
    updated_at: ctx.clock.iso(),
    expires_at: expiresAt(created, input.ttl),
  };
  ctx.db.transaction(() => {
    ctx.tempContents.insert(row);
    record(ctx, creatorId, row);
  })();
  return id;
}

/** Records a new tus upload of `size` bytes before tus creates its file; returns its id. */
export function beginTusUpload(
  ctx: TenantContext,
  creatorId: string,
  input: { filename?: string | null; size: number; ttl: number },
): string {
  const id = ctx.ids.objectId();
  const created = ctx.clock.now().getTime();
  const now = new Date(created).toISOString();
  const row = {
    id,
    kind: 'tus' as const,
    name: input.filename || id,
    creator_id: creatorId,
    size: input.size,
    complete: 0 as const,
    ttl_seconds: input.ttl,
    created_at: now,
    updated_at: now,
    expires_at: expiresAt(created, input.ttl),
  };
  ctx.db.transaction(() => {
    ctx.tempContents.insert(row);
    record(ctx, creatorId, row);
  })();
  return id;
}

/** Forgets a tus upload that tus refused to create (nothing of it is kept). */
export function abandonTusUpload(ctx: TenantContext, id: string): void {
  ctx.tempContents.remove(id);
  removeContent(ctx, id);
}

/** A tus PATCH arrived: the upload is in use, whatever tus made of it. */
export function touchTusUpload(ctx: TenantContext, id: string): void {
  ctx.tempContents.touch(id, ctx.clock.iso());
}

/** tus wrote the last byte: the upload is complete at `size` bytes. */
export function completeTusUpload(ctx: TenantContext, id: string, size: number): void {
  ctx.tempDigests.finish(id, size);
  ctx.tempContents.complete(id, size, ctx.clock.iso());
}

/**
 * The periodic sweep, run from a timer: a failure there (the database locked by another writer for longer than
 * busy_timeout, as a large seed does) would be an uncaught exception that ends the tenant. It is logged instead;
 * the next tick sweeps what this one left.
 */
export function sweepTempContentsLater(ctx: TenantContext, log: { warn: (obj: object, msg: string) => void }): void {
  try {
    sweepTempContents(ctx, false);
  } catch (error) {
    log.warn({ err: error }, 'temp-contents sweep skipped; retried at the next tick');
  }
}

/**
 * Drops expired content (the id keeps answering 410 for a while) and, at startup, completes uploads a crash cut
 * off after their last byte and removes files no row owns.
 */
export function sweepTempContents(ctx: TenantContext, startup: boolean): void {
  const store = ctx.tempContents;
  const dir = tempContentsDir(ctx.dataDir);
  const now = ctx.clock.now();
  for (const row of store.expired(now.toISOString())) {
    removeContent(ctx, row.id);
    store.markPurged(row.id);
  }
  store.forget(new Date(now.getTime() - FORGET_AFTER_MS).toISOString());
  if (!startup) return;
  // A crash between tus writing the last byte and onUploadFinish leaves every byte on disk and the row
  // incomplete: HEAD then reports the upload done, so no client PATCHes again and it could never be imported.
  for (const row of store.unfinishedTus()) {
    const path = join(dir, row.id);
    if (existsSync(path) && statSync(path).size === row.size) store.complete(row.id, row.size, now.toISOString());
  }
  const live = store.liveIds();
  for (const name of readdirSync(dir)) {
    const id = name.replace(/\.(json|part)$/, '');
    if (!live.has(id) || name.endsWith('.part')) rmSync(join(dir, name), { force: true, recursive: true });
  }
}

/**
 * A temp content the user may import into a data file, or why not. Only its creator may use it, only once
 * complete and before it expires.
 */
export function tempContentForImport(
  ctx: TenantContext,
  id: string,
  userId: string,
): { row: TempContentRow; path: string; digest?: ContentDigest } | { problem: string } {
  const row = ctx.tempContents.byId(id);
  if (!row || row.creator_id !== userId) return { problem: `Temporary content ${id} was not found.` };
  if (isExpired(row, ctx.clock.now().getTime())) return { problem: `Temporary content ${id} has expired.` };
  if (!row.complete) return { problem: `Temporary content ${id} is still being uploaded.` };
  const path = join(tempContentsDir(ctx.dataDir), id);
  if (!existsSync(path)) return { problem: `Temporary content ${id} was not found.` };
  const digest = ctx.tempDigests.get(id);
  return { row, path, ...(digest && digest.size === row.size ? { digest } : {}) };
}
