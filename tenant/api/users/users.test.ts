// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, CONSOLE_ORIGIN, signIn, startTenant, type TestTenant } from '../../test/harness';
import type { ChangeEvent, EventSink } from '../../events/sink';

/**
 * User and group administration against the real tenant: JSON Patch on users (roles, status, name), create,
 * delete, count; groups' writes; the last TenantAdmin; role and status changes counting at the user's next
 * request; each change's event recorded inside its transaction.
 */
let t: TestTenant;
let admin = '';
const recorded: { event: ChangeEvent; inTransaction: boolean }[] = [];
const sink: EventSink = { record: (event) => void recorded.push({ event, inTransaction: t ? t.db.inTransaction : false }) };
const idOf = (email: string) => (t.db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string }).id;
const roleNames = (userId: string) =>
  (t.db.prepare('SELECT r.name FROM roles r JOIN user_roles ur ON ur.role_id = r.id WHERE ur.user_id = ? ORDER BY r.name').all(userId) as { name: string }[]).map((r) => r.name);

const send = (token: string, method: string, path: string, body?: unknown, contentType = 'application/json') =>
  api(t, token, path, body === undefined ? { method } : { method, headers: { 'content-type': contentType }, body: JSON.stringify(body) });
const patchUser = (token: string, id: string, ops: unknown) => send(token, 'PATCH', `/api/v1/users/${id}`, ops, 'application/json-patch+json');
const createSpace = (token: string, name: string) => send(token, 'POST', '/api/v1/spaces', { type: 'shared', name });

beforeAll(async () => {
  t = await startTenant({ events: sink });
  admin = (await signIn(t, 'ada', 'user_default admin_classic offline_access')).access_token;
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  recorded.length = 0;
});

describe('PATCH /users/{id}', () => {
  it('replaces, adds and removes roles (204), with the change recorded in its transaction as old and new', async () => {
    const rita = idOf('rita@example.com');
    expect((await patchUser(admin, rita, [{ op: 'add', path: '/assignedRoles/-', value: { name: 'SharedSpaceCreator' } }])).status).toBe(204);
    expect(roleNames(rita)).toEqual(['SharedSpaceCreator']);
    const event = recorded.at(-1)!;
    expect(event.inTransaction).toBe(true);
    expect(event.event).toMatchObject({
      type: 'com.qlik.core.user.updated',
      resourceType: 'user',
      resourceId: rita,
      actorId: idOf('ada@example.com'),
      updates: { assignedRoles: { old: [], new: ['SharedSpaceCreator'] } },
    });
    const dataAdmin = (t.db.prepare("SELECT id FROM roles WHERE name = 'DataAdmin'").get() as { id: string }).id;
    expect((await patchUser(admin, rita, [{ op: 'replace', path: '/assignedRoles', value: [{ id: dataAdmin }] }])).status).toBe(204);
    expect(roleNames(rita)).toEqual(['DataAdmin']);
    expect((await patchUser(admin, rita, [{ op: 'remove-value', path: '/assignedRoles', value: { name: 'DataAdmin' } }])).status).toBe(204);
    expect(roleNames(rita)).toEqual([]);
  });

  it('changes name and groups, and answers 207 listing the parts it did not apply while applying the rest', async () => {
    const grace = idOf('grace@example.com');
    const response = await patchUser(admin, grace, [
      { op: 'replace', path: '/name', value: 'Grace B. Hopper' },
      { op: 'replace', path: '/email', value: 'gh@example.com' },
      { op: 'add', path: '/assignedGroups/-', value: { name: 'Finance analysts', providerType: 'custom' } },
    ]);
    expect(response.status).toBe(207);
    const body = (await response.json()) as { errors: { source: { pointer: string }; status: number }[] };
    expect(body.errors.map((e) => [e.source.pointer, e.status])).toEqual([['/1', 400]]);
    const user = (await (await api(t, admin, `/api/v1/users/${grace}`)).json()) as { name: string; email: string; assignedGroups: { name: string }[] };
    expect(user.name).toBe('Grace B. Hopper');
    expect(user.email).toBe('grace@example.com');
    expect(user.assignedGroups.map((g) => g.name)).toContain('Finance analysts');
  });

  it('refuses the whole patch for a bad op, path, status or unknown role, changing nothing', async () => {
    const max = idOf('max@example.com');
    const before = roleNames(max);
    for (const ops of [
      [{ op: 'move', path: '/name', value: 'x' }],
      [{ op: 'replace', path: '/subject', value: 'x' }],
      [{ op: 'replace', path: '/status', value: 'deleted' }],
      [{ op: 'replace', path: '/assignedRoles', value: [] }, { op: 'add', path: '/assignedRoles/-', value: { name: 'NoSuchRole' } }],
      [],
    ]) {
      const response = await patchUser(admin, max, ops);
      expect(response.status, JSON.stringify(ops)).toBe(400);
    }
    expect(roleNames(max)).toEqual(before);
    expect((await patchUser(admin, 'no-such-user', [{ op: 'replace', path: '/name', value: 'x' }])).status).toBe(404);
  });

  it("takes a role away at the user's next request, without signing in again", async () => {
    const rita = idOf('rita@example.com');
    const token = (await signIn(t, 'rita', 'user_default')).access_token;
    expect((await createSpace(token, 'Rita no role')).status).toBe(403);
    await patchUser(admin, rita, [{ op: 'add', path: '/assignedRoles/-', value: { name: 'SharedSpaceCreator' } }]);
    expect((await createSpace(token, 'Rita with role')).status).toBe(201);
    await patchUser(admin, rita, [{ op: 'remove-value', path: '/assignedRoles', value: { name: 'SharedSpaceCreator' } }]);
    expect((await createSpace(token, 'Rita role gone')).status).toBe(403);
  });

  it('refuses an admin token whose user is no longer a TenantAdmin, though the token still carries admin scopes', async () => {
    const grace = idOf('grace@example.com');
    await patchUser(admin, grace, [{ op: 'add', path: '/assignedRoles/-', value: { name: 'TenantAdmin' } }]);
    t.db.prepare("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'rita@example.com') WHERE id = ?").run(grace);
    const { authorize } = await import('../../test/harness');
    const { location, verifier, redirectUri } = await authorize(t, { email: 'grace@example.com', password: 'rita-demo', scope: 'user_default admin_classic' });
    const tokens = (await (
      await fetch(`${t.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
        body: JSON.stringify({ grant_type: 'authorization_code', code: location.searchParams.get('code'), code_verifier: verifier, redirect_uri: redirectUri, client_id: 'manage-console' }),
      })
    ).json()) as { access_token: string; scope: string };
    expect(tokens.scope).toContain('admin_classic');
    expect((await api(t, tokens.access_token, '/api/v1/users')).status).toBe(200);
    await patchUser(admin, grace, [{ op: 'remove-value', path: '/assignedRoles', value: { name: 'TenantAdmin' } }]);
    expect((await api(t, tokens.access_token, '/api/v1/users')).status).toBe(403);
    expect((await patchUser(tokens.access_token, idOf('max@example.com'), [{ op: 'replace', path: '/name', value: 'x' }])).status).toBe(403);
  });

  it('lets only a TenantAdmin change users: a member is refused for the scope', async () => {
    const max = (await signIn(t, 'max', 'user_default')).access_token;
    const response = await patchUser(max, idOf('rita@example.com'), [{ op: 'replace', path: '/name', value: 'x' }]);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errors: { meta: { reason: string } }[] }).errors[0]!.meta.reason).toBe('scope');
  });
});

describe('disabling a user', () => {
  it('refuses their access token, refresh token and sign-in at once, and enabling lets them back', async () => {
    const max = idOf('max@example.com');
    const tokens = await signIn(t, 'max', 'user_default offline_access');
    expect((await api(t, tokens.access_token, '/api/v1/users/me')).status).toBe(200);
    expect((await patchUser(admin, max, [{ op: 'replace', path: '/status', value: 'disabled' }])).status).toBe(204);
    expect(recorded.at(-1)!.event.updates).toEqual({ status: { old: 'active', new: 'disabled' } });
    expect((await api(t, tokens.access_token, '/api/v1/users/me')).status).toBe(401);
    const refreshed = await fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    });
    expect(refreshed.status).toBe(400);
    await expect(signIn(t, 'max', 'user_default')).rejects.toThrow();
    expect((await patchUser(admin, max, [{ op: 'replace', path: '/status', value: 'active' }])).status).toBe(204);
    expect((await api(t, (await signIn(t, 'max', 'user_default')).access_token, '/api/v1/users/me')).status).toBe(200);
  });
});

describe('the last active TenantAdmin', () => {
  it('cannot be disabled, lose the role (directly or through a group) or be deleted; with a second admin they can', async () => {
    const ada = idOf('ada@example.com');
    const ted = idOf('edsger@example.com');
    t.db.prepare("DELETE FROM user_roles WHERE role_id = (SELECT id FROM roles WHERE name = 'TenantAdmin') AND user_id NOT IN (?, (SELECT id FROM users WHERE is_service = 1))").run(ada);
    for (const ops of [
      [{ op: 'replace', path: '/status', value: 'disabled' }],
      [{ op: 'remove-value', path: '/assignedRoles', value: { name: 'TenantAdmin' } }],
      [{ op: 'replace', path: '/assignedRoles', value: [] }],
    ]) {
      const response = await patchUser(admin, ada, ops);
      expect(response.status, JSON.stringify(ops)).toBe(400);
      expect(((await response.json()) as { errors: { detail: string }[] }).errors[0]!.detail).toMatch(/without an active TenantAdmin/);
    }
    expect(roleNames(ada)).toContain('TenantAdmin');
    expect((await send(admin, 'DELETE', `/api/v1/users/${ada}`)).status).toBe(400);

    // Admins through a group count: with Ada and Edsger admins only through 'Admins' and Edsger disabled, the
    // group's role, the group itself and Ada's membership are the last admin's.
    const created = await send(admin, 'POST', '/api/v1/groups', { name: 'Admins', assignedRoles: [{ name: 'TenantAdmin' }] });
    const group = (await created.json()) as { id: string };
    for (const who of [ted, ada]) {
      expect((await patchUser(admin, who, [{ op: 'add', path: '/assignedGroups/-', value: { id: group.id } }])).status).toBe(204);
    }
    expect((await patchUser(admin, ada, [{ op: 'remove-value', path: '/assignedRoles', value: { name: 'TenantAdmin' } }])).status).toBe(204);
    expect((await patchUser(admin, ted, [{ op: 'replace', path: '/status', value: 'disabled' }])).status).toBe(204);
    expect((await send(admin, 'PATCH', `/api/v1/groups/${group.id}`, [{ op: 'replace', path: 'assignedRoles', value: [] }])).status).toBe(400);
    expect((await send(admin, 'DELETE', `/api/v1/groups/${group.id}`)).status).toBe(400);
    expect((await patchUser(admin, ada, [{ op: 'replace', path: '/assignedGroups', value: [] }])).status).toBe(400);
    expect((await patchUser(admin, ted, [{ op: 'replace', path: '/status', value: 'active' }])).status).toBe(204);
    expect((await patchUser(admin, ada, [{ op: 'replace', path: '/status', value: 'disabled' }])).status).toBe(204);
    // Ada's own token stops at once; Edsger's status was changed while she was still an admin.
    expect((await api(t, admin, '/api/v1/users/me')).status).toBe(401);
    t.db.prepare("UPDATE users SET status = 'active' WHERE id = ?").run(ada);
    expect((await patchUser(admin, ada, [{ op: 'add', path: '/assignedRoles/-', value: { name: 'TenantAdmin' } }])).status).toBe(204);
    expect((await send(admin, 'DELETE', `/api/v1/groups/${group.id}`)).status).toBe(204);
    expect(roleNames(ada)).toContain('TenantAdmin');
  });
});

describe('POST /users, DELETE /users/{id}, GET /users/actions/count', () => {
  it('creates an invited user (201), refuses a duplicate (409), counts and deletes (204, then 404)', async () => {
    const count = async () => ((await (await api(t, admin, '/api/v1/users/actions/count')).json()) as { total: number }).total;
    const before = await count();
    const response = await send(admin, 'POST', '/api/v1/users', {
      subject: 'idp|linus',
      email: 'linus@example.com',
      name: 'Linus',
      assignedRoles: [{ name: 'SharedSpaceCreator' }],
    });
    expect(response.status).toBe(201);
    const user = (await response.json()) as { id: string; status: string; assignedRoles: { name: string }[] };
    expect(user.status).toBe('invited');
    expect(user.assignedRoles.map((r) => r.name)).toEqual(['SharedSpaceCreator']);
    expect(recorded.at(-1)!).toMatchObject({ inTransaction: true, event: { type: 'com.qlik.v1.user.created', resourceId: user.id } });
    expect(await count()).toBe(before + 1);
    expect((await send(admin, 'POST', '/api/v1/users', { subject: 'idp|linus', email: 'other@example.com' })).status).toBe(409);
    expect((await send(admin, 'POST', '/api/v1/users', { email: 'nosubject@example.com' })).status).toBe(400);
    expect((await send(admin, 'DELETE', `/api/v1/users/${user.id}`)).status).toBe(204);
    expect(recorded.at(-1)!).toMatchObject({ inTransaction: true, event: { type: 'com.qlik.v1.user.deleted', resourceId: user.id } });
    expect((await api(t, admin, `/api/v1/users/${user.id}`)).status).toBe(404);
    expect(await count()).toBe(before);
  });

  it('refuses to delete a user who owns content, naming what they own', async () => {
    const response = await send(admin, 'DELETE', `/api/v1/users/${idOf('max@example.com')}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { detail: string }[] }).errors[0]!.detail).toMatch(/owns .*Change the owner first/);
  });

  it('filters users by assignedRoles.name after a role change', async () => {
    const list = async () =>
      ((await (await api(t, admin, `/api/v1/users?filter=${encodeURIComponent('assignedRoles.name eq "DataSpaceCreator"')}`)).json()) as { data: { email: string }[] }).data.map((u) => u.email);
    expect(await list()).not.toContain('rita@example.com');
    await patchUser(admin, idOf('rita@example.com'), [{ op: 'add', path: '/assignedRoles/-', value: { name: 'DataSpaceCreator' } }]);
    expect(await list()).toContain('rita@example.com');
  });
});

describe('groups', () => {
  it("creates, renames, gives roles to and deletes a custom group; the group's roles count for its members", async () => {
    const created = await send(admin, 'POST', '/api/v1/groups', { name: 'Creators', description: 'make spaces' });
    expect(created.status).toBe(201);
    const group = (await created.json()) as { id: string; name: string; providerType: string };
    expect(group.providerType).toBe('custom');
    expect((await send(admin, 'POST', '/api/v1/groups', { name: 'Creators' })).status).toBe(409);
    const katherine = idOf('katherine@example.com');
    await patchUser(admin, katherine, [{ op: 'add', path: '/assignedGroups/-', value: { id: group.id } }]);
    t.db.prepare("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'rita@example.com') WHERE id = ?").run(katherine);
    const { authorize } = await import('../../test/harness');
    const { location, verifier, redirectUri } = await authorize(t, { email: 'katherine@example.com', password: 'rita-demo', scope: 'user_default' });
    const token = ((await (
      await fetch(`${t.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
        body: JSON.stringify({ grant_type: 'authorization_code', code: location.searchParams.get('code'), code_verifier: verifier, redirect_uri: redirectUri, client_id: 'manage-console' }),
      })
    ).json()) as { access_token: string }).access_token;
    expect((await createSpace(token, 'K before')).status).toBe(403);
    for (const path of ['assignedRoles', '/assignedRoles']) {
      const value = path === 'assignedRoles' ? [{ name: 'SharedSpaceCreator' }] : [{ name: 'SharedSpaceCreator' }, { name: 'DataAdmin' }];
      expect((await send(admin, 'PATCH', `/api/v1/groups/${group.id}`, [{ op: 'replace', path, value }])).status).toBe(204);
    }
    expect(recorded.at(-1)!.event).toMatchObject({ type: 'com.qlik.v1.group.updated', updates: { assignedRoles: { old: ['SharedSpaceCreator'], new: ['DataAdmin', 'SharedSpaceCreator'] } } });
    expect((await createSpace(token, 'K through group')).status).toBe(201);
    expect((await send(admin, 'PATCH', `/api/v1/groups/${group.id}`, [{ op: 'replace', path: '/name', value: 'Space creators' }])).status).toBe(204);
    expect(((await (await api(t, admin, `/api/v1/groups/${group.id}`)).json()) as { name: string }).name).toBe('Space creators');
    expect((await send(admin, 'PATCH', `/api/v1/groups/${group.id}`, [{ op: 'add', path: '/name', value: 'x' }])).status).toBe(400);
    expect((await send(admin, 'DELETE', `/api/v1/groups/${group.id}`)).status).toBe(204);
    expect(recorded.at(-1)!).toMatchObject({ inTransaction: true, event: { type: 'com.qlik.v1.group.deleted' } });
    expect((await createSpace(token, 'K group gone')).status).toBe(403);
    expect((await api(t, admin, `/api/v1/groups/${group.id}`)).status).toBe(404);
    expect((await send(admin, 'DELETE', '/api/v1/groups/000000000000000000000001')).status).toBe(400);
  });
});
