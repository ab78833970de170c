import type { DroppedFile, IncomingFile, PickedFile } from './model';
import { yieldToBrowser } from './queue';

/** Whether a drag carries files (not text or a link dragged around the page). */
export const dragHasFiles = (event: DragEvent) =>
  Array.from(event.dataTransfer?.types ?? []).includes('Files');

const readEntries = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** A file of a dropped folder, listed now and opened later (see DroppedFile). */
const droppedFile = (entry: FileSystemFileEntry): DroppedFile => ({
  relativePath: entry.fullPath.replace(/^\/+/, '') || entry.name,
  open: () => fileOf(entry),
});

/** Files handed on at once while a drop is walked: the panel lists a big folder as it is read. */
export const DROP_BATCH = 1000;
/** …or sooner, when this long has passed since the last hand-over. */
const DROP_BATCH_MS = 200;

/** Collects walked files and hands them on in batches (by count or by time). */
class Batcher {
  private files: IncomingFile[] = [];
  private since = performance.now();
  constructor(private readonly deliver: (files: IncomingFile[]) => void) {}
  push(files: IncomingFile[]) {
    // one at a time: an entry's held files may be thousands, and batches stay at most DROP_BATCH
    for (const file of files) {
      this.files.push(file);
      if (this.files.length >= DROP_BATCH) this.flush();
    }
    if (performance.now() - this.since >= DROP_BATCH_MS) this.flush();
  }
  flush() {
    this.since = performance.now();
    if (this.files.length === 0) return;
    const batch = this.files;
    this.files = [];
    this.deliver(batch);
  }
}

/**
 * Walks a dropped entry; a directory yields every file below it with its path from the dropped folder. Files are
 * not opened here: reading 10,000 names takes a quarter of a second, opening the files twelve (the queue opens
 * them in order while the first ones upload), so the whole drop is listed at once; no step blocks the page.
 */
async function walk(entry: FileSystemEntry, out: Pick<Batcher, 'push'>): Promise<void> {
  if (entry.isFile) {
    out.push([droppedFile(entry as FileSystemFileEntry)]);
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const folders: FileSystemEntry[] = [];
  // readEntries hands out at most ~100 entries per call; read until it returns none.
  for (;;) {
    const batch = await readEntries(reader);
    if (batch.length === 0) break;
    out.push((batch.filter((child) => child.isFile) as FileSystemFileEntry[]).map(droppedFile));
    folders.push(...batch.filter((child) => child.isDirectory));
  }
  for (const folder of folders) await walk(folder, out);
}

/**
 * The files of a drop, whole folders included (relative paths kept, so folders are recreated), handed to
 * `onFiles` in batches of at most DROP_BATCH as they are found. Resolves with the number of files once the walk is
 * done. Entries must be taken synchronously in the drop handler: the DataTransfer is emptied once it returns.
 */
export function collectDropped(
  dataTransfer: DataTransfer,
  onFiles: (files: IncomingFile[]) => void,
): Promise<number> {
  let count = 0;
  const out = new Batcher((files) => {
    count += files.length;
    onFiles(files);
  });
  const items = Array.from(dataTransfer.items ?? []).filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    // No entry API (or script-made drops): plain files, no folders.
    const files = Array.from(dataTransfer.files).map((file) => ({ file }));
    return (async () => {
      for (let start = 0; start < files.length; start += DROP_BATCH) {
        if (start > 0) await yieldToBrowser();
        out.push(files.slice(start, start + DROP_BATCH));
        out.flush();
      }
      return count;
    })();
  }
  const files = items.map((item) => item.getAsFile());
  const inOrder = new DropOrder(entries.length, out);
  const walkOne = async (index: number) => {
    const file = files[index];
    const sink = inOrder.sink(index);
    // a file dropped as such is open already
    if (entries[index]!.isFile && file) sink.push([{ file }]);
    else {
      try {
        await walk(entries[index]!, sink);
      } catch {
        // An entry that cannot be read as such (sandboxed drops) still has its File.
        if (file) sink.push([{ file }]);
      }
    }
    inOrder.done(index);
  };
  return (async () => {
    let next = 0;
    const walker = async () => {
      while (next < entries.length) await walkOne(next++);
    };
    await Promise.all(Array.from({ length: Math.min(WALKS_AT_ONCE, entries.length) }, walker));
    out.flush();
    return count;
  })();
}

/**
 * Dropped entries walked at once. Each folder read is a round trip to the browser that waits behind the page's other
 * work (the first uploads run meanwhile): one after the other, 100 dropped folders took 10 s to list.
 */
const WALKS_AT_ONCE = 8;

/**
 * Hands the files of entries walked at the same time on in drop order: the first unfinished entry's files go on as
 * they are found, the others' wait until every entry before them is done.
 */
class DropOrder {
  private readonly held: IncomingFile[][];
  private readonly finished: boolean[];
  private current = 0;
  constructor(
    entries: number,
    private readonly out: Batcher,
  ) {
    this.held = Array.from({ length: entries }, () => []);
    this.finished = Array.from({ length: entries }, () => false);
  }
  sink(index: number) {
    return {
      push: (files: IncomingFile[]) => {
        if (index === this.current) this.out.push(files);
        else for (const file of files) this.held[index]!.push(file);
      },
    };
  }
  done(index: number) {
    this.finished[index] = true;
    while (this.current < this.finished.length && this.finished[this.current]) {
      this.current++;
      if (this.current < this.held.length) {
        this.out.push(this.held[this.current]!);
        this.held[this.current] = [];
      }
    }
  }
}

/** Files from an <input type=file>, with the folder-relative path a directory pick provides. */
export function collectPicked(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({
    file,
    relativePath: file.webkitRelativePath || undefined,
  }));
}
