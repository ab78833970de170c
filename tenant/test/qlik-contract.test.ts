// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NxApp, ScriptMetaList, ScriptVersion } from '@qlik/api/apps';
import type { ItemsListItemsResponseBody } from '@qlik/api/items';
import type { GraphLevelsResponse, GraphResponse, GraphsResponse } from '@qlik/api/lineage-graphs';
import { authorize, api, CONSOLE_ORIGIN, machineToken, pkcePair, signIn, startTenant, type TestTenant } from './harness';

/**
 * The local tenant as a client written from qlik.dev alone sees it: documented request bodies only (no extra
 * client_id, no console habits), documented answers expected. Each case is one departure an outside check found
 * (issue #11), and each would pass against a real Qlik Cloud tenant.
 */
let t: TestTenant;
let admin = '';
const errorsOf = async (response: Response) =>
  (
    (await response.json()) as {
      errors: { code: string; title: string; status?: unknown; detail?: string }[];
    }
  ).errors;

beforeAll(async () => {
  t = await startTenant();
  admin = (await signIn(t, 'ada', 'user_default admin_classic offline_access')).access_token;
});
afterAll(async () => {
  await t.stop();
});

const authorizeUrl = (params: Record<string, string>) => {
  const { challenge } = pkcePair();
  const query = new URLSearchParams({
    client_id: 'manage-console',
    redirect_uri: `${CONSOLE_ORIGIN}/callback`,
    response_type: 'code',
    scope: 'user_default',
    state: 'xyz',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  return `${t.url}/oauth/authorize?${query}`;
};

describe('OAuth as qlik.dev documents it', () => {
  it('answers an unknown client_id or an unregistered redirect_uri with 400 JSON errors, never redirecting', async () => {
    for (const params of [
      { client_id: 'no-such-client' },
      { redirect_uri: 'https://evil.example/callback' },
    ] as Record<string, string>[]) {
      const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
      expect(response.status, JSON.stringify(params)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('location')).toBeNull();
      const [error] = await errorsOf(response);
      expect(error).toMatchObject({ code: expect.stringMatching(/^OAUTH-/), title: expect.any(String) });
    }
  });

  it('adds error_code (and error_detail where known) to the error redirect', async () => {
    const response = await fetch(authorizeUrl({ code_challenge_method: 'plain' }), { redirect: 'manual' });
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(`${CONSOLE_ORIGIN}/callback`);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toBeTruthy();
    expect(location.searchParams.get('error_code')).toBe('OAUTH-invalid_request');
    expect(location.searchParams.get('state')).toBe('xyz');
  });

  it('renews with the documented refresh body {grant_type, refresh_token}, as JSON and as a form', async () => {
    for (const form of [false, true]) {
      const tokens = await signIn(t, 'max', 'user_default offline_access');
      const body = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! };
      const response = await fetch(`${t.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
        body: form ? new URLSearchParams(body) : JSON.stringify(body),
      });
      expect(response.status, `form: ${form}`).toBe(200);
      const renewed = (await response.json()) as {
        access_token: string;
        token_type: string;
        expires_at: string;
      };
      expect(renewed.token_type).toBe('bearer');
      expect((await api(t, renewed.access_token, '/api/v1/users/me')).status).toBe(200);
    }
  });

  it('revokes with the documented body {token, token_type_hint}, as JSON and as a form', async () => {
    for (const form of [false, true]) {
      const tokens = await signIn(t, 'max', 'user_default');
      const body = { token: tokens.access_token, token_type_hint: 'access_token' };
      const response = await fetch(`${t.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
        body: form ? new URLSearchParams(body) : JSON.stringify(body),
      });
      expect(response.status, `form: ${form}`).toBe(200);
      expect((await api(t, tokens.access_token, '/api/v1/users/me')).status).toBe(401);
    }
    const unknown = await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'not-a-token' }),
    });
    expect(unknown.status).toBe(200);
  });

  it('still refuses a machine client token revoked without its secret', async () => {
    const access_token = await machineToken(t, 'user_default');
    const revoke = await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: access_token }),
    });
    expect(revoke.status).toBe(401);
    expect((await api(t, access_token, '/api/v1/users/me')).status).toBe(200);
  });
});

describe('users and groups as qlik.dev documents them', () => {
  const users = async (filter: string) =>
    api(t, admin, `/api/v1/users?${new URLSearchParams({ filter, limit: '100' })}`);
  const names = async (response: Response) =>
    ((await response.json()) as { data: { name: string }[] }).data.map((u) => u.name).sort();

  it('filters users by assignedRoles.name and assignedRoles.id', async () => {
    const byName = await users('assignedRoles.name eq "TenantAdmin"');
    expect(byName.status).toBe(200);
    expect(await names(byName)).toEqual(['Ada Admin']);
    const roleId = (
      t.db.prepare("SELECT id FROM roles WHERE name = 'SharedSpaceCreator'").get() as { id: string }
    ).id;
    const byId = await users(`assignedRoles.id eq "${roleId}"`);
    expect(byId.status).toBe(200);
    expect(await names(byId)).toEqual(['Ada Admin', 'Max Member']);
  });

  it('filters users by assignedGroups.id and assignedScopes, and by the documented operators only', async () => {
    const group = t.db
      .prepare(
        'SELECT g.id, COUNT(m.user_id) AS n FROM groups g JOIN group_members m ON m.group_id = g.id GROUP BY g.id LIMIT 1',
      )
      .get() as { id: string; n: number };
    const inGroup = await users(`assignedGroups.id eq "${group.id}"`);
    expect(inGroup.status).toBe(200);
    expect((await names(inGroup)).length).toBe(group.n);
    const admins = await users('assignedScopes eq "admin_classic"');
    expect(admins.status).toBe(200);
    expect(await names(admins)).toContain('Ada Admin');
    expect((await users('status co "act"')).status).toBe(400);
    expect((await users('name sw "Ada"')).status).toBe(400);
  });

  it("accepts Qlik's valid status example and refuses its invalid one (status clauses not grouped)", async () => {
    const valid = await users(
      '(name eq "Ada Admin" or name eq "Max Member") and (status eq "active" or status eq "disabled")',
    );
    expect(valid.status).toBe(200);
    expect(await names(valid)).toEqual(['Ada Admin', 'Max Member']);
    const invalid = await users(
      'name eq "Ada Admin" or name eq "Max Member" and (status eq "active" or status eq "disabled")',
    );
    expect(invalid.status).toBe(400);
    expect((await errorsOf(invalid))[0]!.detail).toMatch(/status must be grouped/);
  });

  it('returns the system groups (Everyone) for systemGroups=true instead of the regular ones', async () => {
    const system = (await (await api(t, admin, '/api/v1/groups?systemGroups=true')).json()) as {
      data: { id: string; name: string }[];
    };
    expect(system.data.map((g) => [g.id, g.name])).toEqual([
      ['000000000000000000000001', 'com.qlik.Everyone'],
    ]);
    const regular = (await (await api(t, admin, '/api/v1/groups?limit=100')).json()) as {
      data: { id: string }[];
    };
    expect(regular.data.length).toBeGreaterThan(0);
    expect(regular.data.map((g) => g.id)).not.toContain('000000000000000000000001');
    expect((await api(t, admin, '/api/v1/groups?systemGroups=true&limit=5')).status).toBe(400);
  });

  it('gives errors[].status in the form each API declares: a number for users, groups and data-connections', async () => {
    const cases: [string, 'number' | 'string' | 'absent'][] = [
      ['/api/v1/users/nope', 'number'],
      ['/api/v1/groups/nope', 'number'],
      ['/api/v1/data-connections/nope', 'number'],
      ['/api/v1/tenants/nope', 'string'],
      ['/api/v1/data-sets/nope', 'string'],
      ['/api/v1/spaces/nope', 'absent'],
      ['/api/v1/data-files/nope', 'absent'],
    ];
    for (const [path, form] of cases) {
      const [error] = await errorsOf(await api(t, admin, path));
      const status = error!.status;
      if (form === 'absent') expect(status, path).toBeUndefined();
      else expect(typeof status, path).toBe(form);
    }
  });
});

describe('user and group writes as qlik.dev documents them', () => {
  const userId = (email: string) => (t.db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string }).id;
  const patch = (path: string, body: unknown) =>
    api(t, admin, path, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it("takes the users reference's JSON Patch examples (replace by name, add /-, remove-value by id, status) with 204", async () => {
    const rita = userId('rita@example.com');
    const custom = (t.db.prepare("SELECT id FROM roles WHERE name = 'DataAdmin'").get() as { id: string }).id;
    for (const body of [
      [{ op: 'replace', path: '/assignedRoles', value: [{ name: 'DataAdmin' }] }],
      [{ op: 'add', path: '/assignedRoles/-', value: { name: 'SharedSpaceCreator' } }],
      [{ op: 'remove-value', path: '/assignedRoles', value: { id: custom } }],
      [{ op: 'replace', path: '/status', value: 'active' }],
    ]) {
      const response = await patch(`/api/v1/users/${rita}`, body);
      expect(response.status, JSON.stringify(body)).toBe(204);
    }
    const user = (await (await api(t, admin, `/api/v1/users/${rita}`)).json()) as { assignedRoles: { name: string }[] };
    expect(user.assignedRoles.map((r) => r.name)).toEqual(['SharedSpaceCreator']);
  });

  it('creates a user from the documented body (subject, email, status "invited", assignedRoles by name) and counts users', async () => {
    const before = ((await (await api(t, admin, '/api/v1/users/actions/count')).json()) as { total: number }).total;
    const response = await api(t, admin, '/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'auth0|contract', email: 'contract@example.com', status: 'invited', assignedRoles: [{ name: 'SharedSpaceCreator' }] }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ subject: 'auth0|contract', status: 'invited', assignedRoles: [{ name: 'SharedSpaceCreator', type: 'default' }] });
    const after = (await (await api(t, admin, '/api/v1/users/actions/count')).json()) as { total: number };
    expect(after).toEqual({ total: before + 1 });
  });

  it('takes a groups PATCH path with or without the leading slash, and only replace', async () => {
    const group = (t.db.prepare("SELECT id FROM groups WHERE name = 'Finance analysts'").get() as { id: string }).id;
    expect((await patch(`/api/v1/groups/${group}`, [{ op: 'replace', path: 'assignedRoles', value: [{ name: 'DataAdmin' }] }])).status).toBe(204);
    expect((await patch(`/api/v1/groups/${group}`, [{ op: 'replace', path: '/assignedRoles', value: [] }])).status).toBe(204);
    expect((await patch(`/api/v1/groups/${group}`, [{ op: 'add', path: 'assignedRoles', value: [] }])).status).toBe(400);
    const everyone = await patch('/api/v1/groups/000000000000000000000001', [{ op: 'replace', path: 'assignedRoles', value: [] }]);
    expect(everyone.status).toBe(204);
  });
});

describe('API keys as qlik.dev documents them', () => {
  it('creates with {description, expiry} (201 with token), authenticates as Bearer, and answers a revoked key 401 APIKEYS-18', async () => {
    const created = await api(t, admin, '/api/v1/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'My first API key', expiry: 'PT12H' }),
    });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; token: string; subType: string; status: string };
    expect(key).toMatchObject({ subType: 'user', status: 'active', token: expect.any(String) });
    const payload = JSON.parse(Buffer.from(key.token.split('.')[1]!, 'base64url').toString()) as { jti: string };
    expect(payload.jti).toBe(key.id);
    expect((await api(t, key.token, '/api/v1/users/me')).status).toBe(200);
    expect((await api(t, admin, `/api/v1/api-keys/${key.id}`, { method: 'DELETE' })).status).toBe(204);
    const refused = await api(t, key.token, '/api/v1/users/me');
    expect(refused.status).toBe(401);
    expect((await errorsOf(refused))[0]).toMatchObject({ code: 'APIKEYS-18', title: 'The api key is either expired or revoked' });
  });

  it('lists with startingAfter/endingBefore cursors (key ids) and the documented sort names', async () => {
    for (const sort of ['-created', 'created', '+description', '-status', 'createdByUser', 'sub']) {
      expect((await api(t, admin, `/api/v1/api-keys?sort=${encodeURIComponent(sort)}`)).status, sort).toBe(200);
    }
    expect((await api(t, admin, '/api/v1/api-keys?sort=name')).status).toBe(400);
    expect((await api(t, admin, '/api/v1/api-keys?limit=101')).status).toBe(400);
  });
});

describe('OAuth clients as qlik.dev documents them', () => {
  it('creates the documented SPA example (201, clientId, createdByType user, trusted), deletes with qlik-confirm-delete (204), and refuses without it', async () => {
    const created = await api(t, admin, '/api/v1/oauth-clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        appType: 'spa',
        clientName: 'Admin console',
        redirectUris: ['http://localhost:5173/oauth-callback.html'],
        allowedOrigins: ['http://localhost:5173'],
        allowedScopes: ['user_default', 'admin_classic'],
        connectionConfig: { consentMethod: 'trusted' },
      }),
    });
    expect(created.status).toBe(201);
    const client = (await created.json()) as Record<string, unknown> & { clientId: string };
    expect(client).toMatchObject({
      appType: 'spa',
      clientName: 'Admin console',
      createdByType: 'user',
      connectionConfig: { consentMethod: 'trusted' },
      redirectUris: ['http://localhost:5173/oauth-callback.html'],
      allowedOrigins: ['http://localhost:5173'],
      clientSecret: '',
    });
    const refused = await api(t, admin, `/api/v1/oauth-clients/${client.clientId}`, { method: 'DELETE' });
    expect(refused.status).toBe(400);
    // This API's error items carry no status (the minimal {code, title, detail}).
    expect((await errorsOf(refused))[0]).not.toHaveProperty('status');
    const deleted = await api(t, admin, `/api/v1/oauth-clients/${client.clientId}`, { method: 'DELETE', headers: { 'qlik-confirm-delete': client.clientId } });
    expect(deleted.status).toBe(204);
  });

  it('answers PATCH adding client_secret to a web client without secrets with 202 {clientSecret}, else 204', async () => {
    const created = await api(t, admin, '/api/v1/oauth-clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appType: 'web', clientName: 'Server app', redirectUris: ['https://app.example.com/callback'], allowedAuthMethods: [] }),
    });
    const { clientId, clientSecret } = (await created.json()) as { clientId: string; clientSecret: string };
    expect(clientSecret).toBe('');
    const patch = (ops: unknown) =>
      api(t, admin, `/api/v1/oauth-clients/${clientId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ops) });
    const made = await patch([{ op: 'add', path: '/allowedAuthMethods', value: 'client_secret' }]);
    expect(made.status).toBe(202);
    expect(((await made.json()) as { clientSecret: string }).clientSecret).toMatch(/^[0-9a-f]{64}$/);
    expect((await patch([{ op: 'replace', path: '/clientName', value: 'Renamed' }])).status).toBe(204);
    expect((await patch([{ op: 'replace', path: '/appType', value: 'spa' }])).status).toBe(400);
  });
});

describe('data connections and data files as qlik.dev documents them', () => {
  const space = () =>
    (t.db.prepare("SELECT id FROM spaces WHERE type = 'shared' LIMIT 1").get() as { id: string }).id;
  const json = (method: string, body: unknown) => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  it('requires qType on a ConnectionCreate and a full ConnectionUpdate on PUT', async () => {
    const created = await api(
      t,
      admin,
      '/api/v1/data-connections',
      json('POST', {
        qName: 'No type',
        datasourceID: 'postgres',
        space: space(),
        qConnectStatement: 'CUSTOM CONNECT TO "x"',
      }),
    );
    expect(created.status).toBe(400);
    const made = await api(
      t,
      admin,
      '/api/v1/data-connections',
      json('POST', {
        qName: 'Typed',
        datasourceID: 'oracle',
        qType: 'QvOdbcConnectorPackage.exe',
        space: space(),
        qConnectStatement: 'CUSTOM CONNECT TO "x"',
      }),
    );
    expect(made.status).toBe(201);
    const { qID } = (await made.json()) as { qID: string };
    const partial = await api(
      t,
      admin,
      `/api/v1/data-connections/${qID}`,
      json('PUT', { qID, qEngineObjectID: qID, qName: 'Typed', qType: 'QvOdbcConnectorPackage.exe' }),
    );
    expect(partial.status).toBe(400);
    const full = await api(
      t,
      admin,
      `/api/v1/data-connections/${qID}`,
      json('PUT', {
        qID,
        qEngineObjectID: qID,
        qName: 'Typed 2',
        qType: 'QvOdbcConnectorPackage.exe',
        qConnectStatement: 'CUSTOM CONNECT TO "y"',
      }),
    );
    expect(full.status).toBe(204);
  });

  it('always gives data-file lists links.next and links.prev, with href null at the ends', async () => {
    for (const path of ['/api/v1/data-files?limit=1000', '/api/v1/data-files/connections?limit=1000']) {
      const body = (await (await api(t, admin, path)).json()) as {
        links: Record<string, { href: string | null }>;
      };
      expect(Object.keys(body.links).sort(), path).toEqual(['next', 'prev', 'self']);
      expect(body.links.next!.href, path).toBeNull();
      expect(body.links.prev!.href, path).toBeNull();
      expect(body.links.self!.href, path).toMatch(/^http/);
    }
  });

  it('gives a personal-space data file the qri qri:qdf:user://…, the secureQri of the data set made from it', async () => {
    const form = new FormData();
    form.append('File', new Blob(['a,b\n1,2\n']), 'mine.csv');
    form.append('Json', JSON.stringify({ name: 'qri-check.csv' }));
    const uploaded = await api(t, admin, '/api/v1/data-files', { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { id: string; qri: string };
    expect(file.qri).toMatch(/^qri:qdf:user:\/\/[\w-]{43}#[\w-]{43}$/);
    let secureQri: string | undefined;
    for (let i = 0; i < 50 && !secureQri; i++) {
      const items = (await (
        await api(t, admin, '/api/v1/items?resourceType=dataset&name=qri-check.csv&spaceId=personal')
      ).json()) as { data: { resourceAttributes: { secureQri?: string } }[] };
      secureQri = items.data[0]?.resourceAttributes.secureQri;
      if (!secureQri) await new Promise((r) => setTimeout(r, 100));
    }
    expect(secureQri).toBe(file.qri);
  });

  it('keeps the data set (same id, next version, new schema) when a file is replaced with the documented PUT', async () => {
    const send = async (method: string, path: string, content: string, json: unknown) => {
      const form = new FormData();
      form.append('File', new Blob([content]), 'replaced.csv');
      form.append('Json', JSON.stringify(json));
      const response = await api(t, admin, path, { method, body: form });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string };
    };
    const setOf = async (want: (set: { schema?: { dataFields: { name: string }[] } }) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const items = (await (
          await api(t, admin, '/api/v1/items?resourceType=dataset&name=replaced.csv&spaceId=personal')
        ).json()) as { data: { resourceId: string }[] };
        const id = items.data[0]?.resourceId;
        if (id) {
          const set = (await (await api(t, admin, `/api/v1/data-sets/${id}`)).json()) as {
            id: string;
            version: number;
            schema?: { dataFields: { name: string }[] };
          };
          if (want(set)) return set;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the data set never reached the expected schema');
    };
    const file = await send('POST', '/api/v1/data-files', 'a,b\n1,2\n', { name: 'replaced.csv' });
    const first = await setOf((s) => s.schema?.dataFields.length === 2);
    await send('PUT', `/api/v1/data-files/${file.id}`, 'a,c,d\n1,2,3\n', {});
    const second = await setOf((s) => s.schema?.dataFields.length === 3);
    expect(second.id).toBe(first.id);
    expect(second.version).toBeGreaterThan(first.version);
    expect(second.schema!.dataFields.map((f) => f.name)).toEqual(['a', 'c', 'd']);
  });

  it('refuses a batch delete without its delete array', async () => {
    const response = await api(t, admin, '/api/v1/data-files/actions/delete', json('POST', {}));
    expect(response.status).toBe(400);
  });

  it('answers a tus PATCH with the wrong Content-Type with 415', async () => {
    const created = await api(t, admin, '/api/v1/temp-contents/files', {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '3' },
    });
    const location = created.headers.get('location')!;
    const patch = await fetch(location, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${admin}`,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/octet-stream',
      },
      body: 'abc',
    });
    expect(patch.status).toBe(415);
  });
});

describe('searching data sets as qlik.dev documents it', () => {
  it('finds data sets through GET /items?resourceType=dataset with query and with name', async () => {
    const byQuery = (await (
      await api(t, admin, '/api/v1/items?resourceType=dataset&query=qri-check&limit=100')
    ).json()) as { data: { name: string; resourceType: string }[] };
    expect(byQuery.data.map((i) => [i.name, i.resourceType])).toEqual([['qri-check.csv', 'dataset']]);
    const byName = (await (
      await api(t, admin, '/api/v1/items?resourceType=dataset&name=QRI-CHECK.csv')
    ).json()) as { data: unknown[] };
    expect(byName.data).toHaveLength(1);
  });
});

describe('apps as qlik.dev documents them', () => {
  it('creates from {attributes: {name, spaceId}} (200 NxApp), saves a ScriptVersion, reads it back and deletes with 200', async () => {
    const space = (t.db.prepare("SELECT id FROM spaces WHERE name = 'Sales analytics'").get() as { id: string }).id;
    const post = (path: string, body: unknown) =>
      api(t, admin, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post('/api/v1/apps', { attributes: { name: 'Contract app', spaceId: space } });
    expect(created.status).toBe(200);
    const app = (await created.json()) as NxApp;
    const id = app.attributes!.id!;
    const script = "LOAD * FROM [lib://Sales analytics:DataFiles/bookings-2024.csv] (txt, utf8, embedded labels, delimiter is ',');";
    expect((await post(`/api/v1/apps/${id}/scripts`, { script, versionMessage: 'contract' } satisfies ScriptVersion)).status).toBe(200);
    const history = (await (await api(t, admin, `/api/v1/apps/${id}/scripts`)).json()) as ScriptMetaList;
    expect(history.scripts).toHaveLength(1);
    const current = (await (await api(t, admin, `/api/v1/apps/${id}/scripts/${history.scripts![0]!.scriptId}`)).json()) as ScriptVersion;
    expect(current).toEqual({ script, versionMessage: 'contract' });
    const item = (await (await api(t, admin, `/api/v1/items?resourceType=app&resourceId=${id}`)).json()) as ItemsListItemsResponseBody;
    expect(item.data.map((i) => [i.resourceType, i.spaceId])).toEqual([['app', space]]);
    expect((await api(t, admin, `/api/v1/apps/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api(t, admin, `/api/v1/apps/${id}`)).status).toBe(404);
  });
});

describe('lineage graphs as qlik.dev documents them', () => {
  it('walks an app script from the documented calls: a QRI-keyed graph, nested levels, the worked impact overview, a search', async () => {
    const space = (t.db.prepare("SELECT id FROM spaces WHERE name = 'Sales analytics'").get() as { id: string }).id;
    const post = (path: string, body: unknown) =>
      api(t, admin, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const id = ((await (await post('/api/v1/apps', { attributes: { name: 'Lineage contract', spaceId: space } })).json()) as NxApp).attributes!.id!;
    const script = `Bookings: LOAD * FROM [lib://Sales analytics:DataFiles/bookings-2024.csv] (txt);
STORE Bookings INTO [lib://Sales analytics:DataFiles/pipeline/opportunities.csv] (txt);`;
    expect((await post(`/api/v1/apps/${id}/scripts`, { script, versionMessage: 'lineage' })).status).toBe(200);
    const sets = (await (await api(t, admin, '/api/v1/items?resourceType=dataset&limit=100')).json()) as ItemsListItemsResponseBody;
    const qriOf = (name: string) => (sets.data.find((i) => i.name === name)!.resourceAttributes as { secureQri: string }).secureQri;
    const appQri = `qri:app:sense://${id}`;

    // the QRI goes in the path percent-encoded, as the tutorial spells it (qri%3Aapp%3Asense%3A%2F%2F…)
    const lineage = await api(t, admin, `/api/v1/lineage-graphs/nodes/${encodeURIComponent(appQri)}?level=resource&up=1&collapse=true`);
    expect(lineage.status).toBe(200);
    const { graph } = (await lineage.json()) as GraphResponse;
    expect(graph).toMatchObject({ directed: true, type: 'RESOURCE' });
    expect(graph!.nodes![appQri]).toMatchObject({ label: 'Lineage contract', metadata: { type: 'DA_APP', subtype: 'APPLICATION' } });
    expect(graph!.nodes![qriOf('bookings-2024.csv')]).toMatchObject({ label: 'bookings-2024.csv', metadata: { type: 'DATASET', subtype: 'FILE' } });
    expect(graph!.edges).toContainEqual(expect.objectContaining({ relation: 'LOAD', source: qriOf('bookings-2024.csv'), target: appQri }));

    // level=all: the graphs of every level, nested as the reference declares them
    const all = (await (await api(t, admin, `/api/v1/lineage-graphs/nodes/${encodeURIComponent(appQri)}?level=all`)).json()) as GraphLevelsResponse;
    expect(all.graphs!.graphs!.map((g) => g.type)).toEqual(['RESOURCE', 'TABLE', 'FIELD']);

    // the worked impact overview: GET /impact/{encoded app QRI}/overview?down=-1 lists the file it stores with counts
    const impact = await api(t, admin, `/api/v1/lineage-graphs/impact/${encodeURIComponent(appQri)}/overview?down=-1`);
    const overview = ((await impact.json()) as GraphResponse).graph!;
    expect(overview).toMatchObject({ directed: true, type: 'RESOURCE' });
    expect(overview.nodes![appQri]).toBeUndefined();
    expect(overview.nodes![qriOf('opportunities.csv')]).toMatchObject({
      label: 'opportunities.csv',
      metadata: { tables: 1, fields: expect.any(Number) },
    });

    // a data file's secure QRI holds '#': encoded as %23 it reaches the endpoint whole
    const fileQri = encodeURIComponent(qriOf('opportunities.csv'));
    const search = await api(t, admin, `/api/v1/lineage-graphs/nodes/${fileQri}/actions/search?filter=${encodeURIComponent('label co "contract" or label co "BOOKINGS"')}`);
    const graphs = ((await search.json()) as GraphsResponse).graphs!.graphs!;
    expect(graphs.map((g) => g.type)).toEqual(['RESOURCE', 'TABLE', 'FIELD']);
    expect(Object.values(graphs[0]!.nodes!).map((n) => n.label).sort()).toEqual(['Lineage contract', 'bookings-2024.csv']);
    expect((await api(t, admin, `/api/v1/apps/${id}`, { method: 'DELETE' })).status).toBe(200);
  });
});

describe('audits as qlik.dev documents them', () => {
  const page = async (query: string) =>
    (await (await api(t, admin, `/api/v1/audits?${query}`)).json()) as {
      data: { id: string; eventType: string; eventTime: string }[];
      links: { self: { href: string }; next?: { href: string }; prev?: { href: string } };
    };

  it('pages the worked example (eventType, an eventTime interval, limit, sort=-eventTime) with absolute links', async () => {
    const day = (await page('eventType=com.qlik.space.created&limit=1')).data[0]!.eventTime.slice(0, 10);
    const query = `eventType=com.qlik.space.created&eventTime=${day}T00:00:00.000Z/${day}T23:59:59.999Z&limit=2&sort=-eventTime`;
    const first = await page(query);
    expect(first.data.map((e) => e.eventType)).toEqual(['com.qlik.space.created', 'com.qlik.space.created']);
    expect(first.data[0]!.eventTime >= first.data[1]!.eventTime).toBe(true);
    expect(first.links.self.href).toBe(`${t.url}/api/v1/audits?${query}`);
    const next = new URL(first.links.next!.href);
    expect(next.origin).toBe(t.url);
    expect(next.searchParams.get('eventType')).toBe('com.qlik.space.created');
    const second = await page(next.search.slice(1));
    expect(second.data.some((e) => first.data.some((f) => f.id === e.id))).toBe(false);
    expect(second.links.prev).toBeDefined();
  });

  it('takes id as a comma-separated list and answers a missing archive date with 400 in the error envelope', async () => {
    const ids = (await page('limit=3')).data.map((e) => e.id);
    expect((await page(`id=${ids.join(',')}`)).data.map((e) => e.id)).toEqual(ids);
    const refused = await api(t, admin, '/api/v1/audits/archive');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ errors: [{ title: expect.any(String) }], traceId: expect.any(String) });
  });
});

// The authorize helper drives the same flow as a browser: a sanity check that the documented happy path holds.
it('still signs in through the documented authorization flow', async () => {
  const { location } = await authorize(t, {
    email: 'rita@example.com',
    password: 'rita-demo',
    scope: 'user_default',
  });
  expect(location.searchParams.get('code')).toBeTruthy();
});
