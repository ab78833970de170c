import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { countOutcomes, runBatch } from '@/lib/batch-runner';
import type { TenantTarget } from '@/lib/qlik-host';
import { startFilesTenant } from '@/test/tenant';
import type { TestTenant } from '../../../../tenant/test/harness';
import { itemRights, type DataFile } from '../model';
import { dataFilesSearchSchema, listParamsOf } from '../search';
import { BATCH_CHUNK, decideMove, deleteChunk, deleteDecider, itemsMatching, moveChunk } from './batch';
import { FIRST_PAGE_SIZE, createFolder, listFilesPage, spaceConnectionQuery } from './data-files';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

let t: TestTenant;
let target: TenantTarget;
let token = '';
let spaceIds: Record<string, string> = {};
let stop = async () => {};

beforeAll(async () => {
  ({ tenant: t, token, target, spaceIds, stop } = await startFilesTenant());
});

afterAll(() => stop());

/** A small CSV at `name` in the space behind `connectionId` (straight to the tenant: the setup, not the test). */
async function upload(connectionId: string, name: string) {
  const form = new FormData();
  form.append('File', new Blob(['n\n1\n']), 'f.csv');
  form.append('Json', JSON.stringify({ name, connectionId }));
  const response = await fetch(`${t.url}/api/v1/data-files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(response.status).toBe(201);
}

const run = (
  items: AsyncIterable<DataFile[]>,
  decide: (file: DataFile) => ReturnType<typeof decideMove>,
  work: (chunk: DataFile[]) => ReturnType<typeof deleteChunk>,
) => runBatch({ items, idOf: (f) => f.id, nameOf: (f) => f.name, decide, chunkSize: BATCH_CHUNK, run: work });

describe('batch actions over every data file matching a listing', () => {
  it(
    'deletes a folder view in full: its subfolders, then every page of its files',
    { timeout: scaledTimeout(60) },
    async () => {
      const space = spaceIds['Marketing sandbox']!;
      const connectionId = await new QueryClient().fetchQuery(spaceConnectionQuery(target, space));
      const count = FIRST_PAGE_SIZE + 30;
      for (let i = 0; i < count; i++) await upload(connectionId, `bulk/f-${String(i).padStart(3, '0')}.csv`);
      await createFolder(target, { connectionId, folder: 'bulk', name: 'inner' });
      await upload(connectionId, 'bulk/inner/deep.csv');

      const params = listParamsOf(dataFilesSearchSchema.parse({ space, folder: 'bulk' }));
      expect(params.directOnly).toBe(true);
      const seen: DataFile[] = [];
      const result = await run(
        (async function* () {
          for await (const page of itemsMatching(target, params, connectionId)) {
            seen.push(...page);
            yield page;
          }
        })(),
        deleteDecider(itemRights),
        (chunk) => deleteChunk(target, chunk),
      );
      // The subfolder first (as the table shows it), then all 130 files, not only the first page.
      expect(seen[0]).toMatchObject({ name: 'bulk/inner', folder: true });
      expect(seen).toHaveLength(count + 1);
      expect(countOutcomes(result.outcomes)).toEqual({
        done: count + 1,
        skipped: 0,
        failed: 0,
        'not-run': 0,
      });
      const left = await listFilesPage(
        target,
        listParamsOf(dataFilesSearchSchema.parse({ space, folder: 'bulk', view: 'flat' })),
        connectionId,
      );
      expect(left.data).toEqual([]);
    },
  );

  it('does not delete again what goes with a folder the batch deletes; moves only root items', async () => {
    const space = spaceIds['Marketing sandbox']!;
    const connectionId = await new QueryClient().fetchQuery(spaceConnectionQuery(target, space));
    await createFolder(target, { connectionId, folder: '', name: 'nest' });
    await upload(connectionId, 'nest/nest-a.csv');
    await upload(connectionId, 'nest-root.csv');
    // A search lists the folder and the file inside it.
    const params = listParamsOf(dataFilesSearchSchema.parse({ space, q: 'nest*' }));

    const moved = await run(
      itemsMatching(target, params, connectionId),
      (file) => decideMove(file, itemRights),
      (chunk) => moveChunk(target, chunk, spaceIds['Finance']!),
    );
    const byName = new Map(moved.outcomes.map((o) => [o.name, o]));
    expect(byName.get('nest-root.csv')?.status).toBe('done');
    expect(byName.get('nest')?.status).toBe('done');
    expect(byName.get('nest/nest-a.csv')).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/root/),
    });

    const finance = await new QueryClient().fetchQuery(spaceConnectionQuery(target, spaceIds['Finance']!));
    const there = listParamsOf(dataFilesSearchSchema.parse({ space: spaceIds['Finance']!, q: 'nest*' }));
    const deleted = await run(itemsMatching(target, there, finance), deleteDecider(itemRights), (chunk) =>
      deleteChunk(target, chunk),
    );
    expect(deleted.outcomes.find((o) => o.name === 'nest/nest-a.csv')).toMatchObject({
      status: 'skipped',
      message: 'Deleted with its folder nest.',
    });
    expect(countOutcomes(deleted.outcomes)).toMatchObject({ done: 2, failed: 0 });
  });
});
