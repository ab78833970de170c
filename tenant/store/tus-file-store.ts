import type { IncomingMessage } from 'node:http';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import type { ContentDigests } from './content-digests';

/**
 * Browsers send a request body in pieces of a few dozen KB; written as they come, a 1 GiB upload costs tens of
 * thousands of file writes (each a trip through libuv's thread pool) on the tenant's one thread. Pieces are joined
 * to this size first. Whatever is held when the request ends (or is cut off, which tus ends gracefully) is still
 * written; only a failing request loses it, and tus then resumes from what is on disk.
 */
const WRITE_BLOCK = 1024 * 1024;

/**
 * @tus/server's file store, with each PATCH's bytes joined into larger writes and hashed on their way to disk
 * (see ContentDigests).
 */
export class DigestingFileStore extends FileStore {
  /** Uploads whose bytes are being flushed to disk, and whether another flush is due after the current one. */
  private readonly flushing = new Map<string, { again: boolean }>();

  constructor(
    directory: string,
    private readonly digests: ContentDigests,
  ) {
    super({ directory });
  }

  /**
   * Starts flushing an upload's written bytes to disk without holding up the PATCH's answer. The import must have
   * the content on disk before its row commits and fsyncs it then; flushed while the next chunks arrive, little is
   * left for that fsync to wait for.
   */
  private flushSoon(id: string): void {
    const running = this.flushing.get(id);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.flushing.set(id, state);
    const flush = async (): Promise<void> => {
      try {
        const file = await open(join(this.directory, id), 'r+');
        try {
          await file.datasync();
        } finally {
          await file.close();
        }
      } catch {
        // Gone (expired, removed) or not flushable here: the import's own fsync still holds.
      }
      if (state.again) {
        state.again = false;
        return flush();
      }
      this.flushing.delete(id);
    };
    void flush();
  }

  override async write(readable: IncomingMessage | Readable, id: string, offset: number): Promise<number> {
    const hash = this.digests.take(id, offset);
    let held: Buffer[] = [];
    let heldBytes = 0;
    let passed = 0;
    const pass = (block: Transform) => {
      if (heldBytes === 0) return;
      const chunk = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      hash?.update(chunk);
      passed += chunk.length;
      block.push(chunk);
    };
    const blocks = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes >= WRITE_BLOCK) pass(this);
        done();
      },
      flush(done) {
        pass(this);
        done();
      },
    });
    // pipeline passes a failure either way: a source error fails the write, a write error ends the source.
    const feeding = pipeline(readable, blocks).catch(() => undefined);
    const written = await super.write(blocks, id, offset);
    await feeding;
    if (hash && written - offset === passed) this.digests.keep(id, hash, written);
    if (written > offset) this.flushSoon(id);
    return written;
  }
}
