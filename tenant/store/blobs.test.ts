// @vitest-environment node
import { createHash, pbkdf2, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type * as NodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Readable, Transform } from 'node:stream';
import { BlobTooLargeError, openBlobStore, streamToFile } from './blobs';

// Lets one test refuse hard links, as another file system (EXDEV) or a FAT volume (EPERM) would.
const links = vi.hoisted(() => ({ refuse: undefined as string | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  return {
    ...fs,
    linkSync: (existing: string, created: string) => {
      if (links.refuse)
        throw Object.assign(new Error(`${links.refuse}: link refused`), { code: links.refuse });
      fs.linkSync(existing, created);
    },
  };
});

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const sameFile = (a: string, b: string) => statSync(a).ino === statSync(b).ino;
// Inode numbers say nothing on Windows; the content checks still run there.
const inodes = process.platform !== 'win32';

let dir: string;
let source: string;
let content: Buffer;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'blobs-link-'));
  source = join(dir, 'finished-upload');
  // More than one hashing block (4 MiB), and not a multiple of it.
  content = randomBytes(9 * 1024 * 1024 + 123);
  writeFileSync(source, content);
  links.refuse = undefined;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tmpNames = () => readdirSync(join(dir, 'blobs', 'tmp'));
const blobNames = () => readdirSync(join(dir, 'blobs')).filter((name) => name !== 'tmp');

describe('blob store: taking a finished file without copying it (linkTemp)', () => {
  it('hard-links it into tmp, hashes it by reading, and commits it under its SHA-256; the source stays', async () => {
    const store = openBlobStore(dir);
    const temp = await store.linkTemp(source);
    expect(temp).toMatchObject({ sha256: sha(content), size: content.length });
    if (inodes) expect(sameFile(temp.path, source)).toBe(true);
    expect(store.commit(temp)).toBe(sha(content));
    expect(tmpNames()).toEqual([]);
    expect(blobNames()).toEqual([sha(content)]);
    expect(readFileSync(store.pathOf(sha(content))).equals(content)).toBe(true);
    if (inodes) expect(sameFile(store.pathOf(sha(content)), source)).toBe(true);
    // The data file going away leaves the temp content whole.
    store.release([sha(content)], () => false);
    expect(blobNames()).toEqual([]);
    expect(readFileSync(source).equals(content)).toBe(true);
  });

  it('uses a SHA-256 known from the upload when its size matches, and hashes the file when it does not', async () => {
    const store = openBlobStore(dir);
    const known = { sha256: 'a'.repeat(64), size: content.length };
    expect((await store.linkTemp(source, undefined, known)).sha256).toBe(known.sha256);
    const stale = { sha256: 'b'.repeat(64), size: content.length - 1 };
    expect((await store.linkTemp(source, undefined, stale)).sha256).toBe(sha(content));
  });

  it('refuses content above the limit and keeps nothing', async () => {
    const store = openBlobStore(dir);
    await expect(store.linkTemp(source, content.length - 1)).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(tmpNames()).toEqual([]);
    expect(readFileSync(source).equals(content)).toBe(true);
  });

  it.each(['EXDEV', 'EPERM'])(
    'copies the content when the file system refuses the link (%s)',
    async (code) => {
      links.refuse = code;
      const store = openBlobStore(dir);
      const temp = await store.linkTemp(source);
      expect(temp).toMatchObject({ sha256: sha(content), size: content.length });
      if (inodes) expect(sameFile(temp.path, source)).toBe(false);
      expect(readFileSync(temp.path).equals(content)).toBe(true);
      await expect(store.linkTemp(source, 10)).rejects.toBeInstanceOf(BlobTooLargeError);
      store.commit(temp);
      expect(tmpNames()).toEqual([]);
      expect(readFileSync(store.pathOf(sha(content))).equals(content)).toBe(true);
    },
  );

  it('a crash between the link and the commit leaves a tmp name that the next open sweeps; the source stays', async () => {
    await openBlobStore(dir).linkTemp(source);
    expect(tmpNames()).toHaveLength(1);
    // the process dies here: no commit, no row. At the next start:
    const swept = openBlobStore(dir).sweep(new Set());
    expect(swept).toEqual({ tmpRemoved: 1, orphansRemoved: 0 });
    expect(tmpNames()).toEqual([]);
    expect(blobNames()).toEqual([]);
    expect(readFileSync(source).equals(content)).toBe(true);
  });

  it('a crash between the commit and the row leaves an orphan that the next open sweeps; the source stays', async () => {
    const store = openBlobStore(dir);
    store.commit(await store.linkTemp(source));
    // the row never commits
    const swept = openBlobStore(dir).sweep(new Set());
    expect(swept).toEqual({ tmpRemoved: 0, orphansRemoved: 1 });
    expect(blobNames()).toEqual([]);
    expect(readFileSync(source).equals(content)).toBe(true);
  });

  it('identical content already stored: the link is dropped, the blob and the source stay', async () => {
    const store = openBlobStore(dir);
    store.commit(store.writeTempSync(content));
    const blob = store.pathOf(sha(content));
    const temp = await store.linkTemp(source);
    store.commit(temp);
    expect(existsSync(temp.path)).toBe(false);
    expect(tmpNames()).toEqual([]);
    if (inodes) expect(sameFile(blob, source)).toBe(false);
    expect(readFileSync(blob).equals(content)).toBe(true);
    expect(readFileSync(source).equals(content)).toBe(true);
  });
});

describe('streamToFile', () => {
  it('leaves no file when the source fails before the file was even opened', async () => {
    // Opening a file waits for a libuv worker; with all four busy (hashing, fsync), the failure comes first.
    const busy = Promise.all(Array.from({ length: 4 }, () => new Promise((resolve) => pbkdf2('x', 'y', 200_000, 32, 'sha256', resolve))));
    const target = join(dir, 'early-failure');
    const failing = new Readable({
      read() {
        this.destroy(new Error('the client went away'));
      },
    });
    const meter = new Transform({ transform: (chunk, _encoding, done) => done(null, chunk) });
    await expect(streamToFile(failing, meter, target)).rejects.toThrow('the client went away');
    await busy;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(target)).toBe(false);
  });
});
