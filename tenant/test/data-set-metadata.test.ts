// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSet, ErrorResponse, JsonPatch, PageDataSetProfile } from '@qlik/api/data-sets';
import type { ItemsListItemsResponseBody } from '@qlik/api/items';
import { whenCatalogIdle } from '../catalog/data-sets';
import { PERSONAL_DATA } from '../catalog/data-set-edit';
import { dataFilesConnectionOfSpace } from '../store/data-files';
import { spacesStore } from '../store/spaces';
import { api, signIn, startTenant, type TestTenant } from './harness';

/**
 * Field metadata through `PATCH /api/v1/data-sets/{id}` over HTTP, as a client of qlik.dev's API sees it: RFC 6902
 * bodies as JSON or `application/json-patch+json`, 200 with the whole DataSet and `version` + 1, Qlik's 400 for an
 * alias that clashes, 409 for a failed `test` (a stale `/version`), 403 without the right to change the set; the
 * edits survive a new profile of a replaced file. And a file of random bytes fails its profile with the reason.
 */

let t: TestTenant;
let max: string;
let rita: string;
let setId: string;
let fileId: string;

const CUSTOMERS = [
  'id,name,email,signed up',
  '1,Ann,ann@example.com,2024-01-03',
  '2,Bob,bob@example.com,2024-02-11',
  '',
].join('\n');

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  return JSON.parse(text) as T;
}

const patch = (token: string, ops: unknown, contentType = 'application/json') =>
  api(t, token, `/api/v1/data-sets/${setId}`, {
    method: 'PATCH',
    headers: { 'content-type': contentType },
    body: JSON.stringify(ops),
  });
const read = () => api(t, max, `/api/v1/data-sets/${setId}`).then((r) => json<DataSet>(r));

async function uploadTo(spaceName: string, name: string, content: Blob, id?: string) {
  const space = spacesStore(t.db).byName(spaceName)!;
  const form = new FormData();
  form.append('File', content, name);
  form.append(
    'Json',
    JSON.stringify(id ? {} : { name, connectionId: dataFilesConnectionOfSpace(t.db, space.id)!.id }),
  );
  const response = await api(t, max, id ? `/api/v1/data-files/${id}` : '/api/v1/data-files', {
    method: id ? 'PUT' : 'POST',
    body: form,
  });
  const file = await json<{ id: string }>(response, 201);
  await whenCatalogIdle(t.db);
  const query = new URLSearchParams({ resourceType: 'dataset', name, spaceId: space.id });
  const items = await json<ItemsListItemsResponseBody>(await api(t, max, `/api/v1/items?${query}`));
  return { fileId: file.id, setId: items.data[0]!.resourceId! };
}

beforeAll(async () => {
  t = await startTenant();
  [max, rita] = await Promise.all([
    signIn(t, 'max', 'user_default').then((r) => r.access_token),
    signIn(t, 'rita', 'user_default').then((r) => r.access_token),
  ]);
  ({ fileId, setId } = await uploadTo('Sales analytics', 'customers.csv', new Blob([CUSTOMERS])));
});
afterAll(async () => {
  await t.stop();
});

const errorOf = (body: ErrorResponse) => body.errors![0]!;

describe('PATCH /api/v1/data-sets/{id}: field metadata', () => {
  it('sets alias, description, user tags, sensitive, personal and key; version + 1; a read returns them', async () => {
    const before = await read();
    const ops: JsonPatch[] = [
      { op: 'test', path: '/version', value: before.version },
      { op: 'add', path: '/schema/dataFields/2/alias', value: 'Email' },
      { op: 'add', path: '/schema/dataFields/2/description', value: 'Where we write to' },
      { op: 'replace', path: '/schema/dataFields/2/sensitive', value: true },
      { op: 'add', path: '/schema/dataFields/2/properties', value: { [PERSONAL_DATA]: true } },
      { op: 'replace', path: '/schema/dataFields/0/primaryKey', value: true },
      { op: 'add', path: '/schema/dataFields/2/userTags', value: [{ name: 'pii' }] },
    ];
    const updated = await json<DataSet>(await patch(max, ops, 'application/json-patch+json'));
    expect(updated.version).toBe(before.version! + 1);
    const email = updated.schema!.dataFields[2]!;
    expect(email).toMatchObject({
      name: 'email',
      alias: 'Email',
      description: 'Where we write to',
      sensitive: true,
      properties: { [PERSONAL_DATA]: true },
      userTags: [{ name: 'pii' }],
      dataType: before.schema!.dataFields[2]!.dataType,
    });
    expect(updated.schema!.dataFields[0]!.primaryKey).toBe(true);
    expect(await read()).toEqual(updated);
  });

  it('refuses an alias that is another field’s name: 400 in Qlik’s error shape, naming the operation and the field', async () => {
    const before = await read();
    const body = await json<ErrorResponse>(
      await patch(max, [
        { op: 'add', path: '/schema/dataFields/1/description', value: 'x' },
        { op: 'add', path: '/schema/dataFields/1/alias', value: 'email' },
      ]),
      400,
    );
    expect(errorOf(body)).toMatchObject({
      code: 'HTTP-400',
      status: '400',
      detail: expect.stringMatching(/'email' is the name of another field/),
      meta: { operation: 1, path: '/schema/dataFields/1/alias' },
    });
    expect(await read()).toEqual(before);
    const taken = await json<ErrorResponse>(
      await patch(max, [{ op: 'add', path: '/schema/dataFields/1/alias', value: 'Email' }]),
      400,
    );
    expect(errorOf(taken).detail).toMatch(/already the alias of 'email'/);
  });

  it('refuses a stale edit with 409 when the client tests /version', async () => {
    const current = await read();
    const body = await json<ErrorResponse>(
      await patch(max, [
        { op: 'test', path: '/version', value: current.version! - 1 },
        { op: 'replace', path: '/description', value: 'stale' },
      ]),
      409,
    );
    expect(errorOf(body)).toMatchObject({
      status: '409',
      detail: expect.stringMatching(new RegExp(`at version ${current.version}`)),
      meta: { operation: 0, path: '/version', version: current.version },
    });
    expect((await read()).description).toBe(current.description);
  });

  it('refuses read-only paths (400) and a reader (403)', async () => {
    for (const ops of [
      [{ op: 'replace', path: '/schema/dataFields/0/name', value: 'x' }],
      [{ op: 'replace', path: '/version', value: 99 }],
      [{ op: 'remove', path: '/schema/dataFields/0' }],
    ]) {
      expect(errorOf(await json<ErrorResponse>(await patch(max, ops), 400)).detail).toMatch(
        /cannot be changed/,
      );
    }
    await json(await patch(rita, [{ op: 'add', path: '/schema/dataFields/1/alias', value: 'Name' }]), 403);
  });

  it('keeps the fields’ metadata when the file is replaced and profiled again', async () => {
    await uploadTo(
      'Sales analytics',
      'customers.csv',
      new Blob([`${CUSTOMERS}3,Cid,cid@example.com,2024-03-01\n`]),
      fileId,
    );
    const set = await read();
    expect(set.operational?.rowCount).toBe(3);
    expect(set.schema!.dataFields[2]).toMatchObject({
      alias: 'Email',
      sensitive: true,
      properties: { [PERSONAL_DATA]: true },
    });
    expect(set.schema!.dataFields[0]!.primaryKey).toBe(true);
  });
});

describe('profiles over HTTP', () => {
  it('give a numeric and a date field a histogram whose bins add up to their values', async () => {
    const page = await json<PageDataSetProfile>(await api(t, max, `/api/v1/data-sets/${setId}/profiles`));
    const fields = page.data![0]!.profiles![0]!.fieldProfiles!;
    for (const name of ['id', 'signed up']) {
      const field = fields.find((f) => f.name === name)!;
      expect(
        field.frequencyDistribution?.reduce((a, b) => a + b.frequency!, 0),
        name,
      ).toBe(3);
    }
    expect(fields.find((f) => f.name === 'name')!.frequencyDistribution).toBeUndefined();
  });

  it('fail for a file of random bytes without a NUL byte, saying it is not text', async () => {
    let seed = 7;
    const bytes = Uint8Array.from({ length: 20_000 }, () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return 1 + ((seed >>> 24) % 255);
    });
    const noise = await uploadTo('Sales analytics', 'noise.csv', new Blob([bytes]));
    const page = await json<PageDataSetProfile>(
      await api(t, max, `/api/v1/data-sets/${noise.setId}/profiles`),
    );
    expect(page.data![0]!.meta).toMatchObject({
      status: 'FAILED',
      messages: [expect.stringMatching(/^noise\.csv is not text in any encoding the catalog reads/)],
    });
  });
});
