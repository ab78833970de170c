// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSet, JsonPatch } from '@qlik/api/data-sets';
import type { ItemsListItemsResponseBody } from '@qlik/api/items';
import { api, signIn, startTenant, type TestTenant } from '../../test/harness';
import { whenCatalogIdle } from '../../catalog/data-sets';
import { catalogStore } from '../../store/catalog';
import type { PageDataSetSchemaVersion } from './schema-versions';

let t: TestTenant;
let ada: string;
let max: string;

beforeAll(async () => {
  t = await startTenant();
  [ada, max] = await Promise.all([
    signIn(t, 'ada', 'user_default').then((r) => r.access_token),
    signIn(t, 'max', 'user_default').then((r) => r.access_token),
  ]);
  await whenCatalogIdle(t.db);
});
afterAll(async () => {
  await t.stop();
});

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  return JSON.parse(text) as T;
}

const userId = (who: string) =>
  (t.db.prepare('SELECT id FROM users WHERE email = ?').get(`${who}@example.com`) as { id: string }).id;

async function sendFile(method: 'POST' | 'PUT', path: string, name: string, content: string) {
  const form = new FormData();
  form.append('File', new Blob([content]), name);
  form.append('Json', JSON.stringify(method === 'POST' ? { name } : {}));
  return json<{ id: string }>(await api(t, ada, path, { method, body: form }), 201);
}

const FIRST = 'id,email,city\n1,a@example.com,Oslo\n2,b@example.com,Bergen\n';

const versions = (token: string, setId: string, query = '') =>
  api(t, token, `/api/v1/data-sets/${setId}/schema-versions${query}`);

describe('data set schema versions', () => {
  let fileId: string;
  let setId: string;

  beforeAll(async () => {
    ({ id: fileId } = await sendFile('POST', '/api/v1/data-files', 'versioned.csv', FIRST));
    await whenCatalogIdle(t.db);
    const query = new URLSearchParams({
      resourceType: 'dataset',
      name: 'versioned.csv',
      spaceId: 'personal',
    });
    const items = await json<ItemsListItemsResponseBody>(await api(t, ada, `/api/v1/items?${query}`));
    setId = items.data[0]!.resourceId!;
  });

  it("starts with version 1: the first upload's fields, who uploaded it and when", async () => {
    const page = await json<PageDataSetSchemaVersion>(await versions(ada, setId));
    expect(page).toMatchObject({ page: 0, limit: 20, total: 1, pages: 1 });
    expect(page.data).toEqual([
      {
        version: 1,
        dataSetId: setId,
        createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        createdBy: userId('ada'),
        rowCount: 2,
        size: Buffer.byteLength(FIRST),
        dataFields: [
          { name: 'id', type: 'INTEGER' },
          { name: 'email', type: 'STRING' },
          { name: 'city', type: 'STRING' },
        ],
      },
    ]);
    expect(page.links.self?.href).toMatch(/\/api\/v1\/data-sets\/[0-9a-f]{24}\/schema-versions$/);
  });

  it('adds a version per replaced content, newest first, and keeps what the admin gave the fields that stay', async () => {
    const set = await json<DataSet>(await api(t, ada, `/api/v1/data-sets/${setId}`));
    const ops: JsonPatch[] = [
      { op: 'add', path: '/schema/dataFields/1/alias', value: 'Mail' },
      { op: 'add', path: '/schema/dataFields/1/description', value: 'Where receipts go' },
      { op: 'replace', path: '/schema/dataFields/1/sensitive', value: true },
      { op: 'add', path: '/schema/dataFields/2/description', value: 'Goes away' },
    ];
    await json(
      await api(t, ada, `/api/v1/data-sets/${setId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ops),
      }),
    );
    expect(set.version).toBe(1);

    // city renamed to town, country added, id now text
    await sendFile(
      'PUT',
      `/api/v1/data-files/${fileId}`,
      'versioned.csv',
      'id,email,town,country\nA1,a@example.com,Oslo,NO\nB2,b@example.com,Bergen,NO\nC3,c@example.com,Malmö,SE\n',
    );
    await whenCatalogIdle(t.db);
    const page = await json<PageDataSetSchemaVersion>(await versions(ada, setId));
    expect(page.total).toBe(2);
    expect(page.data.map((v) => v.version)).toEqual([2, 1]);
    expect(page.data[0]).toMatchObject({
      createdBy: userId('ada'),
      rowCount: 3,
      dataFields: [
        { name: 'id', type: 'STRING' },
        { name: 'email', type: 'STRING' },
        { name: 'town', type: 'STRING' },
        { name: 'country', type: 'STRING' },
      ],
    });
    expect(page.data[0]!.createdTime >= page.data[1]!.createdTime).toBe(true);

    const after = await json<DataSet>(await api(t, ada, `/api/v1/data-sets/${setId}`));
    const email = after.schema!.dataFields.find((f) => f.name === 'email')!;
    expect(email).toMatchObject({ alias: 'Mail', description: 'Where receipts go', sensitive: true });
    expect(after.schema!.dataFields.find((f) => f.name === 'town')!.description).toBeUndefined();
  });

  it("pages with the catalog's numeric pages", async () => {
    const page = await json<PageDataSetSchemaVersion>(await versions(ada, setId, '?limit=1&page=1'));
    expect(page).toMatchObject({ page: 1, limit: 1, total: 2, pages: 2 });
    expect(page.data.map((v) => v.version)).toEqual([1]);
    expect(page.links.prev).toBeDefined();
    await json(await versions(ada, setId, '?limit=0'), 400);
  });

  it('is not found for a user who cannot read the set, or an unknown set', async () => {
    await json(await versions(max, setId), 404);
    await json(await versions(ada, '0123456789abcdef01234567'), 404);
  });

  it('numbers a generation once, even when it is inferred again after a restart', () => {
    const store = catalogStore(t.db);
    const row = store.setById(setId)!;
    store.addSchemaVersion({
      setId,
      generation: row.generation,
      createdBy: userId('max'),
      createdTime: new Date().toISOString(),
      rowCount: 1,
      size: 1,
      fields: [],
    });
    expect(store.schemaVersions(setId, 0, 10).rows.map((r) => [r.version, r.created_by])).toEqual([
      [2, userId('ada')],
      [1, userId('ada')],
    ]);
  });

  it('goes with its data set', async () => {
    expect((await api(t, ada, `/api/v1/data-files/${fileId}`, { method: 'DELETE' })).status).toBe(204);
    expect(catalogStore(t.db).schemaVersions(setId, 0, 10).total).toBe(0);
  });
});
