// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineageInfoRest, NxApp, ScriptMetaList, ScriptVersion } from '@qlik/api/apps';
import type { ItemResultResponseBody, ItemsListItemsResponseBody } from '@qlik/api/items';
import { api, signIn, startTenant, type TestTenant } from '../../test/harness';
import { spacesStore } from '../../store/spaces';

let t: TestTenant;
let ada: string;
let max: string;
let rita: string;

beforeAll(async () => {
  t = await startTenant();
  [ada, max, rita] = await Promise.all([
    signIn(t, 'ada', 'user_default').then((r) => r.access_token),
    signIn(t, 'max', 'user_default').then((r) => r.access_token),
    signIn(t, 'rita', 'user_default').then((r) => r.access_token),
  ]);
});
afterAll(async () => {
  await t.stop();
});

const spaceId = (name: string) => spacesStore(t.db).byName(name)!.id;

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

const post = (token: string, path: string, body: unknown) =>
  api(t, token, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function createApp(token: string, attributes: Record<string, string>) {
  return json<NxApp>(await post(token, '/api/v1/apps', { attributes }));
}

describe('apps', () => {
  it('creates an app in a shared space, reads it, and deletes it with audit events', async () => {
    const created = await createApp(max, { name: 'Quota tracker', spaceId: spaceId('Sales analytics') });
    const id = created.attributes!.id!;
    expect(created.attributes).toMatchObject({ name: 'Quota tracker', ownerId: expect.any(String), published: false });
    expect(created.privileges).toEqual(expect.arrayContaining(['read', 'update', 'delete']));

    const read = await json<NxApp>(await api(t, rita, `/api/v1/apps/${id}`));
    expect(read.attributes!.name).toBe('Quota tracker');
    expect(read.privileges).toEqual(['read']);
    expect((await api(t, rita, `/api/v1/apps/${id}`, { method: 'DELETE' })).status).toBe(403);

    expect((await api(t, max, `/api/v1/apps/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api(t, max, `/api/v1/apps/${id}`)).status).toBe(404);
    const admin = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
    const events = await json<{ data: { eventType: string; data: { id?: string } }[] }>(
      await api(t, admin, '/api/v1/audits?source=com.qlik/engine&limit=100'),
    );
    const types = events.data.filter((e) => e.data.id === id).map((e) => e.eventType);
    expect(types.sort()).toEqual(['com.qlik.v1.app.created', 'com.qlik.v1.app.deleted']);
  });

  it('refuses apps in managed and data spaces and creation without an editing role', async () => {
    expect((await post(ada, '/api/v1/apps', { attributes: { name: 'x', spaceId: spaceId('Executive dashboards') } })).status).toBe(403);
    expect((await post(ada, '/api/v1/apps', { attributes: { name: 'x', spaceId: spaceId('Sales data') } })).status).toBe(403);
    expect((await post(rita, '/api/v1/apps', { attributes: { name: 'x', spaceId: spaceId('Sales analytics') } })).status).toBe(403);
    expect((await post(rita, '/api/v1/apps', { attributes: { name: 'x', spaceId: spaceId('Operations data') } })).status).toBe(404);
    expect((await post(ada, '/api/v1/apps', { attributes: { name: '  ' } })).status).toBe(400);
  });

  it('keeps personal apps to their owner', async () => {
    const created = await createApp(rita, { name: 'My notes' });
    const id = created.attributes!.id!;
    expect((await api(t, ada, `/api/v1/apps/${id}`)).status).toBe(404);
    expect((await api(t, rita, `/api/v1/apps/${id}`)).status).toBe(200);
  });

  it('needs the apps scopes', async () => {
    const datasetOnly = (await signIn(t, 'ada', 'dataset')).access_token;
    const readOnly = (await signIn(t, 'ada', 'apps:read')).access_token;
    expect((await post(datasetOnly, '/api/v1/apps', { attributes: { name: 'x' } })).status).toBe(403);
    expect((await post(readOnly, '/api/v1/apps', { attributes: { name: 'x' } })).status).toBe(403);
    const app = await createApp(ada, { name: 'Scoped' });
    expect((await api(t, readOnly, `/api/v1/apps/${app.attributes!.id}`)).status).toBe(200);
    expect((await api(t, datasetOnly, `/api/v1/apps/${app.attributes!.id}`)).status).toBe(403);
  });
});

describe('scripts', () => {
  it('saves versions, lists them newest first and reads one or the current', async () => {
    const app = await createApp(max, { name: 'Scripted', spaceId: spaceId('Sales analytics') });
    const id = app.attributes!.id!;
    expect((await post(max, `/api/v1/apps/${id}/scripts`, { script: 'LOAD 1 AS a AUTOGENERATE 1;', versionMessage: 'first' })).status).toBe(200);
    const second = `LIB CONNECT TO 'Sales data:Sales warehouse';
LOAD * FROM [lib://Sales data:DataFiles/raw/orders.csv] (txt);
STORE t INTO [lib://DataFiles/out.qvd] (qvd);`;
    expect((await post(max, `/api/v1/apps/${id}/scripts`, { script: second, versionMessage: 'second' })).status).toBe(200);

    const list = await json<ScriptMetaList>(await api(t, rita, `/api/v1/apps/${id}/scripts`));
    expect(list.scripts!.map((s) => s.versionMessage)).toEqual(['second', 'first']);
    expect(list.scripts![0]!.size).toBe(Buffer.byteLength(second));
    const current = await json<ScriptVersion>(await api(t, rita, `/api/v1/apps/${id}/scripts/current`));
    expect(current).toEqual({ script: second, versionMessage: 'second' });
    const first = await json<ScriptVersion>(await api(t, rita, `/api/v1/apps/${id}/scripts/${list.scripts![1]!.scriptId}`));
    expect(first.versionMessage).toBe('first');
    expect((await api(t, rita, `/api/v1/apps/${id}/scripts/nope`)).status).toBe(404);
    expect((await post(rita, `/api/v1/apps/${id}/scripts`, { script: 'x' })).status).toBe(403);

    const lineage = await json<LineageInfoRest[]>(await api(t, rita, `/api/v1/apps/${id}/data/lineage`));
    expect(lineage).toEqual([
      { discriminator: 'Sales data:Sales warehouse', statement: "LIB CONNECT TO 'Sales data:Sales warehouse'" },
      { discriminator: '[lib://Sales data:DataFiles/raw/orders.csv]', statement: '' },
      { discriminator: 'STORE - [lib://DataFiles/out.qvd]', statement: '' },
    ]);
  });

  it('records a script save as an audit event', async () => {
    const app = await createApp(ada, { name: 'Audited script' });
    const id = app.attributes!.id!;
    await post(ada, `/api/v1/apps/${id}/scripts`, { script: 'LOAD 1 AS a AUTOGENERATE 1;', versionMessage: 'v1' });
    const admin = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
    const events = await json<{ data: { data: { id?: string; versionMessage?: string } }[] }>(
      await api(t, admin, '/api/v1/audits?eventType=com.qlik.v1.app.script.updated&limit=100'),
    );
    expect(events.data.find((e) => e.data.id === id)?.data.versionMessage).toBe('v1');
  });
});

describe('items', () => {
  it('lists seeded apps as items beside data sets, filtered by resourceType and space', async () => {
    const apps = await json<ItemsListItemsResponseBody>(await api(t, ada, `/api/v1/items?resourceType=app&limit=100`));
    const names = apps.data.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['Sales dashboard', 'Orders pipeline', 'Budget review', 'Scratch analysis']));
    expect(apps.data.every((i) => i.resourceType === 'app')).toBe(true);

    const inSpace = await json<ItemsListItemsResponseBody>(
      await api(t, rita, `/api/v1/items?resourceType=app&spaceId=${spaceId('Sales analytics')}&sort=name&limit=100`),
    );
    expect(inSpace.data.map((i) => i.name).filter((n) => ['Orders pipeline', 'Sales dashboard'].includes(n))).toEqual([
      'Orders pipeline',
      'Sales dashboard',
    ]);
    const one = await json<ItemResultResponseBody>(await api(t, rita, `/api/v1/items/${inSpace.data[0]!.id}`));
    expect(one.resourceType).toBe('app');
    // Rita is no member of Finance's space directly but reads it through her group; personal apps stay Ada's
    expect((await json<ItemsListItemsResponseBody>(await api(t, rita, `/api/v1/items?resourceType=app&limit=100`))).data.map((i) => i.name)).not.toContain('Scratch analysis');
  });

  it('pages one list of data sets and apps by name, without gaps or repeats', async () => {
    const all: string[] = [];
    let url: string | undefined = `/api/v1/items?sort=name&limit=3`;
    while (url) {
      const page: ItemsListItemsResponseBody = await json(await api(t, ada, url));
      all.push(...page.data.map((i) => `${i.resourceType}:${i.name}`));
      url = page.links.next?.href?.replace(t.url, '');
    }
    const once = await json<ItemsListItemsResponseBody>(await api(t, ada, `/api/v1/items?sort=name&limit=100`));
    expect(all).toEqual(once.data.map((i) => `${i.resourceType}:${i.name}`));
    expect(all.some((n) => n.startsWith('app:'))).toBe(true);
    expect(all.some((n) => n.startsWith('dataset:'))).toBe(true);
    const names = all.map((n) => n.slice(n.indexOf(':') + 1).toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('keeps a space with apps from being deleted', async () => {
    const space = await json<{ id: string }>(
      await post(ada, '/api/v1/spaces', { name: 'Apps only', type: 'shared' }),
      201,
    );
    await createApp(ada, { name: 'Holds the space', spaceId: space.id });
    const refused = await api(t, ada, `/api/v1/spaces/${space.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(412);
    expect(await refused.text()).toContain('1 apps');
  });
});
