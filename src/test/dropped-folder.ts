/**
 * A dropped folder of `files` small CSVs (`file-000.csv`, …) as webkitGetAsEntry hands it out: entries read ~100 at
 * a time, each file opened on its own. With `opens: false` the browser never hands a File over (as if still
 * opening), to show what does not wait for one.
 */
export function folderEntry(name: string, files: number, { opens = true } = {}): FileSystemDirectoryEntry {
  const children = Array.from({ length: files }, (_, i) => {
    const fileName = `file-${String(i).padStart(3, '0')}.csv`;
    const file = new File([`id\n${i}\n`], fileName, { lastModified: 1 });
    return {
      isFile: true,
      isDirectory: false,
      name: fileName,
      fullPath: `/${name}/${fileName}`,
      file: (resolve: (file: File) => void) => {
        if (opens) queueMicrotask(() => resolve(file));
      },
    } as unknown as FileSystemFileEntry;
  });
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
