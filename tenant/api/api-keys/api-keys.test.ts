// @vitest-environment node
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, signIn, startTenant, type TestTenant } from '../../test/harness';
import type { ChangeEvent, EventSink } from '../../events/sink';

/**
 * API keys against the real tenant: made by a user (token shown once, only its hash kept), accepted as a Bearer
 * with the owner's role-based rights and no scopes, refused (401 APIKEYS-18) as soon as revoked, deleted, expired
 * or the owner is disabled; the list's filters, sorts and cursors; the tenant's configuration.
 */
let t: TestTenant;
let ada = '';
let max = '';
let rita = '';
const recorded: { event: ChangeEvent; inTransaction: boolean }[] = [];
const sink: EventSink = { record: (event) => void recorded.push({ event, inTransaction: t ? t.db.inTransaction : false }) };
const idOf = (email: string) => (t.db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string }).id;
const tenantId = () => (t.db.prepare('SELECT id FROM tenant').get() as { id: string }).id;

const send = (token: string, method: string, path: string, body?: unknown) =>
  api(t, token, path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface Key {
  id: string;
  token?: string;
  status: string;
  sub: string;
  description: string;
  expiry: string;
}

async function newKey(token: string, description: string, expiry?: string): Promise<Key> {
  const response = await send(token, 'POST', '/api/v1/api-keys', { description, ...(expiry ? { expiry } : {}) });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Key;
}

const errorOf = async (response: Response) => ((await response.json()) as { errors: { code: string; title: string; detail: string }[] }).errors[0]!;

beforeAll(async () => {
  t = await startTenant({ events: sink });
  ada = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
  max = (await signIn(t, 'max', 'user_default')).access_token;
  rita = (await signIn(t, 'rita', 'identity.email:read')).access_token;
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  t.db.prepare('DELETE FROM api_keys').run();
  t.db.prepare("DELETE FROM settings WHERE key = 'api-keys.config'").run();
  recorded.length = 0;
});

describe('an API key', () => {
  it("is shown once, stored as a hash only, and opens the API with its owner's rights (no scopes)", async () => {
    const key = await newKey(max, 'CI pipeline', 'PT1H');
    expect(key.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(key).toMatchObject({ status: 'active', sub: idOf('max@example.com'), description: 'CI pipeline' });
    const stored = t.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(key.id) as Record<string, string>;
    expect(stored.token_hash).toBe(createHash('sha256').update(key.token!).digest('hex'));
    expect(Object.values(stored)).not.toContain(key.token);
    expect(JSON.stringify(recorded.map((r) => r.event))).not.toContain(key.token!);
    expect(recorded.at(-1)).toMatchObject({ inTransaction: true, event: { type: 'com.qlik.api-key.created', resourceId: key.id } });
    expect(await (await api(t, max, `/api/v1/api-keys/${key.id}`)).json()).not.toHaveProperty('token');

    const spacesByKey = (await (await api(t, key.token, '/api/v1/spaces?limit=100')).json()) as { data: { id: string }[] };
    const spacesByToken = (await (await api(t, max, '/api/v1/spaces?limit=100')).json()) as { data: { id: string }[] };
    expect(spacesByKey.data.map((s) => s.id).sort()).toEqual(spacesByToken.data.map((s) => s.id).sort());
    expect((await send(key.token!, 'POST', '/api/v1/spaces', { type: 'shared', name: 'Made with a key' })).status).toBe(201);
    // Max's roles give no admin rights, whatever the key.
    expect((await api(t, key.token, '/api/v1/users')).status).toBe(403);
    const adminKey = await newKey(ada, 'admin automation');
    expect((await api(t, adminKey.token, '/api/v1/users')).status).toBe(200);
  });

  it('can be made by a user whose token has no relevant OAuth scope (the permission is a role scope)', async () => {
    const key = await newKey(rita, 'reader key');
    expect((await api(t, key.token, '/api/v1/spaces')).status).toBe(200);
    expect((await api(t, rita, '/api/v1/spaces')).status).toBe(403);
  });

  it('gets 401 APIKEYS-18 at once when revoked by an admin, deleted by its owner, expired, or its owner disabled', async () => {
    const revoked = await newKey(max, 'to revoke');
    expect((await send(ada, 'DELETE', `/api/v1/api-keys/${revoked.id}`)).status).toBe(204);
    const afterRevoke = await api(t, revoked.token, '/api/v1/spaces');
    expect(afterRevoke.status).toBe(401);
    expect(await errorOf(afterRevoke)).toMatchObject({ code: 'APIKEYS-18', title: 'The api key is either expired or revoked' });
    expect(((await (await api(t, max, `/api/v1/api-keys/${revoked.id}`)).json()) as Key).status).toBe('revoked');

    const deleted = await newKey(max, 'to delete');
    expect((await send(max, 'DELETE', `/api/v1/api-keys/${deleted.id}`)).status).toBe(204);
    expect((await api(t, deleted.token, '/api/v1/spaces')).status).toBe(401);
    expect((await api(t, max, `/api/v1/api-keys/${deleted.id}`)).status).toBe(404);

    const expired = await newKey(max, 'to expire');
    t.db.prepare('UPDATE api_keys SET expiry = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), expired.id);
    expect((await api(t, expired.token, '/api/v1/spaces')).status).toBe(401);
    expect(((await (await api(t, max, `/api/v1/api-keys/${expired.id}`)).json()) as Key).status).toBe('expired');

    const owner = await newKey(max, 'owner disabled');
    const patchStatus = (value: string) =>
      send(ada, 'PATCH', `/api/v1/users/${idOf('max@example.com')}`, [{ op: 'replace', path: '/status', value }]);
    expect((await patchStatus('disabled')).status).toBe(204);
    expect((await api(t, owner.token, '/api/v1/spaces')).status).toBe(401);
    expect((await patchStatus('active')).status).toBe(204);
    expect((await api(t, owner.token, '/api/v1/spaces')).status).toBe(200);
  });

  it('with a forged signature or a changed payload is no key at all (401)', async () => {
    const key = await newKey(max, 'forge');
    const [header, payload, signature] = key.token!.split('.') as [string, string, string];
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: idOf('ada@example.com') })).toString('base64url');
    expect((await api(t, `${header}.${other}.${signature}`, '/api/v1/users')).status).toBe(401);
    expect((await api(t, `${header}.${payload}.${signature.slice(0, -4)}AAAA`, '/api/v1/spaces')).status).toBe(401);
  });
});

describe('creating keys', () => {
  it('refuses an expiry beyond the tenant maximum and keys beyond the per-user maximum (400)', async () => {
    const over = await send(max, 'POST', '/api/v1/api-keys', { description: 'too long', expiry: 'P2D' });
    expect(over.status).toBe(400);
    expect((await errorOf(over)).detail).toMatch(/longer than the tenant allows \(PT24H\)/);
    expect((await send(max, 'POST', '/api/v1/api-keys', { description: 'bad', expiry: 'tomorrow' })).status).toBe(400);
    expect((await send(max, 'POST', '/api/v1/api-keys', { expiry: 'PT1H' })).status).toBe(400);
    expect((await send(ada, 'PATCH', `/api/v1/api-keys/configs/${tenantId()}`, [{ op: 'replace', path: '/max_keys_per_user', value: 2 }])).status).toBe(204);
    await newKey(max, 'one');
    await newKey(max, 'two');
    const third = await send(max, 'POST', '/api/v1/api-keys', { description: 'three' });
    expect(third.status).toBe(400);
    expect((await errorOf(third)).detail).toMatch(/already have 2 active API keys/);
  });
});

describe('GET /api-keys', () => {
  it('lists own keys (all for a TenantAdmin) with filters, sort and startingAfter/endingBefore cursors', async () => {
    await send(ada, 'PATCH', `/api/v1/api-keys/configs/${tenantId()}`, [{ op: 'replace', path: '/max_keys_per_user', value: 20 }]);
    const made: Key[] = [];
    for (const name of ['e', 'b', 'd', 'a', 'c']) made.push(await newKey(max, `key ${name}`));
    await newKey(ada, 'ada key');
    const list = async (token: string, query: string) =>
      (await (await api(t, token, `/api/v1/api-keys?${query}`)).json()) as { data: Key[]; links: { next?: { href: string }; prev?: { href: string } } };

    expect((await list(max, 'limit=100')).data.map((k) => k.description)).not.toContain('ada key');
    expect((await list(ada, 'limit=100')).data).toHaveLength(6);
    expect((await list(ada, `sub=${idOf('max@example.com')}&limit=100`)).data).toHaveLength(5);
    expect((await list(max, `sub=${idOf('ada@example.com')}`)).data).toHaveLength(0);

    const first = await list(max, 'sort=description&limit=2');
    expect(first.data.map((k) => k.description)).toEqual(['key a', 'key b']);
    expect(first.links.prev).toBeUndefined();
    const second = await list(max, new URL(first.links.next!.href).search.slice(1));
    expect(second.data.map((k) => k.description)).toEqual(['key c', 'key d']);
    const back = await list(max, new URL(second.links.prev!.href).search.slice(1));
    expect(back.data.map((k) => k.description)).toEqual(['key a', 'key b']);
    const last = await list(max, new URL(second.links.next!.href).search.slice(1));
    expect(last.data.map((k) => k.description)).toEqual(['key e']);
    expect(last.links.next).toBeUndefined();
    expect((await list(max, 'sort=-description&limit=1')).data[0]!.description).toBe('key e');
    const byDefault = (await list(max, 'limit=100')).data.map((k) => (k as Key & { created: string }).created);
    expect(byDefault, 'newest first (-created)').toEqual([...byDefault].sort().reverse());

    await send(ada, 'DELETE', `/api/v1/api-keys/${made[0]!.id}`);
    expect((await list(max, 'status=revoked')).data.map((k) => k.id)).toEqual([made[0]!.id]);
    expect((await list(max, 'status=active&limit=100')).data).toHaveLength(4);
    expect((await api(t, max, `/api/v1/api-keys?startingAfter=${made[1]!.id}&endingBefore=${made[2]!.id}`)).status).toBe(400);
  });

  it('changes a description by PATCH (204) and hides other users\' keys from non-admins (404)', async () => {
    const key = await newKey(max, 'old');
    expect((await send(max, 'PATCH', `/api/v1/api-keys/${key.id}`, [{ op: 'replace', path: '/description', value: 'new' }])).status).toBe(204);
    expect(recorded.at(-1)!.event).toMatchObject({ type: 'com.qlik.api-key.updated', updates: { description: { old: 'old', new: 'new' } } });
    expect((await send(max, 'PATCH', `/api/v1/api-keys/${key.id}`, [{ op: 'replace', path: '/sub', value: 'x' }])).status).toBe(400);
    const rita2 = (await signIn(t, 'rita', 'user_default')).access_token;
    expect((await api(t, rita2, `/api/v1/api-keys/${key.id}`)).status).toBe(404);
    expect((await send(rita2, 'DELETE', `/api/v1/api-keys/${key.id}`)).status).toBe(404);
  });
});

describe('/api-keys/configs/{tenantId}', () => {
  it("reads Qlik's defaults, lets a TenantAdmin change them (recorded with old and new) and no one else", async () => {
    const path = `/api/v1/api-keys/configs/${tenantId()}`;
    expect(await (await api(t, max, path)).json()).toEqual({ max_api_key_expiry: 'PT24H', max_keys_per_user: 5, scim_externalClient_expiry: 'P365D' });
    expect((await send(ada, 'PATCH', path, [{ op: 'replace', path: '/max_api_key_expiry', value: 'P30D' }])).status).toBe(204);
    expect(recorded.at(-1)).toMatchObject({
      inTransaction: true,
      event: { type: 'com.qlik.api-keys-config.updated', updates: { max_api_key_expiry: { old: 'PT24H', new: 'P30D' } } },
    });
    expect(((await (await api(t, max, path)).json()) as { max_api_key_expiry: string }).max_api_key_expiry).toBe('P30D');
    expect((await newKey(max, 'a month', 'P30D')).status).toBe('active');
    expect((await send(max, 'PATCH', path, [{ op: 'replace', path: '/max_keys_per_user', value: 9 }])).status).toBe(403);
    expect((await send(ada, 'PATCH', path, [{ op: 'replace', path: '/max_keys_per_user', value: 5000 }])).status).toBe(400);
    expect((await api(t, ada, '/api/v1/api-keys/configs/other-tenant')).status).toBe(404);
  });
});
