import { FINISHED_STATES, fingerprintOf, type UploadDestination, type UploadItem } from './model';

/**
 * What a reloaded page needs to show an unfinished upload and resume it, as compact as sessionStorage needs: a
 * 30,000-file drop is about 2 MB this way (named fields would take three times that, past the browser's quota).
 * One tuple per item; destinations are listed once and referred to by position.
 */
type SavedItem = [
  id: string,
  batchId: string,
  name: string,
  size: number,
  lastModified: number,
  sourceName: string,
  destination: number,
  method: 0 | 1,
  loaded: number,
  tusUrl: string | null,
  replaceId: string | null,
  checked: 0 | 1,
];

/** Items per stored part. Uploads change a few at a time, and in order: most saves rewrite one part or two. */
export const PART_SIZE = 500;

/**
 * Parts written in one go at most (one task of the page). A drop lists thousands of new items at once: all 20
 * parts of 10,000 files written together (800 KB) made a 125 ms task; the rest follow in the next tasks.
 */
export const PARTS_PER_SAVE = 4;

/** The saved queue's head: the destinations and how many parts (`<key>:0`, `<key>:1`, …) hold its items. */
interface SavedHead {
  v: 3;
  destinations: UploadDestination[];
  parts: number;
}

/** Before parts: every item under the one key (a tab that started uploading before an update still resumes). */
interface SavedWhole {
  v: 2;
  destinations: UploadDestination[];
  items: SavedItem[];
}

const destinationKey = (d: UploadDestination) => `${d.spaceId ?? ''}\u0000${d.folderPath ?? ''}`;
const partKey = (key: string, part: number) => `${key}:${part}`;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Saves the unfinished items under a sessionStorage key, in parts of PART_SIZE items by position, and writes again
 * only the parts whose items changed (items are immutable: a changed one is a new object). A 30,000-file upload
 * saved every second as one 2 MB string cost 70 ms a save on a busy 2-core machine, a fifth of the main thread over
 * the upload; now a save is a pass of identity checks and a part or two of about 40 KB. The text of each item is
 * cached by identity, so a part is a string join.
 */
export class QueueSerializer {
  private readonly cache = new WeakMap<UploadItem, string>();
  private destinations: UploadDestination[] = [];
  private readonly destinationIndex = new Map<string, number>();
  /** What each part was last saved from (by identity; undefined when unknown) and whether it held anything. */
  private parts: ({ items: UploadItem[]; saved: boolean } | undefined)[] = [];
  private head: string | undefined;

  /**
   * Writes what changed since the last save, at most `maxParts` parts (PARTS_PER_SAVE unless told; Infinity when
   * the page is being hidden). Returns false when parts are left for another call; the head, written last, names
   * only parts that are written.
   */
  save(items: readonly UploadItem[], storage: Store, key: string, maxParts = Infinity): boolean {
    const count = Math.ceil(items.length / PART_SIZE);
    let written = 0;
    for (let part = 0; part < count; part++) {
      const slice = items.slice(part * PART_SIZE, (part + 1) * PART_SIZE);
      const before = this.parts[part];
      if (
        before &&
        before.items.length === slice.length &&
        before.items.every((item, i) => item === slice[i])
      )
        continue;
      if (written === maxParts) return false;
      written++;
      const texts: string[] = [];
      for (const item of slice) if (!FINISHED_STATES.has(item.state)) texts.push(this.text(item));
      const saved = texts.length > 0;
      this.parts[part] = write(storage, partKey(key, part), saved ? `[${texts.join(',')}]` : undefined)
        ? { items: slice, saved }
        : undefined;
    }
    for (let part = count; part < this.parts.length; part++) write(storage, partKey(key, part), undefined);
    this.parts.length = count;
    const head = this.parts.some((part) => part?.saved !== false)
      ? JSON.stringify({ v: 3, destinations: this.destinations, parts: count } satisfies SavedHead)
      : undefined;
    // The head last, so that it never names parts that are not written yet.
    if (head !== this.head && write(storage, key, head)) this.head = head;
    return true;
  }

  private text(item: UploadItem): string {
    let text = this.cache.get(item);
    if (text === undefined) {
      text = JSON.stringify(this.tuple(item));
      this.cache.set(item, text);
    }
    return text;
  }
  private tuple(item: UploadItem): SavedItem {
    const key = destinationKey(item.destination);
    let destination = this.destinationIndex.get(key);
    if (destination === undefined) {
      destination = this.destinations.length;
      this.destinations = [...this.destinations, item.destination];
      this.destinationIndex.set(key, destination);
    }
    const tus = item.method === 'tus';
    return [
      item.id,
      item.batchId,
      item.name,
      item.size,
      item.lastModified,
      item.sourceName,
      destination,
      tus ? 1 : 0,
      // a multipart request cannot continue where it stopped: what it had sent counts for nothing
      tus ? item.loaded : 0,
      item.tusUrl ?? null,
      item.replaceId ?? null,
      item.checked ? 1 : 0,
    ];
  }
}

/** Sets or (for undefined) removes a key; false when the storage refused (full or blocked). */
function write(storage: Store, key: string, value: string | undefined): boolean {
  try {
    if (value === undefined) storage.removeItem(key);
    else storage.setItem(key, value);
    return true;
  } catch {
    // A full or blocked storage only costs resuming after a reload; the part is tried again at the next save.
    return false;
  }
}

function parse(text: string | null): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return undefined;
  }
}

/** Unfinished uploads saved by a previous page of this tab, as interrupted items (their files are gone). */
export function restoreQueue(storage: Pick<Storage, 'getItem'>, key: string): UploadItem[] {
  const head = parse(storage.getItem(key)) as Partial<SavedHead> | Partial<SavedWhole> | null | undefined;
  if (!head || !Array.isArray(head.destinations)) return [];
  let entries: unknown[] = [];
  if (head.v === 2 && Array.isArray(head.items)) entries = head.items;
  else if (head.v === 3 && typeof head.parts === 'number') {
    for (let part = 0; part < head.parts; part++) {
      const saved = parse(storage.getItem(partKey(key, part)));
      if (Array.isArray(saved)) entries.push(...(saved as unknown[]));
    }
  }
  const destinations = head.destinations;
  const items: UploadItem[] = [];
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length < 12) continue;
    const [
      id,
      batchId,
      name,
      size,
      lastModified,
      sourceName,
      dest,
      method,
      loaded,
      tusUrl,
      replaceId,
      checked,
    ] = entry as SavedItem;
    if (typeof id !== 'string' || typeof name !== 'string' || typeof size !== 'number') continue;
    const tus = method === 1;
    items.push({
      id,
      batchId: String(batchId),
      name,
      size,
      lastModified: Number(lastModified),
      sourceName: String(sourceName),
      fingerprint: fingerprintOf({ name: String(sourceName), size, lastModified: Number(lastModified) }),
      destination: destinations[Number(dest)] ?? {},
      method: tus ? 'tus' : 'multipart',
      loaded: tus ? Number(loaded) || 0 : 0,
      ...(tusUrl ? { tusUrl: String(tusUrl) } : {}),
      ...(replaceId ? { replaceId: String(replaceId) } : {}),
      ...(checked ? { checked: true } : {}),
      state: 'interrupted',
      hasFile: false,
      message: interruptedMessage(tus, Boolean(tusUrl), Number(loaded) || 0, 'reload'),
    });
  }
  return items;
}

/**
 * What an upload that lost its file says. "Resume" only where it will: a tus upload the tenant has bytes of.
 * Anything else starts over when its file is picked again.
 */
export function interruptedMessage(
  tus: boolean,
  hasTusUrl: boolean,
  loaded: number,
  cause: 'reload' | 'missing',
): string {
  const why = cause === 'reload' ? 'Interrupted by a page reload. ' : '';
  if (tus && hasTusUrl && loaded > 0) return `${why}Pick the file again to resume where it stopped.`;
  return `${why}Pick the file again to upload it; it starts from the beginning.`;
}
