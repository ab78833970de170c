import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { getSpaces } from '@qlik/api/spaces';
import { addInterceptor } from '@qlik/api/interceptors';
import { isHttpError } from '@/lib/api-error';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import type { TestTenant } from '../../../../tenant/test/harness';
import { usersByIdsQuery } from './spaces';

let t: TestTenant;
let target: TenantTarget;
/** Every call the console made, with the status the tenant answered. */
const calls: { path: string; status: number }[] = [];

beforeAll(async () => {
  ({ tenant: t, target } = await startConsoleTenant({
    user: 'max',
    scope: 'user_default',
    targetId: 'owner-names',
  }));
  addInterceptor(async (request, proceed) => {
    try {
      const response = await proceed(request);
      calls.push({ path: request.pathTemplate, status: response.status });
      return response;
    } catch (error) {
      calls.push({ path: request.pathTemplate, status: isHttpError(error) ? error.status : 0 });
      throw error;
    }
  });
});

afterAll(async () => {
  await t?.stop();
});

it('a plain member, who may not list users, gets the names of the spaces’ owners without a refused request', async () => {
  const { data } = await getSpaces({ limit: 100 }, apiOptions(target));
  const owners = [...new Set((data.data ?? []).map((s) => s.ownerId!))];
  expect(owners.length).toBeGreaterThan(0);
  calls.length = 0;
  const users = await new QueryClient().fetchQuery(usersByIdsQuery(target, owners, false));
  expect(calls.filter((call) => call.status >= 400)).toEqual([]);
  expect(calls.map((call) => call.path)).not.toContain('/api/v1/users');
  expect(Object.keys(users).sort()).toEqual(owners.sort());
  expect(Object.values(users).map((u) => u.name)).toContain('Ada Admin');
});
