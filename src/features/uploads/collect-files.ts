import type { PickedFile } from './model';

/** Whether a drag carries files (not text or a link dragged around the page). */
export const dragHasFiles = (event: DragEvent) =>
  Array.from(event.dataTransfer?.types ?? []).includes('Files');

const readEntries = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** Walks a dropped entry; a directory yields every file below it with its path from the dropped folder. */
async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    out.push({ file, relativePath: entry.fullPath.replace(/^\/+/, '') || file.name });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries hands out at most ~100 entries per call; read until it returns none.
    for (;;) {
      const batch = await readEntries(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out);
    }
  }
}

/**
 * The files of a drop, whole folders included (relative paths kept, so folders are recreated). Entries must be
 * taken synchronously in the drop handler: the DataTransfer is emptied once it returns.
 */
export function collectDropped(dataTransfer: DataTransfer): Promise<PickedFile[]> {
  const items = Array.from(dataTransfer.items ?? []).filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    // No entry API (or script-made drops): plain files, no folders.
    return Promise.resolve(Array.from(dataTransfer.files).map((file) => ({ file })));
  }
  const files = items.map((item) => item.getAsFile());
  return (async () => {
    const out: PickedFile[] = [];
    for (const [index, entry] of entries.entries()) {
      try {
        await walk(entry!, out);
      } catch {
        // An entry that cannot be read as such (sandboxed drops) still has its File.
        const file = files[index];
        if (file) out.push({ file });
      }
    }
    return out;
  })();
}

/** Files from an <input type=file>, with the folder-relative path a directory pick provides. */
export function collectPicked(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({
    file,
    relativePath: file.webkitRelativePath || undefined,
  }));
}
