// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, authorize, signIn, startTenant, type TestTenant } from '../../test/harness';
import type { ChangeEvent, EventSink } from '../../events/sink';

/**
 * OAuth clients made through the API against the real tenant, and that they are real: a web client's secret gets
 * client-credentials tokens (acting as a TenantAdmin service user), a SPA client signs a user in with PKCE at its
 * redirect URI and its allowed origins get CORS, deleting a client revokes its tokens. Secrets are hashed, shown
 * once, never in an event.
 */
let t: TestTenant;
let ada = '';
let max = '';
const recorded: { event: ChangeEvent; inTransaction: boolean }[] = [];
const sink: EventSink = { record: (event) => void recorded.push({ event, inTransaction: t ? t.db.inTransaction : false }) };
const SPA_ORIGIN = 'http://localhost:6123';

const send = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  api(t, token, path, body === undefined ? { method, headers } : { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

interface Client {
  clientId: string;
  clientSecret: string;
  appType: string;
  redirectUris?: string[];
  allowedOrigins?: string[];
  clientSecrets?: { hint: string }[];
}

async function newClient(body: Record<string, unknown>): Promise<Client> {
  const response = await send(ada, 'POST', '/api/v1/oauth-clients', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Client;
}

const serverClient = () => newClient({ appType: 'web', clientName: 'Nightly export', allowedGrantTypes: ['client_credentials'], allowedScopes: ['user_default', 'admin_classic'] });
const spaClient = () =>
  newClient({ appType: 'spa', clientName: 'Team dashboard', redirectUris: [`${SPA_ORIGIN}/callback`], allowedOrigins: [SPA_ORIGIN], allowedScopes: ['user_default', 'offline_access'] });

async function clientCredentials(clientId: string, secret: string, as: 'json' | 'form' | 'basic' = 'json') {
  const params = { grant_type: 'client_credentials', scope: 'user_default admin_classic' };
  const init: RequestInit =
    as === 'json'
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...params, client_id: clientId, client_secret: secret }) }
      : as === 'form'
        ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...params, client_id: clientId, client_secret: secret }).toString() }
        : {
            headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
            body: new URLSearchParams(params).toString(),
          };
  return fetch(`${t.url}/oauth/token`, { method: 'POST', ...init });
}

const tokenOf = async (response: Response) => {
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
};

beforeAll(async () => {
  t = await startTenant({ events: sink });
  ada = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
  max = (await signIn(t, 'max', 'user_default')).access_token;
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  recorded.length = 0;
});

describe('a server (web) client', () => {
  it('shows its secret once, keeps only a hash, and gets client-credentials tokens that act as a TenantAdmin', async () => {
    const client = await serverClient();
    expect(client.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(client.clientSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(client.clientSecrets).toEqual([expect.objectContaining({ hint: client.clientSecret.slice(-5) })]);
    const stored = JSON.stringify(t.db.prepare('SELECT * FROM oauth_client_secrets').all()) + JSON.stringify(t.db.prepare('SELECT * FROM settings').all());
    expect(stored).not.toContain(client.clientSecret);
    const events = JSON.stringify(recorded.map((r) => r.event));
    expect(events).not.toContain(client.clientSecret);
    expect(recorded.map((r) => [r.event.type, r.inTransaction])).toEqual([
      ['com.qlik.v1.oauth-client.created', true],
      ['com.qlik.v1.oauth-client.secret.created', true],
    ]);
    expect(JSON.stringify(await (await api(t, ada, `/api/v1/oauth-clients/${client.clientId}`)).json())).not.toContain(client.clientSecret);

    for (const as of ['json', 'form', 'basic'] as const) {
      const token = await tokenOf(await clientCredentials(client.clientId, client.clientSecret, as));
      expect((await api(t, token, '/api/v1/spaces')).status, as).toBe(200);
      // The service user holds TenantAdmin: the admin-only users list answers.
      expect((await api(t, token, '/api/v1/users')).status, as).toBe(200);
    }
    // One character changed (a secret ending in 0 once made the "wrong" secret the right one, 1 run in 16).
    const last = client.clientSecret.at(-1) === '0' ? '1' : '0';
    expect((await clientCredentials(client.clientId, `${client.clientSecret.slice(0, -1)}${last}`)).status).toBe(401);
    expect((await clientCredentials(client.clientId, '')).status).toBe(401);
  });

  it('is deleted only with qlik-confirm-delete naming it, and its tokens stop working at once', async () => {
    const client = await serverClient();
    const token = await tokenOf(await clientCredentials(client.clientId, client.clientSecret));
    expect((await send(ada, 'DELETE', `/api/v1/oauth-clients/${client.clientId}`)).status).toBe(400);
    expect((await send(ada, 'DELETE', `/api/v1/oauth-clients/${client.clientId}`, undefined, { 'qlik-confirm-delete': 'other' })).status).toBe(400);
    expect((await api(t, token, '/api/v1/spaces')).status).toBe(200);
    recorded.length = 0;
    expect((await send(ada, 'DELETE', `/api/v1/oauth-clients/${client.clientId}`, undefined, { 'qlik-confirm-delete': client.clientId })).status).toBe(204);
    expect(recorded.at(-1)).toMatchObject({ inTransaction: true, event: { type: 'com.qlik.v1.oauth-client.deleted', resourceId: client.clientId } });
    expect((await api(t, token, '/api/v1/spaces')).status).toBe(401);
    expect((await clientCredentials(client.clientId, client.clientSecret)).status).toBe(401);
    expect((await api(t, ada, `/api/v1/oauth-clients/${client.clientId}`)).status).toBe(404);
  });

  it('has at most 5 secrets; a deleted secret is refused, the others still work', async () => {
    const client = await serverClient();
    const secrets = [client.clientSecret];
    for (let i = 0; i < 4; i++) {
      const response = await send(ada, 'POST', `/api/v1/oauth-clients/${client.clientId}/client-secrets`);
      expect(response.status).toBe(201);
      const body = (await response.json()) as { clientSecret: string; hint: string; clientId: string };
      expect(body).toMatchObject({ clientId: client.clientId, hint: body.clientSecret.slice(-5) });
      secrets.push(body.clientSecret);
    }
    const sixth = await send(ada, 'POST', `/api/v1/oauth-clients/${client.clientId}/client-secrets`);
    expect(sixth.status).toBe(409);
    expect(((await sixth.json()) as { errors: { title: string; detail: string }[] }).errors[0]!.detail).toBe('The max number of client secrets is 5');
    // Rotation: the first secret goes, the newest one keeps working.
    expect((await send(ada, 'DELETE', `/api/v1/oauth-clients/${client.clientId}/client-secrets/${secrets[0]!.slice(-5)}`)).status).toBe(204);
    expect(recorded.at(-1)?.event).toMatchObject({ type: 'com.qlik.v1.oauth-client.secret.deleted', data: { hint: secrets[0]!.slice(-5) } });
    expect((await clientCredentials(client.clientId, secrets[0]!)).status).toBe(401);
    await tokenOf(await clientCredentials(client.clientId, secrets[4]!));
    expect((await send(ada, 'DELETE', `/api/v1/oauth-clients/${client.clientId}/client-secrets/${secrets[0]!.slice(-5)}`)).status).toBe(404);
    const read = (await (await api(t, ada, `/api/v1/oauth-clients/${client.clientId}`)).json()) as Client;
    expect(read.clientSecrets).toHaveLength(4);
  });

  it('without client_credentials gets no token; PATCH adding it turns the service user on', async () => {
    const client = await newClient({ appType: 'web', clientName: 'Web app', redirectUris: ['https://app.example.com/cb'] });
    expect((await clientCredentials(client.clientId, client.clientSecret)).status).toBe(400);
    const patch = await send(ada, 'PATCH', `/api/v1/oauth-clients/${client.clientId}`, [{ op: 'add', path: '/allowedGrantTypes', value: 'client_credentials' }]);
    expect(patch.status).toBe(204);
    const token = await tokenOf(await clientCredentials(client.clientId, client.clientSecret));
    expect((await api(t, token, '/api/v1/spaces')).status).toBe(200);
    expect((await send(ada, 'PATCH', `/api/v1/oauth-clients/${client.clientId}`, [{ op: 'remove', path: '/allowedGrantTypes' }])).status).toBe(204);
    expect((await api(t, token, '/api/v1/spaces')).status).toBe(401);
  });
});

describe('a SPA client', () => {
  it('signs a user in with PKCE at its redirect URI, and its allowed origins get CORS', async () => {
    const client = await spaClient();
    expect(client.clientSecret).toBe('');
    const { location, verifier, redirectUri } = await authorize(t, {
      email: 'max@example.com',
      password: 'max-demo',
      scope: 'user_default offline_access',
      clientId: client.clientId,
      redirectUri: `${SPA_ORIGIN}/callback`,
    });
    expect(location.origin).toBe(SPA_ORIGIN);
    const code = location.searchParams.get('code')!;
    const tokenResponse = await fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SPA_ORIGIN },
      body: JSON.stringify({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id: client.clientId }),
    });
    expect(tokenResponse.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    const token = await tokenOf(tokenResponse);
    const me = await api(t, token, '/api/v1/users/me', { headers: { origin: SPA_ORIGIN } });
    expect(me.status).toBe(200);
    expect(me.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    const preflight = await fetch(`${t.url}/api/v1/spaces`, { method: 'OPTIONS', headers: { origin: SPA_ORIGIN, 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);

    // Another redirect URI is refused; an origin dropped by PATCH loses CORS at once.
    const wrong = await fetch(`${t.url}/oauth/authorize?${new URLSearchParams({ client_id: client.clientId, redirect_uri: 'http://evil.example/cb', response_type: 'code', scope: 'user_default', state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`, { redirect: 'manual' });
    expect(wrong.status).toBe(400);
    expect((await send(ada, 'PATCH', `/api/v1/oauth-clients/${client.clientId}`, [{ op: 'remove', path: '/allowedOrigins', value: [SPA_ORIGIN] }])).status).toBe(204);
    const after = await fetch(`${t.url}/api/v1/spaces`, { method: 'OPTIONS', headers: { origin: SPA_ORIGIN, 'access-control-request-method': 'GET' } });
    expect(after.status).toBe(403);

    // Deleting the client ends the user's tokens it issued.
    expect((await send(ada, 'DELETE', `/api/v1/oauth-clients/${client.clientId}`, undefined, { 'qlik-confirm-delete': client.clientId })).status).toBe(204);
    expect((await api(t, token, '/api/v1/users/me')).status).toBe(401);
  });
});

describe('the OAuth clients API', () => {
  it('lets only a TenantAdmin change clients; others read the plain shape', async () => {
    const client = await spaClient();
    expect((await send(max, 'POST', '/api/v1/oauth-clients', { appType: 'spa', clientName: 'x', redirectUris: ['https://x.example/cb'] })).status).toBe(403);
    expect((await send(max, 'DELETE', `/api/v1/oauth-clients/${client.clientId}`, undefined, { 'qlik-confirm-delete': client.clientId })).status).toBe(403);
    const read = (await (await api(t, max, `/api/v1/oauth-clients/${client.clientId}`)).json()) as Client;
    expect(read).toMatchObject({ clientId: client.clientId, appType: 'spa' });
    expect(read).not.toHaveProperty('redirectUris');
    expect(read).not.toHaveProperty('allowedOrigins');
  });

  it('refuses what Qlik refuses: bad types, origins on non-SPA clients, paths in origins, unknown scopes, non-trusted consent', async () => {
    const bad = [
      { appType: 'anonymous-embed', clientName: 'x' },
      { appType: 'web', clientName: 'x', allowedOrigins: ['https://x.example'], redirectUris: ['https://x.example/cb'] },
      { appType: 'spa', clientName: 'x', redirectUris: ['https://x.example/cb'], allowedOrigins: ['https://x.example/'] },
      { appType: 'spa', clientName: 'x', redirectUris: ['https://x.example/cb'], allowedScopes: ['everything'] },
      { appType: 'spa', clientName: 'x', redirectUris: ['https://x.example/cb'], connectionConfig: { consentMethod: 'required' } },
      { appType: 'spa', clientName: 'x', redirectUris: Array.from({ length: 6 }, (_, i) => `https://x.example/${i}`) },
      { appType: 'spa', clientName: 'x' },
    ];
    for (const body of bad) expect((await send(ada, 'POST', '/api/v1/oauth-clients', body)).status, JSON.stringify(body)).toBe(400);
  });

  it('lists with SCIM filter, sort and next/prev cursors', async () => {
    for (let i = 0; i < 3; i++) await newClient({ appType: 'native', clientName: `Native ${i}`, redirectUris: ['com.example.app:/cb'] });
    const page = async (query: string) => (await (await api(t, ada, `/api/v1/oauth-clients?${query}`)).json()) as { data: Client[]; links: { next?: { href: string }; prev?: { href: string } }; totalResults?: number };
    const first = await page(`filter=${encodeURIComponent('appType eq "native"')}&limit=2&sort=-clientName&totalResults=true`);
    expect(first.totalResults).toBe(3);
    expect(first.data.map((c) => (c as unknown as { clientName: string }).clientName)).toEqual(['Native 2', 'Native 1']);
    const second = await page(new URL(first.links.next!.href).search.slice(1));
    expect(second.data.map((c) => (c as unknown as { clientName: string }).clientName)).toEqual(['Native 0']);
    expect(second.links.next).toBeUndefined();
    const back = await page(new URL(second.links.prev!.href).search.slice(1));
    expect(back.data).toHaveLength(2);
    expect((await api(t, ada, `/api/v1/oauth-clients?filter=${encodeURIComponent('secret eq "x"')}`)).status).toBe(400);
  });
});
