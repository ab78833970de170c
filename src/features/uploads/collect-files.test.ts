import { describe, expect, it } from 'vitest';
import { collectDropped } from './collect-files';
import { isDropped, type IncomingFile } from './model';

/** A dropped folder of `files` files whose File objects the browser never hands over (as if still opening). */
function folder(name: string, files: number): FileSystemDirectoryEntry {
  const children = Array.from(
    { length: files },
    (_, i) =>
      ({
        isFile: true,
        isDirectory: false,
        name: `f${i}.csv`,
        fullPath: `/${name}/f${i}.csv`,
        file: () => {},
      }) as unknown as FileSystemFileEntry,
  );
  return {
    isFile: false,
    isDirectory: true,
    name,
    fullPath: `/${name}`,
    createReader: () => {
      let read = 0;
      return {
        readEntries: (resolve: (entries: FileSystemEntry[]) => void) =>
          queueMicrotask(() => {
            resolve(children.slice(read, read + 100));
            read += 100;
          }),
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

describe('collectDropped', () => {
  it('lists every file of the dropped folders without waiting for any file to open', async () => {
    const entries = [folder('a', 250), folder('b', 250)];
    const dataTransfer = {
      items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null })),
      files: [],
    } as unknown as DataTransfer;
    const listed: IncomingFile[] = [];
    const count = await collectDropped(dataTransfer, (files) => listed.push(...files));
    expect(count).toBe(500);
    expect(listed.every(isDropped)).toBe(true);
    expect(listed.slice(0, 2).map((f) => isDropped(f) && f.relativePath)).toEqual(['a/f0.csv', 'a/f1.csv']);
    expect(listed.at(-1)).toMatchObject({ relativePath: 'b/f249.csv' });
  });
});
