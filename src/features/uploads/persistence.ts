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

interface SavedQueue {
  v: 2;
  destinations: UploadDestination[];
  items: SavedItem[];
}

const destinationKey = (d: UploadDestination) => `${d.spaceId ?? ''}\u0000${d.folderPath ?? ''}`;

/**
 * Serializes the unfinished items. Items are immutable, so the text of each is cached by identity and only the
 * items that changed since the last save are serialized again; a save of 30,000 items where a few changed is a
 * string join.
 */
export class QueueSerializer {
  private readonly cache = new WeakMap<UploadItem, string>();
  private destinations: UploadDestination[] = [];
  private readonly destinationIndex = new Map<string, number>();

  serialize(items: readonly UploadItem[]): string | undefined {
    const parts: string[] = [];
    for (const item of items) {
      if (FINISHED_STATES.has(item.state)) continue;
      let text = this.cache.get(item);
      if (text === undefined) {
        text = JSON.stringify(this.tuple(item));
        this.cache.set(item, text);
      }
      parts.push(text);
    }
    if (parts.length === 0) return undefined;
    return `{"v":2,"destinations":${JSON.stringify(this.destinations)},"items":[${parts.join(',')}]}`;
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

/** Unfinished uploads saved by a previous page of this tab, as interrupted items (their files are gone). */
export function restoreQueue(text: string | null): UploadItem[] {
  let saved: unknown;
  try {
    saved = JSON.parse(text ?? 'null');
  } catch {
    return [];
  }
  const queue = saved as Partial<SavedQueue> | null;
  if (!queue || queue.v !== 2 || !Array.isArray(queue.items) || !Array.isArray(queue.destinations)) return [];
  const destinations = queue.destinations;
  const items: UploadItem[] = [];
  for (const entry of queue.items) {
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
    ] = entry;
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
