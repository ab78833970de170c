/** Where uploaded files land: a shared/managed/data space (by id) or, without `spaceId`, the personal space. */
export interface UploadDestination {
  spaceId?: string;
  /** A folder inside the space, e.g. `sales/2026`; absent = the space root. */
  folderPath?: string;
}

/** A file as picked or dropped, with its path relative to the picked folder (`sub/data.csv`) when there was one. */
export interface PickedFile {
  file: File;
  relativePath?: string;
}

/**
 * A file of a dropped folder, listed before it is opened: its path is known at once, its File (size, date) only
 * once `open` resolves. Chromium opens the files of a drop one at a time, about a millisecond each: 10,000 files
 * took 12 s to open, while reading the folders' 10,000 names took a quarter of a second.
 */
export interface DroppedFile {
  relativePath: string;
  open(): Promise<File>;
}

export type IncomingFile = PickedFile | DroppedFile;

export const isDropped = (file: IncomingFile): file is DroppedFile => 'open' in file;

export type UploadState =
  /** Extension, size, quota and name checks are running. */
  | 'checking'
  /** A file with the same name exists; waiting for replace / keep both / skip. */
  | 'conflict'
  | 'queued'
  | 'uploading'
  /** Content is up; the tenant is creating the data file (tus import, data set). */
  | 'finishing'
  | 'paused'
  | 'waiting-network'
  | 'rate-limited'
  | 'done'
  | 'failed'
  /** Refused before sending: extension, size, quota or name. */
  | 'refused'
  | 'skipped'
  | 'cancelled'
  /** Known from before a page reload; the file has to be picked again to go on. */
  | 'interrupted';

export type UploadMethod = 'multipart' | 'tus';
export type ConflictChoice = 'replace' | 'keep-both' | 'skip';

export interface UploadItem {
  id: string;
  /** One add() call: "apply to all remaining" acts within it. */
  batchId: string;
  /** Full data-file name in the destination space, folders included (`sales/2026/q1.csv`). */
  name: string;
  size: number;
  lastModified: number;
  /** name + size + lastModified of the source file: re-picking the same file after a reload resumes it. */
  fingerprint: string;
  /** The name as picked (relative path included), before folderPath and any keep-both rename. */
  sourceName: string;
  destination: UploadDestination;
  state: UploadState;
  method: UploadMethod;
  loaded: number;
  /** Smoothed throughput while uploading. */
  bytesPerSecond?: number;
  etaSeconds?: number;
  /** Why it was refused or failed, what it waits for; plain words for the admin. */
  message?: string;
  /** Epoch ms when a rate-limited upload tries again. */
  retryAt?: number;
  /** The tus upload URL at the tenant, once created: a later attempt resumes from its offset. */
  tusUrl?: string;
  /** Id of the existing data file this upload replaces. */
  replaceId?: string;
  /** The id of the data file with the same name, while in conflict. */
  conflictId?: string;
  /** Whether the File is at hand (false after a reload until it is picked again). */
  hasFile: boolean;
  /** Passed the pre-checks and the name-conflict question (a retry or resume need not ask again). */
  checked?: boolean;
}

export interface Quota {
  size: number;
  maxSize: number;
  maxFileSize: number;
  maxLargeFileSize: number;
  allowedExtensions: string[];
  allowedInternalExtensions: string[];
}

export const ACTIVE_STATES: ReadonlySet<UploadState> = new Set(['uploading', 'finishing']);
/** States in which the upload will still send bytes without the admin doing anything. */
export const PENDING_STATES: ReadonlySet<UploadState> = new Set([
  'checking',
  'conflict',
  'queued',
  'uploading',
  'finishing',
  'waiting-network',
  'rate-limited',
]);
export const FINISHED_STATES: ReadonlySet<UploadState> = new Set(['done', 'refused', 'skipped', 'cancelled']);

export const fingerprintOf = (file: Pick<File, 'name' | 'size' | 'lastModified'>, relativePath?: string) =>
  `${relativePath || file.name}|${file.size}|${file.lastModified}`;

export const baseNameOf = (name: string) => name.slice(name.lastIndexOf('/') + 1);

export function extensionOf(name: string): string {
  const base = baseNameOf(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The data-file name for a picked file in a destination: folder path, then the picked relative path. */
export function targetName(destination: UploadDestination, picked: IncomingFile): string {
  const relative = (picked.relativePath || (isDropped(picked) ? '' : picked.file.name)).replace(/^\/+/, '');
  const folder = destination.folderPath?.replace(/^\/+|\/+$/g, '');
  return folder ? `${folder}/${relative}` : relative;
}

// The tenant's canonical-name rule (qlik-api.md §5, DF-015), checked before sending so the admin learns at once.
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u001f\u007f\\<>:"|?*]/;
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/** Why the tenant would refuse this name, or undefined when it is fine. */
export function nameProblem(name: string): string | undefined {
  if (name.length > 1024) return 'The name is longer than 1024 characters.';
  if (BAD_CHARS.test(name)) return 'The name contains a control character or one of \\ < > : " | ? *.';
  for (const segment of name.split('/')) {
    if (!segment || segment === '.' || segment === '..') return 'The path has an empty, . or .. folder.';
    if (segment.trim() !== segment) return `"${segment}" starts or ends with a space.`;
    if (RESERVED.test(segment)) return `${segment} is a reserved name.`;
    if (segment.length > 255) return 'A folder or file name is longer than 255 characters.';
  }
  if (name.split('/').length > 16) return 'Folders nest at most 16 levels deep.';
  return undefined;
}

/** `name (n).ext` in the same folder: the keep-both name Windows and macOS users expect. */
export function numberedName(name: string, n: number): string {
  const slash = name.lastIndexOf('/');
  const folder = name.slice(0, slash + 1);
  const base = name.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? `${folder}${base.slice(0, dot)} (${n})${base.slice(dot)}` : `${folder}${base} (${n})`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
