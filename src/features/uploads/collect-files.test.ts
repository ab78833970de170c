import { describe, expect, it } from 'vitest';
import { folderEntry } from '@/test/dropped-folder';
import { collectDropped } from './collect-files';
import { isDropped, type IncomingFile } from './model';

describe('collectDropped', () => {
  it('lists every file of the dropped folders without waiting for any file to open', async () => {
    const entries = [folderEntry('a', 250, { opens: false }), folderEntry('b', 250, { opens: false })];
    const dataTransfer = {
      items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null })),
      files: [],
    } as unknown as DataTransfer;
    const listed: IncomingFile[] = [];
    const count = await collectDropped(dataTransfer, (files) => listed.push(...files));
    expect(count).toBe(500);
    expect(listed.every(isDropped)).toBe(true);
    // folders are walked several at a time, their files still handed on in drop order
    const names = (folder: string) =>
      Array.from({ length: 250 }, (_, i) => `${folder}/file-${String(i).padStart(3, '0')}.csv`);
    expect(listed.map((f) => isDropped(f) && f.relativePath)).toEqual([...names('a'), ...names('b')]);
  });
});
