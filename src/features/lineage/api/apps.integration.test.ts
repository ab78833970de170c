import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { TestTenant } from '../../../../tenant/test/harness';
import type { TenantTarget } from '@/lib/qlik-host';
import { spaceIdsByName, startConsoleTenant } from '@/test/tenant';
import { appsQuery, appSourcesQuery, spaceAppsQuery } from './apps';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

let t: TestTenant;
let token: string;
let target: TenantTarget;

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default' }));
}, scaledTimeout(60));
afterAll(async () => {
  await t?.stop();
}, scaledTimeout(30));

describe('apps api against the local tenant', () => {
  it("lists a space's apps by name and reads what each script loads, stores and connects to", async () => {
    const spaces = await spaceIdsByName(t, token);
    const queryClient = new QueryClient();
    const apps = await queryClient.fetchInfiniteQuery(spaceAppsQuery(target, spaces['Sales analytics']!));
    const items = apps.pages.flatMap((page) => page.items);
    expect(items.map((item) => item.name)).toEqual(['Orders pipeline', 'Sales dashboard']);
    const pipeline = items[0]!;
    const sources = await queryClient.fetchQuery(appSourcesQuery(target, pipeline.resourceId!));
    expect(sources).toEqual([
      { relation: 'connect', text: 'Sales data:Sales warehouse' },
      { relation: 'load', text: 'lib://Sales data:DataFiles/raw/orders.csv' },
      { relation: 'load', text: 'lib://Sales data:DataFiles/raw/customers.json' },
      { relation: 'load', text: 'lib://Sales data:DataFiles/reference/regions.csv' },
      { relation: 'store', text: 'lib://Sales analytics:DataFiles/bookings-2024.csv' },
    ]);
  });

  it('lists every app the caller sees across spaces, by name, and narrows them by a part of the name', async () => {
    const queryClient = new QueryClient();
    const all = await queryClient.fetchInfiniteQuery(appsQuery(target, { q: '' }));
    expect(all.pages.flatMap((page) => page.items.map((item) => item.name))).toEqual([
      'Budget review',
      'Orders pipeline',
      'Sales dashboard',
      'Scratch analysis',
    ]);
    const some = await queryClient.fetchInfiniteQuery(appsQuery(target, { q: 'sales' }));
    expect(some.pages.flatMap((page) => page.items.map((item) => item.name))).toEqual(['Sales dashboard']);
  });
});
