// @vitest-environment node
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataAsset } from '@qlik/api/data-assets';
import type { DataStore, PageDataAsset, PageDataSet, PageDataStore } from '@qlik/api/data-stores';
import type { DataSet, PageDataSetProfile } from '@qlik/api/data-sets';
import type { ItemsListItemsResponseBody } from '@qlik/api/items';
import { api, signIn, startTenant, type TestTenant } from '../../test/harness';
import { spacesStore } from '../../store/spaces';
import { dataFilesConnectionOfSpace, dataFilesStore } from '../../store/data-files';
import { catalogStore } from '../../store/catalog';
import { dataSetLifecycle, whenCatalogIdle } from '../../catalog/data-sets';
import { newObjectId, nowIso } from '../../http/ids';

let t: TestTenant;
let ada: string;
let adaAdmin: string;
let max: string;
let rita: string;

beforeAll(async () => {
  t = await startTenant();
  [ada, adaAdmin, max, rita] = await Promise.all([
    signIn(t, 'ada', 'user_default').then((r) => r.access_token),
    signIn(t, 'ada', 'user_default admin_classic').then((r) => r.access_token),
    signIn(t, 'max', 'user_default').then((r) => r.access_token),
    signIn(t, 'rita', 'user_default').then((r) => r.access_token),
  ]);
  await whenCatalogIdle(t.db);
});
afterAll(async () => {
  await t.stop();
});

const space = (name: string) => spacesStore(t.db).byName(name)!;
const connectionOf = (name: string) => dataFilesConnectionOfSpace(t.db, space(name).id)!.id;

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  return JSON.parse(text) as T;
}

async function upload(token: string, name: string, content: string, spaceName?: string) {
  const form = new FormData();
  form.append('File', new Blob([content]), name);
  form.append(
    'Json',
    JSON.stringify({ name, ...(spaceName ? { connectionId: connectionOf(spaceName) } : {}) }),
  );
  return json<{ id: string; spaceId: string | null }>(
    await api(t, token, '/api/v1/data-files', { method: 'POST', body: form }),
    201,
  );
}

async function putFile(
  token: string,
  id: string,
  body: { content?: string; json?: Record<string, unknown> },
) {
  const form = new FormData();
  if (body.content !== undefined) form.append('File', new Blob([body.content]), 'x.csv');
  form.append('Json', JSON.stringify(body.json ?? {}));
  return json<{ id: string }>(
    await api(t, token, `/api/v1/data-files/${id}`, { method: 'PUT', body: form }),
    201,
  );
}

async function findSetId(
  token: string,
  name: string,
  spaceId: string | 'personal',
): Promise<string | undefined> {
  const query = new URLSearchParams({ resourceType: 'dataset', name, spaceId });
  const body = await json<ItemsListItemsResponseBody>(await api(t, token, `/api/v1/items?${query}`));
  return body.data[0]?.resourceId;
}

const getSet = (token: string, id: string) => api(t, token, `/api/v1/data-sets/${id}`);

const PEOPLE = [
  'id,name,age,score',
  '1,Ann,34,7.5',
  '2,Bob,,8.25',
  '3,Cid,51,',
  '4,Dee,28,9',
  '5,Eve,,6.5',
  '',
].join('\n');

/** Count, nulls, min, max and average of a CSV column, computed the plain way. */
function columnFigures(csv: string, column: string) {
  const [header, ...rows] = csv
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const index = header!.indexOf(column);
  const cells = rows.map((r) => r[index] ?? '');
  const numbers = cells.filter((c) => c !== '').map(Number);
  return {
    count: numbers.length,
    nulls: cells.filter((c) => c === '').length,
    min: Math.min(...numbers),
    max: Math.max(...numbers),
    average: numbers.reduce((a, b) => a + b, 0) / numbers.length,
  };
}

describe('data stores and data assets', () => {
  it('lists the one DataFilesStore and reads it by id', async () => {
    const page = await json<PageDataStore>(await api(t, max, '/api/v1/data-stores'));
    expect(page.total).toBe(1);
    expect(page.pages).toBe(1);
    const store = page.data![0]!;
    expect(store).toMatchObject({
      name: 'DataFilesStore',
      type: 'qix-datafiles',
      technicalName: 'DataFilesStore',
    });
    expect(page.links?.self?.href).toMatch(/^http:\/\/localhost:\d+\/api\/v1\/data-stores/);
    expect(page.links?.first?.href).toContain('page=0');
    expect(page.links?.next).toBeUndefined();
    const one = await json<DataStore>(await api(t, max, `/api/v1/data-stores/${store.id}`));
    expect(one.id).toBe(store.id);
    const missing = await api(t, max, '/api/v1/data-stores/000000000000000000000000');
    const body = await json<{ errors: { code: string; status: string }[]; traceId: string }>(missing, 404);
    expect(body.errors[0]).toMatchObject({ code: 'HTTP-404', status: '404' });
    expect(body.traceId).toBeTruthy();
  });

  it('lists only the assets of visible spaces, and the personal asset to its user only', async () => {
    const names = async (token: string) =>
      (
        await json<PageDataAsset>(await api(t, token, '/api/v1/data-stores/*/data-assets?limit=100'))
      ).data!.map((a) => `${a.name}|${a.spaceId ?? ''}`);
    const ritas = await names(rita);
    expect(ritas).toContain(`Sales analytics|${space('Sales analytics').id}`);
    expect(ritas).toContain(`Marketing sandbox|${space('Marketing sandbox').id}`);
    expect(ritas.some((n) => n.startsWith('Sales data|'))).toBe(false);
    expect(ritas.some((n) => n.startsWith('Personal|'))).toBe(false);
    // Ada's demo personal files made her "Personal" asset
    const adas = await names(ada);
    expect(adas).toContain('Personal|');
    expect(adas).toContain(`Sales data|${space('Sales data').id}`);

    const salesData = catalogStore(t.db).assetOfSpace(space('Sales data').id)!;
    expect((await api(t, rita, `/api/v1/data-assets/${salesData.id}`)).status).toBe(404);
    const asset = await json<DataAsset>(await api(t, ada, `/api/v1/data-assets/${salesData.id}`));
    expect(asset).toMatchObject({ name: 'Sales data', appType: 'QIX-DF', spaceId: space('Sales data').id });
    expect(asset.dataStoreInfo).toMatchObject({ name: 'DataFilesStore', type: 'qix-datafiles' });
    const personal = catalogStore(t.db).personalAsset(ids('ada'))!;
    expect((await api(t, max, `/api/v1/data-assets/${personal.id}`)).status).toBe(404);
    expect((await json<DataAsset>(await api(t, ada, `/api/v1/data-assets/${personal.id}`))).name).toBe(
      'Personal',
    );
  });
});

function ids(who: 'ada' | 'max' | 'rita'): string {
  return (t.db.prepare('SELECT id FROM users WHERE email = ?').get(`${who}@example.com`) as { id: string })
    .id;
}

describe('a data set follows its data file', () => {
  let fileId: string;
  let setId: string;
  const spaceId = () => space('Sales analytics').id;

  it('appears at once when a file is uploaded, with its schema filled in afterwards', async () => {
    const lifecycle = dataSetLifecycle(t.db)!;
    lifecycle.pause();
    try {
      fileId = (await upload(max, 'people.csv', PEOPLE, 'Sales analytics')).id;
      setId = (await findSetId(max, 'people.csv', spaceId()))!;
      expect(setId).toMatch(/^[0-9a-f]{24}$/);
      const pending = await json<DataSet>(await getSet(max, setId));
      expect(pending.schema?.dataFields).toEqual([]);
      expect(pending.version).toBe(1);
      const profiles = await api(t, max, `/api/v1/data-sets/${setId}/profiles`);
      const computing = await json<PageDataSetProfile>(profiles, 202);
      expect(computing.data?.[0]?.meta?.status).toMatch(/QUEUED|RUNNING/);
    } finally {
      lifecycle.resume();
    }
    await whenCatalogIdle(t.db);

    const set = await json<DataSet>(await getSet(max, setId));
    const tenantId = (await json<{ id: string }>(await api(t, max, '/api/v1/tenants/me'))).id;
    expect(set).toMatchObject({
      id: setId,
      name: 'people.csv',
      technicalName: 'people.csv',
      type: 'csv',
      description: '',
      tags: [],
      spaceId: spaceId(),
      ownerId: ids('max'),
      tenantId,
      version: 1,
      qri: `qdf:qix-datafiles:${tenantId}:sid@${spaceId()}:people.csv`,
      createdByConnectionId: connectionOf('Sales analytics'),
    });
    expect(set.secureQri).toMatch(/^qri:qdf:space:\/\/[\w-]{43}#[\w-]{43}$/);
    expect(set.dataAssetInfo).toMatchObject({
      id: catalogStore(t.db).assetOfSpace(spaceId())!.id,
      name: 'Sales analytics',
      dataStoreInfo: { name: 'DataFilesStore', type: 'qix-datafiles' },
    });
    expect(set.operational).toMatchObject({
      size: PEOPLE.length,
      rowCount: 5,
      status: 'com.qlik.datafile.created',
      location: fileId,
    });
    const fields = set.schema!.dataFields;
    expect(fields.map((f) => f.name)).toEqual(['id', 'name', 'age', 'score']);
    expect(fields[0]!.dataType.type).toBe('INTEGER');
    expect(fields[1]!.dataType.type).toBe('STRING');
    expect(['DOUBLE', 'DECIMAL']).toContain(fields[3]!.dataType.type);
  });

  it('answers the profile with figures equal to ones computed independently', async () => {
    const page = await json<PageDataSetProfile>(await api(t, max, `/api/v1/data-sets/${setId}/profiles`));
    expect(page).toMatchObject({ page: 0, total: 1, pages: 1 });
    const profile = page.data![0]!;
    expect(profile.meta).toMatchObject({
      dataSetId: setId,
      connectionId: connectionOf('Sales analytics'),
      status: 'FINISHED',
    });
    const table = profile.profiles![0]!;
    expect(table.numberOfRows).toBe(5);
    for (const column of ['age', 'score']) {
      const expected = columnFigures(PEOPLE, column);
      const field = table.fieldProfiles!.find((f) => f.name === column)!;
      expect(field.numericValueCount, column).toBe(expected.count);
      expect(field.nullValueCount, column).toBe(expected.nulls);
      expect(field.minNumericValue, column).toBe(expected.min);
      expect(field.maxNumericValue, column).toBe(expected.max);
      expect(field.average!, column).toBeCloseTo(expected.average, 10);
    }
  });

  it('takes a new version and schema when the file is replaced', async () => {
    await putFile(max, fileId, { content: 'city,population\nOslo,709000\nBergen,291000\n' });
    await whenCatalogIdle(t.db);
    const set = await json<DataSet>(await getSet(max, setId));
    expect(set.version).toBe(2);
    expect(set.schema!.dataFields.map((f) => f.name)).toEqual(['city', 'population']);
    expect(set.operational?.rowCount).toBe(2);
    const profiles = await json<PageDataSetProfile>(await api(t, max, `/api/v1/data-sets/${setId}/profiles`));
    expect(profiles.data![0]!.profiles![0]!.numberOfRows).toBe(2);
  });

  it('is renamed with the file', async () => {
    await putFile(max, fileId, { json: { name: 'cities.csv' } });
    const set = await json<DataSet>(await getSet(max, setId));
    expect(set).toMatchObject({ name: 'cities.csv', technicalName: 'cities.csv', version: 3 });
    expect(set.qri).toMatch(/:sid@[0-9a-f]{24}:cities\.csv$/);
    expect(await findSetId(max, 'cities.csv', spaceId())).toBe(setId);
    expect(await findSetId(max, 'people.csv', spaceId())).toBeUndefined();
  });

  it('moves to the data asset of the space the file moves to', async () => {
    const target = space('Marketing sandbox');
    const moved = await api(t, max, `/api/v1/data-files/${fileId}/actions/change-space`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spaceId: target.id }),
    });
    expect(moved.status).toBe(204);
    const set = await json<DataSet>(await getSet(max, setId));
    expect(set.spaceId).toBe(target.id);
    expect(set.dataAssetInfo).toMatchObject({
      id: catalogStore(t.db).assetOfSpace(target.id)!.id,
      name: 'Marketing sandbox',
    });
    expect(set.qri).toBe(`qdf:qix-datafiles:${set.tenantId}:sid@${target.id}:cities.csv`);
    expect(set.createdByConnectionId).toBe(connectionOf('Marketing sandbox'));
    expect(await findSetId(max, 'cities.csv', target.id)).toBe(setId);
  });

  it('is deleted with the file', async () => {
    expect((await api(t, max, `/api/v1/data-files/${fileId}`, { method: 'DELETE' })).status).toBe(204);
    await json(await getSet(max, setId), 404);
    await json(await api(t, max, `/api/v1/data-sets/${setId}/profiles`), 404);
    expect(await findSetId(max, 'cities.csv', space('Marketing sandbox').id)).toBeUndefined();
  });

  it('gives folders no data set, and personal files a set in the Personal asset', async () => {
    const form = new FormData();
    form.append('Json', JSON.stringify({ name: 'a-folder', folder: true }));
    await json(await api(t, rita, '/api/v1/data-files', { method: 'POST', body: form }), 201);
    expect(catalogStore(t.db).personalAsset(ids('rita'))).toBeUndefined();
    await upload(rita, 'a-folder/mine.csv', 'x\n1\n');
    const id = (await findSetId(rita, 'mine.csv', 'personal'))!;
    const set = await json<DataSet>(await getSet(rita, id));
    expect(set.spaceId).toBeUndefined();
    expect(set.technicalName).toBe('a-folder/mine.csv');
    expect(set.qri).toBe(`qdf:qix-datafiles:${set.tenantId}:uid@${ids('rita')}:a-folder/mine.csv`);
    expect(set.secureQri).toMatch(/^qri:qdf:user:\/\//);
    expect(set.dataAssetInfo.name).toBe('Personal');
    expect(set.dataAssetInfo.id).toBe(catalogStore(t.db).personalAsset(ids('rita'))!.id);
    await json(await getSet(max, id), 404);
    await json(await getSet(adaAdmin, id), 404);
  });
});

describe('listing data sets', () => {
  let assetId: string;
  const COUNT = 123;

  beforeAll(async () => {
    const created = await json<{ id: string }>(
      await api(t, max, '/api/v1/spaces', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Catalog paging', type: 'shared' }),
      }),
      201,
    );
    const spaceId = created.id;
    assetId = catalogStore(t.db).assetOfSpace(spaceId)!.id;
    const files = dataFilesStore(t.db);
    const catalog = catalogStore(t.db);
    const now = nowIso();
    t.db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const name = `file-${String(i).padStart(3, '0')}.csv`;
        const file = files.insert(
          files.newRow({
            space_key: spaceId,
            space_id: spaceId,
            name,
            parent_id: null,
            folder: 0,
            internal: 0,
            size: 10,
            sha256: null,
            owner_id: ids('max'),
            app_id: null,
            content_updated_date: now,
            now,
          }),
        );
        const created = new Date(Date.UTC(2024, 0, 1) + ((i * 37) % COUNT) * 60_000).toISOString();
        catalog.insertSet({
          id: newObjectId(),
          item_id: newObjectId(),
          file_id: file.id,
          data_asset_id: assetId,
          space_key: spaceId,
          space_id: spaceId,
          name,
          technical_name: name,
          type: 'csv',
          description: '',
          tags: '[]',
          properties: '{}',
          connection_id: null,
          created_by: ids('max'),
          created_time: created,
          last_modified_by: ids('max'),
          last_modified_time: created,
          version: 1,
          sha256: null,
          size: 10,
          content_updated: now,
          generation: 1,
          profile_status: 'FINISHED',
          row_count: 1,
          schema_json: null,
          additional_schemas_json: null,
          profile_json: null,
          inferred_time: now,
        });
      }
    })();
  });

  const list = (token: string, query: string, assets = assetId) =>
    api(t, token, `/api/v1/data-stores/*/data-assets/${assets}/data-sets?${query}`);

  it('pages with total, pages and links', async () => {
    const first = await json<PageDataSet>(await list(max, 'limit=50'));
    expect(first).toMatchObject({ page: 0, limit: 50, total: COUNT, pages: 3 });
    expect(first.data).toHaveLength(50);
    expect(first.links?.prev).toBeUndefined();
    expect(new URL(first.links!.next!.href!).searchParams.get('page')).toBe('1');
    expect(new URL(first.links!.last!.href!).searchParams.get('page')).toBe('2');
    const last = await json<PageDataSet>(
      await fetch(first.links!.last!.href!, { headers: { authorization: `Bearer ${max}` } }),
    );
    expect(last.data).toHaveLength(COUNT - 100);
    expect(last.links?.next).toBeUndefined();
    expect(new URL(last.links!.prev!.href!).searchParams.get('page')).toBe('1');
    const all = new Set<string>();
    for (let page = 0; page < 3; page++) {
      for (const s of (await json<PageDataSet>(await list(max, `limit=50&page=${page}`))).data!)
        all.add(s.id!);
    }
    expect(all.size).toBe(COUNT);
    const full = await json<PageDataSet>(await list(max, 'limit=100'));
    expect(full.data).toHaveLength(100);
  });

  it('sorts ascending and descending, by one or more fields', async () => {
    const names = async (sort: string) =>
      (await json<PageDataSet>(await list(max, `limit=100&sort=${encodeURIComponent(sort)}`))).data!.map(
        (s) => s.name!,
      );
    const expected = Array.from({ length: COUNT }, (_, i) => `file-${String(i).padStart(3, '0')}.csv`);
    expect(await names('name')).toEqual(expected.slice(0, 100));
    expect(await names('-name')).toEqual([...expected].reverse().slice(0, 100));
    const byCreated = (await json<PageDataSet>(await list(max, 'limit=100&sort=-createdTime,name'))).data!;
    const times = byCreated.map((s) => s.createdTime!);
    expect(times).toEqual([...times].sort().reverse());
    expect(await names('technicalName')).toEqual(expected.slice(0, 100));
  });

  it('filters by name and returns projections only', async () => {
    const page = await json<PageDataSet>(await list(max, 'name=file-12&projections=id,name'));
    expect(page.data!.map((s) => s.name).sort()).toEqual(['file-120.csv', 'file-121.csv', 'file-122.csv']);
    const caseless = await json<PageDataSet>(await list(max, 'name=FILE-01_'));
    expect(caseless.total).toBe(0); // LIKE wildcards are taken literally
    expect(Object.keys(page.data![0]!).sort()).toEqual(['id', 'name']);
  });

  it('refuses bad page, limit and sort values with 400', async () => {
    for (const query of ['limit=101', 'limit=0', 'page=-1', 'page=x', 'sort=bogus', 'sort=-', 'limit=abc']) {
      const body = await json<{ errors: { code: string; status: string }[] }>(await list(max, query), 400);
      expect(body.errors[0]!.status).toBe('400');
    }
  });

  it('lists only visible sets with * and for unknown ids lists nothing', async () => {
    const salesData = space('Sales data').id;
    const ritas = await json<PageDataSet>(await list(rita, 'limit=100', '*'));
    expect(ritas.data!.some((s) => s.spaceId === salesData)).toBe(false);
    expect(ritas.data!.some((s) => s.spaceId === space('Sales analytics').id)).toBe(true);
    expect(ritas.total).toBe(ritas.data!.length);
    const adas = await json<PageDataSet>(await list(ada, 'limit=100', '*'));
    expect(adas.data!.some((s) => s.spaceId === salesData)).toBe(true);
    const nothing = await json<PageDataSet>(await list(max, '', '000000000000000000000000'));
    expect(nothing).toMatchObject({ total: 0, pages: 0, data: [] });
  });
});

describe('rights and PATCH', () => {
  let bookings: string;
  let orders: string;

  beforeAll(async () => {
    bookings = (await findSetId(ada, 'bookings-2024.csv', space('Sales analytics').id))!;
    orders = (await findSetId(ada, 'orders.csv', space('Sales data').id))!;
    expect(bookings).toBeTruthy();
    expect(orders).toBeTruthy();
  });

  it('lets members read and hides sets of other spaces (404)', async () => {
    await json(await getSet(rita, bookings));
    await json(await getSet(rita, orders), 404);
    await json(await api(t, rita, `/api/v1/data-sets/${orders}/profiles`), 404);
    expect(await findSetId(rita, 'orders.csv', space('Sales data').id)).toBeUndefined();
    // Max reads Sales data through his group (Data engineers, producer)
    await json(await getSet(max, orders));
    // a tenant admin with admin.spaces:read reads every space's sets
    const admin = await json<DataSet>(await getSet(adaAdmin, orders));
    expect(admin.schema!.dataFields.map((f) => f.name)).toEqual([
      'id',
      'date',
      'region',
      'product',
      'quantity',
      'amount',
    ]);
    await json(await getSet(max, 'nope'), 404);
  });

  it('persists description and tags', async () => {
    const patch = (token: string, ops: unknown) =>
      api(t, token, `/api/v1/data-sets/${bookings}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ops),
      });
    const before = await json<DataSet>(await getSet(max, bookings));
    const updated = await json<DataSet>(
      await patch(max, [
        { op: 'replace', path: '/description', value: 'Bookings for 2024' },
        { op: 'add', path: '/tags', value: ['sales', 'bookings'] },
        { op: 'add', path: '/tags/-', value: '2024' },
        { op: 'remove', path: '/tags/0' },
      ]),
    );
    expect(updated).toMatchObject({
      description: 'Bookings for 2024',
      tags: ['bookings', '2024'],
      version: before.version! + 1,
    });
    expect(updated.lastModifiedBy).toBe(ids('max'));
    const read = await json<DataSet>(await getSet(rita, bookings));
    expect(read).toMatchObject({ description: 'Bookings for 2024', tags: ['bookings', '2024'] });

    for (const ops of [
      [{ op: 'replace', path: '/name', value: 'x' }],
      [{ op: 'replace', path: '/schema', value: {} }],
      [{ op: 'move', from: '/name', path: '/description' }],
      [{ op: 'replace', path: '/description', value: 42 }],
      [{ op: 'replace', path: '/tags/9', value: 'x' }],
      [{ op: 'explode', path: '/description' }],
      { op: 'replace', path: '/description', value: 'x' },
    ]) {
      await json(await patch(max, ops), 400);
    }
    expect((await json<DataSet>(await getSet(max, bookings))).description).toBe('Bookings for 2024');
    // a consumer reads but does not change
    const refused = await json<{ errors: { meta?: { reason?: string } }[] }>(
      await patch(rita, [{ op: 'replace', path: '/description', value: 'mine' }]),
      403,
    );
    expect(refused.errors[0]!.meta?.reason).toBe('role');
    await json(
      await api(t, rita, `/api/v1/data-sets/${orders}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ op: 'replace', path: '/description', value: 'x' }]),
      }),
      404,
    );
  });

  it('needs the dataset scope', async () => {
    const narrow = (await signIn(t, 'max', 'spaces.shared:read')).access_token;
    await json(await getSet(narrow, bookings), 403);
    const only = (await signIn(t, 'max', 'dataset')).access_token;
    await json(await getSet(only, bookings));
  });
});

describe('items', () => {
  it('finds a data set by name and space, and is empty for other resource types', async () => {
    const spaceId = space('Sales data').id;
    const query = new URLSearchParams({ resourceType: 'dataset', name: 'ORDERS.csv', spaceId });
    const body = await json<ItemsListItemsResponseBody>(await api(t, ada, `/api/v1/items?${query}`));
    expect(body.data).toHaveLength(1);
    const item = body.data[0]!;
    const set = await json<DataSet>(await getSet(ada, item.resourceId!));
    expect(item).toMatchObject({
      name: 'orders.csv',
      resourceType: 'dataset',
      resourceSubType: 'qix-df',
      spaceId,
      ownerId: ids('ada'),
      resourceAttributes: {
        appType: 'QIX-DF',
        sourceSystemId: `QIX-DF_${set.operational!.location}`,
        qri: set.qri,
      },
    });
    expect(item.links.self?.href).toMatch(new RegExp(`/api/v1/items/${item.id}$`));
    expect(
      (await json<{ resourceId: string }>(await api(t, ada, `/api/v1/items/${item.id}`))).resourceId,
    ).toBe(set.id);
    const byResource = await json<ItemsListItemsResponseBody>(
      await api(t, ada, `/api/v1/items?resourceType=dataset&resourceId=${set.id}`),
    );
    expect(byResource.data.map((i) => i.resourceId)).toEqual([set.id]);
    for (const type of ['qvapp', 'note,qvapp', 'dataset[qvd]']) {
      const other = await json<ItemsListItemsResponseBody>(
        await api(t, ada, `/api/v1/items?resourceType=${encodeURIComponent(type)}`),
      );
      expect(other.data).toEqual([]);
    }
    // apps are items too (#14), and only apps answer resourceType=app
    const apps = await json<ItemsListItemsResponseBody>(await api(t, ada, '/api/v1/items?resourceType=app,qvapp&limit=100'));
    expect(apps.data.length).toBeGreaterThan(0);
    expect(new Set(apps.data.map((i) => i.resourceType))).toEqual(new Set(['app']));
    const withSub = await json<ItemsListItemsResponseBody>(
      await api(
        t,
        ada,
        `/api/v1/items?resourceType=${encodeURIComponent('app,dataset[qix-df]')}&name=orders.csv`,
      ),
    );
    expect(withSub.data).toHaveLength(1);
  });

  it('pages with next/prev cursors', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${t.url}/api/v1/items?resourceType=dataset&limit=40&sort=%2Bname`;
    let pages = 0;
    while (url) {
      const body: ItemsListItemsResponseBody = await json(
        await fetch(url, { headers: { authorization: `Bearer ${max}` } }),
      );
      seen.push(...body.data.map((i) => i.name));
      url = body.links.next?.href;
      pages++;
    }
    expect(pages).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    await json(await api(t, max, '/api/v1/items?limit=101'), 400);
    await json(await api(t, max, '/api/v1/items?next=garbage'), 400);
  });
});

describe('after a restart', () => {
  it('resumes unfinished profiles and makes sets for files whose change event was lost', async () => {
    const first = await startTenant();
    const dataDir = first.dataDir;
    const token = (await signIn(first, 'max', 'user_default')).access_token;
    dataSetLifecycle(first.db)!.pause();
    const form = new FormData();
    form.append('File', new Blob(['a,b\n1,2\n3,4\n']), 'later.csv');
    form.append('Json', JSON.stringify({ name: 'later.csv' }));
    expect((await api(first, token, '/api/v1/data-files', { method: 'POST', body: form })).status).toBe(201);
    // a file row committed without its event reaching the catalog (as after a crash between the two)
    const files = dataFilesStore(first.db);
    const maxId = (
      first.db.prepare("SELECT id FROM users WHERE email = 'max@example.com'").get() as { id: string }
    ).id;
    const lost = files.insert(
      files.newRow({
        space_key: `personal:${maxId}`,
        space_id: null,
        name: 'lost.csv',
        parent_id: null,
        folder: 0,
        internal: 0,
        size: 0,
        sha256: null,
        owner_id: maxId,
        app_id: null,
        content_updated_date: nowIso(),
        now: nowIso(),
      }),
    );
    await first.close();

    const second = await startTenant({ dataDir });
    try {
      await whenCatalogIdle(second.db);
      const token2 = (await signIn(second, 'max', 'user_default')).access_token;
      const find = async (name: string) => {
        const body = await json<ItemsListItemsResponseBody>(
          await api(second, token2, `/api/v1/items?resourceType=dataset&spaceId=personal&name=${name}`),
        );
        return body.data[0]?.resourceId;
      };
      const later = await json<DataSet>(
        await api(second, token2, `/api/v1/data-sets/${await find('later.csv')}`),
      );
      expect(later.schema!.dataFields.map((f) => f.name)).toEqual(['a', 'b']);
      const lostSet = await find('lost.csv');
      expect(lostSet).toBeTruthy();
      expect(catalogStore(second.db).setByFile(lost.id)?.id).toBe(lostSet);
      // no content: the profile fails instead of staying "computing"
      const profiles = await json<PageDataSetProfile>(
        await api(second, token2, `/api/v1/data-sets/${lostSet}/profiles`),
      );
      expect(profiles.data![0]!.meta).toMatchObject({
        status: 'FAILED',
        messages: ['lost.csv has no content.'],
      });
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
