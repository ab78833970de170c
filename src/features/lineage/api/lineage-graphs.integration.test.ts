import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { signIn, type TestTenant } from '../../../../tenant/test/harness';
import { describeError } from '@/lib/api-error';
import type { TenantTarget } from '@/lib/qlik-host';
import { appQri } from '@/lib/qri';
import { signInConsoleAs, startConsoleTenant } from '@/test/tenant';
import { withExpansion, type LineageGraphModel } from '../graph/model';
import { lineageExpansionQuery, lineageGraphQuery, lineageSearchQuery } from './lineage-graphs';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

let t: TestTenant;
let token: string;
let target: TenantTarget;
const appIds: Record<string, string> = {};

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default' }));
  const res = await fetch(`${t.url}/api/v1/items?resourceType=app&limit=100`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { data: Array<{ name: string; resourceId: string }> };
  for (const item of body.data) appIds[item.name] = item.resourceId;
}, scaledTimeout(60));
afterAll(async () => {
  await t?.stop();
}, scaledTimeout(30));

const names = (graph: LineageGraphModel) => graph.nodes.map((node) => node.label).sort();
const edgeNames = (graph: LineageGraphModel) => {
  const label = new Map(graph.nodes.map((node) => [node.qri, node.label]));
  return graph.edges
    .map((edge) => `${label.get(edge.source)} ${edge.relation} ${label.get(edge.target)}`)
    .sort();
};

describe('lineage graphs against the local tenant', () => {
  it("draws an app's upstream: the file it loads, the app that stores that file, and what that app reads", async () => {
    const queryClient = new QueryClient();
    const dashboard = appQri(appIds['Sales dashboard']!);
    const near = await queryClient.fetchQuery(
      lineageGraphQuery(target, { qri: dashboard, direction: 'up', depth: 1 }),
    );
    expect(edgeNames(near)).toContain('bookings-2024.csv LOAD Sales dashboard');
    expect(near.nodes.find((node) => node.qri === dashboard)).toMatchObject({
      kind: 'app',
      label: 'Sales dashboard',
    });
    expect(near.nodes.find((node) => node.label === 'bookings-2024.csv')).toMatchObject({ kind: 'file' });
    expect(names(near)).not.toContain('Orders pipeline');

    const far = await queryClient.fetchQuery(
      lineageGraphQuery(target, { qri: dashboard, direction: 'up', depth: -1 }),
    );
    expect(edgeNames(far)).toEqual(
      expect.arrayContaining([
        'bookings-2024.csv LOAD Sales dashboard',
        'Orders pipeline STORE bookings-2024.csv',
        'orders.csv LOAD Orders pipeline',
      ]),
    );
    expect(far.nodes.some((node) => node.kind === 'connection')).toBe(true);
  });

  it('opens a node of the graph to its tables and fields, each under what it belongs to', async () => {
    const queryClient = new QueryClient();
    const dashboard = appQri(appIds['Sales dashboard']!);
    const params = { qri: dashboard, direction: 'up' as const, depth: 5 };
    const graph = await queryClient.fetchQuery(lineageGraphQuery(target, params));
    const expansion = await queryClient.fetchQuery(
      lineageExpansionQuery(target, { ...params, node: dashboard }),
    );
    const opened = withExpansion(graph, dashboard, expansion);
    const bookings = opened.nodes.find((node) => node.kind === 'table' && node.label === 'Bookings');
    expect(bookings).toMatchObject({ parent: dashboard });
    const fields = opened.nodes.filter((node) => node.kind === 'field' && node.parent === bookings!.qri);
    expect(fields.map((node) => node.label)).toEqual([
      'id',
      'date',
      'region',
      'product',
      'quantity',
      'amount',
    ]);
  });

  it('finds nodes by name on every level', async () => {
    const queryClient = new QueryClient();
    const found = await queryClient.fetchQuery(
      lineageSearchQuery(target, {
        qri: appQri(appIds['Orders pipeline']!),
        direction: 'up',
        depth: 5,
        text: 'ORDERS',
      }),
    );
    expect(names(found)).toContain('orders.csv');
  });

  it("shows a file's impact to a tenant admin, a data set's QRI ('#' and all) in the path", async () => {
    const queryClient = new QueryClient();
    const graph = await queryClient.fetchQuery(
      lineageGraphQuery(target, { qri: appQri(appIds['Orders pipeline']!), direction: 'up', depth: 1 }),
    );
    const orders = graph.nodes.find((node) => node.label === 'orders.csv')!;
    // the QRI holds '#': encoded whole into the path, the tenant finds the file
    expect(orders.qri).toContain('#');
    const impact = await queryClient.fetchQuery(
      lineageGraphQuery(target, { qri: orders.qri, direction: 'down', depth: -1 }),
    );
    expect(edgeNames(impact)).toEqual(
      expect.arrayContaining([
        'orders.csv DIRECT Orders pipeline',
        'Orders pipeline STORE bookings-2024.csv',
        'bookings-2024.csv LOAD Sales dashboard',
      ]),
    );
  });

  it('refuses impact to a plain member: the tenant answers 403', async () => {
    const max = (await signIn(t, 'max', 'user_default')).access_token;
    signInConsoleAs(max);
    try {
      const queryClient = new QueryClient();
      const asMax = { id: 'integration-max', host: t.url };
      const error = await queryClient
        .fetchQuery({
          ...lineageGraphQuery(asMax, {
            qri: appQri(appIds['Orders pipeline']!),
            direction: 'down',
            depth: 1,
          }),
          retry: false,
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(describeError(error)).toMatchObject({ status: 403 });
    } finally {
      signInConsoleAs(token);
    }
  });
});
