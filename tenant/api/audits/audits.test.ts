// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GetByIDResult, GetResult } from '@qlik/api/audits';
import { api, machineToken, signIn, startTenant, type TestTenant } from '../../test/harness';
import { archiveExpiredEvents } from '../../services/audit-retention';
import type { Clock } from '../../runtime';
import { scaledTimeout } from '../../test/timeouts';

/**
 * The audit trail over HTTP: every change the API makes is listed as Qlik's audit event (extensions, updates, no
 * secrets), with Qlik's filters, sort and cursors; only tenant admins and Audit Admins read it; events past the
 * retention move to the archive on the tenant's clock.
 */

let t: TestTenant;
let ada = '';
let max = '';
let adaId = '';
let maxId = '';
/** Moves the tenant's clock forward (retention). */
let offsetMs = 0;
const clock: Clock = {
  now: () => new Date(Date.now() + offsetMs),
  iso: () => new Date(Date.now() + offsetMs).toISOString(),
};

const json = (method: string, body: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function ok<T>(token: string, path: string, init: RequestInit = {}, status = 200): Promise<T> {
  const response = await api(t, token, path, init);
  const text = await response.text();
  expect(response.status, `${init.method ?? 'GET'} ${path}: ${text.slice(0, 300)}`).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

const audits = (query: string, token = ada) => ok<GetResult>(token, `/api/v1/audits?${query}`);

beforeAll(async () => {
  t = await startTenant({ clock, auditRetentionDays: 30, auditRetentionSweepMs: 20 });
  ada = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
  max = (await signIn(t, 'max', 'user_default')).access_token;
  adaId = (await ok<{ id: string }>(ada, '/api/v1/users/me')).id;
  maxId = (await ok<{ id: string }>(max, '/api/v1/users/me')).id;
});

afterAll(async () => {
  await t?.stop();
});

describe('audit events over /api/v1/audits', () => {
  let spaceId = '';

  it('record each change with its actor, extensions and the updated fields, old and new', async () => {
    spaceId = (await ok<{ id: string }>(ada, '/api/v1/spaces', json('POST', { name: 'Audit trail', type: 'shared' }), 201)).id;
    await ok(ada, `/api/v1/spaces/${spaceId}`, json('PATCH', [{ op: 'replace', path: '/description', value: 'Who did what' }]));
    const member = await ok<{ id: string }>(
      ada,
      `/api/v1/spaces/${spaceId}/assignments`,
      json('POST', { type: 'user', assigneeId: maxId, roles: ['consumer'] }),
      201,
    );

    const page = await audits('limit=3');
    expect(page.data!.map((e) => e.eventType)).toEqual([
      'com.qlik.space.assignment.created',
      'com.qlik.space.updated',
      'com.qlik.space.created',
    ]);
    const [assigned, updated, created] = page.data!;
    expect(created).toMatchObject({
      eventTypeVersion: '1.0.0',
      source: 'com.qlik/spaces',
      userId: adaId,
      tenantId: expect.any(String),
      contentType: 'application/json',
      data: { id: spaceId, name: 'Audit trail', type: 'shared', ownerId: adaId },
      extensions: { ownerId: adaId, spaceId },
      links: { self: { href: `${t.url}/api/v1/audits/${created!.id}` } },
    });
    expect(created!.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created!.extensions).not.toHaveProperty('updates');
    expect((updated!.extensions as { updates: Record<string, unknown> }).updates).toMatchObject({
      description: { old: '', new: 'Who did what' },
    });
    expect(assigned).toMatchObject({
      data: { id: member.id, assigneeId: maxId, roles: ['consumer'] },
      extensions: { spaceId, topLevelResourceId: spaceId },
    });
    expect(await ok<GetByIDResult>(ada, `/api/v1/audits/${created!.id}`)).toEqual(created);
  });

  it('never carry a secret', async () => {
    const connection = await ok<{ qID: string }>(
      ada,
      '/api/v1/data-connections',
      json('POST', {
        qName: 'Audited warehouse',
        datasourceID: 'postgres',
        space: spaceId,
        connectionProperties: { host: 'db.example.com', database: 'x', username: 'u', password: 'pw-never-logged' },
      }),
      201,
    );
    await ok(
      ada,
      `/api/v1/data-connections/${connection.qID}`,
      json('PATCH', [{ op: 'replace', path: '/qPassword', value: 'pw-never-logged-2' }]),
      204,
    );
    const page = await audits('source=com.qlik/data-connections&limit=2');
    expect(page.data!.map((e) => e.eventType)).toEqual(['com.qlik.data-connection.updated', 'com.qlik.data-connection.created']);
    expect(JSON.stringify(page)).not.toMatch(/pw-never-logged|secret/i);
  });

  it('name the M2M client as the actor when it acts', async () => {
    const m2m = await machineToken(t, 'user_default admin_classic');
    await ok(m2m, '/api/v1/spaces', json('POST', { name: 'Made by a script', type: 'shared' }), 201);
    const [event] = (await audits('eventType=com.qlik.space.created&limit=1')).data!;
    expect(event).toMatchObject({ data: { name: 'Made by a script' }, extensions: { actor: { sub: t.m2m.clientId, subType: 'client' } } });
  });

  it("filter by Qlik's parameters and sort on eventTime, eventType and source", async () => {
    const spaces = await audits('eventType=com.qlik.space.created&limit=100');
    expect(spaces.data!.length).toBeGreaterThan(2);
    expect(spaces.data!.every((e) => e.eventType === 'com.qlik.space.created')).toBe(true);
    expect((await audits(`userId=${maxId}&limit=100`)).data!.every((e) => e.userId === maxId)).toBe(true);
    const everything = (await audits('limit=100')).data!;
    const two = [everything[0]!.id, everything[5]!.id];
    expect((await audits(`id=${two.join(',')}`)).data!.map((e) => e.id)).toEqual(two);

    const times = everything.map((e) => e.eventTime!);
    expect([...times].sort().reverse()).toEqual(times);
    const from = everything[4]!.eventTime!;
    const to = everything[1]!.eventTime!;
    const window = (await audits(`eventTime=${from}/${to}&limit=100`)).data!;
    expect(window.length).toBeGreaterThanOrEqual(4);
    expect(window.every((e) => e.eventTime! >= from && e.eventTime! <= to)).toBe(true);
    expect((await audits(`eventTime=${to}/&limit=100`)).data!.every((e) => e.eventTime! >= to)).toBe(true);

    const byType = (await audits('sort=+eventType&limit=100')).data!.map((e) => e.eventType!);
    expect(byType).toEqual([...byType].sort());
    const bySource = (await audits('sort=-source&limit=100')).data!.map((e) => e.source!);
    expect(bySource).toEqual([...bySource].sort().reverse());
  });

  it('page with next and prev links that walk the same rows both ways', async () => {
    const all = (await audits('limit=100&sort=-eventTime')).data!.map((e) => e.id);
    const seen: string[] = [];
    let page = await audits('limit=7');
    expect(page.links!.self!.href).toBe(`${t.url}/api/v1/audits?limit=7`);
    expect(page.links!.prev).toBeUndefined();
    const pages: GetResult[] = [page];
    for (;;) {
      seen.push(...page.data!.map((e) => e.id!));
      if (!page.links!.next) break;
      page = await ok<GetResult>(ada, page.links!.next.href!.replace(t.url, ''));
      pages.push(page);
    }
    expect(seen).toEqual(all.slice(0, seen.length));
    expect(pages.length).toBeGreaterThan(2);
    const back = await ok<GetResult>(ada, pages[2]!.links!.prev!.href!.replace(t.url, ''));
    expect(back.data!.map((e) => e.id)).toEqual(pages[1]!.data!.map((e) => e.id));
  });

  it('refuse malformed parameters with 400 naming them', async () => {
    for (const [query, parameter] of [
      ['sort=name', 'sort'],
      ['eventTime=yesterday', 'eventTime'],
      ['eventTime=2026-01-02T00:00:00Z/2026-01-01T00:00:00Z', 'eventTime'],
      ['limit=101', 'limit'],
      ['next=abc&prev=abc', 'prev'],
      ['next=not-a-cursor', 'next'],
    ] as const) {
      const response = await api(t, ada, `/api/v1/audits?${query}`);
      const body = (await response.json()) as { errors: { source?: { parameter?: string } }[] };
      expect(response.status, query).toBe(400);
      expect(body.errors[0]!.source?.parameter, query).toBe(parameter);
    }
    expect((await api(t, ada, '/api/v1/audits/0123456789abcdef01234567')).status).toBe(404);
  });

  it('list the types and sources recorded, and the retention', async () => {
    const types = await ok<{ data: string[] }>(ada, '/api/v1/audits/types');
    expect(types.data).toEqual(expect.arrayContaining(['com.qlik.space.created', 'com.qlik.datafile.created']));
    expect(await ok(ada, '/api/v1/audits/sources')).toMatchObject({
      data: expect.arrayContaining(['com.qlik/spaces', 'com.qlik/qix-datafiles', 'com.qlik/data-connections']),
      links: { self: { href: `${t.url}/api/v1/audits/sources` } },
    });
    expect(await ok(ada, '/api/v1/audits/settings')).toEqual({ data: { EventTTL: 30 * 86_400, ArchiveEnabled: true } });
  });

  it('are read by tenant admins and Audit Admins only', async () => {
    for (const path of ['/api/v1/audits', '/api/v1/audits/types', '/api/v1/audits/settings', '/api/v1/audits?sort=bad']) {
      const response = await api(t, max, path);
      expect(response.status, path).toBe(403);
      expect(((await response.json()) as { errors: { meta?: unknown }[] }).errors[0]!.meta).toEqual({ reason: 'role' });
    }
    const auditAdmin = t.db.prepare("SELECT id FROM roles WHERE name = 'AuditAdmin'").get() as { id: string };
    t.db.prepare('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)').run(maxId, auditAdmin.id);
    try {
      expect((await audits('limit=1', max)).data).toHaveLength(1);
    } finally {
      t.db.prepare('DELETE FROM user_roles WHERE user_id = ? AND role_id = ?').run(maxId, auditAdmin.id);
    }
  });

  it('move past the retention to the archive, served by day', async () => {
    const online = t.ctx.audits.count();
    const today = clock.iso().slice(0, 10);
    expect((await api(t, ada, `/api/v1/audits/archive?date=${today}`)).status).toBe(404);
    offsetMs = 31 * 86_400_000;
    // The sweep runs on its timer, on the tenant's clock.
    await vi.waitFor(() => expect(t.ctx.audits.count()).toBe(0), { timeout: scaledTimeout(5) });
    const archived = await ok<{ data: Record<string, unknown>[] }>(ada, `/api/v1/audits/archive?date=${today}`);
    expect(archived.data.length).toBe(online);
    expect(archived.data[0]).not.toHaveProperty('id');
    expect(archived.data[0]).not.toHaveProperty('links');
    expect(archived.data.map((e) => e.eventType)).toContain('com.qlik.space.assignment.created');
    expect((await audits('limit=100')).data).toEqual([]);
    expect(archiveExpiredEvents(t.ctx, 30)).toBe(0);
    expect((await api(t, ada, '/api/v1/audits/archive')).status).toBe(400);
    expect((await api(t, ada, '/api/v1/audits/archive?date=2026-13-45')).status).toBe(400);
  });
});
