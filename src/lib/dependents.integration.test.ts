import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { TestTenant } from '../../tenant/test/harness';
import type { TenantTarget } from './qlik-host';
import { spaceIdsByName, startConsoleTenant } from '@/test/tenant';
import { dependentsQuery, type DeleteTarget } from './dependents';

let t: TestTenant;
let target: TenantTarget;
let spaces: Record<string, string>;

beforeAll(async () => {
  let token: string;
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default admin_classic' }));
  spaces = await spaceIdsByName(t, token);
}, 60_000);
afterAll(async () => {
  await t?.stop();
}, 30_000);

const appsOf = async (deleting: DeleteTarget) =>
  (await new QueryClient().fetchQuery(dependentsQuery(target, deleting))).apps.map((app) => [app.name, app.via]);

describe('the dependency query of the delete dialogs, against the demo apps', () => {
  it('finds the apps that load a file, by qualified and unqualified lib:// paths', async () => {
    expect(await appsOf({ kind: 'file', spaceId: spaces['Sales data']!, path: 'raw/orders.csv' })).toEqual([
      ['Orders pipeline', ['lib://Sales data:DataFiles/raw/orders.csv']],
    ]);
    expect(await appsOf({ kind: 'file', spaceId: spaces['Sales analytics']!, path: 'bookings-2024.csv' })).toEqual([
      ['Sales dashboard', ['lib://Sales analytics:DataFiles/bookings-2024.csv']],
    ]);
    // Orders pipeline only stores into bookings-2024.csv: deleting it breaks nothing there
    expect(await appsOf({ kind: 'file', spaceId: spaces['Sales data']!, path: 'raw/nothing.csv' })).toEqual([]);
  });

  it('finds the apps that load anything below a folder, and those that use a connection or a space', async () => {
    expect(await appsOf({ kind: 'folder', spaceId: spaces['Sales analytics']!, path: 'pipeline' })).toEqual([
      ['Sales dashboard', ['lib://DataFiles/pipeline/opportunities.csv']],
    ]);
    expect(await appsOf({ kind: 'connection', spaceId: spaces['Finance']!, name: 'General ledger' })).toEqual([
      ['Budget review', ['General ledger']],
    ]);
    const ofSpace = await appsOf({ kind: 'space', spaceId: spaces['Sales data']! });
    expect(ofSpace.map(([name]) => name)).toEqual(['Orders pipeline']);
  });
});
