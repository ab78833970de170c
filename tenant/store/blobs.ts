import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
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
 * Data-file content on disk, addressed by SHA-256 (`<dataDir>/blobs/<sha256>`), so copies share content.
 *
 * Crash safety: content is streamed to `blobs/tmp/<uuid>` (hashed on the way, fsynced), renamed to its final name,
 * and only then is the row that references it committed. A crash can therefore leave a tmp file or an unreferenced
 * blob, never a row without content; `sweep` (run at open) removes both kinds of leftovers.
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
      try {
        await pipeline(source, meter, createWriteStream(path, { flush: true }));
      } catch (error) {
        rmSync(path, { force: true });
        throw error;
      }
      return { path, sha256: hash.digest('hex'), size };
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
