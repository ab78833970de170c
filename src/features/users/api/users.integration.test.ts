import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { deleteUser } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import { api, type TestTenant } from '../../../../tenant/test/harness';
import { ownedContentQuery, transferOwnedContent, usersQuery } from './users';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

/** The users list's filters, and deleting an owner of content after handing it over, against the real tenant. */
let t: TestTenant;
let target: TenantTarget;
let token = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({
    tenant: t,
    target,
    token,
  } = await startConsoleTenant({ scope: 'user_default admin_classic', targetId: 'users' }));
  for (const who of ['ada', 'max']) {
    const filter = encodeURIComponent(`email eq "${who}@example.com"`);
    ids[who] = (
      (await (await api(t, token, `/api/v1/users?filter=${filter}`)).json()) as { data: { id: string }[] }
    ).data[0]!.id;
  }
  // Starting a tenant and signing in takes seconds on a busy machine.
}, scaledTimeout(30));

afterAll(async () => {
  await t?.stop();
});

it('filters by text, role and status together, as the URL asks', async () => {
  const names = async (params: Parameters<typeof usersQuery>[1]) => {
    const data = await new QueryClient().fetchInfiniteQuery(usersQuery(target, params));
    return data.pages.flatMap((page) => page.data ?? []).map((u) => u.name);
  };
  expect(await names({ role: 'SharedSpaceCreator', sort: 'name' })).toEqual(['Ada Admin', 'Max Member']);
  expect(await names({ q: 'max', role: 'SharedSpaceCreator', status: 'active', sort: 'name' })).toEqual([
    'Max Member',
  ]);
  expect(await names({ role: 'SharedSpaceCreator', status: 'disabled', sort: 'name' })).toEqual([]);
  expect((await names({ sort: '-name' }))[0]).toBe('Rita Reader');
});

it('lists what Max owns, hands it to Ada, and then the tenant deletes Max', async () => {
  await expect(deleteUser(ids.max!, apiOptions(target))).rejects.toMatchObject({ status: 400 });
  const owned = await new QueryClient().fetchQuery(ownedContentQuery(target, ids.max!));
  expect(owned.spaces.map((s) => s.name)).toEqual(['Marketing sandbox']);
  expect(owned.dataConnections.map((c) => c.name).sort()).toEqual(['CRM API', 'Scratch database']);
  await transferOwnedContent(target, owned, ids.ada!);
  const after = await new QueryClient().fetchQuery(ownedContentQuery(target, ids.max!));
  expect([...after.spaces, ...after.dataConnections, ...after.dataFiles]).toEqual([]);
  await deleteUser(ids.max!, apiOptions(target));
  expect((await api(t, token, `/api/v1/users/${ids.max}`)).status).toBe(404);
});
