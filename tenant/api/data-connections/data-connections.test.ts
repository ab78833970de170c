// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Space, Spaces } from '@qlik/api/spaces';
import type {
  BulkResponse,
  ConnectionCreateResponse,
  ConnectionGet,
  Connections,
} from '@qlik/api/data-connections';
import { api, signIn, startTenant, type TestTenant } from '../../test/harness';

let t: TestTenant;
const tok = { admin: '', max: '', rita: '', ritaRead: '' };
const ids = { ada: '', max: '', rita: '' };
const spaces: Record<string, Space> = {};

/** Every secret any test sends; none may ever come back in a response body. */
const SECRETS = {
  pgPassword: 'pg-S3cret-pass-7731',
  pgPassword2: 'pg-S3cret-rotated-9920',
  sqlPassword: 'sql-S3cret-4410',
  restPassword: 'rest-basic-S3cret-1208',
  restToken: 'rest-bearer-S3cret-token-5561',
  s3Access: 'AKIAS3CRETACCESS0042',
  s3Secret: 's3-S3cret-key-8873',
  qPassword: 'qpass-S3cret-3390',
  qUsername: 'quser-S3cret-6611',
  connectionSecret: 'conn-S3cret-blob-4477',
  dupPassword: 'dup-S3cret-2025',
};
const seenBodies: string[] = [];

interface ErrorBody {
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
  const response = await api(t, token, path.replace(t.url, ''), {
    method: init.method ?? 'GET',
    ...(init.body !== undefined
      ? {
          body: JSON.stringify(init.body),
          headers: { 'content-type': init.contentType ?? 'application/json' },
        }
      : {}),
  });
  const text = await response.text();
  seenBodies.push(text, JSON.stringify([...response.headers]));
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

const create = (token: string, body: Record<string, unknown>) =>
  post<ConnectionCreateResponse & ErrorBody>(token, '/api/v1/data-connections', body);
const fetchConn = (token: string, id: string, query = '') =>
  get<ConnectionGet & ErrorBody>(token, `/api/v1/data-connections/${id}${query}`);

beforeAll(async () => {
  t = await startTenant();
  [tok.admin, tok.max, tok.rita, tok.ritaRead] = (
    await Promise.all([
      signIn(t, 'ada', 'user_default admin_classic'),
      signIn(t, 'max', 'user_default'),
      signIn(t, 'rita', 'user_default'),
      signIn(t, 'rita', 'data-connections:read spaces.shared:read'),
    ])
  ).map((r) => r.access_token) as [string, string, string, string];
  ids.ada = (await get<{ id: string }>(tok.admin, '/api/v1/users/me')).body.id;
  ids.max = (await get<{ id: string }>(tok.max, '/api/v1/users/me')).body.id;
  ids.rita = (await get<{ id: string }>(tok.rita, '/api/v1/users/me')).body.id;
  for (const s of (await get<Spaces>(tok.admin, '/api/v1/spaces?limit=100')).body.data!) spaces[s.name] = s;
});
afterAll(async () => {
  await t.stop();
});

describe('listing', () => {
  it('returns everything unpaged without limit: standard connections first, then DataFiles', async () => {
    const r = await get<Connections>(tok.admin, '/api/v1/data-connections');
    expect(r.status).toBe(200);
    const data = r.body.data!;
    // five seeded connections (four in spaces, Max's personal one is not Ada's) + six DataFiles connections
    expect(
      data
        .map((c) => c.qName)
        .filter((n) => n !== 'DataFiles')
        .sort(),
    ).toEqual(['CRM API', 'General ledger', 'Landing bucket', 'Sales warehouse']);
    expect(data.filter((c) => c.qName === 'DataFiles')).toHaveLength(6);
    const firstDataFiles = data.findIndex((c) => c.qType === 'qix-datafiles.exe');
    expect(data.slice(firstDataFiles).every((c) => c.qType === 'qix-datafiles.exe')).toBe(true);
    expect(r.body.meta).toEqual({ count: 10 });
    expect(r.body.links!.next).toBeUndefined();
    expect(r.body.links!.self.href).toBe(`${t.url}/api/v1/data-connections`);
  });

  it('has Qlik fields and computed privileges', async () => {
    const list = (await get<Connections>(tok.rita, '/api/v1/data-connections')).body.data!;
    const crm = list.find((c) => c.qName === 'CRM API')!;
    expect(crm).toMatchObject({
      qType: 'QvRestConnector.exe',
      datasourceID: 'rest',
      space: spaces['Sales analytics']!.id,
      user: ids.max,
      qArchitecture: 0,
      qLogOn: 0,
      privileges: ['list', 'read'],
      links: { self: { href: `${t.url}/api/v1/data-connections/${crm.qID}` } },
    });
    expect(crm.qEngineObjectID).toBe(crm.qID);
    expect(crm.qID).toMatch(/^[0-9a-f-]{36}$/);
    expect(crm.tenant).toBe((await get<{ id: string }>(tok.rita, '/api/v1/tenants/me')).body.id);
    expect(crm.connectionProperties).toBeUndefined();
    // Rita: two seeded connections in her spaces, three DataFiles connections, never Max's personal one
    expect(list.map((c) => c.qName).sort()).toEqual([
      'CRM API',
      'DataFiles',
      'DataFiles',
      'DataFiles',
      'General ledger',
    ]);
    const asProducer = (await get<Connections>(tok.max, '/api/v1/data-connections')).body.data!;
    expect(asProducer.find((c) => c.qName === 'CRM API')!.privileges).toEqual([
      'list',
      'read',
      'update',
      'delete',
      'change_space',
    ]);
    expect(asProducer.find((c) => c.qName === 'Scratch database')!.space).toBeUndefined();
    expect(
      asProducer.filter((c) => c.qName === 'DataFiles').every((c) => c.privileges.join() === 'read'),
    ).toBe(true);
    const asAdmin = (await get<Connections>(tok.admin, '/api/v1/data-connections')).body.data!;
    expect(asAdmin.find((c) => c.qName === 'CRM API')!.privileges).toContain('change_owner');
  });

  it('filters by spaceId, personal, ownedByMe, userId and noDatafiles', async () => {
    const sales = await get<Connections>(
      tok.admin,
      `/api/v1/data-connections?spaceId=${spaces['Sales data']!.id}`,
    );
    expect(sales.body.data!.map((c) => c.qName)).toEqual(['Sales warehouse', 'Landing bucket', 'DataFiles']);
    const noDf = await get<Connections>(
      tok.admin,
      `/api/v1/data-connections?spaceId=${spaces['Sales data']!.id}&noDatafiles=true`,
    );
    expect(noDf.body.data!.map((c) => c.qName)).toEqual(['Sales warehouse', 'Landing bucket']);
    const personal = await get<Connections>(tok.max, '/api/v1/data-connections?personal=true');
    expect(personal.body.data!.map((c) => c.qName)).toEqual(['Scratch database']);
    const mine = await get<Connections>(tok.max, '/api/v1/data-connections?ownedByMe=true&noDatafiles=true');
    expect(mine.body.data!.map((c) => c.qName).sort()).toEqual(['CRM API', 'Scratch database']);
    expect((await get<ErrorBody>(tok.max, `/api/v1/data-connections?userId=${ids.ada}`)).status).toBe(403);
    const maxAsSeenByAdmin = await get<Connections>(
      tok.admin,
      `/api/v1/data-connections?userId=${ids.max}&noDatafiles=true`,
    );
    expect(maxAsSeenByAdmin.body.data!.map((c) => c.qName).sort()).toEqual(['CRM API', 'Scratch database']);
    const hidden = await get<Connections>(
      tok.rita,
      `/api/v1/data-connections?spaceId=${spaces['Sales data']!.id}`,
    );
    expect(hidden.body.data).toEqual([]);
  });

  it('needs a data-connections scope', async () => {
    const token = (await signIn(t, 'rita', 'spaces.shared:read')).access_token;
    const r = await api(t, token, '/api/v1/data-connections');
    expect(r.status).toBe(403);
    expect((await api(t, tok.ritaRead, '/api/v1/data-connections')).status).toBe(200);
    const write = await api(t, tok.ritaRead, `/api/v1/data-connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"qName":"x","datasourceID":"rest"}',
    });
    expect(write.status).toBe(403);
  });
});

describe('create', () => {
  it('creates a PostgreSQL connection from connectionProperties; secrets stay write-only', async () => {
    const r = await create(tok.max, {
      qName: 'Orders db',
      datasourceID: 'postgres',
      space: spaces['Sales analytics']!.id,
      connectionProperties: {
        host: 'db.example.com',
        port: 5433,
        database: 'orders',
        username: 'etl',
        password: SECRETS.pgPassword,
      },
      tags: ['sales'],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      qName: 'Orders db',
      qType: 'QvOdbcConnectorPackage.exe',
      qConnectStatement:
        'CUSTOM CONNECT TO "provider=QvOdbcConnectorPackage.exe;driver=postgres;host=db.example.com;port=5433;db=orders;"',
      qLogOn: '0',
      qSeparateCredentials: false,
      space: spaces['Sales analytics']!.id,
      user: ids.max,
      privileges: ['list', 'read', 'update', 'delete', 'change_space'],
    });
    expect(r.headers.get('location')).toBe(`${t.url}/api/v1/data-connections/${r.body.qID}`);
    const parsed = await fetchConn(tok.max, r.body.qID, '?parseConnection=true');
    expect(parsed.body.connectionProperties).toEqual({
      host: 'db.example.com',
      port: 5433,
      database: 'orders',
      username: 'etl',
    });
    expect(parsed.body.tags).toEqual(['sales']);
    expect((await fetchConn(tok.rita, r.body.qID)).status).toBe(200);
  });

  it('creates SQL Server, REST (basic and bearer), Amazon S3 and pass-through connections', async () => {
    const sql = await create(tok.admin, {
      qName: 'Ledger replica',
      datasourceID: 'sqlserver',
      space: spaces['Finance']!.id,
      connectionProperties: { host: 'sql.example.com', database: 'gl', encrypt: false },
      qUsername: 'gl_reader',
      qPassword: SECRETS.sqlPassword,
    });
    expect(sql.status).toBe(201);
    expect(sql.body.qConnectStatement).toContain(
      'driver=sqlserver;host=sql.example.com;port=1433;db=gl;Encrypt=false;',
    );
    expect(
      (await fetchConn(tok.admin, sql.body.qID, '?parseConnection=true')).body.connectionProperties,
    ).toEqual({
      host: 'sql.example.com',
      port: 1433,
      database: 'gl',
      username: 'gl_reader',
      encrypt: false,
    });
    const basic = await create(tok.max, {
      qName: 'Basic REST',
      datasourceID: 'rest',
      connectionProperties: {
        url: 'https://api.example.com/v1/items',
        method: 'POST',
        auth: 'basic',
        username: 'svc',
        password: SECRETS.restPassword,
      },
    });
    expect(basic.status).toBe(201);
    expect(basic.body.qType).toBe('QvRestConnector.exe');
    expect(basic.body.space).toBeUndefined();
    const bearer = await create(tok.max, {
      qName: 'Bearer REST',
      datasourceID: 'rest',
      connectionProperties: { url: 'https://api.example.com/v2', auth: 'bearer', token: SECRETS.restToken },
    });
    expect(bearer.status).toBe(201);
    expect(bearer.body.qConnectStatement).toContain('authSchema=bearer');
    const s3 = await create(tok.admin, {
      qName: 'Archive bucket',
      datasourceID: 'amazons3',
      space: spaces['Operations data']!.id,
      connectionProperties: {
        bucket: 'ops-archive',
        region: 'us-east-1',
        accessKey: SECRETS.s3Access,
        secretKey: SECRETS.s3Secret,
      },
    });
    expect(s3.status).toBe(201);
    expect(s3.body.qType).toBe('File_AmazonS3ConnectorV2');
    expect(
      (await fetchConn(tok.admin, s3.body.qID, '?parseConnection=true')).body.connectionProperties,
    ).toEqual({ bucket: 'ops-archive', region: 'us-east-1' });
    const raw = await create(tok.max, {
      qName: 'Snowflake',
      datasourceID: 'snowflake',
      qType: 'QvOdbcConnectorPackage.exe',
      qConnectStatement:
        'CUSTOM CONNECT TO "provider=QvOdbcConnectorPackage.exe;driver=snowflake;server=x.snowflakecomputing.com;"',
      qUsername: SECRETS.qUsername,
      qPassword: SECRETS.qPassword,
      qConnectionSecret: SECRETS.connectionSecret,
      qLogOn: 'LOG_ON_CURRENT_USER',
    });
    expect(raw.status).toBe(201);
    expect(raw.body.qLogOn).toBe('1');
    expect((await fetchConn(tok.max, raw.body.qID)).body.qConnectionSecret).toBeUndefined();
  });

  it.each([
    [
      'a missing required property',
      { datasourceID: 'postgres', connectionProperties: { host: 'h', username: 'u', password: 'p' } },
      '/connectionProperties/database',
    ],
    [
      'a bad port',
      {
        datasourceID: 'postgres',
        connectionProperties: { host: 'h', port: 70000, database: 'd', username: 'u', password: 'p' },
      },
      '/connectionProperties/port',
    ],
    [
      'an unknown property',
      {
        datasourceID: 'sqlserver',
        connectionProperties: { host: 'h', database: 'd', username: 'u', password: 'p', driver: 'x' },
      },
      '/connectionProperties/driver',
    ],
    [
      'a bearer without token',
      { datasourceID: 'rest', connectionProperties: { url: 'https://x.example.com', auth: 'bearer' } },
      '/connectionProperties/token',
    ],
    [
      'a non-http url',
      { datasourceID: 'rest', connectionProperties: { url: 'file:///etc/passwd' } },
      '/connectionProperties/url',
    ],
    [
      'a quote in a value',
      {
        datasourceID: 'postgres',
        connectionProperties: { host: 'h', database: 'd";x', username: 'u', password: 'p' },
      },
      '/connectionProperties/database',
    ],
    [
      'a bad bucket',
      {
        datasourceID: 'amazons3',
        connectionProperties: { bucket: 'A', region: 'us-east-1', accessKey: 'a', secretKey: 'b' },
      },
      '/connectionProperties/bucket',
    ],
    [
      'both statement and properties',
      {
        datasourceID: 'rest',
        qConnectStatement: 'x',
        connectionProperties: { url: 'https://x.example.com' },
      },
      '/qConnectStatement',
    ],
    [
      'two credential forms',
      {
        datasourceID: 'postgres',
        qPassword: 'a',
        connectionProperties: { host: 'h', database: 'd', username: 'u', password: 'p' },
      },
      '/qPassword',
    ],
    ['no statement for an unknown datasource', { datasourceID: 'oracle', qType: 'x' }, '/qConnectStatement'],
    [
      'a wrong qType',
      { datasourceID: 'rest', qType: 'Other.exe', connectionProperties: { url: 'https://x.example.com' } },
      '/qType',
    ],
    [
      'a blank name',
      { qName: ' ', datasourceID: 'rest', connectionProperties: { url: 'https://x.example.com' } },
      '/qName',
    ],
    [
      'the reserved name',
      { qName: 'datafiles', datasourceID: 'rest', connectionProperties: { url: 'https://x.example.com' } },
      '/qName',
    ],
  ])('refuses %s with 400', async (_what, body, pointer) => {
    const r = await create(tok.max, { qName: 'Invalid', ...body });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ code: 'DCERROR-0010', source: { pointer } });
  });

  it('answers 409 for a name taken in the same space, and allows it elsewhere', async () => {
    const body = {
      qName: 'crm api',
      datasourceID: 'rest',
      connectionProperties: { url: 'https://x.example.com' },
    };
    const dup = await create(tok.max, { ...body, space: spaces['Sales analytics']!.id });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]!.code).toBe('HTTP-409');
    expect((await create(tok.max, body)).status).toBe(201);
  });

  it('answers 403 in a space where the caller cannot create (consumer, non-member, managed without role)', async () => {
    const body = {
      qName: 'Nope',
      datasourceID: 'rest',
      connectionProperties: { url: 'https://x.example.com' },
    };
    const consumer = await create(tok.rita, { ...body, space: spaces['Sales analytics']!.id });
    expect(consumer.status).toBe(403);
    expect(consumer.body.errors[0]!.meta).toEqual({ reason: 'role' });
    expect((await create(tok.rita, { ...body, space: spaces['Sales data']!.id })).status).toBe(403);
    expect((await create(tok.max, { ...body, space: spaces['Executive dashboards']!.id })).status).toBe(403);
    expect((await create(tok.rita, body)).status).toBe(201);
  });
});

describe('read, update, delete', () => {
  let pg: ConnectionCreateResponse;
  beforeAll(async () => {
    pg = (
      await create(tok.max, {
        qName: 'Editable',
        datasourceID: 'postgres',
        space: spaces['Sales analytics']!.id,
        connectionProperties: {
          host: 'one.example.com',
          database: 'a',
          username: 'u',
          password: SECRETS.pgPassword,
        },
      })
    ).body;
  });

  it('finds a connection by name within a space and 404s for invisible or unknown ones', async () => {
    const byName = await fetchConn(
      tok.rita,
      'Editable',
      `?type=connectionname&spaceId=${spaces['Sales analytics']!.id}`,
    );
    expect(byName.status).toBe(200);
    expect(byName.body.qID).toBe(pg.qID);
    const personal = await fetchConn(tok.max, 'Scratch database', '?type=connectionname');
    expect(personal.status).toBe(200);
    expect((await fetchConn(tok.rita, personal.body.qID)).status).toBe(404);
    expect((await fetchConn(tok.admin, personal.body.qID)).status).toBe(200);
    expect((await fetchConn(tok.rita, '00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const warehouse = (
      await get<Connections>(
        tok.admin,
        '/api/v1/data-connections?filter=' + encodeURIComponent('qName eq "Sales warehouse"'),
      )
    ).body.data![0]!;
    expect((await fetchConn(tok.rita, warehouse.qID)).status).toBe(404);
  });

  it('replaces with PUT (204) from a full ConnectionUpdate, keeping stored secrets when none are sent', async () => {
    const made = await create(tok.max, {
      qName: 'To replace',
      datasourceID: 'postgres',
      space: spaces['Sales analytics']!.id,
      qType: 'QvOdbcConnectorPackage.exe',
      qConnectStatement: 'CUSTOM CONNECT TO "provider=QvOdbcConnectorPackage.exe;driver=postgres;host=one.example.com;port=5432;db=a;"',
      qPassword: SECRETS.pgPassword,
    });
    expect(made.status).toBe(201);
    const id = made.body.qID!;
    const url = `/api/v1/data-connections/${id}`;
    const full = {
      qID: id,
      qEngineObjectID: id,
      qName: 'Edited',
      qType: 'QvOdbcConnectorPackage.exe',
      datasourceID: 'postgres',
      qConnectStatement: 'CUSTOM CONNECT TO "provider=QvOdbcConnectorPackage.exe;driver=postgres;host=two.example.com;port=6000;db=b;"',
    };
    const r = await put(tok.max, url, full);
    expect(r.status).toBe(204);
    const got = await fetchConn(tok.max, id);
    expect(got.body.qName).toBe('Edited');
    expect(got.body.qConnectStatement).toContain('host=two.example.com;port=6000;db=b;');
    expect(got.body.updated! >= got.body.created!).toBe(true);
    const sealed = t.db.prepare('SELECT secrets FROM data_connections WHERE id = ?').get(id) as { secrets: string | null };
    expect(sealed.secrets).not.toBeNull();
    expect((await put(tok.max, url, { ...full, qID: 'other' })).status).toBe(400);
    expect((await put(tok.rita, url, { ...full, qName: 'Rita' })).status).toBe(403);
    expect((await put(tok.max, url, { ...full, qName: 'CRM API' })).status).toBe(409);
  });

  it('refuses a PUT that is not a full ConnectionUpdate (qConnectStatement, qType, qName, qID, qEngineObjectID)', async () => {
    const url = `/api/v1/data-connections/${pg.qID}`;
    const full = { qID: pg.qID, qEngineObjectID: pg.qID, qName: 'Edited', qType: 'QvOdbcConnectorPackage.exe', qConnectStatement: 'CUSTOM CONNECT TO "x"' };
    for (const missing of ['qConnectStatement', 'qType', 'qName', 'qID', 'qEngineObjectID'] as const) {
      const { [missing]: _left, ...body } = full;
      const r = await put<ErrorBody>(tok.max, url, body);
      expect(r.status, missing).toBe(400);
    }
    const withProperties = await put<ErrorBody>(tok.max, url, { ...full, connectionProperties: { host: 'x' } });
    expect(withProperties.status).toBe(400);
    expect(withProperties.body.errors[0]!.source?.pointer).toBe('/connectionProperties');
  });

  it('applies JSON-Patch (204) with Qlik rules for credentials', async () => {
    const url = `/api/v1/data-connections/${pg.qID}`;
    expect((await patch(tok.max, url, [{ op: 'replace', path: '/qName', value: 'Patched' }])).status).toBe(
      204,
    );
    expect((await fetchConn(tok.max, pg.qID)).body.qName).toBe('Patched');
    const noCreds = await patch<ErrorBody>(tok.max, url, [
      { op: 'replace', path: '/connectionProperties/host', value: 'three.example.com' },
    ]);
    expect(noCreds.status).toBe(400);
    expect(noCreds.body.errors[0]!.detail).toContain('credentials');
    const withCreds = await patch(tok.max, url, [
      { op: 'replace', path: '/connectionProperties/host', value: 'three.example.com' },
      { op: 'replace', path: '/qPassword', value: SECRETS.pgPassword2 },
    ]);
    expect(withCreds.status).toBe(204);
    expect((await fetchConn(tok.max, pg.qID)).body.qConnectStatement).toContain('host=three.example.com');
    expect(
      (await patch(tok.max, url, [{ op: 'replace', path: '/connectionProperties/database', value: 'c' }]))
        .status,
    ).toBe(204);
    expect(
      (
        await patch(tok.max, url, [
          { op: 'replace', path: '/qConnectStatement', value: 'CUSTOM CONNECT TO "x"' },
          { op: 'replace', path: '/connectionProperties/database', value: 'd' },
          { op: 'replace', path: '/qPassword', value: 'p' },
        ])
      ).status,
    ).toBe(400);
    expect(
      (
        await patch(tok.max, url, [
          { op: 'replace', path: '/qPassword', value: 'a' },
          { op: 'replace', path: '/connectionProperties/password', value: 'b' },
        ])
      ).status,
    ).toBe(400);
    expect((await patch(tok.max, url, [{ op: 'replace', path: '/qType', value: 'x' }])).status).toBe(400);
    expect((await patch(tok.max, url, [{ op: 'move', path: '/qName', value: 'x' }])).status).toBe(400);
    expect((await patch(tok.max, url, [{ op: 'remove', path: '/qName' }])).status).toBe(400);
    expect(
      (await patch(tok.max, url, [{ op: 'replace', path: '/connectionProperties/port', value: 'abc' }]))
        .status,
    ).toBe(400);
    expect((await patch(tok.max, url, [{ op: 'replace', path: '/tags', value: ['a', 'b'] }])).status).toBe(
      204,
    );
    expect((await fetchConn(tok.max, pg.qID)).body.tags).toEqual(['a', 'b']);
    expect((await patch(tok.rita, url, [{ op: 'replace', path: '/qName', value: 'x' }])).status).toBe(403);
  });

  it('refuses to change or delete DataFiles connections', async () => {
    const df = (
      await get<Connections>(tok.admin, `/api/v1/data-connections?spaceId=${spaces['Finance']!.id}`)
    ).body.data!.find((c) => c.qName === 'DataFiles')!;
    const patched = await patch<ErrorBody>(tok.admin, `/api/v1/data-connections/${df.qID}`, [
      { op: 'replace', path: '/qName', value: 'x' },
    ]);
    expect(patched.status).toBe(403);
    expect(patched.body.errors[0]!.meta).toEqual({ reason: 'datafiles' });
    const replacement = { qID: df.qID, qEngineObjectID: df.qID, qName: 'x', qType: 'qix-datafiles.exe', qConnectStatement: 'x' };
    expect((await put(tok.admin, `/api/v1/data-connections/${df.qID}`, replacement)).status).toBe(403);
    expect((await del(tok.admin, `/api/v1/data-connections/${df.qID}`)).status).toBe(403);
    expect((await fetchConn(tok.admin, df.qID)).status).toBe(200);
  });

  it('deletes (204) by id or by name; consumers get 403', async () => {
    expect((await del(tok.rita, `/api/v1/data-connections/${pg.qID}`)).status).toBe(403);
    expect((await del(tok.max, `/api/v1/data-connections/${pg.qID}`)).status).toBe(204);
    expect((await fetchConn(tok.max, pg.qID)).status).toBe(404);
    expect((await del(tok.max, `/api/v1/data-connections/${pg.qID}`)).status).toBe(404);
    await create(tok.max, {
      qName: 'By name',
      datasourceID: 'rest',
      connectionProperties: { url: 'https://x.example.com' },
    });
    expect((await del(tok.max, '/api/v1/data-connections/By%20name?type=connectionname')).status).toBe(204);
  });
});

describe('paging, sorting and filtering', () => {
  const names = Array.from({ length: 12 }, (_, i) => `Paged ${String.fromCharCode(65 + ((i * 7) % 12))}`);
  let space: Space;
  beforeAll(async () => {
    space = (await post<Space>(tok.admin, '/api/v1/spaces', { name: 'Connection paging', type: 'data' }))
      .body;
    for (const name of names) {
      const r = await create(tok.admin, {
        qName: name,
        datasourceID: 'rest',
        space: space.id,
        connectionProperties: { url: 'https://x.example.com' },
      });
      expect(r.status).toBe(201);
    }
  });

  const walk = async (first: string) => {
    const pages: Connections[] = [];
    let url: string | undefined = first;
    while (url) {
      const r: { status: number; body: Connections } = await get<Connections>(tok.admin, url);
      expect(r.status).toBe(200);
      pages.push(r.body);
      url = r.body.links!.next?.href;
    }
    return pages;
  };

  it('pages with limit and page cursors, DataFiles last, forwards and back', async () => {
    const pages = await walk(`/api/v1/data-connections?spaceId=${space.id}&limit=5&sort=%2BqName`);
    expect(pages).toHaveLength(3);
    expect(pages.every((p) => p.meta!.count === 13)).toBe(true);
    expect(pages[0]!.links!.prev).toBeUndefined();
    const all = pages.flatMap((p) => p.data!.map((c) => c.qName));
    expect(all).toEqual([...[...names].sort(), 'DataFiles']);
    expect(pages[1]!.links!.next!.href).toMatch(new RegExp(`^${t.url}/api/v1/data-connections\\?.*page=`));
    const back = await get<Connections>(tok.admin, pages[2]!.links!.prev!.href);
    expect(back.body.data!.map((c) => c.qName)).toEqual(all.slice(5, 10));
    const backAgain = await get<Connections>(tok.admin, back.body.links!.prev!.href);
    expect(backAgain.body.data!.map((c) => c.qName)).toEqual(all.slice(0, 5));
    expect(backAgain.body.links!.prev).toBeUndefined();
  });

  it('sorts descending with DataFiles still last, and by created / _id', async () => {
    const desc = (await walk(`/api/v1/data-connections?spaceId=${space.id}&limit=4&sort=-qName`)).flatMap(
      (p) => p.data!.map((c) => c.qName),
    );
    expect(desc).toEqual([...[...names].sort().reverse(), 'DataFiles']);
    const created = (
      await walk(`/api/v1/data-connections?spaceId=${space.id}&limit=100&sort=-created&noDatafiles=true`)
    ).flatMap((p) => p.data!);
    expect(created.map((c) => c.created)).toEqual(
      created
        .map((c) => c.created)
        .sort()
        .reverse(),
    );
    const byId = (
      await get<Connections>(
        tok.admin,
        `/api/v1/data-connections?spaceId=${space.id}&limit=100&sort=_id&noDatafiles=true`,
      )
    ).body.data!.map((c) => c.qID);
    expect(byId).toEqual([...byId].sort());
    expect((await get(tok.admin, '/api/v1/data-connections?limit=5&sort=name')).status).toBe(400);
    expect((await get(tok.admin, '/api/v1/data-connections?limit=0')).status).toBe(400);
    expect((await get(tok.admin, '/api/v1/data-connections?limit=101')).status).toBe(400);
    expect((await get(tok.admin, '/api/v1/data-connections?limit=5&page=zz')).status).toBe(400);
  });

  it('applies SCIM filters to standard connections only', async () => {
    const filter = encodeURIComponent('qName sw "Paged" and qName le "Paged C"');
    const r = await get<Connections>(
      tok.admin,
      `/api/v1/data-connections?spaceId=${space.id}&filter=${filter}`,
    );
    // unpaged order: standard connections in creation order, then the DataFiles connection
    expect(r.body.data!.map((c) => c.qName)).toEqual(['Paged A', 'Paged C', 'Paged B', 'DataFiles']);
    expect(r.body.meta!.count).toBe(4);
    const noDf = await get<Connections>(
      tok.admin,
      `/api/v1/data-connections?filter=${encodeURIComponent('datasourceID eq "amazons3"')}&noDatafiles=true`,
    );
    expect(noDf.body.data!.map((c) => c.qName)).toContain('Landing bucket');
    expect(noDf.body.data!.every((c) => c.datasourceID === 'amazons3')).toBe(true);
    expect(
      (await get(tok.admin, `/api/v1/data-connections?filter=${encodeURIComponent('password eq "x"')}`))
        .status,
    ).toBe(400);
  });

  it('renames the data array with dataName', async () => {
    const r = await get<Record<string, unknown>>(
      tok.admin,
      `/api/v1/data-connections?spaceId=${space.id}&dataName=items`,
    );
    expect(Array.isArray(r.body.items)).toBe(true);
    expect(r.body.data).toBeUndefined();
  });
});

describe('actions', () => {
  it('duplicates a connection (201) with a free name; refuses DataFiles and spaces without rights', async () => {
    const crm = (
      await fetchConn(tok.max, 'CRM API', `?type=connectionname&spaceId=${spaces['Sales analytics']!.id}`)
    ).body;
    const one = await post<ConnectionCreateResponse>(tok.max, '/api/v1/data-connections/actions/duplicate', {
      id: crm.qID,
    });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({
      qName: 'CRM API - Copy',
      space: spaces['Sales analytics']!.id,
      qConnectStatement: crm.qConnectStatement,
      user: ids.max,
    });
    expect(one.body.qID).not.toBe(crm.qID);
    const two = await post<ConnectionCreateResponse>(tok.max, '/api/v1/data-connections/actions/duplicate', {
      id: crm.qID,
    });
    expect(two.body.qName).toBe('CRM API - Copy (2)');
    const personal = await post<ConnectionCreateResponse>(
      tok.rita,
      '/api/v1/data-connections/actions/duplicate',
      {
        id: crm.qID,
        name: 'My CRM',
        spaceId: '',
        qPassword: SECRETS.dupPassword,
      },
    );
    expect(personal.status).toBe(201);
    expect(personal.body.space).toBeUndefined();
    expect(personal.body.user).toBe(ids.rita);
    expect((await post(tok.rita, '/api/v1/data-connections/actions/duplicate', { id: crm.qID })).status).toBe(
      403,
    );
    expect(
      (await post(tok.max, '/api/v1/data-connections/actions/duplicate', { id: crm.qID, name: 'CRM API' }))
        .status,
    ).toBe(409);
    const df = (
      await get<Connections>(tok.max, `/api/v1/data-connections?spaceId=${spaces['Sales analytics']!.id}`)
    ).body.data!.find((c) => c.qName === 'DataFiles')!;
    expect((await post(tok.max, '/api/v1/data-connections/actions/duplicate', { id: df.qID })).status).toBe(
      400,
    );
    expect(
      (await post(tok.max, '/api/v1/data-connections/actions/duplicate', { id: 'missing' })).status,
    ).toBe(404);
  });

  it('bulk-updates as an admin with a 207 per-item body', async () => {
    const a = (
      await create(tok.admin, {
        qName: 'Bulk A',
        datasourceID: 'rest',
        connectionProperties: { url: 'https://x.example.com' },
      })
    ).body;
    const b = (
      await create(tok.admin, {
        qName: 'Bulk B',
        datasourceID: 'rest',
        connectionProperties: { url: 'https://x.example.com' },
      })
    ).body;
    const df = (
      await get<Connections>(tok.admin, `/api/v1/data-connections?spaceId=${spaces['Finance']!.id}`)
    ).body.data!.find((c) => c.qName === 'DataFiles')!;
    const body = {
      connections: [
        { id: a.qID, name: 'Bulk A renamed', spaceId: spaces['Finance']!.id, spaceType: 'shared' },
        { id: b.qID, name: 'Bulk A renamed' },
        { id: 'missing' },
        { id: df.qID, name: 'x' },
      ],
    };
    expect((await post(tok.max, '/api/v1/data-connections/actions/update', body)).status).toBe(403);
    const r = await post<BulkResponse>(tok.admin, '/api/v1/data-connections/actions/update', body);
    expect(r.status).toBe(207);
    const byId = new Map(r.body.data!.map((item) => [item.id, item]));
    expect(byId.get(a.qID)).toEqual({ id: a.qID, status: 204 });
    expect(byId.get('missing')).toMatchObject({ status: 404, error: { code: 'HTTP-404', status: 404 } });
    expect(byId.get(df.qID)).toMatchObject({ status: 403 });
    const moved = await fetchConn(tok.admin, a.qID);
    expect(moved.body).toMatchObject({ qName: 'Bulk A renamed', space: spaces['Finance']!.id });
    // second rename collides with the first one's new name in Ada's personal space? no: A moved to Finance
    expect(byId.get(b.qID)).toEqual({ id: b.qID, status: 204 });
    const unknownOwner = await post<BulkResponse>(tok.admin, '/api/v1/data-connections/actions/update', {
      connections: [{ id: b.qID, ownerId: 'nobody' }],
    });
    expect(unknownOwner.body.data![0]).toMatchObject({
      status: 404,
      error: { detail: 'User nobody not found.' },
    });
    const rename = await post<BulkResponse>(tok.admin, '/api/v1/data-connections/actions/update', {
      connections: [{ id: b.qID, ownerId: ids.rita, spaceId: '' }],
    });
    expect(rename.body.data).toEqual([{ id: b.qID, status: 204 }]);
    expect((await fetchConn(tok.rita, b.qID)).body.user).toBe(ids.rita);
    const clash = await post<BulkResponse>(tok.admin, '/api/v1/data-connections/actions/update', {
      connections: [{ id: a.qID, name: 'General ledger' }],
    });
    expect(clash.body.data![0]).toMatchObject({ status: 409 });
  });

  it('bulk-deletes as an admin with a 207 per-item body', async () => {
    const a = (
      await create(tok.admin, {
        qName: 'Doomed',
        datasourceID: 'rest',
        connectionProperties: { url: 'https://x.example.com' },
      })
    ).body;
    const df = (
      await get<Connections>(tok.admin, `/api/v1/data-connections?spaceId=${spaces['Finance']!.id}`)
    ).body.data!.find((c) => c.qName === 'DataFiles')!;
    const body = { connections: [{ id: a.qID }, { id: 'missing' }, { id: df.qID }] };
    const asMax = await post<ErrorBody>(tok.max, '/api/v1/data-connections/actions/delete', body);
    expect(asMax.status).toBe(403);
    expect(asMax.body.errors[0]!.meta).toEqual({ reason: 'role' });
    const r = await post<BulkResponse>(tok.admin, '/api/v1/data-connections/actions/delete', body);
    expect(r.status).toBe(207);
    expect(r.body.data).toEqual([
      { id: a.qID, status: 204 },
      {
        id: 'missing',
        status: 404,
        error: expect.objectContaining({ code: 'HTTP-404', title: 'Not Found', status: 404 }),
      },
      { id: df.qID, status: 403, error: expect.objectContaining({ status: 403 }) },
    ]);
    expect((await fetchConn(tok.admin, a.qID)).status).toBe(404);
    expect(
      (await post(tok.admin, '/api/v1/data-connections/actions/delete', { connections: [] })).status,
    ).toBe(400);
  });
});

describe('secrets', () => {
  it('never appear in any response body or header of these tests', () => {
    expect(seenBodies.length).toBeGreaterThan(100);
    const all = seenBodies.join('\n');
    for (const [name, value] of Object.entries(SECRETS)) expect(all.includes(value), name).toBe(false);
    // and the seeded demo secrets neither
    for (const demo of [
      'demo-warehouse-password',
      'demo-s3-secret-key',
      'demo-ledger-password',
      'demo-crm-token',
      'AKIADEMOACCESSKEY',
    ]) {
      expect(all.includes(demo), demo).toBe(false);
    }
  });

  it('are not stored in clear text', () => {
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('tenant.db'));
    const bytes = files.map((f) => readFileSync(join(t.dataDir, f)).toString('latin1')).join('');
    expect(bytes).toContain('db.example.com'); // non-secret properties are there in clear…
    for (const value of [...Object.values(SECRETS), 'demo-warehouse-password', 'demo-crm-token'])
      expect(bytes.includes(value), value).toBe(false);
  });
});
