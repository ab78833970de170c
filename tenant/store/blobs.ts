import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newUuid } from '../http/ids';

/** Content streamed into `blobs/tmp`, hashed and flushed, not yet visible under its final name. */
export interface TempBlob {
  path: string;
  sha256: string;
  size: number;
}

/** The stream held more bytes than allowed; nothing was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Content is larger than ${limit} bytes.`);
  }
}

const SHA = /^[0-9a-f]{64}$/;

/** Makes a rename durable: the directory entry is flushed too (no-op where directories cannot be opened). */
function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  }
}

/**
 * Streams into a new file through `meter`, flushed. On any failure the file is removed, and only once its stream
 * has closed: a stream destroyed before its file was opened still creates the file afterwards, which would then
 * outlive the removal.
 */
export async function streamToFile(source: Readable, meter: Transform, path: string): Promise<void> {
  const out = createWriteStream(path, { flush: true });
  try {
    await pipeline(source, meter, out);
  } catch (error) {
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    rmSync(path, { force: true });
    throw error;
  }
}

const HASH_BLOCK = 4 * 1024 * 1024;

/** SHA-256 of an open file's first `size` bytes; the next block is read while the current one is hashed. */
async function hashOf(file: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const buffers = [Buffer.allocUnsafe(HASH_BLOCK), Buffer.allocUnsafe(HASH_BLOCK)];
  const readAt = (position: number, buffer: Buffer) =>
    file.read(buffer, 0, Math.min(HASH_BLOCK, size - position), position);
  let position = 0;
  let next = size > 0 ? readAt(0, buffers[0]!) : undefined;
  for (let turn = 0; next; turn ^= 1) {
    const { bytesRead, buffer } = await next;
    if (bytesRead === 0) throw new Error('The file is shorter than its size.');
    position += bytesRead;
    next = position < size ? readAt(position, buffers[turn ^ 1]!) : undefined;
    hash.update(buffer.subarray(0, bytesRead));
  }
  return hash.digest('hex');
}

/**
 * Data-file content on disk, addressed by SHA-256 (`<dataDir>/blobs/<sha256>`), so copies share content.
 *
 * Crash safety: content is streamed to `blobs/tmp/<uuid>` (hashed on the way, fsynced) or hard-linked there from a
 * finished temp content (fsynced), renamed to its final name, and only then is the row that references it
 * committed. A crash can therefore leave a tmp file or an unreferenced blob, never a row without content; `sweep`
 * (run at open) removes both kinds of leftovers (for a link, only that name: the temp content keeps its own).
 *
 * `commit` and `release` are synchronous on purpose: with the SQLite write in the same tick, no other request can
 * run between "content is in place" and "row is committed" (or between "row is gone" and "content is unlinked").
 */
export function openBlobStore(dataDir: string) {
  const root = join(dataDir, 'blobs');
  const tmp = join(root, 'tmp');
  mkdirSync(tmp, { recursive: true });

  const pathOf = (sha256: string): string => {
    if (!SHA.test(sha256)) throw new Error(`Not a blob key: ${sha256}`);
    return join(root, sha256);
  };

  const store = {
    root,
    tmpDir: tmp,
    pathOf,
    exists: (sha256: string) => existsSync(pathOf(sha256)),

    /** Streams `source` into a tmp file; rejects with BlobTooLargeError above `limit` bytes (nothing kept). */
    async writeTemp(source: Readable, limit = Number.MAX_SAFE_INTEGER): Promise<TempBlob> {
      const path = join(tmp, newUuid());
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > limit) return done(new BlobTooLargeError(limit));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await streamToFile(source, meter, path);
      return { path, sha256: hash.digest('hex'), size };
    },

    /**
     * A complete file that stays where it is (a finished temp content) taken as tmp content without a second
     * write: hard-linked into `blobs/tmp`, hashed by reading it (unless the caller already knows its SHA-256),
     * then fsynced once through the link, so that the content is on disk before `commit` and the row. Both names
     * stay valid and share the bytes; neither is ever written again (blobs are immutable, and a complete temp
     * content takes no more bytes). Where hard links are refused (another file system, EPERM, FAT…) it is copied
     * as `writeTemp` would. Rejects with BlobTooLargeError above `limit` bytes (nothing kept).
     */
    async linkTemp(
      source: string,
      limit = Number.MAX_SAFE_INTEGER,
      known?: { sha256: string; size: number },
    ): Promise<TempBlob> {
      const path = join(tmp, newUuid());
      try {
        linkSync(source, path);
      } catch {
        return store.writeTemp(createReadStream(source), limit);
      }
      try {
        // r+ rather than r: Windows flushes only handles opened for writing. Nothing is written through it.
        const file = await open(path, 'r+');
        try {
          const { size } = await file.stat();
          if (size > limit) throw new BlobTooLargeError(limit);
          const sha256 = known && known.size === size ? known.sha256 : await hashOf(file, size);
          await file.sync();
          return { path, sha256, size };
        } finally {
          await file.close();
        }
      } catch (error) {
        rmSync(path, { force: true });
        throw error;
      }
    },

    /** Content known in memory (seed data, small copies); same path as streamed content. */
    writeTempSync(content: Buffer | string): TempBlob {
      const path = join(tmp, newUuid());
      const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      writeFileSync(path, buffer, { flush: true });
      return { path, sha256: createHash('sha256').update(buffer).digest('hex'), size: buffer.length };
    },

    /** Moves tmp content to its final name (identical content may already be there). Call, then commit the row. */
    commit(temp: TempBlob): string {
      const target = pathOf(temp.sha256);
      if (existsSync(target)) unlinkSync(temp.path);
      else {
        renameSync(temp.path, target);
        fsyncDir(root);
      }
      return temp.sha256;
    },

    discard(temp: TempBlob | undefined): void {
      if (temp) rmSync(temp.path, { force: true });
    },

    /** Unlinks content no row references any more. Call right after the rows are gone. */
    release(shas: Iterable<string | null | undefined>, isReferenced: (sha256: string) => boolean): void {
      for (const sha of new Set(shas)) {
        if (sha && !isReferenced(sha)) rmSync(pathOf(sha), { force: true });
      }
    },

    read(sha256: string, range?: { start: number; end: number }): Readable {
      return createReadStream(pathOf(sha256), range);
    },

    size: (sha256: string) => statSync(pathOf(sha256)).size,

    /** Startup clean-up: tmp leftovers of interrupted writes, and content whose row never got committed. */
    sweep(referenced: ReadonlySet<string>): { tmpRemoved: number; orphansRemoved: number } {
      let tmpRemoved = 0;
      let orphansRemoved = 0;
      for (const name of readdirSync(tmp)) {
        rmSync(join(tmp, name), { force: true, recursive: true });
        tmpRemoved++;
      }
      for (const name of readdirSync(root)) {
        if (name === 'tmp') continue;
        if (!SHA.test(name) || !referenced.has(name)) {
          rmSync(join(root, name), { force: true, recursive: true });
          orphansRemoved++;
        }
      }
      return { tmpRemoved, orphansRemoved };
    },
  };
  return store;
}

export type BlobStore = ReturnType<typeof openBlobStore>;
