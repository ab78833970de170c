import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { TestTenant } from '../../tenant/test/harness';
import type { TenantTarget } from './qlik-host';
import { spaceIdsByName, startConsoleTenant } from '@/test/tenant';
import { whenCatalogIdle } from '../../tenant/catalog/data-sets';
import { dependentsQuery, type DeleteTarget } from './dependents';
import { scaledTimeout } from '../../tenant/test/timeouts';

let t: TestTenant;
let target: TenantTarget;
let spaces: Record<string, string>;
let token: string;

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default admin_classic' }));
  spaces = await spaceIdsByName(t, token);
}, scaledTimeout(60));
afterAll(async () => {
  await t?.stop();
}, scaledTimeout(30));

const appsOf = async (deleting: DeleteTarget) =>
  (await new QueryClient().fetchQuery(dependentsQuery(target, deleting))).apps.map((app) => [
    app.name,
    app.via,
  ]);

describe('the dependency query of the delete dialogs, against the demo apps', () => {
  it('finds the apps that load a file, by qualified and unqualified lib:// paths', async () => {
    expect(await appsOf({ kind: 'file', spaceId: spaces['Sales data']!, path: 'raw/orders.csv' })).toEqual([
      ['Orders pipeline', ['lib://Sales data:DataFiles/raw/orders.csv']],
    ]);
    expect(
      await appsOf({ kind: 'file', spaceId: spaces['Sales analytics']!, path: 'bookings-2024.csv' }),
    ).toEqual([['Sales dashboard', ['lib://Sales analytics:DataFiles/bookings-2024.csv']]]);
    // Orders pipeline only stores into bookings-2024.csv: deleting it breaks nothing there
    expect(await appsOf({ kind: 'file', spaceId: spaces['Sales data']!, path: 'raw/nothing.csv' })).toEqual(
      [],
    );
  });

  it('finds the apps that load anything below a folder, and those that use a connection or a space', async () => {
    expect(await appsOf({ kind: 'folder', spaceId: spaces['Sales analytics']!, path: 'pipeline' })).toEqual([
      ['Sales dashboard', ['lib://DataFiles/pipeline/opportunities.csv']],
    ]);
    expect(await appsOf({ kind: 'connection', spaceId: spaces['Finance']!, name: 'General ledger' })).toEqual(
      [['Budget review', ['General ledger']]],
    );
    const ofSpace = await appsOf({ kind: 'space', spaceId: spaces['Sales data']! });
    expect(ofSpace.map(([name]) => name)).toEqual(['Orders pipeline']);
  });
});

describe('the data sets that go with a deleted file, folder or space', () => {
  const dataSetsOf = async (deleting: DeleteTarget) => {
    const { dataSets, dataSetsTruncated } = await new QueryClient().fetchQuery(
      dependentsQuery(target, deleting),
    );
    expect(dataSetsTruncated).toBe(false);
    return dataSets.map((dataSet) => dataSet.path).sort();
  };

  it("lists a file's own data set, a folder's and a space's, and none for a connection", async () => {
    await whenCatalogIdle(t.db);
    expect(
      await dataSetsOf({ kind: 'file', spaceId: spaces['Sales data']!, path: 'raw/orders.csv' }),
    ).toEqual(['raw/orders.csv']);
    expect(
      await dataSetsOf({ kind: 'folder', spaceId: spaces['Sales analytics']!, path: 'pipeline' }),
    ).toEqual(['pipeline/accounts.tsv', 'pipeline/opportunities.csv']);
    expect(await dataSetsOf({ kind: 'space', spaceId: spaces['Sales data']! })).toEqual([
      'raw/customers.json',
      'raw/orders.csv',
      'reference/regions.csv',
    ]);
    expect(await dataSetsOf({ kind: 'folder', spaceId: null, path: 'forecasts' })).toEqual([
      'forecasts/q3.json',
    ]);
    expect(
      await dataSetsOf({ kind: 'connection', spaceId: spaces['Finance']!, name: 'General ledger' }),
    ).toEqual([]);
    // a name that only starts like the folder is not in it
    expect(await dataSetsOf({ kind: 'folder', spaceId: spaces['Sales data']!, path: 'ra' })).toEqual([]);
  });

  it('links each to the data set the catalog holds for the file', async () => {
    const [dataSet] = (
      await new QueryClient().fetchQuery(
        dependentsQuery(target, {
          kind: 'file',
          spaceId: spaces['Sales data']!,
          path: 'reference/regions.csv',
        }),
      )
    ).dataSets;
    const response = await fetch(`${t.url}/api/v1/data-sets/${dataSet!.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      name: 'regions.csv',
      technicalName: 'reference/regions.csv',
    });
  });
});
