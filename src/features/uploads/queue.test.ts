import { describe, expect, it, vi } from 'vitest';
import type { HttpError } from '@/lib/api-error';
import type { Quota, UploadItem } from './model';
import { PART_SIZE, PARTS_PER_SAVE } from './persistence';
import {
  OPEN_SLICE,
  UploadQueue,
  type QueueEnvironment,
  type SendEvents,
  type SendJob,
  type UploadTransport,
} from './queue';

const MiB = 1024 ** 2;

const QUOTA: Quota = {
  size: 0,
  maxSize: 10 * 1024 * MiB,
  maxFileSize: 500 * MiB,
  maxLargeFileSize: 6 * 1024 * MiB,
  allowedExtensions: ['csv', 'xlsx', 'qvd', 'txt'],
  allowedInternalExtensions: ['qrep'],
};

/** A File of a given size without allocating it (the queue only reads name, size, lastModified). */
function fakeFile(name: string, size = 100, lastModified = 1_700_000_000_000): File {
  const file = new File(['x'], name, { lastModified });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

interface Call {
  job: SendJob;
  events: SendEvents;
  signal: AbortSignal;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function harness(
  options: {
    quota?: Partial<Quota>;
    existing?: string[];
    concurrency?: number;
    storage?: Storage;
    online?: boolean;
  } = {},
) {
  const calls: Call[] = [];
  const existing = new Map((options.existing ?? []).map((name, i) => [name, `existing-${i}`]));
  const transport: UploadTransport = {
    quota: vi.fn(async () => ({ ...QUOTA, ...options.quota })),
    findExisting: vi.fn(async (_dest, name: string) => existing.get(name)),
    send: vi.fn(
      (job: SendJob, events: SendEvents, signal: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          calls.push({ job, events, signal, resolve, reject });
          signal.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError')));
        }),
    ),
  };
  let now = 0;
  const timers: { at: number; run: () => void; id: number }[] = [];
  let online = options.online ?? true;
  const onlineListeners = new Set<() => void>();
  const env: QueueEnvironment = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = timers.length + 1;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (id) => {
      const index = timers.findIndex((t) => t.id === id);
      if (index >= 0) timers.splice(index, 1);
    },
    isOnline: () => online,
    onOnline: (run) => {
      onlineListeners.add(run);
      return () => onlineListeners.delete(run);
    },
    onPageHide: () => () => {},
    yield: async () => {},
    storage: options.storage,
  };
  const uploaded: UploadItem[] = [];
  const queue = new UploadQueue({
    transport,
    env,
    concurrency: options.concurrency,
    storageKey: 'uploads-test',
    onUploaded: (item) => uploaded.push(item),
  });
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    queue,
    transport,
    calls,
    uploaded,
    existing,
    flush,
    items: () => queue.getSnapshot().items,
    byName: (name: string) => queue.getSnapshot().items.find((i) => i.name === name)!,
    states: () => queue.getSnapshot().items.map((i) => i.state),
    advance: async (ms: number) => {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
      await flush();
    },
    goOnline: async () => {
      online = true;
      for (const listener of onlineListeners) listener();
      await flush();
    },
    goOffline: () => {
      online = false;
    },
  };
}

function httpError(status: number, detail: string, headers: Record<string, string> = {}): HttpError {
  const error = new Error(detail) as HttpError;
  error.status = status;
  error.headers = new Headers(headers);
  error.data = { errors: [{ code: `HTTP-${status}`, title: 'x', detail }] };
  return error;
}

describe('UploadQueue', () => {
  it('sends at most `concurrency` files at once and starts the next as one finishes', async () => {
    const h = harness({ concurrency: 3 });
    h.queue.add(
      ['a', 'b', 'c', 'd', 'e'].map((n) => ({ file: fakeFile(`${n}.csv`) })),
      { spaceId: 's1' },
    );
    await h.flush();
    expect(h.states()).toEqual(['uploading', 'uploading', 'uploading', 'queued', 'queued']);
    expect(h.calls).toHaveLength(3);
    h.calls[1]!.resolve();
    await h.flush();
    expect(h.states()).toEqual(['uploading', 'done', 'uploading', 'uploading', 'queued']);
    expect(h.calls.map((c) => c.job.name)).toEqual(['a.csv', 'b.csv', 'c.csv', 'd.csv']);
    expect(h.uploaded.map((i) => i.name)).toEqual(['b.csv']);
    expect(h.queue.getSnapshot().announcement?.text).toBe('b.csv uploaded.');
  });

  it('lists the files of a dropped folder before they are opened, then opens them in order and sends them', async () => {
    const h = harness({ concurrency: 2 });
    const opens: string[] = [];
    const pending = new Map<string, (file: File) => void>();
    const dropped = ['a', 'b', 'c'].map((n) => ({
      relativePath: `drop/${n}.csv`,
      open: () => {
        opens.push(n);
        return new Promise<File>((resolve) => pending.set(n, resolve));
      },
    }));
    h.queue.add(dropped, { spaceId: 's1' });
    // listed at once, by name, with nothing read yet
    expect(h.items().map((i) => [i.name, i.state, i.size])).toEqual([
      ['drop/a.csv', 'checking', 0],
      ['drop/b.csv', 'checking', 0],
      ['drop/c.csv', 'checking', 0],
    ]);
    expect(h.byName('drop/a.csv').message).toBe('Reading the file…');
    await h.flush();
    expect(opens).toEqual(['a', 'b', 'c']);
    expect(h.calls).toHaveLength(0);
    pending.get('a')!(fakeFile('a.csv', 10));
    pending.get('b')!(fakeFile('b.csv', 20));
    pending.get('c')!(fakeFile('c.csv', 30));
    await h.flush();
    expect(h.items().map((i) => [i.name, i.size, i.message])).toEqual([
      ['drop/a.csv', 10, undefined],
      ['drop/b.csv', 20, undefined],
      ['drop/c.csv', 30, undefined],
    ]);
    expect(h.calls.map((c) => c.job.name)).toEqual(['drop/a.csv', 'drop/b.csv']);
    expect(h.states()).toEqual(['uploading', 'uploading', 'queued']);
  });

  it('opens a big drop a few dozen files at a time, so no browser task answers hundreds of them', async () => {
    const h = harness();
    const inFlight = new Map<string, (file: File) => void>();
    let most = 0;
    const dropped = Array.from({ length: 500 }, (_, i) => ({
      relativePath: `drop/${i}.csv`,
      open: () =>
        new Promise<File>((resolve) => {
          inFlight.set(`${i}`, resolve);
          most = Math.max(most, inFlight.size);
        }),
    }));
    h.queue.add(dropped, { spaceId: 's1' });
    for (let round = 0; round < 100 && h.items().some((i) => i.size === 0); round++) {
      await h.flush();
      for (const [name, resolve] of inFlight) {
        inFlight.delete(name);
        resolve(fakeFile(`${name}.csv`, 10));
      }
    }
    expect(h.items().every((i) => i.size === 10)).toBe(true);
    expect(most).toBe(OPEN_SLICE);
    expect(most).toBeLessThanOrEqual(50);
  });

  it('fails a dropped file that cannot be opened, with the reason', async () => {
    const h = harness();
    h.queue.add(
      [{ relativePath: 'gone.csv', open: () => Promise.reject(new Error('The file was moved.')) }],
      {},
    );
    await h.flush();
    expect(h.byName('gone.csv')).toMatchObject({ state: 'failed' });
    expect(h.byName('gone.csv').message).toMatch(/Could not read the file.*moved/);
  });

  it('opens no dropped file while a drop is being walked, then all in order (or after 5 s at most)', async () => {
    const h = harness();
    const opened: string[] = [];
    const dropped = (name: string) => ({
      relativePath: `drop/${name}`,
      open: () => {
        opened.push(name);
        return Promise.resolve(fakeFile(name, 10));
      },
    });
    const release = h.queue.holdOpening();
    h.queue.add([dropped('a.csv'), dropped('b.csv')], { spaceId: 's1' }, 'walk');
    await h.flush();
    h.queue.add([dropped('c.csv')], { spaceId: 's1' }, 'walk');
    await h.flush();
    expect(opened).toEqual([]);
    expect(h.items()).toHaveLength(3);
    release();
    await h.flush();
    expect(opened).toEqual(['a.csv', 'b.csv', 'c.csv']);

    // a walk that never ends holds nothing for long
    h.queue.holdOpening();
    h.queue.add([dropped('d.csv')], { spaceId: 's1' }, 'stuck');
    await h.flush();
    expect(opened).not.toContain('d.csv');
    await h.advance(5000);
    expect(opened).toContain('d.csv');
  });

  it('saves a 10,000-file drop a few parts per task, each task giving the page its turn, until all is saved', async () => {
    const writes: string[] = [];
    const data = new Map<string, string>();
    const storage = {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => {
        writes.push(key);
        data.set(key, value);
      },
      removeItem: (key: string) => void data.delete(key),
    } as Storage;
    const h = harness({ storage });
    h.queue.add(
      Array.from({ length: 10_000 }, (_, n) => ({
        relativePath: `drop-${Math.floor(n / 100)}/f${n}.csv`,
        open: () => new Promise<File>(() => {}),
      })),
      { spaceId: 's1' },
    );
    await h.advance(1000);
    const perTask = [writes.length];
    while (!data.has('uploads-test') && perTask.length < 50) {
      writes.length = 0;
      await h.advance(0);
      perTask.push(writes.length);
    }
    // 20 parts of 500 and the head, never more than PARTS_PER_SAVE parts (and the head) in one task
    expect(perTask.reduce((a, b) => a + b, 0)).toBe(10_000 / PART_SIZE + 1);
    expect(Math.max(...perTask)).toBeLessThanOrEqual(PARTS_PER_SAVE + 1);
    expect(harness({ storage }).items()).toHaveLength(10_000);
  });

  it('resumes the dropped files a reload cut off before they were opened when the folder is dropped again', async () => {
    const h = harness({ storage: window.sessionStorage });
    h.queue.add(
      [
        { relativePath: 'drop/a.csv', open: () => new Promise<File>(() => {}) },
        { relativePath: 'drop/b.csv', open: () => new Promise<File>(() => {}) },
      ],
      { spaceId: 's1' },
    );
    await h.advance(2000); // saved
    const after = harness({ storage: window.sessionStorage });
    expect(after.items().map((i) => [i.name, i.state])).toEqual([
      ['drop/a.csv', 'interrupted'],
      ['drop/b.csv', 'interrupted'],
    ]);
    after.queue.add(
      ['a', 'b'].map((n, i) => ({
        relativePath: `drop/${n}.csv`,
        open: () => Promise.resolve(fakeFile(`${n}.csv`, 10 + i)),
      })),
      { spaceId: 's1' },
    );
    await after.flush();
    // the same two uploads go on; the new entries are not listed twice
    expect(after.items().map((i) => [i.name, i.size])).toEqual([
      ['drop/a.csv', 10],
      ['drop/b.csv', 11],
    ]);
    expect(after.calls.map((c) => c.job.name)).toEqual(['drop/a.csv', 'drop/b.csv']);
    window.sessionStorage.clear();
  });

  it('keeps folder paths: destination folder, then the picked relative path', async () => {
    const h = harness();
    h.queue.add([{ file: fakeFile('q1.csv'), relativePath: 'sales/2026/q1.csv' }], {
      spaceId: 's1',
      folderPath: 'imports/',
    });
    await h.flush();
    expect(h.calls[0]!.job.name).toBe('imports/sales/2026/q1.csv');
  });

  it('refuses, before sending, disallowed or missing extensions, bad names, oversize files and quota overflow', async () => {
    const h = harness({
      quota: { size: 900, maxSize: 1000, maxFileSize: 10 * MiB, maxLargeFileSize: 50 * MiB },
    });
    h.queue.add(
      [
        { file: fakeFile('setup.exe') },
        { file: fakeFile('README') },
        { file: fakeFile('a|b.csv') },
        { file: fakeFile('huge.csv', 60 * MiB) },
        { file: fakeFile('fits.csv', 60) },
        { file: fakeFile('over.csv', 60) },
        { file: fakeFile('report.qrep', 10) },
      ],
      {},
    );
    await h.flush();
    const by = (n: string) => h.byName(n);
    expect(by('setup.exe')).toMatchObject({
      state: 'refused',
      message: '.exe files are not allowed on this tenant.',
    });
    expect(by('README').message).toMatch(/no extension/);
    expect(by('a|b.csv').message).toMatch(/one of/);
    expect(by('huge.csv').message).toMatch(/takes files up to 50 MB/);
    expect(by('fits.csv').state).toBe('uploading');
    // 900 used + 60 promised to fits.csv leaves 40 bytes
    expect(by('over.csv')).toMatchObject({ state: 'refused' });
    expect(by('over.csv').message).toMatch(/Not enough data-file quota: 40 B left/);
    expect(by('report.qrep').state).toBe('uploading');
    expect(h.calls.map((c) => c.job.name)).toEqual(['fits.csv', 'report.qrep']);
  });

  it('sends large files through tus and small ones as multipart', async () => {
    const h = harness({ quota: { maxFileSize: 20 * MiB } });
    h.queue.add(
      [
        { file: fakeFile('small.csv', MiB) },
        { file: fakeFile('mid.csv', 25 * MiB) },
        { file: fakeFile('big.csv', 40 * MiB) },
      ],
      {},
    );
    await h.flush();
    expect(h.calls.map((c) => [c.job.name, c.job.method])).toEqual([
      ['small.csv', 'multipart'],
      ['mid.csv', 'tus'], // over maxFileSize, under the 32 MiB threshold
      ['big.csv', 'tus'],
    ]);
  });

  it('pauses (aborting the request) and resumes from the tus URL; multipart starts over', async () => {
    const h = harness();
    h.queue.add([{ file: fakeFile('big.csv', 64 * MiB) }, { file: fakeFile('small.csv', 10) }], {});
    await h.flush();
    const [tus, multipart] = h.calls;
    tus!.events.tusUrl('http://t/api/v1/temp-contents/files/abc');
    tus!.events.progress(16 * MiB);
    multipart!.events.progress(5);
    h.queue.pause(h.byName('big.csv').id);
    h.queue.pause(h.byName('small.csv').id);
    await h.flush();
    expect(tus!.signal.aborted).toBe(true);
    expect(h.byName('big.csv')).toMatchObject({ state: 'paused', loaded: 16 * MiB });
    expect(h.byName('small.csv')).toMatchObject({
      state: 'paused',
      loaded: 0,
      message: 'Small files go in one piece: this one starts over.',
    });
    h.queue.resumeAll();
    await h.flush();
    expect(h.calls).toHaveLength(4);
    expect(h.calls[2]!.job).toMatchObject({
      name: 'big.csv',
      tusUrl: 'http://t/api/v1/temp-contents/files/abc',
    });
    expect(h.byName('big.csv')).toMatchObject({ state: 'uploading', loaded: 16 * MiB });
    // a late event from the aborted attempt changes nothing
    tus!.events.progress(1);
    expect(h.byName('big.csv').loaded).toBe(16 * MiB);
  });

  it('cancels one or all, and retries cancelled or failed uploads', async () => {
    const h = harness({ concurrency: 1 });
    h.queue.add([{ file: fakeFile('a.csv') }, { file: fakeFile('b.csv') }, { file: fakeFile('c.csv') }], {});
    await h.flush();
    h.queue.cancel(h.byName('a.csv').id);
    await h.flush();
    expect(h.calls[0]!.signal.aborted).toBe(true);
    expect(h.states()).toEqual(['cancelled', 'uploading', 'queued']);
    h.calls[1]!.reject(httpError(403, 'Only members with Can edit may upload'));
    await h.flush();
    expect(h.byName('b.csv')).toMatchObject({ state: 'failed' });
    expect(h.byName('b.csv').message).toMatch(/^No permission: Only members with Can edit may upload/);
    h.queue.cancelAll();
    expect(h.states()).toEqual(['cancelled', 'failed', 'cancelled']);
    h.queue.retry(h.byName('a.csv').id);
    h.queue.retryAll();
    await h.flush();
    expect(h.states()).toEqual(['uploading', 'queued', 'cancelled']);
    h.calls.at(-1)!.resolve();
    await h.flush();
    expect(h.states()).toEqual(['done', 'uploading', 'cancelled']);
  });

  it('asks about a name in use: replace sends a PUT target, skip skips, keep both finds a free numbered name', async () => {
    const h = harness({ existing: ['a.csv', 'b.csv', 'c.csv', 'c (1).csv'] });
    h.queue.add([{ file: fakeFile('a.csv') }, { file: fakeFile('b.csv') }, { file: fakeFile('c.csv') }], {});
    await h.flush();
    expect(h.states()).toEqual(['conflict', 'conflict', 'conflict']);
    expect(h.queue.pendingConflict?.name).toBe('a.csv');
    await h.queue.resolveConflict(h.byName('a.csv').id, 'replace');
    await h.queue.resolveConflict(h.byName('b.csv').id, 'skip');
    await h.queue.resolveConflict(h.byName('c.csv').id, 'keep-both');
    await h.flush();
    expect(h.calls.map((c) => [c.job.name, c.job.replaceId])).toEqual([
      ['a.csv', 'existing-0'],
      ['c (2).csv', undefined],
    ]);
    expect(h.byName('b.csv').state).toBe('skipped');
  });

  it('"apply to all remaining" answers the other conflicts of the batch, including ones found later', async () => {
    const h = harness({ existing: ['x/a.csv', 'x/b.csv', 'x/c.csv'] });
    h.queue.add([{ file: fakeFile('a.csv') }, { file: fakeFile('b.csv') }], { folderPath: 'x' });
    await h.flush();
    await h.queue.resolveConflict(h.byName('x/a.csv').id, 'keep-both', true);
    await h.flush();
    expect(h.calls.map((c) => c.job.name)).toEqual(['x/a (1).csv', 'x/b (1).csv']);
    // a later batch is asked again
    h.queue.add([{ file: fakeFile('c.csv') }], { folderPath: 'x' });
    await h.flush();
    expect(h.byName('x/c.csv').state).toBe('conflict');
  });

  it('turns a 409 at send time (someone took the name meanwhile) into a conflict question', async () => {
    const h = harness();
    h.queue.add([{ file: fakeFile('a.csv') }], {});
    await h.flush();
    h.existing.set('a.csv', 'late');
    h.calls[0]!.reject(httpError(409, 'An item named a.csv already exists in this space.'));
    await h.flush();
    expect(h.byName('a.csv')).toMatchObject({ state: 'conflict', conflictId: 'late' });
  });

  it('waits for the network and goes on when the browser is back online', async () => {
    const h = harness();
    h.queue.add([{ file: fakeFile('big.csv', 64 * MiB) }], {});
    await h.flush();
    h.calls[0]!.events.tusUrl('http://t/files/1');
    h.calls[0]!.events.progress(8 * MiB);
    h.goOffline();
    h.calls[0]!.reject(new TypeError('Network request failed'));
    await h.flush();
    expect(h.byName('big.csv')).toMatchObject({ state: 'waiting-network', message: 'Waiting for network…' });
    await h.advance(60_000);
    expect(h.calls).toHaveLength(1); // offline: no retry until `online`
    await h.goOnline();
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1]!.job.tusUrl).toBe('http://t/files/1');
  });

  it('waits out a 429 for Retry-After seconds and says so', async () => {
    const h = harness();
    h.queue.add([{ file: fakeFile('a.csv') }], {});
    await h.flush();
    h.calls[0]!.reject(httpError(429, 'API rate limit reached.', { 'Retry-After': '7' }));
    await h.flush();
    expect(h.byName('a.csv')).toMatchObject({
      state: 'rate-limited',
      message: 'Rate limited by the tenant — retrying in 7 s',
      retryAt: 7000,
    });
    await h.advance(6_999);
    expect(h.calls).toHaveLength(1);
    await h.advance(1);
    expect(h.calls).toHaveLength(2);
    expect(h.byName('a.csv').state).toBe('uploading');
  });

  it('reports speed and time left from progress', async () => {
    const h = harness();
    h.queue.add([{ file: fakeFile('big.csv', 100 * MiB) }], {});
    await h.flush();
    await h.advance(1000);
    h.calls[0]!.events.progress(10 * MiB);
    expect(h.byName('big.csv')).toMatchObject({ loaded: 10 * MiB, bytesPerSecond: 10 * MiB, etaSeconds: 9 });
  });

  it('merges progress reports closer than 250 ms into one update, showing the latest', async () => {
    const h = harness();
    h.queue.add([{ file: fakeFile('big.csv', 100 * MiB) }], {});
    await h.flush();
    await h.advance(300); // views hear of the start…
    await h.advance(300); // …and what follows is the first change after a quiet spell
    const renders = vi.fn();
    h.queue.subscribe(renders);
    const { events } = h.calls[0]!;
    events.progress(1 * MiB); // the first report after a quiet spell shows at once
    await h.flush();
    expect(h.byName('big.csv').loaded).toBe(1 * MiB);
    for (let step = 1; step <= 4; step++) {
      await h.advance(50);
      events.progress((1 + step) * MiB);
    }
    expect(h.byName('big.csv').loaded).toBe(1 * MiB);
    expect(renders).toHaveBeenCalledTimes(1);
    await h.advance(50); // 250 ms after the shown one: the latest report
    expect(h.byName('big.csv').loaded).toBe(5 * MiB);
    expect(renders).toHaveBeenCalledTimes(2);
    await h.advance(100);
    events.progress(6 * MiB);
    expect(h.byName('big.csv').loaded).toBe(5 * MiB);
    // pausing shows what was reported last rather than dropping it
    h.queue.pause(h.byName('big.csv').id);
    expect(h.byName('big.csv')).toMatchObject({ state: 'paused', loaded: 6 * MiB });
    await h.advance(1000);
    expect(h.byName('big.csv').loaded).toBe(6 * MiB);
  });

  it('persists metadata (never content or tokens) and resumes after a reload when the same file is picked', async () => {
    const h = harness({ storage: window.sessionStorage });
    const file = fakeFile('big.csv', 64 * MiB);
    h.queue.add([{ file }, { file: fakeFile('small.csv') }], { spaceId: 's1' });
    await h.flush();
    h.calls[0]!.events.tusUrl('http://t/files/77');
    h.calls[0]!.events.progress(24 * MiB);
    h.calls[1]!.resolve();
    await h.flush();
    await h.advance(2000); // progress is saved at most once a second
    const saved = Object.keys(window.sessionStorage)
      .filter((key) => key.startsWith('uploads-test'))
      .map((key) => window.sessionStorage.getItem(key))
      .join('\n');
    expect(saved).toMatch(/big\.csv/);
    expect(saved).not.toMatch(/token|Bearer/i);
    expect(saved).not.toMatch(/small\.csv/); // finished: nothing to resume

    const after = harness({ storage: window.sessionStorage });
    expect(after.items()).toHaveLength(1);
    expect(after.byName('big.csv')).toMatchObject({
      state: 'interrupted',
      hasFile: false,
      loaded: 24 * MiB,
      tusUrl: 'http://t/files/77',
      destination: { spaceId: 's1' },
    });
    expect(after.byName('big.csv').message).toMatch(/Pick the file again to resume where it stopped/);
    // a different file of the same name is not taken for it
    expect(after.queue.reattach(after.byName('big.csv').id, fakeFile('big.csv', 5))).toBe(false);
    after.queue.add([{ file: fakeFile('big.csv', 64 * MiB) }], { spaceId: 's1' });
    await after.flush();
    expect(after.items()).toHaveLength(1);
    expect(after.calls[0]!.job).toMatchObject({
      name: 'big.csv',
      method: 'tus',
      tusUrl: 'http://t/files/77',
    });
    expect(after.byName('big.csv')).toMatchObject({ state: 'uploading', loaded: 24 * MiB });
  });
});
