import { describeError } from '@/lib/api-error';
import { formatBytes } from '@/lib/format';
import {
  ACTIVE_STATES,
  FINISHED_STATES,
  PENDING_STATES,
  extensionOf,
  fingerprintOf,
  nameProblem,
  numberedName,
  targetName,
  type ConflictChoice,
  type PickedFile,
  type Quota,
  type UploadDestination,
  type UploadItem,
  type UploadMethod,
} from './model';

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
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export interface UploadQueueOptions {
  transport: UploadTransport;
  /** Most uploads sending at once. */
  concurrency?: number;
  /** Files above this go through tus (resumable, chunked); smaller ones in one multipart request. */
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

export interface QueueSnapshot {
  items: readonly UploadItem[];
  /** The latest completion or error, for a polite live region. */
  announcement?: Announcement;
}

export const DEFAULT_CONCURRENCY = 3;
export const DEFAULT_TUS_THRESHOLD = 32 * 1024 ** 2;
const PROGRESS_SAMPLE_MS = 500;
/**
 * Browsers report upload progress about every 50 ms; each report re-renders the panel. Reports closer together
 * than this are merged (the latest one is shown at the end of the interval), which keeps the bar smooth and leaves
 * the CPU to the upload itself.
 */
const PROGRESS_EMIT_MS = 250;
/** Network failures are retried this long apart while the browser still claims to be online. */
const NETWORK_RETRY_MS = 3000;

interface Runtime {
  file?: File;
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

/** Persisted per item: what a reloaded page needs to show and resume it. */
type Persisted = Pick<
  UploadItem,
  | 'id'
  | 'batchId'
  | 'name'
  | 'size'
  | 'lastModified'
  | 'fingerprint'
  | 'sourceName'
  | 'destination'
  | 'method'
  | 'loaded'
  | 'tusUrl'
  | 'replaceId'
  | 'checked'
>;

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
  storage: typeof sessionStorage === 'undefined' ? undefined : sessionStorage,
});

const isAbort = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';

let idCounter = 0;
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(idCounter++).toString(36)}`;

/**
 * The upload queue: a framework-free store (subscribe/getSnapshot for useSyncExternalStore) that checks files
 * before sending, asks about name conflicts, sends at most `concurrency` at once, and survives network drops,
 * rate limits and page reloads.
 */
export class UploadQueue {
  private items: UploadItem[] = [];
  private snapshot: QueueSnapshot = { items: [] };
  private readonly listeners = new Set<() => void>();
  private readonly runtime = new Map<string, Runtime>();
  private readonly batches = new Map<string, Batch>();
  private readonly env: QueueEnvironment;
  private readonly transport: UploadTransport;
  private readonly concurrency: number;
  private readonly tusThreshold: number;
  private readonly storageKey?: string;
  private readonly offOnline: () => void;
  private announcementSeq = 0;
  private announcement?: Announcement;
  private persistTimer?: unknown;
  onUploaded?: (item: UploadItem) => void;

  constructor(options: UploadQueueOptions) {
    this.transport = options.transport;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.tusThreshold = options.tusThreshold ?? DEFAULT_TUS_THRESHOLD;
    this.storageKey = options.storageKey;
    this.onUploaded = options.onUploaded;
    this.env = { ...defaultEnv(), ...options.env };
    this.offOnline = this.env.onOnline(() => this.wakeWaitingForNetwork());
    this.restore();
  }

  // ------------------------------------------------------------------------------------------ store protocol

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): QueueSnapshot => this.snapshot;

  private emit(persist: 'now' | 'soon' | false = 'now') {
    this.snapshot = { items: this.items, announcement: this.announcement };
    for (const listener of this.listeners) listener();
    if (persist === 'now') this.persist();
    else if (persist === 'soon' && this.persistTimer === undefined) {
      this.persistTimer = this.env.setTimeout(() => {
        this.persistTimer = undefined;
        this.persist();
      }, 1000);
    }
  }

  private update(id: string, patch: Partial<UploadItem>, persist: 'now' | 'soon' | false = 'now') {
    this.items = this.items.map((item) => (item.id === id ? { ...item, ...patch } : item));
    this.emit(persist);
  }

  private item(id: string): UploadItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  private announce(text: string) {
    this.announcement = { seq: ++this.announcementSeq, text };
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
    this.offOnline();
    for (const runtime of this.runtime.values()) {
      runtime.abort?.abort();
      if (runtime.timer !== undefined) this.env.clearTimeout(runtime.timer);
      if (runtime.progressTimer !== undefined) this.env.clearTimeout(runtime.progressTimer);
    }
    this.listeners.clear();
  }

  // ------------------------------------------------------------------------------------------ adding files

  /**
   * Adds picked or dropped files. A file that matches an interrupted upload (same relative name, size and
   * modification time) takes that upload up again, resuming from the tenant's offset; others are checked and
   * queued. Returns the ids of the uploads concerned.
   */
  add(picked: readonly PickedFile[], destination: UploadDestination): string[] {
    const batchId = newId('batch');
    this.batches.set(batchId, {});
    const ids: string[] = [];
    const fresh: UploadItem[] = [];
    for (const entry of picked) {
      const fingerprint = fingerprintOf(entry.file, entry.relativePath);
      const interrupted = this.items.find(
        (i) => i.fingerprint === fingerprint && !i.hasFile && !FINISHED_STATES.has(i.state),
      );
      if (interrupted) {
        this.rt(interrupted.id).file = entry.file;
        this.update(interrupted.id, { hasFile: true, message: undefined }, false);
        this.requeue(interrupted.id);
        ids.push(interrupted.id);
        continue;
      }
      const id = newId('upload');
      this.rt(id).file = entry.file;
      const name = targetName(destination, entry);
      fresh.push({
        id,
        batchId,
        name,
        sourceName: entry.relativePath || entry.file.name,
        size: entry.file.size,
        lastModified: entry.file.lastModified,
        fingerprint,
        destination,
        state: 'checking',
        method: entry.file.size > this.tusThreshold ? 'tus' : 'multipart',
        loaded: 0,
        hasFile: true,
      });
      ids.push(id);
    }
    this.items = [...this.items, ...fresh];
    this.emit();
    if (fresh.length > 0) void this.check(fresh.map((i) => i.id));
    else this.pump();
    return ids;
  }

  /**
   * Gives an interrupted upload its file back (picked again after a reload). Only the same file is taken (size
   * and modification time), since the tenant already holds the first part of it.
   */
  reattach(id: string, file: File): boolean {
    const item = this.item(id);
    if (!item || item.hasFile) return false;
    if (file.size !== item.size || file.lastModified !== item.lastModified) {
      this.update(id, {
        message: `${file.name} is not the same file (its size or date differ). Pick the original to resume.`,
      });
      return false;
    }
    this.rt(id).file = file;
    this.update(id, { hasFile: true, message: undefined });
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

  /** Extension, size, name and quota checks, then the name-conflict lookup, in pick order. */
  private async check(ids: string[]) {
    let quota: Quota;
    try {
      quota = await this.transport.quota();
    } catch (error) {
      for (const id of ids) this.fail(id, error, 'Could not read the data-file quotas');
      return;
    }
    const allowed = new Set(
      [...quota.allowedExtensions, ...quota.allowedInternalExtensions].map((e) => e.toLowerCase()),
    );
    // Bytes already promised to uploads that have not finished count against the quota too.
    let reserved =
      quota.size +
      this.items
        .filter((i) => !ids.includes(i.id) && PENDING_STATES.has(i.state))
        .reduce((sum, i) => sum + i.size, 0);
    for (const id of ids) {
      const item = this.item(id);
      if (!item || item.state !== 'checking') continue;
      const refusal = this.refusalOf(item, quota, allowed, reserved);
      if (refusal) {
        this.update(id, { state: 'refused', message: refusal });
        this.announce(`${item.name} refused: ${refusal}`);
        this.emit(false);
        continue;
      }
      reserved += item.size;
      // Files bigger than a direct upload takes go through tus whatever the threshold says.
      const method: UploadMethod =
        item.size > Math.min(this.tusThreshold, quota.maxFileSize) ? 'tus' : 'multipart';
      let existing: string | undefined;
      try {
        existing = await this.transport.findExisting(item.destination, item.name);
      } catch (error) {
        this.fail(id, error, 'Could not check for a file with the same name');
        continue;
      }
      if (this.item(id)?.state !== 'checking') continue; // cancelled meanwhile
      this.update(id, { method }, false);
      if (existing) await this.conflict(id, existing);
      else this.update(id, { state: 'queued', checked: true });
      this.pump();
    }
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

  /**
   * Replace the existing file, keep both (the new one as `name (n).ext`), or skip. With `applyToAll` the same
   * answer goes to every other conflict of the same batch, now and as they are found.
   */
  async resolveConflict(id: string, choice: ConflictChoice, applyToAll = false): Promise<void> {
    const item = this.item(id);
    if (!item || item.state !== 'conflict') return;
    const others = applyToAll
      ? this.items.filter((i) => i.batchId === item.batchId && i.state === 'conflict' && i.id !== id)
      : [];
    if (applyToAll) {
      const batch = this.batches.get(item.batchId) ?? {};
      batch.policy = choice;
      this.batches.set(item.batchId, batch);
    }
    for (const target of [item, ...others]) {
      await this.applyChoice(target.id, choice, target.conflictId);
    }
    this.pump();
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
      const taken = new Set(
        this.items
          .filter((i) => i.id !== id && !FINISHED_STATES.has(i.state))
          .map((i) => i.name.toLowerCase()),
      );
      for (let n = 1; n < 1000; n++) {
        const candidate = numberedName(item.name, n);
        if (taken.has(candidate.toLowerCase())) continue;
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

  // ------------------------------------------------------------------------------------------ sending

  private pump() {
    let active = this.items.filter((i) => ACTIVE_STATES.has(i.state)).length;
    for (const item of this.items) {
      if (active >= this.concurrency) break;
      if (item.state !== 'queued') continue;
      if (!this.runtime.get(item.id)?.file) {
        this.update(item.id, {
          state: 'interrupted',
          hasFile: false,
          message: 'Pick the file again to resume.',
        });
        continue;
      }
      active++;
      this.start(item.id);
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
          this.emit();
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
    this.update(id, { loaded, bytesPerSecond, etaSeconds }, 'soon');
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
    this.emit(false);
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
      this.update(item.id, { state: 'queued', message: undefined }, false);
      woke = true;
    }
    if (woke) {
      this.emit();
      this.pump();
    }
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
    this.update(id, {
      state: 'paused',
      bytesPerSecond: undefined,
      etaSeconds: undefined,
      retryAt: undefined,
      // a multipart request cannot continue where it stopped; tus resumes from the tenant's offset
      loaded: item.method === 'tus' ? (this.item(id)?.loaded ?? item.loaded) : 0,
      message: item.method === 'tus' ? undefined : 'Starts over when resumed.',
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
      this.update(id, { state: 'interrupted', hasFile: false, message: 'Pick the file again to resume.' });
      return;
    }
    this.requeue(id);
  }

  /** Removes a finished, refused, skipped, cancelled or interrupted upload from the list. */
  dismiss(id: string): void {
    const item = this.item(id);
    if (
      !item ||
      (!FINISHED_STATES.has(item.state) && item.state !== 'failed' && item.state !== 'interrupted')
    )
      return;
    this.stop(id);
    this.runtime.delete(id);
    this.items = this.items.filter((i) => i.id !== id);
    this.emit();
  }

  pauseAll(): void {
    for (const item of this.items) this.pause(item.id);
  }

  resumeAll(): void {
    for (const item of this.items)
      if (item.state === 'paused') this.update(item.id, { state: 'queued', message: undefined }, false);
    this.emit();
    this.pump();
  }

  cancelAll(): void {
    for (const item of this.items) if (!FINISHED_STATES.has(item.state)) this.cancel(item.id);
  }

  retryAll(): void {
    for (const item of this.items) if (item.state === 'failed') this.retry(item.id);
  }

  clearFinished(): void {
    for (const item of [...this.items]) {
      if (FINISHED_STATES.has(item.state)) this.dismiss(item.id);
    }
  }

  // ------------------------------------------------------------------------------------------ persistence

  private persist() {
    if (!this.env.storage || !this.storageKey) return;
    const keep: Persisted[] = this.items
      .filter((i) => !FINISHED_STATES.has(i.state))
      .map((i) => ({
        id: i.id,
        batchId: i.batchId,
        name: i.name,
        size: i.size,
        lastModified: i.lastModified,
        fingerprint: i.fingerprint,
        sourceName: i.sourceName,
        destination: i.destination,
        method: i.method,
        loaded: i.method === 'tus' ? i.loaded : 0,
        tusUrl: i.tusUrl,
        replaceId: i.replaceId,
        checked: i.checked,
      }));
    try {
      if (keep.length === 0) this.env.storage.removeItem(this.storageKey);
      else this.env.storage.setItem(this.storageKey, JSON.stringify(keep));
    } catch {
      // A full or blocked storage only costs resuming after a reload.
    }
  }

  private restore() {
    if (!this.env.storage || !this.storageKey) return;
    let saved: unknown;
    try {
      saved = JSON.parse(this.env.storage.getItem(this.storageKey) ?? '[]');
    } catch {
      return;
    }
    if (!Array.isArray(saved)) return;
    this.items = (saved as Persisted[])
      .filter(
        (p) => p && typeof p.id === 'string' && typeof p.name === 'string' && typeof p.size === 'number',
      )
      .map((p) => ({
        ...p,
        state: 'interrupted' as const,
        hasFile: false,
        message: 'Interrupted by a page reload. Pick the file again to resume.',
      }));
    this.snapshot = { items: this.items };
  }
}
