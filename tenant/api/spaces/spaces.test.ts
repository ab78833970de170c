// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assignment, Assignments, Space, Spaces } from '@qlik/api/spaces';
import type { ConnectionGet, Connections } from '@qlik/api/data-connections';
import { api, signIn, startTenant, type TestTenant } from '../../test/harness';
import { spacesStore } from '../../store/spaces';
import { scaledTimeout } from '../../test/timeouts';

let t: TestTenant;
/** Tokens: Ada as tenant admin (admin scopes) and as a plain user, Max, Rita. */
const tok = { admin: '', ada: '', max: '', rita: '', ritaSharedOnly: '', maxSharedRead: '' };
const ids = { ada: '', max: '', rita: '', grace: '', financeGroup: '', tenant: '' };

interface ErrorBody {
  code?: string;
  title?: string;
  detail?: string;
  meta?: Record<string, unknown>;
  source?: { pointer?: string; parameter?: string };
  errors: {
    code: string;
    title: string;
    detail?: string;
    status?: string;
    meta?: Record<string, unknown>;
    source?: { pointer?: string; parameter?: string };
  }[];
  traceId: string;
}

async function call<T = unknown>(
  token: string,
  path: string,
  init: { method?: string; body?: unknown; contentType?: string } = {},
) {
  const response = await api(t, token, path, {
    method: init.method ?? 'GET',
    ...(init.body !== undefined
      ? {
          body: JSON.stringify(init.body),
          headers: { 'content-type': init.contentType ?? 'application/json' },
        }
      : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
  };
}

const get = <T>(token: string, path: string) => call<T>(token, path);
const post = <T>(token: string, path: string, body: unknown) =>
  call<T>(token, path, { method: 'POST', body });
const put = <T>(token: string, path: string, body: unknown) => call<T>(token, path, { method: 'PUT', body });
const patch = <T>(token: string, path: string, body: unknown) =>
  call<T>(token, path, { method: 'PATCH', body, contentType: 'application/json-patch+json' });
const del = <T>(token: string, path: string) => call<T>(token, path, { method: 'DELETE' });

async function spaceNamed(name: string, token = tok.admin): Promise<Space> {
  const list = await get<Spaces>(token, `/api/v1/spaces?name=${encodeURIComponent(name)}&limit=100`);
  const found = list.body.data!.find((s) => s.name === name);
  if (!found) throw new Error(`no space ${name}`);
  return found;
}

async function createSpace(
  token: string,
  name: string,
  type: 'shared' | 'managed' | 'data' = 'shared',
  description?: string,
) {
  return post<Space & ErrorBody>(token, '/api/v1/spaces', {
    name,
    type,
    ...(description !== undefined ? { description } : {}),
  });
}

beforeAll(async () => {
  t = await startTenant();
  [tok.admin, tok.ada, tok.max, tok.rita, tok.ritaSharedOnly, tok.maxSharedRead] = (
    await Promise.all([
      signIn(t, 'ada', 'user_default admin_classic'),
      signIn(t, 'ada', 'user_default'),
      signIn(t, 'max', 'user_default'),
      signIn(t, 'rita', 'user_default'),
      signIn(t, 'rita', 'spaces.shared:read'),
      signIn(t, 'max', 'spaces.shared:read'),
    ])
  ).map((r) => r.access_token) as [string, string, string, string, string, string];
  for (const who of ['ada', 'max', 'rita'] as const) {
    ids[who] = (await get<{ id: string }>(tok[who], '/api/v1/users/me')).body.id;
  }
  const users = await get<{ data: { id: string; email: string }[] }>(tok.admin, '/api/v1/users?limit=100');
  ids.grace = users.body.data.find((u) => u.email === 'grace@example.com')!.id;
  const groups = await get<{ data: { id: string; name: string }[] }>(tok.admin, '/api/v1/groups');
  ids.financeGroup = groups.body.data.find((g) => g.name === 'Finance analysts')!.id;
  ids.tenant = (await get<{ id: string }>(tok.admin, '/api/v1/tenants/me')).body.id;
});
afterAll(async () => {
  await t.stop();
});

describe('space types and the demo seed', () => {
  it('lists the enabled space types', async () => {
    const r = await get<{ data: string[] }>(tok.rita, '/api/v1/spaces/types');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ data: ['shared', 'managed', 'data'] });
  });

  it('a tenant admin with admin.spaces:read sees every space; the same person without admin scopes only their own', async () => {
    const all = await get<Spaces>(tok.admin, '/api/v1/spaces?limit=100');
    expect(all.body.meta!.count).toBe(6);
    expect(new Set(all.body.data!.map((s) => s.type))).toEqual(new Set(['shared', 'managed', 'data']));
    // Ada owns five of the six; Marketing sandbox is Max's and she is not a member there
    const own = await get<Spaces>(tok.ada, '/api/v1/spaces?limit=100');
    expect(own.body.data!.map((s) => s.name)).not.toContain('Marketing sandbox');
    expect(own.body.meta!.count).toBe(5);
  });

  it('Rita sees only the spaces she is assigned to, directly or through her group', async () => {
    const r = await get<Spaces>(tok.rita, '/api/v1/spaces');
    expect(r.status).toBe(200);
    expect(r.body.data!.map((s) => s.name)).toEqual(['Finance', 'Marketing sandbox', 'Sales analytics']);
    expect(r.body.meta!.count).toBe(3);
    const finance = r.body.data!.find((s) => s.name === 'Finance')!;
    expect(finance.meta).toEqual({
      actions: ['read'],
      roles: ['consumer', 'dataconsumer'],
      assignableRoles: ['codeveloper', 'consumer', 'dataconsumer', 'facilitator', 'producer'],
    });
  });

  it('computes meta per caller: a producer may create, a consumer only read', async () => {
    const asMax = await spaceNamed('Sales analytics', tok.max);
    expect(asMax.meta).toMatchObject({ roles: ['producer'], actions: ['create', 'read'] });
    const asRita = await spaceNamed('Sales analytics', tok.rita);
    expect(asRita.meta).toMatchObject({ roles: ['consumer'], actions: ['read'] });
    const asOwner = await spaceNamed('Sales analytics', tok.ada);
    expect(asOwner.meta!.actions).toEqual(['change_owner', 'create', 'delete', 'read', 'update']);
    expect(asOwner.meta!.roles).toEqual(asOwner.meta!.assignableRoles);
    const managed = await spaceNamed('Executive dashboards');
    expect(managed.meta!.assignableRoles).toEqual([
      'basicconsumer',
      'consumer',
      'contributor',
      'dataconsumer',
      'facilitator',
      'publisher',
    ]);
    expect(managed.meta!.actions).toContain('publish');
    const data = await spaceNamed('Sales data');
    expect(data.meta!.assignableRoles).toEqual([
      'consumer',
      'dataconsumer',
      'datapreview',
      'facilitator',
      'operator',
      'producer',
      'publisher',
    ]);
  });
});

describe('POST /spaces', () => {
  it('creates a space with Qlik shape, Location and its DataFiles connection and data asset', async () => {
    const r = await createSpace(tok.max, 'Max team', 'shared', 'Team space');
    expect(r.status).toBe(201);
    const space = r.body;
    expect(space.id).toMatch(/^[0-9a-f]{24}$/);
    expect(space).toMatchObject({
      type: 'shared',
      name: 'Max team',
      description: 'Team space',
      ownerId: ids.max,
      createdBy: ids.max,
      tenantId: ids.tenant,
      links: {
        self: { href: `${t.url}/api/v1/spaces/${space.id}` },
        assignments: { href: `${t.url}/api/v1/spaces/${space.id}/assignments` },
      },
    });
    expect(r.headers.get('location')).toBe(space.links.self.href);
    expect(space.meta!.actions).toEqual(['change_owner', 'create', 'delete', 'read', 'update']);
    expect(new Date(space.createdAt!).toISOString()).toBe(space.createdAt);

    const conns = await get<Connections>(tok.max, `/api/v1/data-connections?spaceId=${space.id}`);
    expect(conns.body.data).toHaveLength(1);
    expect(conns.body.data![0]).toMatchObject({
      qName: 'DataFiles',
      qType: 'qix-datafiles.exe',
      qConnectStatement: 'CUSTOM CONNECT TO "provider=qix-datafiles.exe;path=Max team:datafiles;"',
      privileges: ['read'],
      space: space.id,
    });
    expect(spacesStore(t.db).dataAssetOf(space.id)).toMatchObject({
      name: 'Max team',
      app_type: 'QIX-DF',
      space_id: space.id,
    });
    const store = t.db
      .prepare(
        'SELECT d.name, d.type FROM data_assets a JOIN data_stores d ON d.id = a.data_store_id WHERE a.space_id = ?',
      )
      .get(space.id);
    expect(store).toEqual({ name: 'DataFilesStore', type: 'qix-datafiles' });
  });

  it.each([
    ['blank', '   '],
    ['too long', 'x'.repeat(257)],
    ...['"', '*', '?', '<', '>', '/', '|', '\\', ':'].map((c) => [`containing ${c}`, `bad ${c} name`]),
  ])('refuses a name that is %s with 400 pointing at /name', async (_what, name) => {
    const r = await createSpace(tok.admin, name);
    expect(r.status).toBe(400);
    expect(r.body.errors[0]!.source).toEqual({ pointer: '/name' });
    expect(r.body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts 256 characters and refuses a missing name', async () => {
    expect((await createSpace(tok.admin, 'n'.repeat(256))).status).toBe(201);
    const missing = await post<ErrorBody>(tok.admin, '/api/v1/spaces', { type: 'shared' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]!.source?.pointer).toBe('/name');
    expect((await post<ErrorBody>(tok.admin, '/api/v1/spaces', { name: 'x', type: 'personal' })).status).toBe(
      400,
    );
  });

  it('answers 409 for a taken name (any case, even a space the caller cannot see), in the spaces error shape', async () => {
    const r = await createSpace(tok.max, 'EXECUTIVE DASHBOARDS');
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      code: 'HTTP-409',
      title: 'Conflict',
      detail: 'Spaces names must be unique',
    });
    expect(r.body.errors[0]).toMatchObject({
      code: 'HTTP-409',
      detail: 'Spaces names must be unique',
    });
    // The spaces API's Error type has no status field.
    expect(r.body.errors[0]).not.toHaveProperty('status');
    expect(r.body.traceId).toBeTruthy();
  });

  it('needs the creator role of the space type', async () => {
    const rita = await createSpace(tok.rita, 'Rita space');
    expect(rita.status).toBe(403);
    expect(rita.body.errors[0]!.meta).toEqual({ reason: 'role' });
    expect(rita.body.errors[0]!.detail).toContain('SharedSpaceCreator');
    const maxManaged = await createSpace(tok.max, 'Max managed', 'managed');
    expect(maxManaged.status).toBe(403);
    expect(maxManaged.body.errors[0]!.detail).toContain('ManagedSpaceCreator');
    expect((await createSpace(tok.max, 'Max data', 'data')).status).toBe(403);
    expect((await createSpace(tok.ada, 'Ada data', 'data')).status).toBe(201);
    expect((await createSpace(tok.ada, 'Ada managed', 'managed')).status).toBe(201);
  });

  it('needs a create scope', async () => {
    const r = await createSpace(tok.maxSharedRead, 'Read only token');
    expect(r.status).toBe(403);
    expect(r.body.errors[0]!.meta).toMatchObject({ reason: 'scope' });
    const noToken = await api(t, undefined, '/api/v1/spaces');
    expect(noToken.status).toBe(401);
  });
});

describe('GET /spaces/{id} and visibility', () => {
  it('answers 404 to a non-member and 200 to members, the owner and an admin', async () => {
    const managed = await spaceNamed('Executive dashboards');
    const rita = await get<ErrorBody>(tok.rita, `/api/v1/spaces/${managed.id}`);
    expect(rita.status).toBe(404);
    expect(rita.body.errors[0]!.code).toBe('HTTP-404');
    expect((await get(tok.admin, `/api/v1/spaces/${managed.id}`)).status).toBe(200);
    expect((await get(tok.ada, `/api/v1/spaces/${managed.id}`)).status).toBe(200);
    const marketing = await spaceNamed('Marketing sandbox');
    expect((await get(tok.ada, `/api/v1/spaces/${marketing.id}`)).status).toBe(404);
    const asAdmin = await get<Space>(tok.admin, `/api/v1/spaces/${marketing.id}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.meta).toMatchObject({
      roles: [],
      actions: ['change_owner', 'delete', 'read', 'update'],
    });
    expect((await get(tok.rita, '/api/v1/spaces/000000000000000000000000')).status).toBe(404);
  });

  it('reads only the space types the token has a scope for', async () => {
    const r = await get<Spaces>(tok.maxSharedRead, '/api/v1/spaces?limit=100');
    expect(r.status).toBe(200);
    expect(r.body.data!.every((s) => s.type === 'shared')).toBe(true);
    const salesData = await spaceNamed('Sales data', tok.max);
    expect((await get(tok.maxSharedRead, `/api/v1/spaces/${salesData.id}`)).status).toBe(404);
  });
});

describe('GET /spaces filters and sorting', () => {
  it('filters by type (comma list), name substring (any case), ownerId and SCIM filter', async () => {
    const types = await get<Spaces>(tok.admin, '/api/v1/spaces?type=managed,data&limit=100');
    expect(types.body.data!.length).toBeGreaterThan(0);
    expect(types.body.data!.every((s) => s.type === 'managed' || s.type === 'data')).toBe(true);
    expect(types.body.meta!.count).toBe(types.body.data!.length);
    const name = await get<Spaces>(tok.rita, '/api/v1/spaces?name=SALES');
    expect(name.body.data!.map((s) => s.name)).toEqual(['Sales analytics']);
    const owner = await get<Spaces>(tok.admin, `/api/v1/spaces?ownerId=${ids.max}&limit=100`);
    expect(owner.body.data!.length).toBeGreaterThan(0);
    expect(owner.body.data!.every((s) => s.ownerId === ids.max)).toBe(true);
    const scim = await get<Spaces>(
      tok.admin,
      `/api/v1/spaces?filter=${encodeURIComponent('name eq "finance"')}`,
    );
    expect(scim.body.data!.map((s) => s.name)).toEqual(['Finance']);
    const co = await get<Spaces>(
      tok.admin,
      `/api/v1/spaces?filter=${encodeURIComponent('name co "data" and type eq "data"')}`,
    );
    expect(co.body.data!.map((s) => s.name).sort()).toEqual(['Ada data', 'Operations data', 'Sales data']);
  });

  it('sorts by name (default), -name, type and createdAt; refuses unknown sorts and types', async () => {
    const names = (await get<Spaces>(tok.rita, '/api/v1/spaces')).body.data!.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const desc = (await get<Spaces>(tok.rita, '/api/v1/spaces?sort=-name')).body.data!.map((s) => s.name);
    expect(desc).toEqual([...names].reverse());
    const plus = (await get<Spaces>(tok.rita, '/api/v1/spaces?sort=%2Bname')).body.data!.map((s) => s.name);
    expect(plus).toEqual(names);
    const byType = (await get<Spaces>(tok.admin, '/api/v1/spaces?sort=type&limit=100')).body.data!.map(
      (s) => s.type,
    );
    expect(byType).toEqual([...byType].sort());
    const created = (await get<Spaces>(tok.admin, '/api/v1/spaces?sort=-createdAt&limit=100')).body.data!.map(
      (s) => s.createdAt!,
    );
    expect(created).toEqual([...created].sort().reverse());
    expect((await get(tok.admin, '/api/v1/spaces?sort=owner')).status).toBe(400);
    expect((await get(tok.admin, '/api/v1/spaces?type=personal')).status).toBe(400);
    expect((await get(tok.admin, '/api/v1/spaces?limit=101')).status).toBe(400);
    expect((await get(tok.admin, '/api/v1/spaces?next=garbage')).status).toBe(400);
  });

  it('filters by the roles the caller holds and by action=publish', async () => {
    const producer = await get<Spaces>(tok.max, '/api/v1/spaces?roles=producer');
    // Max is producer in Sales analytics, producer through Data engineers in Sales data, and owns Marketing sandbox
    expect(producer.body.data!.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Sales analytics', 'Sales data']),
    );
    const consumer = await get<Spaces>(tok.rita, '/api/v1/spaces?roles=facilitator');
    expect(consumer.body.data).toEqual([]);
    const publish = await get<Spaces>(tok.ada, '/api/v1/spaces?action=publish&limit=100');
    expect(publish.body.data!.every((s) => s.type !== 'shared')).toBe(true);
    expect(publish.body.data!.length).toBeGreaterThan(0);
  });
});

describe('cursor paging', () => {
  it('walks 25 spaces forwards with next and back with prev, without gaps or duplicates', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `Paging ${String(i).padStart(2, '0')}`);
    for (const name of names) expect((await createSpace(tok.admin, name)).status).toBe(201);

    const forward: string[] = [];
    let url: string | undefined = '/api/v1/spaces?name=paging&limit=7';
    let last: Spaces | undefined;
    let pages = 0;
    while (url) {
      const r: { status: number; body: Spaces } = await get<Spaces>(tok.admin, url.replace(t.url, ''));
      expect(r.status).toBe(200);
      expect(r.body.meta!.count).toBe(25);
      if (pages === 0) expect(r.body.links!.prev).toBeUndefined();
      forward.push(...r.body.data!.map((s) => s.name));
      if (r.body.links!.next)
        expect(r.body.links!.next.href.startsWith(`${t.url}/api/v1/spaces?`)).toBe(true);
      url = r.body.links!.next?.href;
      last = r.body;
      pages++;
    }
    expect(pages).toBe(4);
    expect(forward).toEqual(names);
    expect(last!.data).toHaveLength(4);

    const backward: string[] = [...last!.data!.map((s) => s.name)];
    url = last!.links!.prev?.href;
    while (url) {
      const r: { status: number; body: Spaces } = await get<Spaces>(tok.admin, url.replace(t.url, ''));
      expect(r.body.data).toHaveLength(7);
      backward.unshift(...r.body.data!.map((s) => s.name));
      url = r.body.links!.prev?.href;
    }
    expect(backward).toEqual(names);
  });

  it('pages descending too', async () => {
    const first = await get<Spaces>(tok.admin, '/api/v1/spaces?name=paging&limit=10&sort=-name');
    const second = await get<Spaces>(tok.admin, first.body.links!.next!.href.replace(t.url, ''));
    const names = [...first.body.data!, ...second.body.data!].map((s) => s.name);
    expect(names[0]).toBe('Paging 24');
    expect(names[19]).toBe('Paging 05');
    expect(new Set(names).size).toBe(20);
  });
});

describe('PUT and PATCH /spaces/{id}', () => {
  it('renames through PUT and carries the name to the DataFiles connection and the data asset', async () => {
    const created = (await createSpace(tok.max, 'Before rename')).body;
    const r = await put<Space>(tok.max, `/api/v1/spaces/${created.id}`, {
      name: 'After rename',
      description: 'new',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'After rename', description: 'new', id: created.id });
    expect(r.body.updatedAt! >= created.updatedAt!).toBe(true);
    const conns = await get<Connections>(tok.max, `/api/v1/data-connections?spaceId=${created.id}`);
    expect(conns.body.data![0]!.qConnectStatement).toBe(
      'CUSTOM CONNECT TO "provider=qix-datafiles.exe;path=After rename:datafiles;"',
    );
    expect(spacesStore(t.db).dataAssetOf(created.id)).toMatchObject({
      name: 'After rename',
      technical_name: 'After rename',
    });
  });

  it('applies JSON-Patch replace operations and refuses anything else with 400', async () => {
    const s = (await createSpace(tok.max, 'Patch me')).body;
    const ok = await patch<Space>(tok.max, `/api/v1/spaces/${s.id}`, [
      { op: 'replace', path: '/name', value: 'Patched' },
      { op: 'replace', path: '/description', value: 'patched description' },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Patched', description: 'patched description' });
    const add = await patch<ErrorBody>(tok.max, `/api/v1/spaces/${s.id}`, [
      { op: 'add', path: '/name', value: 'x' },
    ]);
    expect(add.status).toBe(400);
    expect(add.body.errors[0]!.source).toEqual({ pointer: '/0/op' });
    const type = await patch<ErrorBody>(tok.max, `/api/v1/spaces/${s.id}`, [
      { op: 'replace', path: '/type', value: 'managed' },
    ]);
    expect(type.status).toBe(400);
    expect(type.body.errors[0]!.source).toEqual({ pointer: '/0/path' });
    expect(
      (await patch(tok.max, `/api/v1/spaces/${s.id}`, [{ op: 'replace', path: '/name', value: 3 }])).status,
    ).toBe(400);
    expect(
      (await patch(tok.max, `/api/v1/spaces/${s.id}`, [{ op: 'replace', path: '/name', value: 'a:b' }]))
        .status,
    ).toBe(400);
    expect((await patch(tok.max, `/api/v1/spaces/${s.id}`, [])).status).toBe(400);
    expect((await patch(tok.max, `/api/v1/spaces/${s.id}`, { op: 'replace' })).status).toBe(400);
    const clash = await patch<ErrorBody>(tok.max, `/api/v1/spaces/${s.id}`, [
      { op: 'replace', path: '/name', value: 'finance' },
    ]);
    expect(clash.status).toBe(409);
    // plain application/json is accepted too (what @qlik/api sends)
    const json = await call<Space>(tok.max, `/api/v1/spaces/${s.id}`, {
      method: 'PATCH',
      body: [{ op: 'replace', path: '/name', value: 'Patched again' }],
    });
    expect(json.status).toBe(200);
    expect(json.body.name).toBe('Patched again');
  });

  it('answers 403 with reason "role" to a member who may not change the space', async () => {
    const sales = await spaceNamed('Sales analytics');
    const r = await put<ErrorBody>(tok.rita, `/api/v1/spaces/${sales.id}`, { name: 'Rita was here' });
    expect(r.status).toBe(403);
    expect(r.body.errors[0]!.meta).toEqual({ reason: 'role' });
    expect(r.body.errors[0]!.detail).toBe(
      'Only the owner, a member with Can manage (facilitator) or a tenant admin can rename this space.',
    );
    expect(r.body.detail).toBe(r.body.errors[0]!.detail);
    const producer = await patch<ErrorBody>(tok.max, `/api/v1/spaces/${sales.id}`, [
      { op: 'replace', path: '/description', value: 'x' },
    ]);
    expect(producer.status).toBe(403);
    const hidden = await spaceNamed('Executive dashboards');
    expect((await put(tok.rita, `/api/v1/spaces/${hidden.id}`, { name: 'x' })).status).toBe(404);
  });

  it('lets the owner or an admin change the owner; the new owner leaves the member list', async () => {
    const s = (await createSpace(tok.ada, 'Ownership')).body;
    await post(tok.ada, `/api/v1/spaces/${s.id}/assignments`, {
      type: 'user',
      assigneeId: ids.max,
      roles: ['producer'],
    });
    const asProducer = await put<ErrorBody>(tok.max, `/api/v1/spaces/${s.id}`, { ownerId: ids.max });
    expect(asProducer.status).toBe(403);
    expect(asProducer.body.errors[0]!.detail).toContain('owner');
    expect((await put(tok.ada, `/api/v1/spaces/${s.id}`, { ownerId: 'nobody' })).status).toBe(404);
    const r = await patch<Space>(tok.ada, `/api/v1/spaces/${s.id}`, [
      { op: 'replace', path: '/ownerId', value: ids.max },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.ownerId).toBe(ids.max);
    const members = await get<Assignments>(tok.max, `/api/v1/spaces/${s.id}/assignments`);
    expect(members.body.data!.map((a) => a.assigneeId)).not.toContain(ids.max);
    // Ada without admin scopes lost the space with its ownership; with them she can still hand it back
    expect((await get(tok.ada, `/api/v1/spaces/${s.id}`)).status).toBe(404);
    const back = await put<Space>(tok.admin, `/api/v1/spaces/${s.id}`, { ownerId: ids.ada });
    expect(back.status).toBe(200);
    expect(back.body.ownerId).toBe(ids.ada);
  });

  it('needs the write scope of the space type', async () => {
    const s = (await createSpace(tok.max, 'Scope check')).body;
    const r = await put<ErrorBody>(tok.maxSharedRead, `/api/v1/spaces/${s.id}`, { name: 'Nope' });
    expect(r.status).toBe(403);
    expect(r.body.errors[0]!.meta).toMatchObject({ reason: 'scope' });
  });
});

describe('effective rights through groups', () => {
  it('a group assignment gives its members the role, unioned with their own', async () => {
    const s = (await createSpace(tok.ada, 'Group managed')).body;
    await post(tok.ada, `/api/v1/spaces/${s.id}/assignments`, {
      type: 'user',
      assigneeId: ids.rita,
      roles: ['consumer'],
    });
    expect((await put(tok.rita, `/api/v1/spaces/${s.id}`, { description: 'by Rita' })).status).toBe(403);
    const group = await post<Assignment>(tok.ada, `/api/v1/spaces/${s.id}/assignments`, {
      type: 'group',
      assigneeId: ids.financeGroup,
      roles: ['facilitator'],
    });
    expect(group.status).toBe(201);
    const seen = await get<Space>(tok.rita, `/api/v1/spaces/${s.id}`);
    expect(seen.body.meta!.roles).toEqual(['consumer', 'facilitator']);
    expect(seen.body.meta!.actions).toEqual(['create', 'delete', 'read', 'update']);
    expect((await put(tok.rita, `/api/v1/spaces/${s.id}`, { description: 'by Rita' })).status).toBe(200);
    // a facilitator may manage members but not change the owner
    expect(
      (
        await post(tok.rita, `/api/v1/spaces/${s.id}/assignments`, {
          type: 'user',
          assigneeId: ids.grace,
          roles: ['consumer'],
        })
      ).status,
    ).toBe(201);
    expect((await put(tok.rita, `/api/v1/spaces/${s.id}`, { ownerId: ids.rita })).status).toBe(403);
    await del(tok.ada, `/api/v1/spaces/${s.id}/assignments/${group.body.id}`);
    expect((await put(tok.rita, `/api/v1/spaces/${s.id}`, { description: 'again' })).status).toBe(403);
  });
});

describe('DELETE /spaces/{id}', () => {
  it('deletes an empty space with its DataFiles connection and data asset', async () => {
    const s = (await createSpace(tok.max, 'Short lived')).body;
    const dataFiles = (await get<Connections>(tok.max, `/api/v1/data-connections?spaceId=${s.id}`)).body
      .data![0]!;
    expect((await del(tok.rita, `/api/v1/spaces/${s.id}`)).status).toBe(404);
    const r = await del(tok.max, `/api/v1/spaces/${s.id}`);
    expect(r.status).toBe(204);
    expect((await get(tok.max, `/api/v1/spaces/${s.id}`)).status).toBe(404);
    expect((await get(tok.admin, `/api/v1/data-connections/${dataFiles.qID}`)).status).toBe(404);
    expect(spacesStore(t.db).dataAssetOf(s.id)).toBeUndefined();
    expect((await del(tok.max, `/api/v1/spaces/${s.id}`)).status).toBe(404);
  });

  it('answers 412 while the space holds data connections, and 403 to members without Can manage', async () => {
    const s = (await createSpace(tok.max, 'Has content')).body;
    const conn = await post<ConnectionGet>(tok.max, '/api/v1/data-connections', {
      qName: 'Content',
      datasourceID: 'rest',
      space: s.id,
      connectionProperties: { url: 'https://example.com/a' },
    });
    expect(conn.status).toBe(201);
    const blocked = await del<ErrorBody>(tok.max, `/api/v1/spaces/${s.id}`);
    expect(blocked.status).toBe(412);
    expect(blocked.body.errors[0]!.detail).toContain('Space delete precondition (space not empty) failed');
    expect(blocked.body.errors[0]!.meta).toEqual({ content: { 'data connections': 1 } });
    expect((await get(tok.max, `/api/v1/spaces/${s.id}`)).status).toBe(200);
    await post(tok.max, `/api/v1/spaces/${s.id}/assignments`, {
      type: 'user',
      assigneeId: ids.rita,
      roles: ['producer'],
    });
    const asProducer = await del<ErrorBody>(tok.rita, `/api/v1/spaces/${s.id}`);
    expect(asProducer.status).toBe(403);
    expect(asProducer.body.errors[0]!.detail).toContain('delete this space');
    expect((await del(tok.max, `/api/v1/data-connections/${conn.body.qID}`)).status).toBe(204);
    expect((await del(tok.max, `/api/v1/spaces/${s.id}`)).status).toBe(204);
  });
});

describe('assignments', () => {
  let space: Space;
  beforeAll(async () => {
    space = (await createSpace(tok.ada, 'Members')).body;
  });

  it('adds users and groups, with Qlik shape and Location', async () => {
    const r = await post<Assignment>(tok.ada, `/api/v1/spaces/${space.id}/assignments`, {
      type: 'user',
      assigneeId: ids.max,
      roles: ['producer', 'consumer', 'producer'],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      type: 'user',
      assigneeId: ids.max,
      roles: ['consumer', 'producer'],
      spaceId: space.id,
      tenantId: ids.tenant,
      createdBy: ids.ada,
      links: {
        self: { href: `${t.url}/api/v1/spaces/${space.id}/assignments/${r.body.id}` },
        space: { href: `${t.url}/api/v1/spaces/${space.id}` },
      },
    });
    expect(r.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(r.headers.get('location')).toBe(r.body.links.self.href);
    const g = await post<Assignment>(tok.ada, `/api/v1/spaces/${space.id}/assignments`, {
      type: 'group',
      assigneeId: ids.financeGroup,
      roles: ['consumer'],
    });
    expect(g.status).toBe(201);
    const got = await get<Assignment>(tok.rita, `/api/v1/spaces/${space.id}/assignments/${g.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(g.body);
  });

  it('refuses duplicates (409), the owner, unknown assignees, and roles the space type does not have', async () => {
    const dup = await post<ErrorBody>(tok.ada, `/api/v1/spaces/${space.id}/assignments`, {
      type: 'user',
      assigneeId: ids.max,
      roles: ['consumer'],
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]!.detail).toBe('Assignment already exists. assigneeId must be unique.');
    const owner = await post<ErrorBody>(tok.ada, `/api/v1/spaces/${space.id}/assignments`, {
      type: 'user',
      assigneeId: ids.ada,
      roles: ['consumer'],
    });
    expect(owner.status).toBe(400);
    expect(
      (
        await post(tok.ada, `/api/v1/spaces/${space.id}/assignments`, {
          type: 'user',
          assigneeId: 'ghost',
          roles: ['consumer'],
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await post(tok.ada, `/api/v1/spaces/${space.id}/assignments`, {
          type: 'group',
          assigneeId: ids.max,
          roles: ['consumer'],
        })
      ).status,
    ).toBe(404);
    for (const roles of [[], ['publisher'], ['basicconsumer'], ['operator'], ['datapreview'], ['owner']]) {
      const r = await post<ErrorBody>(tok.ada, `/api/v1/spaces/${space.id}/assignments`, {
        type: 'user',
        assigneeId: ids.grace,
        roles,
      });
      expect(r.status, JSON.stringify(roles)).toBe(400);
      expect(r.body.errors[0]!.source?.pointer).toBe('/roles');
    }
    expect(
      (await post(tok.ada, `/api/v1/spaces/${space.id}/assignments`, { type: 'user', assigneeId: ids.grace }))
        .status,
    ).toBe(400);
  });

  it('validates roles per space type', async () => {
    const managed = await spaceNamed('Executive dashboards');
    const data = await spaceNamed('Sales data');
    const add = (s: Space, roles: string[]) =>
      post(tok.admin, `/api/v1/spaces/${s.id}/assignments`, { type: 'user', assigneeId: ids.rita, roles });
    expect((await add(managed, ['producer'])).status).toBe(400);
    expect((await add(data, ['basicconsumer'])).status).toBe(400);
    expect((await add(data, ['datapreview', 'operator'])).status).toBe(201);
    expect((await add(managed, ['basicconsumer', 'publisher', 'contributor'])).status).toBe(201);
  });

  it('lists with filters, count and cursors', async () => {
    for (const user of [ids.rita, ids.grace]) {
      await post(tok.ada, `/api/v1/spaces/${space.id}/assignments`, {
        type: 'user',
        assigneeId: user,
        roles: ['consumer'],
      });
    }
    const all = await get<Assignments>(tok.rita, `/api/v1/spaces/${space.id}/assignments`);
    expect(all.status).toBe(200);
    expect(all.body.meta!.count).toBe(4);
    expect(all.body.data!.map((a) => a.assigneeId)).not.toContain(ids.ada);
    const users = await get<Assignments>(tok.ada, `/api/v1/spaces/${space.id}/assignments?type=user`);
    expect(users.body.meta!.count).toBe(3);
    const one = await get<Assignments>(
      tok.ada,
      `/api/v1/spaces/${space.id}/assignments?assigneeId=${ids.grace}`,
    );
    expect(one.body.data!.map((a) => a.assigneeId)).toEqual([ids.grace]);

    const seen: string[] = [];
    let url: string | undefined = `/api/v1/spaces/${space.id}/assignments?limit=3`;
    let lastPage: Assignments | undefined;
    while (url) {
      const r: { body: Assignments } = await get<Assignments>(tok.ada, url.replace(t.url, ''));
      seen.push(...r.body.data!.map((a) => a.id));
      lastPage = r.body;
      url = r.body.links!.next?.href;
    }
    expect(seen).toEqual(all.body.data!.map((a) => a.id));
    const back = await get<Assignments>(tok.ada, lastPage!.links!.prev!.href.replace(t.url, ''));
    expect(back.body.data!.map((a) => a.id)).toEqual(seen.slice(0, 3));
  });

  it('replaces roles with PUT and deletes with DELETE; members without Can manage get 403', async () => {
    const list = await get<Assignments>(
      tok.ada,
      `/api/v1/spaces/${space.id}/assignments?assigneeId=${ids.max}`,
    );
    const a = list.body.data![0]!;
    const asRita = await put<ErrorBody>(tok.rita, `/api/v1/spaces/${space.id}/assignments/${a.id}`, {
      roles: ['facilitator'],
    });
    expect(asRita.status).toBe(403);
    expect(asRita.body.errors[0]!.meta).toEqual({ reason: 'role' });
    const r = await put<Assignment>(tok.ada, `/api/v1/spaces/${space.id}/assignments/${a.id}`, {
      roles: ['facilitator'],
    });
    expect(r.status).toBe(200);
    expect(r.body.roles).toEqual(['facilitator']);
    expect(r.body.updatedBy).toBe(ids.ada);
    expect((await put(tok.ada, `/api/v1/spaces/${space.id}/assignments/${a.id}`, { roles: [] })).status).toBe(
      400,
    );
    expect(
      (await put(tok.ada, `/api/v1/spaces/${space.id}/assignments/${a.id}`, { roles: ['publisher'] })).status,
    ).toBe(400);
    // Max is facilitator now: he may manage members
    const rita = (
      await get<Assignments>(tok.max, `/api/v1/spaces/${space.id}/assignments?assigneeId=${ids.rita}`)
    ).body.data![0]!;
    expect((await del(tok.rita, `/api/v1/spaces/${space.id}/assignments/${rita.id}`)).status).toBe(403);
    expect((await del(tok.max, `/api/v1/spaces/${space.id}/assignments/${rita.id}`)).status).toBe(204);
    expect((await get(tok.max, `/api/v1/spaces/${space.id}/assignments/${rita.id}`)).status).toBe(404);
    expect((await del(tok.max, `/api/v1/spaces/${space.id}/assignments/${rita.id}`)).status).toBe(404);
  });

  it('hides the member list of spaces the caller cannot see', async () => {
    const hidden = await spaceNamed('Operations data');
    expect((await get(tok.rita, `/api/v1/spaces/${hidden.id}/assignments`)).status).toBe(404);
    expect(
      (
        await post(tok.rita, `/api/v1/spaces/${hidden.id}/assignments`, {
          type: 'user',
          assigneeId: ids.rita,
          roles: ['consumer'],
        })
      ).status,
    ).toBe(404);
  });
});

describe('scale', () => {
  it(
    'keeps lists fast with 10,000 spaces (keyset pages, one COUNT)',
    { timeout: scaledTimeout(60) },
    async () => {
      const big = await startTenant();
      try {
        const [admin, rita] = await Promise.all([
          signIn(big, 'ada', 'user_default admin_classic'),
          signIn(big, 'rita', 'user_default'),
        ]);
        const ritaId = (await (await api(big, rita.access_token, '/api/v1/users/me')).json()) as {
          id: string;
        };
        const store = spacesStore(big.db);
        const adaId = (await (await api(big, admin.access_token, '/api/v1/users/me')).json()) as {
          id: string;
        };
        big.db.transaction(() => {
          for (let i = 0; i < 10_000; i++) {
            const s = store.create({
              type: (['shared', 'managed', 'data'] as const)[i % 3]!,
              name: `Bulk ${String(i).padStart(5, '0')}`,
              ownerId: adaId.id,
              createdBy: adaId.id,
            });
            if (i % 1000 === 0)
              store.addAssignment({
                spaceId: s.id,
                type: 'user',
                assigneeId: ritaId.id,
                roles: ['consumer'],
                by: adaId.id,
              });
          }
        })();
        const time = async (token: string, path: string) => {
          const started = performance.now();
          const response = await api(big, token, path);
          const body = (await response.json()) as Spaces;
          return { ms: performance.now() - started, body };
        };
        const first = await time(admin.access_token, '/api/v1/spaces?limit=100');
        expect(first.body.meta!.count).toBe(10_006);
        let next = first.body.links!.next!.href.replace(big.url, '');
        for (let i = 0; i < 5; i++)
          next = (await time(admin.access_token, next)).body.links!.next!.href.replace(big.url, '');
        const deep = await time(admin.access_token, next);
        expect(deep.body.data).toHaveLength(100);
        const ritaList = await time(rita.access_token, '/api/v1/spaces?limit=100');
        expect(ritaList.body.meta!.count).toBe(13);
        const sorted = await time(admin.access_token, '/api/v1/spaces?limit=100&sort=-createdAt&type=data');
        expect(sorted.body.data).toHaveLength(100);
        // generous bounds: these run in well under 100 ms; a per-row query or a full sort per page would blow them
        for (const r of [first, deep, ritaList, sorted]) expect(r.ms).toBeLessThan(1500);
        console.info(
          `10k spaces: first ${first.ms.toFixed(0)} ms, deep ${deep.ms.toFixed(0)} ms, member ${ritaList.ms.toFixed(0)} ms, sorted ${sorted.ms.toFixed(0)} ms`,
        );
      } finally {
        await big.stop();
      }
    },
  );
});
