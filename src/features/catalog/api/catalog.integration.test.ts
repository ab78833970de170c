import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { patchDataSet } from '@qlik/api/data-sets';
import { api, type TestTenant } from '../../../../tenant/test/harness';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import { lineageOf } from '../lineage';
import { dataSetsQuery, dataSetQuery } from './data-sets';
import { dataAssetQuery, dataSetSearchQuery, searchPlaceOf } from './data-set-search';
import { dataSetProfileQuery } from './data-set-profiles';
import { dataAssetsQuery, dataStoresQuery } from './data-stores';
import { dataSetItemQuery, spaceDataSetsQuery } from './items';
import { resolveDataFileDataSet } from './resolve-data-file';
import {
  draftKeyOfPatchError,
  editPatch,
  fieldDraftOf,
  fieldOfPatchError,
  fieldPatch,
  isStaleEdit,
  versionTest,
} from './update-data-set';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

let t: TestTenant;
let token: string;
let target: TenantTarget;
let spaceId: string;
let fileId: string;
let twinId: string;

const CSV = ['id,<b>name</b>,age', '1,Ann,34', '2,Bob,', '3,Cid,51', '4,Dee,28', ''].join('\n');

/**
 * A multipart body written out by hand: under jsdom, FormData and Blob are jsdom's, which Node's fetch cannot
 * serialise.
 */
function multipart(parts: Array<{ name: string; filename?: string; type: string; content: string }>) {
  const boundary = `----catalog-test-${Math.random().toString(36).slice(2)}`;
  const body = parts
    .map(
      (part) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"` +
        `${part.filename !== undefined ? `; filename="${part.filename}"` : ''}\r\n` +
        `Content-Type: ${part.type}\r\n\r\n${part.content}\r\n`,
    )
    .join('');
  return {
    body: `${body}--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function createDataFile(json: Record<string, unknown>, content?: string) {
  const { body, headers } = multipart([
    ...(content !== undefined
      ? [{ name: 'File', filename: String(json.name), type: 'text/csv', content }]
      : []),
    { name: 'Json', type: 'application/json', content: JSON.stringify(json) },
  ]);
  return api(t, token, '/api/v1/data-files', { method: 'POST', body, headers });
}

async function upload(name: string, content: string, connectionId: string): Promise<string> {
  const response = await createDataFile({ name, connectionId }, content);
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return (JSON.parse(text) as { id: string }).id;
}

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default' }));

  const spaces = (await (await api(t, token, '/api/v1/spaces?type=shared&limit=100')).json()) as {
    data: Array<{ id: string; name: string }>;
  };
  spaceId = spaces.data[0]!.id;
  const connections = (await (
    await api(t, token, `/api/v1/data-files/connections?spaceId=${spaceId}`)
  ).json()) as { data: Array<{ id: string }> };
  const connectionId = connections.data[0]!.id;
  // Same base name in two folders of one space: only the item's sourceSystemId tells the sets apart.
  twinId = await upload('integration-a/people 100%.csv', 'x\n1\n', connectionId);
  fileId = await upload('integration-b/people 100%.csv', CSV, connectionId);
}, scaledTimeout(60));

afterAll(async () => {
  await t?.stop();
}, scaledTimeout(30));

describe('catalog api against the local tenant', () => {
  it('resolves a data file to its own data set, not to a namesake in another folder', async () => {
    const resolved = await resolveDataFileDataSet(target, fileId);
    const twin = await resolveDataFileDataSet(target, twinId);
    expect(resolved.file.id).toBe(fileId);
    expect(resolved.dataSetId).toBeTruthy();
    expect(twin.dataSetId).toBeTruthy();
    expect(twin.dataSetId).not.toBe(resolved.dataSetId);

    // As in Qlik's catalog, a file's qri is the secureQri of the set made from it.
    const queryClient = new QueryClient();
    const set = await queryClient.fetchQuery(dataSetQuery(target, resolved.dataSetId!));
    expect(set.technicalName).toBe('integration-b/people 100%.csv');
    expect(set.secureQri).toBe(resolved.file.qri);
  });

  it('reads the inferred schema, waits out the 202 for the profile, and maps lineage', async () => {
    const { dataSetId } = await resolveDataFileDataSet(target, fileId);
    const queryClient = new QueryClient();

    const profileQuery = dataSetProfileQuery(target, dataSetId!);
    let state = await queryClient.fetchQuery({ ...profileQuery, staleTime: 0 });
    for (let attempt = 0; state.computing && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = await queryClient.fetchQuery({ ...profileQuery, staleTime: 0 });
    }
    expect(state.computing).toBe(false);
    // The set exists from the upload on; its schema is filled in with the profile.
    const set = await queryClient.fetchQuery(dataSetQuery(target, dataSetId!));
    expect(set.schema?.dataFields.map((f) => [f.name, f.dataType.type])).toEqual([
      ['id', 'INTEGER'],
      ['<b>name</b>', 'STRING'],
      ['age', 'INTEGER'],
    ]);
    const table = state.profile!.profiles![0]!;
    expect(table.numberOfRows).toBe(4);
    const age = table.fieldProfiles!.find((f) => f.name === 'age')!;
    expect(age).toMatchObject({ nullValueCount: 1, minNumericValue: 28, maxNumericValue: 51 });
    expect(state.profile!.samples![0]!.records![0]!.values).toEqual(['1', 'Ann', '34']);

    const item = await queryClient.fetchQuery(dataSetItemQuery(target, dataSetId!));
    expect(item?.actions).toContain('update');
    expect(lineageOf(set, item)).toMatchObject({
      fileId,
      folder: 'integration-b',
      spaceId,
      connectionId: set.createdByConnectionId,
    });
  });

  it('lists stores, assets and data sets with search, sort and pages', async () => {
    const queryClient = new QueryClient();
    const stores = await queryClient.fetchQuery(dataStoresQuery(target));
    expect(stores.map((s) => s.type)).toContain('qix-datafiles');
    const assets = await queryClient.fetchInfiniteQuery(dataAssetsQuery(target, stores[0]!.id!));
    const asset = assets.pages[0]!.assets.find((a) => a.spaceId === spaceId)!;
    expect(asset).toBeDefined();

    // A search goes to the items API (as Qlik documents it), narrowed to the selected asset's space.
    const selected = await queryClient.fetchQuery(dataAssetQuery(target, asset.id!));
    const found = await queryClient.fetchInfiniteQuery(
      dataSetSearchQuery(target, { q: '100%', place: searchPlaceOf(selected), sort: '-name', size: 25 }),
    );
    const rows = found.pages.flatMap((page) => page.rows);
    expect(rows).toHaveLength(2);
    expect(
      rows.every((row) => row.name === 'people 100%.csv' && row.spaceId === spaceId && row.type === 'csv'),
    ).toBe(true);
    const elsewhere = await queryClient.fetchInfiniteQuery(
      dataSetSearchQuery(target, {
        q: 'people 100%',
        place: { personalOwnerId: 'nobody' },
        sort: 'name',
        size: 25,
      }),
    );
    expect(elsewhere.pages[0]!.rows).toEqual([]);

    const paged = await queryClient.fetchQuery(dataSetsQuery(target, { sort: 'name', page: 2, size: 25 }));
    expect(paged.pages).toBeGreaterThanOrEqual(1);

    const inSpace = await queryClient.fetchInfiniteQuery(spaceDataSetsQuery(target, spaceId));
    expect(inSpace.pages[0]!.items.map((i) => i.name)).toContain('people 100%.csv');
  });

  it('puts a refused description change on the description field', async () => {
    const { dataSetId } = await resolveDataFileDataSet(target, fileId);
    const set = await new QueryClient().fetchQuery(dataSetQuery(target, dataSetId!));
    const ops = editPatch(set, { description: 'x'.repeat(2000), tags: ['a'] });
    expect(ops.map((op) => op.path)).toEqual(['/description', '/tags']);
    const error = await patchDataSet(dataSetId!, ops, apiOptions(target)).catch((e: unknown) => e);
    expect(fieldOfPatchError(error, ops)).toBe('description');

    const saved = await patchDataSet(
      dataSetId!,
      editPatch(set, { description: 'People, by age', tags: ['hr'] }),
      apiOptions(target),
    );
    expect(saved.data).toMatchObject({ description: 'People, by age', tags: ['hr'] });
  });

  it('edits a field through @qlik/api: saved with the version test, refused on a clash (400) or a stale version (409)', async () => {
    const { dataSetId } = await resolveDataFileDataSet(target, fileId);
    const set = await new QueryClient().fetchQuery(dataSetQuery(target, dataSetId!));
    const age = set.schema!.dataFields[2]!;
    const draft = {
      ...fieldDraftOf(age),
      alias: 'Age',
      description: 'In years',
      personal: true,
      sensitive: true,
    };
    const ops = [versionTest(set.version), ...fieldPatch(age, 2, draft)];
    const saved = (await patchDataSet(dataSetId!, ops, apiOptions(target))).data;
    expect(saved.version).toBe(set.version! + 1);
    expect(fieldDraftOf(saved.schema!.dataFields[2]!)).toEqual({ ...draft, tags: [] });

    const clash = [
      versionTest(saved.version),
      ...fieldPatch(saved.schema!.dataFields[0]!, 0, {
        ...fieldDraftOf(saved.schema!.dataFields[0]!),
        alias: 'Age',
      }),
    ];
    const refused = await patchDataSet(dataSetId!, clash, apiOptions(target)).catch((e: unknown) => e);
    expect(draftKeyOfPatchError(refused, clash)).toBe('alias');

    const stale = [versionTest(set.version), ...fieldPatch(age, 2, { ...draft, description: 'Old' })];
    const conflict = await patchDataSet(dataSetId!, stale, apiOptions(target)).catch((e: unknown) => e);
    expect(isStaleEdit(conflict)).toBe(true);
  });

  it('says when a file has no data set: folders never get one', async () => {
    const response = await createDataFile({ name: 'integration-empty', folder: true });
    expect(response.status).toBe(201);
    const folder = (await response.json()) as { id: string };
    const resolved = await resolveDataFileDataSet(target, folder.id);
    expect(resolved).toMatchObject({ dataSetId: null, file: { folder: true } });
  });
});
