import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { startFilesTenant } from '@/test/tenant';
import type { TestTenant } from '../../../../tenant/test/harness';
import { batchItemResults } from '../model';
import { listParamsOf, dataFilesSearchSchema, type FileListParams } from '../search';
import {
  changeOwner,
  changeSpaceOfItems,
  createFolder,
  deleteItems,
  duplicateItem,
  filesQuery,
  foldersQuery,
  listFilesPage,
  listQuery,
  moveToFolder,
  nextPageCursor,
  prefetchBrowser,
  FIRST_PAGE_SIZE,
  PAGE_SIZE,
  quotasQuery,
  renameItem,
  spaceConnectionQuery,
} from './data-files';

let t: TestTenant;
let target: TenantTarget;
let token = '';
let spaceIds: Record<string, string> = {};
let stop = async () => {};

beforeAll(async () => {
  ({ tenant: t, token, target, spaceIds, stop } = await startFilesTenant());
});

afterAll(() => stop());

const paramsFor = (search: Record<string, unknown>): FileListParams =>
  listParamsOf(dataFilesSearchSchema.parse(search));
const names = (files: { name: string }[]) => files.map((f) => f.name).sort();

describe('data files through the console api functions', () => {
  it('lists a space as folders and files, flat, and by search', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const salesData = spaceIds['Sales data']!;
    const connectionId = await queryClient.fetchQuery(spaceConnectionQuery(target, salesData));
    const tree = paramsFor({ space: salesData });

    const folders = await queryClient.fetchQuery(foldersQuery(target, tree.scope, connectionId, ''));
    expect(names(folders)).toEqual(['raw', 'reference']);
    expect(folders.every((f) => f.folder && f.folderStats.directFolderCount === 0)).toBe(true);
    expect((await listFilesPage(target, tree, connectionId)).data).toEqual([]);

    const raw = await listFilesPage(target, paramsFor({ space: salesData, folder: 'raw' }), connectionId);
    expect(names(raw.data)).toEqual(['raw/customers.json', 'raw/orders.csv']);

    const flat = await listFilesPage(target, paramsFor({ space: salesData, view: 'flat' }), connectionId);
    expect(names(flat.data)).toEqual(['raw/customers.json', 'raw/orders.csv', 'reference/regions.csv']);

    const found = await listFilesPage(target, paramsFor({ space: salesData, q: 'ord' }), connectionId);
    expect(names(found.data)).toEqual(['raw/orders.csv']);

    // The personal space needs no connection; the loader fills the very cache entry the page reads.
    const personal = paramsFor({});
    await prefetchBrowser(queryClient, target, personal);
    const cached = queryClient.getQueryData(filesQuery(target, personal, undefined).queryKey);
    expect(names(cached!.pages[0]!.data)).toEqual(['scratch.csv']);

    const quota = await queryClient.fetchQuery(quotasQuery(target));
    expect(quota.size).toBeGreaterThan(0);
    expect(quota.allowedExtensions).toContain('csv');
  });

  it('creates, renames, moves and duplicates, then batch-deletes with one result per item (207)', async () => {
    const queryClient = new QueryClient();
    const space = spaceIds['Operations data']!;
    const connectionId = await queryClient.fetchQuery(spaceConnectionQuery(target, space));
    const folder = await createFolder(target, { connectionId, folder: '', name: 'inbox' });
    const nested = await createFolder(target, { connectionId, folder: 'inbox', name: '2024' });
    expect(nested.name).toBe('inbox/2024');
    await expect(createFolder(target, { connectionId, folder: '', name: 'inbox' })).rejects.toMatchObject({
      status: 409,
    });

    const renamed = await renameItem(target, nested, '2025');
    expect(renamed).toMatchObject({ name: 'inbox/2025', id: nested.id });
    const movedUp = await moveToFolder(target, renamed, null);
    expect(movedUp.name).toBe('2025');

    // A space listing needs the space's connection: the console never guesses it.
    expect(() => listQuery(paramsFor({ space: spaceIds['Sales data']! }), undefined)).toThrow(/connection/);

    const salesConnection = await queryClient.fetchQuery(
      spaceConnectionQuery(target, spaceIds['Sales data']!),
    );
    const regions = (
      await listFilesPage(
        target,
        paramsFor({ space: spaceIds['Sales data']!, folder: 'reference' }),
        salesConnection,
      )
    ).data[0]!;
    const copy = await duplicateItem(
      target,
      { ...regions, folderId: folder.id },
      { connectionId, name: 'regions copy.csv' },
    );
    expect(copy).toMatchObject({ name: 'inbox/regions copy.csv', size: regions.size });

    const users = await (
      await fetch(`${t.url}/api/v1/users?limit=100`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    const max = (users.data as { id: string; email: string }[]).find((u) => u.email === 'max@example.com')!;
    await changeOwner(target, copy.id, max.id);
    const inbox = await listFilesPage(target, paramsFor({ space, folder: 'inbox' }), connectionId);
    expect(inbox.data.find((f) => f.id === copy.id)?.ownerId).toBe(max.id);

    const requested = [
      { id: folder.id, name: folder.name },
      { id: movedUp.id, name: movedUp.name },
      { id: '00000000-0000-4000-8000-000000000000', name: 'ghost.csv' },
    ];
    const ids = requested.map((r) => r.id);
    const results = batchItemResults(ids, await deleteItems(target, ids));
    expect(ids.map((id) => results.get(id)?.status)).toEqual(['done', 'done', 'failed']);
    const left = await listFilesPage(target, paramsFor({ space, view: 'flat', q: '*' }), connectionId);
    expect(left.data).toEqual([]);
  });

  it('moves root items to another space in one batch and reports items inside folders on their own', async () => {
    const queryClient = new QueryClient();
    const from = await queryClient.fetchQuery(spaceConnectionQuery(target, spaceIds['Sales analytics']!));
    const flat = await listFilesPage(
      target,
      paramsFor({ space: spaceIds['Sales analytics']!, view: 'flat' }),
      from,
    );
    const root = flat.data.find((f) => f.name === 'bookings-2024.csv')!;
    const inside = flat.data.find((f) => f.name === 'pipeline/accounts.tsv')!;
    const ids = [root.id, inside.id];
    const results = batchItemResults(ids, await changeSpaceOfItems(target, ids, spaceIds['Finance']!));
    expect(results.get(root.id)).toEqual({ status: 'done' });
    expect(results.get(inside.id)).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('root'),
    });

    const to = await queryClient.fetchQuery(spaceConnectionQuery(target, spaceIds['Finance']!));
    const finance = await listFilesPage(target, paramsFor({ space: spaceIds['Finance']! }), to);
    expect(names(finance.data)).toEqual(['bookings-2024.csv']);
  });

  it('pages a long listing: a small first page for a quick first paint, then big pages, with no gap or repeat', async () => {
    const space = spaceIds['Marketing sandbox']!;
    const queryClient = new QueryClient();
    const connectionId = await queryClient.fetchQuery(spaceConnectionQuery(target, space));
    const count = FIRST_PAGE_SIZE + 40;
    for (let i = 0; i < count; i++) {
      const form = new FormData();
      form.append('File', new Blob([`n\n${i}\n`]), 'f.csv');
      form.append('Json', JSON.stringify({ name: `bulk/f-${String(i).padStart(3, '0')}.csv`, connectionId }));
      const response = await fetch(`${t.url}/api/v1/data-files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(response.status).toBe(201);
    }
    const bulk = paramsFor({ space, folder: 'bulk' });
    expect(listQuery(bulk, connectionId).limit).toBe(FIRST_PAGE_SIZE);
    const first = await listFilesPage(target, bulk, connectionId);
    expect(first.data).toHaveLength(FIRST_PAGE_SIZE);
    const cursor = nextPageCursor(first);
    expect(cursor).toBeTruthy();
    expect(listQuery(bulk, connectionId, cursor).limit).toBe(PAGE_SIZE);
    const second = await listFilesPage(target, bulk, connectionId, cursor);
    expect(second.data).toHaveLength(40);
    expect(nextPageCursor(second)).toBeUndefined();
    const all = [...first.data, ...second.data].map((f) => f.name);
    expect(all).toEqual(Array.from({ length: count }, (_, i) => `bulk/f-${String(i).padStart(3, '0')}.csv`));
  });
});
