import { describeError } from '@/lib/api-error';
import { formatBytes } from '@/lib/format';
import {
  ACTIVE_STATES,
  FINISHED_STATES,
  PENDING_STATES,
  extensionOf,
  fingerprintOf,
  isDropped,
  nameProblem,
  numberedName,
  targetName,
  type ConflictChoice,
  type IncomingFile,
  type Quota,
  type UploadDestination,
  type UploadItem,
  type UploadMethod,
} from './model';
import { PARTS_PER_SAVE, QueueSerializer, interruptedMessage, restoreQueue } from './persistence';

/** One attempt at sending a file's content and creating (or replacing) its data file. */
export interface SendJob {
  file: File;
  name: string;
  destination: UploadDestination;
  method: UploadMethod;
  replaceId?: string;
  tusUrl?: string;
}

export interface SendEvents {
  progress(loaded: number): void;
  /** The tus upload was created at this URL: remembered so that a later attempt resumes. */
  tusUrl(url: string | undefined): void;
  /** All bytes are at the tenant; it is creating the data file. */
  finishing(): void;
}

/** What the queue needs from the tenant. The real one is api/tenant-transport.ts; tests pass fakes. */
export interface UploadTransport {
  quota(): Promise<Quota>;
  /** Id of the data file or folder with exactly this name in the destination's space, if any. */
  findExisting(destination: UploadDestination, name: string): Promise<string | undefined>;
  /**
   * The ids of those of `names` that exist in the destination's space, keyed by lower-cased name. A dropped folder
   * of thousands of files is checked with a few folder listings rather than one request per file. Optional: the
   * queue asks name by name without it.
   */
  findExistingMany?(destination: UploadDestination, names: readonly string[]): Promise<Map<string, string>>;
  /** Resolves when the data file exists; rejects with the failure (an AbortError after `signal` aborts). */
  send(job: SendJob, events: SendEvents, signal: AbortSignal): Promise<void>;
}

/** The browser around the queue, replaceable in tests. */
export interface QueueEnvironment {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  isOnline(): boolean;
  /** Calls back whenever the browser comes back online; returns the unsubscribe. */
  onOnline(run: () => void): () => void;
  /** Calls back when the page is being hidden or unloaded (the last chance to save); returns the unsubscribe. */
  onPageHide(run: () => void): () => void;
  /** Lets the browser paint and handle input between two slices of a long piece of work. */
  yield(): Promise<void>;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export interface UploadQueueOptions {
  transport: UploadTransport;
  /** Most uploads sending at once. */
  concurrency?: number;
  /** Files above this go through tus (resumable, chunked); smaller ones in one multipart request, which starts over. */
  tusThreshold?: number;
  /** sessionStorage key for the queue's metadata (never tokens, never content). */
  storageKey?: string;
  env?: Partial<QueueEnvironment>;
  /** Called once per data file created or replaced (the place to invalidate cached lists). */
  onUploaded?: (item: UploadItem) => void;
}

export interface Announcement {
  seq: number;
  text: string;
}

/** Counts over all uploads, kept with each snapshot so that views need not walk 30,000 items per render. */
export interface QueueSummary {
  total: number;
  /** Uploaded. */
  done: number;
  /** Failed, refused, or interrupted (waiting for the file to be picked again). */
  failed: number;
  /** Will still send without the admin doing anything (checking, queued, sending, waiting out a drop). */
  waiting: number;
  paused: number;
  /** Skipped or cancelled by the admin. */
  dropped: number;
  /** Finished one way or another: can be cleared from the list. */
  finished: number;
  conflicts: number;
  /** Bytes of the uploads that count (not refused, skipped or cancelled), and how many of them are up. */
  size: number;
  loaded: number;
  bytesPerSecond: number;
  offline: boolean;
  /** Some upload still needs this tab (its File is at hand and it will send). */
  sending: boolean;
}

export interface QueueSnapshot {
  items: readonly UploadItem[];
  summary: QueueSummary;
  /** The latest completion or error, for a polite live region. */
  announcement?: Announcement;
}

export const DEFAULT_CONCURRENCY = 3;
/**
 * From this size on a file goes through tus and survives a dropped connection or a reload from its offset. Below it
 * a file goes as one multipart request: even on a slow 1.6 Mbit/s link it is up within ~20 s, and tus's two extra
 * requests (creation, import) would cost more than resuming saves.
 */
export const DEFAULT_TUS_THRESHOLD = 4 * 1024 ** 2;
const PROGRESS_SAMPLE_MS = 500;
/**
 * Browsers report upload progress about every 50 ms; each report re-renders the panel. Reports closer together
 * than this are merged (the latest one is shown at the end of the interval), which keeps the bar smooth and leaves
 * the CPU to the upload itself.
 */
const PROGRESS_EMIT_MS = 250;
/** Network failures are retried this long apart while the browser still claims to be online. */
const NETWORK_RETRY_MS = 3000;
/**
 * Views hear of changes at most this often. A 10,000-file drop changes state ~30,000 times in a few minutes; each
 * notification re-renders the panel, so they are merged (the first after a quiet spell goes out at once). Four
 * updates a second keep the counts and bars moving; ten made a tenth of the long tasks of a 10,000-file upload.
 */
const NOTIFY_MS = 250;
/** sessionStorage is written at most this often (on page hide at once), only the parts that changed. */
const PERSIST_MS = 1000;
/** The longest a drop's walk holds the opening of its files (see holdOpening). */
const HOLD_OPENING_MS = 5000;
/** Items handled between two yields to the browser in bulk work (checks, conflict answers, clearing). */
const SLICE = 1000;
/**
 * Dropped files opened at once, in pick order. Chromium answers all the `file()` calls in flight in one task, about
 * 0.5 ms a file (it reads each file's size and date from disk): 200 at a time made a 100-135 ms task every few
 * hundred milliseconds for the first 10 s of a 10,000-file upload. 40 keep each under 30 ms, and still open files
 * far faster than they upload.
 */
export const OPEN_SLICE = 40;
const READING = 'Reading the file…';

interface Runtime {
  file?: File;
  /** A dropped file listed before it was opened: how to open it (see DroppedFile). */
  open?: () => Promise<File>;
  abort?: AbortController;
  timer?: unknown;
  sample?: { at: number; loaded: number };
  /** When progress was last shown, and a later report waiting for its turn. */
  shownAt?: number;
  pendingLoaded?: number;
  progressTimer?: unknown;
  /** Bumped per attempt so that a late callback of an aborted attempt changes nothing. */
  attempt: number;
}

interface Batch {
  policy?: ConflictChoice;
}

const defaultEnv = (): QueueEnvironment => ({
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
  onOnline: (run) => {
    if (typeof window === 'undefined') return () => {};
    window.addEventListener('online', run);
    return () => window.removeEventListener('online', run);
  },
  onPageHide: (run) => {
    if (typeof window === 'undefined') return () => {};
    window.addEventListener('pagehide', run);
    return () => window.removeEventListener('pagehide', run);
  },
  yield: yieldToBrowser,
  storage: typeof sessionStorage === 'undefined' ? undefined : sessionStorage,
});

/** scheduler.yield where the browser has it (the task goes on ahead of other queued tasks), else a new task. */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => globalThis.setTimeout(resolve, 0));
}

const isAbort = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';

/** A dropped file a reload interrupted before it was opened: its size and date are not known. */
const unopened = (item: UploadItem) => item.size === 0 && item.lastModified === 0 && !item.checked;

/**
 * Takes from `interrupted` the upload a picked file continues: same relative name, size and date, or an entry of a
 * dropped folder that a reload interrupted before it was opened (saved with its name only).
 */
function takeInterrupted(
  interrupted: Map<string, UploadItem>,
  file: File,
  relativePath: string | undefined,
): UploadItem | undefined {
  for (const key of [
    fingerprintOf(file, relativePath),
    fingerprintOf({ name: relativePath || file.name, size: 0, lastModified: 0 }),
  ]) {
    const match = interrupted.get(key);
    if (match) {
      interrupted.delete(key);
      return match;
    }
  }
  return undefined;
}

let idCounter = 0;
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(idCounter++).toString(36)}`;

const EMPTY_SUMMARY: QueueSummary = {
  total: 0,
  done: 0,
  failed: 0,
  waiting: 0,
  paused: 0,
  dropped: 0,
  finished: 0,
  conflicts: 0,
  size: 0,
  loaded: 0,
  bytesPerSecond: 0,
  offline: false,
  sending: false,
};

/** One pass over the items: the counts every view of the queue shows. */
export function summarize(items: readonly UploadItem[]): QueueSummary {
  const s = { ...EMPTY_SUMMARY, total: items.length };
  for (const item of items) {
    const state = item.state;
    if (state === 'done') s.done++;
    else if (state === 'failed' || state === 'refused' || state === 'interrupted') s.failed++;
    else if (state === 'paused') s.paused++;
    else if (state === 'skipped' || state === 'cancelled') s.dropped++;
    else s.waiting++;
    if (FINISHED_STATES.has(state)) s.finished++;
    if (state === 'conflict') s.conflicts++;
    if (state === 'waiting-network') s.offline = true;
    if (state === 'uploading') s.bytesPerSecond += item.bytesPerSecond ?? 0;
    if (item.hasFile && PENDING_STATES.has(state)) s.sending = true;
    if (state !== 'refused' && state !== 'skipped' && state !== 'cancelled') {
      s.size += item.size;
      s.loaded += state === 'done' ? item.size : item.loaded;
    }
  }
  return s;
}

/**
 * The upload queue: a framework-free store (subscribe/getSnapshot for useSyncExternalStore) that checks files
 * before sending, asks about name conflicts, sends at most `concurrency` at once, and survives network drops,
 * rate limits and page reloads.
 *
 * It is built for drops of tens of thousands of files: an item is found and changed in O(1), the next file to send
 * is taken from an ordered set, snapshots are built only when a view asks for one, views are notified at most every
 * NOTIFY_MS, sessionStorage is written at most every PERSIST_MS (only changed items serialized again), and bulk work
 * runs in slices with the browser given its turn between them.
 */
export class UploadQueue {
  private items: UploadItem[] = [];
  /** Position of each item in `items`. */
  private position = new Map<string, number>();
  /** Items waiting for a sending slot, in the order they became ready. */
  private readonly ready = new Set<string>();
  /** Items sending now (uploading or finishing). */
  private readonly active = new Set<string>();
  private snapshot?: QueueSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly runtime = new Map<string, Runtime>();
  private readonly batches = new Map<string, Batch>();
  private readonly env: QueueEnvironment;
  private readonly transport: UploadTransport;
  private readonly concurrency: number;
  private readonly tusThreshold: number;
  private readonly storageKey?: string;
  private readonly serializer = new QueueSerializer();
  private readonly unsubscribe: (() => void)[] = [];
  private announcementSeq = 0;
  private announcement?: Announcement;
  private notifyPending = false;
  private notifiedAt = -Infinity;
  private persistTimer?: unknown;
  private persistDirty = false;
  /** Dropped files waiting to be opened, in pick order, with what to tell once each is. */
  private readonly toOpen: { id: string; done: () => void }[] = [];
  private opening = false;
  private openingHolds = 0;
  onUploaded?: (item: UploadItem) => void;

  constructor(options: UploadQueueOptions) {
    this.transport = options.transport;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.tusThreshold = options.tusThreshold ?? DEFAULT_TUS_THRESHOLD;
    this.storageKey = options.storageKey;
    this.onUploaded = options.onUploaded;
    this.env = { ...defaultEnv(), ...options.env };
    this.unsubscribe.push(this.env.onOnline(() => this.wakeWaitingForNetwork()));
    this.unsubscribe.push(this.env.onPageHide(() => this.persistNow()));
    this.restore();
  }

  // ------------------------------------------------------------------------------------------ store protocol

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** How many uploads the list holds (cheap: no snapshot is built). */
  get size(): number {
    return this.items.length;
  }

  /** The current state; a new snapshot is built (one pass) only after something changed. */
  getSnapshot = (): QueueSnapshot => {
    this.snapshot ??= {
      items: this.items.slice(),
      summary: summarize(this.items),
      announcement: this.announcement,
    };
    return this.snapshot;
  };

  /** Something changed: the snapshot is stale, views hear of it soon, and sessionStorage is written soon. */
  private changed(persist = true) {
    this.snapshot = undefined;
    if (persist) this.persistSoon();
    if (this.notifyPending) return;
    this.notifyPending = true;
    const wait = this.notifiedAt + NOTIFY_MS - this.env.now();
    // The first change after a quiet spell goes out once the current task is done (a burst of changes in one task
    // is one notification); later ones wait for their turn.
    if (wait <= 0) queueMicrotask(() => this.notify());
    else this.env.setTimeout(() => this.notify(), wait);
  }

  private notify() {
    this.notifyPending = false;
    this.notifiedAt = this.env.now();
    for (const listener of this.listeners) listener();
  }

  private update(id: string, patch: Partial<UploadItem>, persist = true) {
    const at = this.position.get(id);
    if (at === undefined) return;
    const next = { ...this.items[at]!, ...patch };
    this.items[at] = next;
    if (patch.state !== undefined) this.track(next);
    this.changed(persist);
  }

  /** Keeps the ready and active sets in step with an item's state. */
  private track(item: UploadItem) {
    if (item.state === 'queued') this.ready.add(item.id);
    else this.ready.delete(item.id);
    if (ACTIVE_STATES.has(item.state)) this.active.add(item.id);
    else this.active.delete(item.id);
  }

  private item(id: string): UploadItem | undefined {
    const at = this.position.get(id);
    return at === undefined ? undefined : this.items[at];
  }

  private reindex() {
    this.position = new Map(this.items.map((item, index) => [item.id, index]));
  }

  private announce(text: string) {
    this.announcement = { seq: ++this.announcementSeq, text };
    this.changed(false);
  }

  private rt(id: string): Runtime {
    let runtime = this.runtime.get(id);
    if (!runtime) {
      runtime = { attempt: 0 };
      this.runtime.set(id, runtime);
    }
    return runtime;
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    for (const runtime of this.runtime.values()) {
      runtime.abort?.abort();
      if (runtime.timer !== undefined) this.env.clearTimeout(runtime.timer);
      if (runtime.progressTimer !== undefined) this.env.clearTimeout(runtime.progressTimer);
    }
    if (this.persistTimer !== undefined) this.env.clearTimeout(this.persistTimer);
    this.listeners.clear();
  }

  // ------------------------------------------------------------------------------------------ adding files

  /**
   * Adds picked or dropped files. A file that matches an interrupted upload (same relative name, size and
   * modification time) takes that upload up again, resuming from the tenant's offset where it can; others are
   * checked and queued. Files of a dropped folder may come unopened (DroppedFile): they are listed at once and
   * opened in pick order before their checks. A drop that arrives in parts (a big folder being walked) passes the
   * same `batchId` with each part, so that "apply to all" reaches all of it. Returns the ids of the uploads
   * concerned.
   */
  add(picked: readonly IncomingFile[], destination: UploadDestination, batchId = newId('batch')): string[] {
    if (!this.batches.has(batchId)) this.batches.set(batchId, {});
    const ids: string[] = [];
    const fresh: UploadItem[] = [];
    const resumed: string[] = [];
    const interrupted = this.interruptedByFingerprint();
    for (const entry of picked) {
      const id = newId('upload');
      if (isDropped(entry)) {
        this.rt(id).open = entry.open;
        const sourceName = entry.relativePath;
        fresh.push({
          id,
          batchId,
          name: targetName(destination, entry),
          sourceName,
          size: 0,
          lastModified: 0,
          // what a reload saves for it until it is open: picking the file again matches it by name alone
          fingerprint: fingerprintOf({ name: sourceName, size: 0, lastModified: 0 }),
          destination,
          state: 'checking',
          method: 'multipart',
          loaded: 0,
          hasFile: true,
          message: READING,
        });
        ids.push(id);
        continue;
      }
      const match = takeInterrupted(interrupted, entry.file, entry.relativePath);
      if (match) {
        this.giveBack(match.id, entry.file);
        resumed.push(match.id);
        ids.push(match.id);
        continue;
      }
      this.rt(id).file = entry.file;
      fresh.push({
        id,
        batchId,
        name: targetName(destination, entry),
        sourceName: entry.relativePath || entry.file.name,
        size: entry.file.size,
        lastModified: entry.file.lastModified,
        fingerprint: fingerprintOf(entry.file, entry.relativePath),
        destination,
        state: 'checking',
        method: entry.file.size > this.tusThreshold ? 'tus' : 'multipart',
        loaded: 0,
        hasFile: true,
      });
      ids.push(id);
    }
    for (const item of fresh) {
      this.position.set(item.id, this.items.length);
      this.items.push(item);
    }
    this.changed();
    for (const id of resumed) this.requeue(id);
    if (fresh.length > 0) void this.check(fresh.map((i) => i.id));
    else this.pump();
    return ids;
  }

  /** Unfinished uploads without their file (after a reload), by fingerprint. */
  private interruptedByFingerprint(): Map<string, UploadItem> {
    const interrupted = new Map<string, UploadItem>();
    for (const item of this.items) {
      if (!item.hasFile && !FINISHED_STATES.has(item.state)) interrupted.set(item.fingerprint, item);
    }
    return interrupted;
  }

  /**
   * An interrupted upload's file, picked again: it goes on with it (requeue it after). One that a reload cut off
   * before it was opened learns its size and date now.
   */
  private giveBack(id: string, file: File) {
    const item = this.item(id);
    if (!item) return;
    this.rt(id).file = file;
    this.update(
      id,
      {
        hasFile: true,
        message: undefined,
        ...(unopened(item)
          ? {
              size: file.size,
              lastModified: file.lastModified,
              fingerprint: fingerprintOf(file, item.sourceName),
              method: file.size > this.tusThreshold ? ('tus' as const) : ('multipart' as const),
            }
          : {}),
      },
      false,
    );
  }

  /**
   * Opens the dropped files among `ids` (see DroppedFile) and fills in what their File tells. The files of all
   * drops are opened in one line, in pick order and a slice at a time, so the first files of a big drop are ready
   * (and upload) while the rest are still being opened. A file that turns out to be an interrupted upload picked
   * again goes to that upload, and its new entry leaves the list.
   */
  private open(ids: readonly string[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const id of ids) {
      if (!this.runtime.get(id)?.open) continue;
      waits.push(new Promise<void>((done) => this.toOpen.push({ id, done })));
    }
    if (waits.length > 0) void this.openInOrder();
    return Promise.all(waits).then(() => undefined);
  }

  /**
   * Holds the opening of dropped files while a drop is being walked (until the returned release, or HOLD_OPENING_MS
   * at most): each folder read waits behind the page's other tasks, and opening files and starting their uploads
   * meanwhile made listing 10,000 files take 4-5 s instead of about 1.
   */
  holdOpening(): () => void {
    this.openingHolds++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.env.clearTimeout(timer);
      this.openingHolds--;
      void this.openInOrder();
    };
    const timer = this.env.setTimeout(release, HOLD_OPENING_MS);
    return release;
  }

  private async openInOrder() {
    if (this.opening) return;
    this.opening = true;
    try {
      while (this.toOpen.length > 0 && this.openingHolds === 0) {
        const slice = this.toOpen.splice(0, OPEN_SLICE);
        const results = await Promise.allSettled(
          slice.map(
            ({ id }) => this.runtime.get(id)?.open?.() ?? Promise.reject(new Error('Not a dropped file')),
          ),
        );
        const interrupted = this.interruptedByFingerprint();
        const replaced = new Set<string>();
        slice.forEach(({ id }, i) => {
          const result = results[i]!;
          const runtime = this.rt(id);
          runtime.open = undefined;
          const item = this.item(id);
          if (!item) return;
          if (result.status === 'rejected') {
            if (item.state === 'checking') this.fail(id, result.reason, 'Could not read the file');
            return;
          }
          const file = result.value;
          const match = takeInterrupted(interrupted, file, item.sourceName);
          if (match && item.state === 'checking') {
            this.giveBack(match.id, file);
            this.requeue(match.id);
            replaced.add(id);
            return;
          }
          runtime.file = file;
          this.update(
            id,
            {
              size: file.size,
              lastModified: file.lastModified,
              fingerprint: fingerprintOf(file, item.sourceName),
              method: file.size > this.tusThreshold ? 'tus' : 'multipart',
              message: item.message === READING ? undefined : item.message,
            },
            false,
          );
        });
        if (replaced.size > 0) this.remove(replaced);
        for (const { done } of slice) done();
        await this.env.yield();
      }
    } finally {
      this.opening = false;
    }
  }

  /**
   * Gives an interrupted upload its file back (picked again after a reload). Only the same file is taken (size
   * and modification time), since the tenant may already hold the first part of it.
   */
  reattach(id: string, file: File): boolean {
    const item = this.item(id);
    if (!item || item.hasFile) return false;
    if (!unopened(item) && (file.size !== item.size || file.lastModified !== item.lastModified)) {
      this.update(id, {
        message: `${file.name} is not the same file (its size or date differ). Pick the original.`,
      });
      return false;
    }
    this.giveBack(id, file);
    this.requeue(id);
    return true;
  }

  /** Back in line: straight to the queue when the checks passed before, else through them again. */
  private requeue(id: string) {
    const item = this.item(id);
    if (!item) return;
    if (item.checked) {
      this.update(id, { state: 'queued', message: undefined });
      this.pump();
    } else {
      this.update(id, { state: 'checking', message: undefined, loaded: 0 });
      void this.check([id]);
    }
  }

  /**
   * Extension, size, name and quota checks, then the name-conflict lookup, in pick order. Thousands of files are
   * checked in slices, with the browser given its turn between them.
   */
  private async check(ids: string[]) {
    let quota: Quota;
    try {
      [quota] = await Promise.all([this.transport.quota(), this.open(ids)]);
    } catch (error) {
      for (const id of ids) this.fail(id, error, 'Could not read the data-file quotas');
      return;
    }
    const allowed = new Set(
      [...quota.allowedExtensions, ...quota.allowedInternalExtensions].map((e) => e.toLowerCase()),
    );
    // Bytes already promised to uploads that have not finished count against the quota too.
    const checking = new Set(ids);
    let reserved = quota.size;
    for (const item of this.items) {
      if (!checking.has(item.id) && PENDING_STATES.has(item.state)) reserved += item.size;
    }
    const passed: UploadItem[] = [];
    for (let start = 0; start < ids.length; start += SLICE) {
      if (start > 0) await this.env.yield();
      for (const id of ids.slice(start, start + SLICE)) {
        const item = this.item(id);
        if (!item || item.state !== 'checking') continue;
        const refusal = this.refusalOf(item, quota, allowed, reserved);
        if (refusal) {
          this.update(id, { state: 'refused', message: refusal });
          this.announce(`${item.name} refused: ${refusal}`);
          continue;
        }
        reserved += item.size;
        // Files bigger than a direct upload takes go through tus whatever the threshold says.
        const method: UploadMethod =
          item.size > Math.min(this.tusThreshold, quota.maxFileSize) ? 'tus' : 'multipart';
        if (method !== item.method) this.update(id, { method }, false);
        passed.push(item);
      }
    }
    let existing: Map<string, string>;
    try {
      existing = await this.existingNames(passed);
    } catch (error) {
      for (const item of passed) this.fail(item.id, error, 'Could not check for a file with the same name');
      return;
    }
    for (let start = 0; start < passed.length; start += SLICE) {
      if (start > 0) await this.env.yield();
      for (const { id } of passed.slice(start, start + SLICE)) {
        const item = this.item(id);
        if (item?.state !== 'checking') continue; // cancelled meanwhile
        const existingId = existing.get(item.name.toLowerCase());
        const policy = this.batches.get(item.batchId)?.policy;
        if (!existingId) this.update(id, { state: 'queued', checked: true });
        else if (policy) await this.applyChoice(id, policy, existingId);
        else this.update(id, { state: 'conflict', conflictId: existingId, message: undefined });
      }
      this.pump();
    }
  }

  /** Which of these uploads' names exist at their destination: one bulk question per destination when possible. */
  private async existingNames(items: readonly UploadItem[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const byDestination = new Map<string, { destination: UploadDestination; names: string[] }>();
    for (const item of items) {
      const key = `${item.destination.spaceId ?? ''}\u0000${item.destination.folderPath ?? ''}`;
      let group = byDestination.get(key);
      if (!group) byDestination.set(key, (group = { destination: item.destination, names: [] }));
      group.names.push(item.name);
    }
    for (const { destination, names } of byDestination.values()) {
      if (this.transport.findExistingMany) {
        for (const [name, id] of await this.transport.findExistingMany(destination, names))
          found.set(name, id);
        continue;
      }
      for (const name of names) {
        const id = await this.transport.findExisting(destination, name);
        if (id) found.set(name.toLowerCase(), id);
      }
    }
    return found;
  }

  private refusalOf(item: UploadItem, quota: Quota, allowed: Set<string>, reserved: number) {
    const ext = extensionOf(item.name);
    if (!ext) return 'The file has no extension, so the tenant cannot tell its format.';
    if (!allowed.has(ext)) return `.${ext} files are not allowed on this tenant.`;
    const nameIssue = nameProblem(item.name);
    if (nameIssue) return nameIssue;
    const limit = Math.max(quota.maxFileSize, quota.maxLargeFileSize);
    if (item.size > limit) {
      return `The file is ${formatBytes(item.size)}; the tenant takes files up to ${formatBytes(limit)}.`;
    }
    if (reserved + item.size > quota.maxSize) {
      const free = Math.max(0, quota.maxSize - reserved);
      return `Not enough data-file quota: ${formatBytes(free)} left, the file needs ${formatBytes(item.size)}.`;
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------ conflicts

  private async conflict(id: string, existingId: string) {
    const item = this.item(id);
    if (!item) return;
    const policy = this.batches.get(item.batchId)?.policy;
    if (policy) await this.applyChoice(id, policy, existingId);
    else {
      this.update(id, { state: 'conflict', conflictId: existingId, message: undefined });
    }
  }

  /** The first upload waiting for a conflict decision (the panel asks about one at a time). */
  get pendingConflict(): UploadItem | undefined {
    return this.items.find((i) => i.state === 'conflict');
  }

  /** The picked File of an upload, once opened (the conflict prompt previews what replacing would change). */
  fileOf(id: string): File | undefined {
    return this.runtime.get(id)?.file;
  }

  /**
   * Replace the existing file, keep both (the new one as `name (n).ext`), or skip. With `applyToAll` the same
   * answer goes to every other conflict of the same batch, now and as they are found.
   */
  async resolveConflict(id: string, choice: ConflictChoice, applyToAll = false): Promise<void> {
    const item = this.item(id);
    if (item?.state !== 'conflict') return;
    const others = applyToAll
      ? this.items.filter((i) => i.batchId === item.batchId && i.state === 'conflict' && i.id !== id)
      : [];
    if (applyToAll) {
      const batch = this.batches.get(item.batchId) ?? {};
      batch.policy = choice;
      this.batches.set(item.batchId, batch);
    }
    const targets = [item, ...others];
    for (let start = 0; start < targets.length; start += SLICE) {
      if (start > 0) await this.env.yield();
      for (const target of targets.slice(start, start + SLICE)) {
        await this.applyChoice(target.id, choice, target.conflictId);
      }
      this.pump();
    }
  }

  private async applyChoice(id: string, choice: ConflictChoice, existingId: string | undefined) {
    const item = this.item(id);
    if (!item) return;
    if (choice === 'skip') {
      this.update(id, {
        state: 'skipped',
        conflictId: undefined,
        message: 'Skipped: a file with this name exists.',
      });
      return;
    }
    if (choice === 'replace') {
      this.update(id, { state: 'queued', replaceId: existingId, conflictId: undefined, checked: true });
      return;
    }
    this.update(id, { state: 'checking', conflictId: undefined, message: 'Finding a free name…' }, false);
    try {
      for (let n = 1; n < 1000; n++) {
        const candidate = numberedName(item.name, n);
        if (this.nameInUse(candidate, id)) continue;
        if (!(await this.transport.findExisting(item.destination, candidate))) {
          this.update(id, {
            state: 'queued',
            name: candidate,
            message: undefined,
            replaceId: undefined,
            checked: true,
          });
          return;
        }
      }
      this.update(id, { state: 'failed', message: 'No free name found for keeping both files.' });
    } catch (error) {
      this.fail(id, error, 'Could not check for a free name');
    }
  }

  /** Whether another unfinished upload already goes by this name (names of finished ones are at the tenant). */
  private nameInUse(name: string, except: string): boolean {
    const lower = name.toLowerCase();
    return this.items.some(
      (i) => i.id !== except && !FINISHED_STATES.has(i.state) && i.name.toLowerCase() === lower,
    );
  }

  // ------------------------------------------------------------------------------------------ sending

  /** Starts the next ready uploads while slots are free. */
  private pump() {
    for (const id of this.ready) {
      if (this.active.size >= this.concurrency) break;
      this.ready.delete(id);
      const item = this.item(id);
      if (item?.state !== 'queued') continue;
      if (!this.runtime.get(id)?.file) {
        this.update(id, {
          state: 'interrupted',
          hasFile: false,
          message: interruptedMessage(item.method === 'tus', Boolean(item.tusUrl), item.loaded, 'missing'),
        });
        continue;
      }
      this.start(id);
    }
  }
  private start(id: string) {
    const item = this.item(id)!;
    const runtime = this.rt(id);
    const attempt = ++runtime.attempt;
    const abort = new AbortController();
    runtime.abort = abort;
    runtime.sample = { at: this.env.now(), loaded: item.method === 'tus' ? item.loaded : 0 };
    runtime.shownAt = undefined;
    const current = () => runtime.attempt === attempt && !abort.signal.aborted;
    this.update(id, {
      state: 'uploading',
      message: undefined,
      retryAt: undefined,
      loaded: item.method === 'tus' ? item.loaded : 0,
      bytesPerSecond: undefined,
      etaSeconds: undefined,
    });
    const events: SendEvents = {
      progress: (loaded) => current() && this.progress(id, loaded),
      tusUrl: (url) => current() && this.update(id, { tusUrl: url }),
      finishing: () => {
        if (!current()) return;
        this.settleProgress(id, false);
        this.update(id, {
          state: 'finishing',
          loaded: item.size,
          etaSeconds: undefined,
          message: 'Creating the data file…',
        });
      },
    };
    this.transport
      .send(
        {
          file: runtime.file!,
          name: item.name,
          destination: item.destination,
          method: item.method,
          replaceId: item.replaceId,
          tusUrl: item.tusUrl,
        },
        events,
        abort.signal,
      )
      .then(
        () => {
          if (runtime.attempt !== attempt) return;
          runtime.abort = undefined;
          this.settleProgress(id, false);
          const done = this.item(id);
          if (!done || done.state === 'cancelled') return;
          this.update(id, {
            state: 'done',
            loaded: done.size,
            message: undefined,
            etaSeconds: undefined,
            tusUrl: undefined,
          });
          this.announce(`${done.name} uploaded.`);
          this.onUploaded?.(this.item(id)!);
          this.pump();
        },
        (error: unknown) => {
          if (runtime.attempt !== attempt) return;
          runtime.abort = undefined;
          this.settleProgress(id, true);
          // pause/cancel already set the state; an abort is their doing
          if (isAbort(error) && abort.signal.aborted) return;
          this.onSendError(id, error);
          this.pump();
        },
      );
  }

  private progress(id: string, loaded: number) {
    const runtime = this.runtime.get(id);
    if (!runtime?.sample) return;
    const now = this.env.now();
    if (runtime.shownAt !== undefined && now - runtime.shownAt < PROGRESS_EMIT_MS) {
      runtime.pendingLoaded = loaded;
      runtime.progressTimer ??= this.env.setTimeout(
        () => {
          runtime.progressTimer = undefined;
          const pending = runtime.pendingLoaded;
          runtime.pendingLoaded = undefined;
          if (pending !== undefined) this.showProgress(id, pending);
        },
        PROGRESS_EMIT_MS - (now - runtime.shownAt),
      );
      return;
    }
    this.showProgress(id, loaded);
  }

  /** Ends merged progress of an attempt that stops: the latest report is shown now (`show`) or dropped. */
  private settleProgress(id: string, show: boolean) {
    const runtime = this.runtime.get(id);
    if (!runtime) return;
    if (runtime.progressTimer !== undefined) this.env.clearTimeout(runtime.progressTimer);
    runtime.progressTimer = undefined;
    const pending = runtime.pendingLoaded;
    runtime.pendingLoaded = undefined;
    if (show && pending !== undefined) this.showProgress(id, pending);
  }

  private showProgress(id: string, loaded: number) {
    const item = this.item(id);
    const runtime = this.runtime.get(id);
    if (!item || !runtime?.sample) return;
    const now = this.env.now();
    runtime.shownAt = now;
    const elapsed = now - runtime.sample.at;
    let { bytesPerSecond, etaSeconds } = item;
    if (elapsed >= PROGRESS_SAMPLE_MS) {
      const instant = ((loaded - runtime.sample.loaded) / elapsed) * 1000;
      // exponential smoothing: steady numbers that still follow a real change within a few seconds
      bytesPerSecond = bytesPerSecond === undefined ? instant : bytesPerSecond * 0.7 + instant * 0.3;
      etaSeconds = bytesPerSecond > 0 ? (item.size - loaded) / bytesPerSecond : undefined;
      runtime.sample = { at: now, loaded };
    }
    this.update(id, { loaded, bytesPerSecond, etaSeconds });
  }

  private onSendError(id: string, error: unknown) {
    const item = this.item(id);
    if (!item) return;
    const description = describeError(error);
    const runtime = this.rt(id);
    if (description.kind === 'network' || description.kind === 'timeout' || !this.env.isOnline()) {
      this.update(id, {
        state: 'waiting-network',
        message: 'Waiting for network…',
        bytesPerSecond: undefined,
        etaSeconds: undefined,
      });
      if (this.env.isOnline()) {
        // The browser thinks it is online (e.g. the tenant itself is unreachable): try again after a pause.
        runtime.timer = this.env.setTimeout(() => {
          runtime.timer = undefined;
          if (this.item(id)?.state === 'waiting-network') {
            this.update(id, { state: 'queued' });
            this.pump();
          }
        }, NETWORK_RETRY_MS);
      }
      return;
    }
    if (description.kind === 'rate-limited') {
      const seconds = description.retryAfterSeconds ?? 5;
      const retryAt = this.env.now() + seconds * 1000;
      this.update(id, {
        state: 'rate-limited',
        retryAt,
        message: `Rate limited by the tenant — retrying in ${seconds} s`,
        bytesPerSecond: undefined,
        etaSeconds: undefined,
      });
      runtime.timer = this.env.setTimeout(() => {
        runtime.timer = undefined;
        if (this.item(id)?.state === 'rate-limited') {
          this.update(id, { state: 'queued', retryAt: undefined, message: undefined });
          this.pump();
        }
      }, seconds * 1000);
      return;
    }
    if (description.kind === 'conflict' && !item.replaceId) {
      // Someone created the same name after the check: ask, as for any conflict.
      this.update(id, { loaded: 0, state: 'checking', message: undefined, checked: false }, false);
      this.transport.findExisting(item.destination, item.name).then(
        async (existing) => {
          if (this.item(id)?.state !== 'checking') return;
          if (existing) await this.conflict(id, existing);
          else this.fail(id, error);
          this.pump();
        },
        (lookupError: unknown) => this.fail(id, lookupError),
      );
      return;
    }
    this.fail(id, error);
  }

  private fail(id: string, error: unknown, context?: string) {
    const item = this.item(id);
    if (!item) return;
    const d = describeError(error);
    const words =
      d.kind === 'forbidden-role' || d.kind === 'forbidden-scope'
        ? `No permission: ${d.detail ?? 'your roles in this space do not allow uploads.'}`
        : d.kind === 'too-large'
          ? `Too large or over quota: ${d.detail ?? d.message}`
          : d.kind === 'bad-request'
            ? `The tenant refused it: ${d.detail ?? d.message}`
            : d.message;
    const message = context ? `${context}. ${words}` : words;
    this.update(id, { state: 'failed', message, bytesPerSecond: undefined, etaSeconds: undefined });
    this.announce(`${item.name} failed: ${message}`);
  }

  private wakeWaitingForNetwork() {
    let woke = false;
    for (const item of this.items) {
      if (item.state !== 'waiting-network') continue;
      const runtime = this.runtime.get(item.id);
      if (runtime?.timer !== undefined) {
        this.env.clearTimeout(runtime.timer);
        runtime.timer = undefined;
      }
      this.update(item.id, { state: 'queued', message: undefined });
      woke = true;
    }
    if (woke) this.pump();
  }

  // ------------------------------------------------------------------------------------------ controls

  private stop(id: string) {
    const runtime = this.runtime.get(id);
    if (!runtime) return;
    this.settleProgress(id, true);
    runtime.attempt++;
    runtime.abort?.abort();
    runtime.abort = undefined;
    if (runtime.timer !== undefined) {
      this.env.clearTimeout(runtime.timer);
      runtime.timer = undefined;
    }
  }

  pause(id: string): void {
    const item = this.item(id);
    if (!item || !['queued', 'uploading', 'waiting-network', 'rate-limited'].includes(item.state)) return;
    this.stop(id);
    const tus = item.method === 'tus';
    this.update(id, {
      state: 'paused',
      bytesPerSecond: undefined,
      etaSeconds: undefined,
      retryAt: undefined,
      // a multipart request cannot continue where it stopped; tus resumes from the tenant's offset
      loaded: tus ? (this.item(id)?.loaded ?? item.loaded) : 0,
      message: tus ? undefined : 'Small files go in one piece: this one starts over.',
    });
    this.pump();
  }

  resume(id: string): void {
    const item = this.item(id);
    if (item?.state !== 'paused') return;
    this.update(id, { state: 'queued', message: undefined });
    this.pump();
  }

  cancel(id: string): void {
    const item = this.item(id);
    if (!item || FINISHED_STATES.has(item.state) || item.state === 'failed') return;
    this.stop(id);
    this.update(id, {
      state: 'cancelled',
      message: undefined,
      bytesPerSecond: undefined,
      etaSeconds: undefined,
      retryAt: undefined,
      conflictId: undefined,
    });
    this.pump();
  }

  retry(id: string): void {
    const item = this.item(id);
    if (!item || !['failed', 'cancelled'].includes(item.state)) return;
    if (!this.runtime.get(id)?.file) {
      this.update(id, {
        state: 'interrupted',
        hasFile: false,
        message: interruptedMessage(item.method === 'tus', Boolean(item.tusUrl), item.loaded, 'missing'),
      });
      return;
    }
    this.requeue(id);
  }

  private static dismissable(item: UploadItem) {
    return FINISHED_STATES.has(item.state) || item.state === 'failed' || item.state === 'interrupted';
  }

  /** Removes a finished, refused, skipped, cancelled, failed or interrupted upload from the list. */
  dismiss(id: string): void {
    const item = this.item(id);
    if (!item || !UploadQueue.dismissable(item)) return;
    this.remove(new Set([id]));
  }

  private remove(ids: ReadonlySet<string>) {
    if (ids.size === 0) return;
    for (const id of ids) {
      this.stop(id);
      this.runtime.delete(id);
      this.ready.delete(id);
      this.active.delete(id);
    }
    this.items = this.items.filter((i) => !ids.has(i.id));
    this.reindex();
    this.changed();
  }

  pauseAll(): void {
    for (const item of this.items) this.pause(item.id);
  }

  resumeAll(): void {
    for (const item of this.items)
      if (item.state === 'paused') this.update(item.id, { state: 'queued', message: undefined });
    this.pump();
  }

  cancelAll(): void {
    for (const item of this.items) if (!FINISHED_STATES.has(item.state)) this.cancel(item.id);
  }

  retryAll(): void {
    for (const item of this.items) if (item.state === 'failed') this.retry(item.id);
  }

  /** Clears every finished upload from the list in one pass. */
  clearFinished(): void {
    this.remove(new Set(this.items.filter((i) => FINISHED_STATES.has(i.state)).map((i) => i.id)));
  }

  // ------------------------------------------------------------------------------------------ persistence

  private persistSoon() {
    if (!this.env.storage || !this.storageKey) return;
    this.persistDirty = true;
    if (this.persistTimer !== undefined) return;
    this.persistTimer = this.env.setTimeout(() => {
      this.persistTimer = undefined;
      this.persistNow(PARTS_PER_SAVE);
    }, PERSIST_MS);
  }

  /**
   * Writes the unfinished uploads' metadata (never content, never tokens) if anything changed: `maxParts` parts at
   * a time, the rest in the next tasks (all of it when the page is being hidden).
   */
  private persistNow(maxParts = Infinity) {
    if (!this.env.storage || !this.storageKey || !this.persistDirty) return;
    this.persistDirty = false;
    if (this.serializer.save(this.items, this.env.storage, this.storageKey, maxParts)) return;
    this.persistDirty = true;
    this.persistTimer ??= this.env.setTimeout(() => {
      this.persistTimer = undefined;
      this.persistNow(PARTS_PER_SAVE);
    }, 0);
  }

  private restore() {
    if (!this.env.storage || !this.storageKey) return;
    this.items = restoreQueue(this.env.storage, this.storageKey);
    this.reindex();
  }
}
