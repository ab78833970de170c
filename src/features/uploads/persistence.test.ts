import { describe, expect, it } from 'vitest';
import type { UploadItem } from './model';
import { PART_SIZE, PARTS_PER_SAVE, QueueSerializer, restoreQueue } from './persistence';

/** A sessionStorage stand-in that counts what is written. */
function countingStorage() {
  const data = new Map<string, string>();
  const writes: string[] = [];
  return {
    data,
    writes,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => {
      writes.push(key);
      data.set(key, value);
    },
    removeItem: (key: string) => {
      writes.push(`-${key}`);
      data.delete(key);
    },
  };
}

const item = (n: number, patch: Partial<UploadItem> = {}): UploadItem => ({
  id: `u${n}`,
  batchId: 'b',
  name: `folder-${Math.floor(n / 100)}/file-${n}.csv`,
  sourceName: `folder-${Math.floor(n / 100)}/file-${n}.csv`,
  size: 20,
  lastModified: 1,
  fingerprint: `f${n}`,
  destination: { spaceId: 's1' },
  state: 'queued',
  method: 'multipart',
  loaded: 0,
  hasFile: true,
  checked: true,
  ...patch,
});

describe('saving the upload queue to sessionStorage', () => {
  it('writes again only the part whose items changed, and the head only when it changes', () => {
    const storage = countingStorage();
    const serializer = new QueueSerializer();
    const items = Array.from({ length: 4 * PART_SIZE }, (_, n) => item(n));
    serializer.save(items, storage, 'q');
    expect(storage.writes).toEqual(['q:0', 'q:1', 'q:2', 'q:3', 'q']);

    storage.writes.length = 0;
    items[PART_SIZE + 7] = item(PART_SIZE + 7, { state: 'uploading' });
    serializer.save(items, storage, 'q');
    expect(storage.writes).toEqual(['q:1']);

    storage.writes.length = 0;
    serializer.save(items, storage, 'q');
    expect(storage.writes).toEqual([]);
  });

  it('writes at most PARTS_PER_SAVE parts in one go, and the head once every part it names is written', () => {
    const storage = countingStorage();
    const serializer = new QueueSerializer();
    const items = Array.from({ length: 10_000 }, (_, n) => item(n));
    const rounds: string[][] = [];
    for (let done = false; !done;) {
      storage.writes.length = 0;
      done = serializer.save(items, storage, 'q', PARTS_PER_SAVE);
      rounds.push([...storage.writes]);
    }
    expect(rounds).toHaveLength(Math.ceil(10_000 / PART_SIZE / PARTS_PER_SAVE));
    for (const round of rounds.slice(0, -1)) {
      expect(round).toHaveLength(PARTS_PER_SAVE);
      expect(round).not.toContain('q');
    }
    expect(rounds.at(-1)!.at(-1)).toBe('q');
    expect(restoreQueue(storage, 'q')).toHaveLength(10_000);
  });

  it('restores what was saved, across parts, as interrupted uploads; finished ones are left out', () => {
    const storage = countingStorage();
    const items = Array.from({ length: 2 * PART_SIZE + 3 }, (_, n) =>
      item(n, n % 2 ? { state: 'done' } : {}),
    );
    new QueueSerializer().save(items, storage, 'q');
    const restored = restoreQueue(storage, 'q');
    expect(restored).toHaveLength(PART_SIZE + 2);
    expect(restored.map((i) => i.id)).toEqual(items.filter((_, n) => n % 2 === 0).map((i) => i.id));
    expect(restored[0]).toMatchObject({
      state: 'interrupted',
      hasFile: false,
      destination: { spaceId: 's1' },
    });
  });

  it('removes the parts and the head once nothing is left to resume', () => {
    const storage = countingStorage();
    const serializer = new QueueSerializer();
    const items = Array.from({ length: PART_SIZE + 1 }, (_, n) => item(n));
    serializer.save(items, storage, 'q');
    serializer.save(
      items.map((i) => ({ ...i, state: 'done' as const })),
      storage,
      'q',
    );
    expect([...storage.data.keys()]).toEqual([]);
    serializer.save([], storage, 'q');
    expect([...storage.data.keys()]).toEqual([]);
  });

  it('tries a part again at the next save when the storage refused it', () => {
    const storage = countingStorage();
    const serializer = new QueueSerializer();
    const items = Array.from({ length: 2 * PART_SIZE }, (_, n) => item(n));
    const setItem = storage.setItem;
    storage.setItem = (key, value) => {
      if (key === 'q:1') throw new DOMException('full', 'QuotaExceededError');
      setItem(key, value);
    };
    serializer.save(items, storage, 'q');
    expect(storage.data.has('q:1')).toBe(false);
    storage.setItem = setItem;
    storage.writes.length = 0;
    serializer.save(items, storage, 'q');
    expect(storage.writes).toEqual(['q:1']);
    expect(restoreQueue(storage, 'q')).toHaveLength(2 * PART_SIZE);
  });

  it('reads a queue saved whole under one key, as before parts', () => {
    const storage = countingStorage();
    storage.data.set(
      'q',
      JSON.stringify({
        v: 2,
        destinations: [{ spaceId: 's1' }],
        items: [['u1', 'b', 'big.csv', 64, 1, 'big.csv', 0, 1, 32, 'http://t/files/1', null, 1]],
      }),
    );
    expect(restoreQueue(storage, 'q')).toEqual([
      expect.objectContaining({
        id: 'u1',
        name: 'big.csv',
        method: 'tus',
        loaded: 32,
        tusUrl: 'http://t/files/1',
      }),
    ]);
  });
});
