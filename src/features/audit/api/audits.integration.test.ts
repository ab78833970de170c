import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import { api, type TestTenant } from '../../../../tenant/test/harness';
import { auditEventQuery, auditsQuery, auditTypesQuery, listAuditsPage, nextCursor } from './audits';

let t: TestTenant;
let target: TenantTarget;
let token = '';

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default admin_classic' }));
});

afterAll(async () => {
  await t?.stop();
});

const json = (method: string, body: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('audit events through the console api functions', () => {
  it('list the newest first, filtered by type, user and time, and follow the next cursor to the end', async () => {
    const created = (await (await api(t, token, '/api/v1/spaces', json('POST', { name: 'Console audit', type: 'shared' }))).json()) as { id: string };
    await api(t, token, `/api/v1/spaces/${created.id}`, json('PATCH', [{ op: 'replace', path: '/name', value: 'Console audit 2' }]));
    const me = (await (await api(t, token, '/api/v1/users/me')).json()) as { id: string };

    const newest = await listAuditsPage(target, {});
    expect(newest.data!.slice(0, 2).map((e) => [e.eventType, (e.data as { name: string }).name])).toEqual([
      ['com.qlik.space.updated', 'Console audit 2'],
      ['com.qlik.space.created', 'Console audit'],
    ]);
    const since = newest.data![1]!.eventTime!;
    const recent = await listAuditsPage(target, { from: since });
    expect(recent.data!.map((e) => e.eventType)).toEqual(['com.qlik.space.updated', 'com.qlik.space.created']);
    const mine = await listAuditsPage(target, { eventType: 'com.qlik.space.created', userId: me.id });
    expect(mine.data!.every((e) => e.eventType === 'com.qlik.space.created' && e.userId === me.id)).toBe(true);

    const client = new QueryClient();
    const options = auditsQuery(target, {});
    let pages = await client.fetchInfiniteQuery(options);
    while (nextCursor(pages.pages.at(-1)!)) {
      pages = await client.fetchInfiniteQuery({ ...options, pages: pages.pages.length + 1 });
    }
    const ids = pages.pages.flatMap((p) => p.data!.map((e) => e.id));
    expect(pages.pages.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe((t.db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n);

    const one = await client.fetchQuery(auditEventQuery(target, newest.data![0]!.id!));
    expect(one.extensions).toMatchObject({ updates: { name: { old: 'Console audit', new: 'Console audit 2' } } });
    expect(await client.fetchQuery(auditTypesQuery(target))).toEqual(expect.arrayContaining(['com.qlik.space.updated']));
  });
});
