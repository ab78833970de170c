import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { getSpaces } from '@qlik/api/spaces';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import type { TestTenant } from '../../../../tenant/test/harness';
import { usersByIdsQuery } from './spaces';

let t: TestTenant;
let target: TenantTarget;

beforeAll(async () => {
  ({ tenant: t, target } = await startConsoleTenant({
    user: 'max',
    scope: 'user_default',
    targetId: 'owner-names',
  }));
});

afterAll(async () => {
  await t?.stop();
});

it('a plain member, who may not list users, still gets the names of the spaces’ owners', async () => {
  const { data } = await getSpaces({ limit: 100 }, apiOptions(target));
  const owners = [...new Set((data.data ?? []).map((s) => s.ownerId!))];
  expect(owners.length).toBeGreaterThan(0);
  const users = await new QueryClient().fetchQuery(usersByIdsQuery(target, owners));
  expect(Object.keys(users).sort()).toEqual(owners.sort());
  expect(Object.values(users).map((u) => u.name)).toContain('Ada Admin');
});
