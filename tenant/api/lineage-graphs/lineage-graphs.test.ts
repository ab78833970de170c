// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ErrorResponse429, GraphLevelsResponse, GraphResponse, GraphsResponse, MultiStatusResponse, OverviewItems } from '@qlik/api/lineage-graphs';
import type { ItemsListItemsResponseBody } from '@qlik/api/items';
import type { DataFileUploadResponse } from '@qlik/api/data-files';
import { api, signIn, startTenant, type TestTenant } from '../../test/harness';
import { seedLineageGraph } from '../../seed/lineage-graph';
import { scaledTimeout } from '../../test/timeouts';

/**
 * The lineage graphs of the demo tenant through the API: Orders pipeline loads raw/orders.csv (and more) and stores
 * bookings-2024.csv, which Sales dashboard loads — a file → app → stored file → app chain, up- and downstream.
 */
let t: TestTenant;
let ada: string;
let rita: string;
let max: string;
const apps: Record<string, string> = {};
const files: Record<string, string> = {};

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  return JSON.parse(text) as T;
}

const q = (qri: string) => encodeURIComponent(qri);
const appQri = (name: string) => `qri:app:sense://${apps[name]}`;
const labelsOf = (graph: GraphResponse['graph']) => Object.values(graph!.nodes!).map((n) => n.label).sort();

beforeAll(async () => {
  // these tests ask more than Qlik's 20 a minute; the limit has its own test below
  t = await startTenant({ lineageRateLimit: false });
  [ada, rita, max] = await Promise.all([
    signIn(t, 'ada', 'user_default admin_classic').then((r) => r.access_token),
    signIn(t, 'rita', 'user_default').then((r) => r.access_token),
    signIn(t, 'max', 'user_default').then((r) => r.access_token),
  ]);
  const items = await json<ItemsListItemsResponseBody>(await api(t, ada, '/api/v1/items?resourceType=app&limit=100'));
  for (const item of items.data) apps[item.name!] = item.resourceId!;
  // every demo data set's schema is inferred before the graphs are asked for their fields
  await vi.waitFor(() => expect(t.ctx.catalog.pending()).toHaveLength(0), { timeout: scaledTimeout(20) });
  const list = await json<{ data: DataFileUploadResponse[] }>(await api(t, ada, '/api/v1/data-files?limit=100&includeAllSpaces=true'));
  for (const file of list.data) files[file.name] = file.qri!;
});

afterAll(async () => {
  await t.stop();
});

describe('lineage (upstream)', () => {
  it('walks from an app back through the file another app stores to that app’s sources', async () => {
    const body = await json<GraphLevelsResponse>(await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(appQri('Sales dashboard'))}?up=-1`));
    expect(labelsOf(body.graph)).toEqual(
      ['CRM API', 'Orders pipeline', 'Sales dashboard', 'Sales warehouse', 'bookings-2024.csv', 'customers.json', 'opportunities.csv', 'orders.csv', 'regions.csv'],
    );
    const edges = body.graph!.edges!.map((e) => `${body.graph!.nodes![e.source!]!.label} ${e.relation} ${body.graph!.nodes![e.target!]!.label}`);
    expect(edges).toEqual(expect.arrayContaining([
      'orders.csv LOAD Orders pipeline',
      'Orders pipeline STORE bookings-2024.csv',
      'bookings-2024.csv LOAD Sales dashboard',
      'Sales warehouse READ Orders pipeline',
    ]));
    const oneLevel = await json<GraphLevelsResponse>(await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(appQri('Sales dashboard'))}?up=1`));
    expect(labelsOf(oneLevel.graph)).toEqual(['CRM API', 'Sales dashboard', 'bookings-2024.csv', 'opportunities.csv']);
  });

  it('gives a stored file the app that stores it as its upstream, and a data set the same QRI as its file', async () => {
    const bookings = files['bookings-2024.csv']!;
    const body = await json<GraphLevelsResponse>(await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(bookings)}?up=1`));
    expect(labelsOf(body.graph)).toEqual(['Orders pipeline', 'bookings-2024.csv']);
    const sets = await json<ItemsListItemsResponseBody>(await api(t, ada, '/api/v1/items?resourceType=dataset&limit=100'));
    const attributes = sets.data.find((s) => s.name === 'bookings-2024.csv')?.resourceAttributes as { secureQri?: string };
    expect(attributes.secureQri).toBe(bookings);
  });

  it('answers every level at once as nested graphs, with the tables and fields scripts and schemas tell', async () => {
    const body = await json<GraphLevelsResponse>(await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(appQri('Orders pipeline'))}?level=all`));
    expect(body.graphs!.graphs!.map((g) => g.type)).toEqual(['RESOURCE', 'TABLE', 'FIELD']);
    const [, tables, fields] = body.graphs!.graphs!;
    expect(labelsOf(tables)).toEqual(['Customers', 'Orders', 'Regions', 'customers.json', 'orders.csv', 'regions.csv']);
    expect(fields!.edges!.length).toBeGreaterThan(3);
    expect(Object.values(fields!.nodes!).every((n) => n.metadata?.type === 'FIELD')).toBe(true);
  });

  it('expands one node into its tables and searches labels on every level', async () => {
    const base = q(appQri('Sales dashboard'));
    const expanded = await json<GraphResponse>(
      await api(t, ada, `/api/v1/lineage-graphs/nodes/${base}/actions/expand?up=-1&level=table&node=${q(appQri('Orders pipeline'))}`),
    );
    expect(labelsOf(expanded.graph)).toEqual(['Customers', 'Orders', 'Regions', 'bookings-2024.csv', 'customers.json', 'orders.csv', 'regions.csv']);
    const found = await json<GraphsResponse>(
      await api(t, ada, `/api/v1/lineage-graphs/nodes/${base}/actions/search?up=-1&filter=${q('label co "ORDERS" or label co "region"')}`),
    );
    const [resources, tables] = found.graphs!.graphs!;
    expect(labelsOf(resources)).toEqual(['Orders pipeline', 'orders.csv', 'regions.csv']);
    expect(labelsOf(tables)).toEqual(['Orders', 'Regions', 'orders.csv', 'regions.csv']);
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${base}/actions/search?filter=${q('label eq "x"')}`)).status).toBe(400);
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${base}/actions/expand?level=table&node=${q(appQri('Budget review'))}`)).status).toBe(404);
  });

  it('shows a caller the nodes they cannot read as opaque ones, and refuses a base node they cannot read', async () => {
    // Rita reads Sales analytics but not the Sales data space its pipeline loads from
    const body = await json<GraphLevelsResponse>(await api(t, rita, `/api/v1/lineage-graphs/nodes/${q(appQri('Orders pipeline'))}`));
    expect(labelsOf(body.graph)).toEqual(['Orders pipeline', 'Restricted', 'Restricted', 'Restricted', 'Restricted']);
    expect(JSON.stringify(body)).not.toMatch(/orders\.csv|Sales warehouse/);
    const refused = await api(t, rita, `/api/v1/lineage-graphs/nodes/${q(files['raw/orders.csv']!)}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('User does not have access to the node');
    expect((await api(t, max, `/api/v1/lineage-graphs/nodes/${q(appQri('Scratch analysis'))}`)).status).toBe(403);
  });

  it('percent-decodes the QRI once (%2F and %23 too), refuses malformed QRIs and does not know made-up ones', async () => {
    const qri = appQri('Budget review');
    const encoded = qri.replace(/:/g, '%3A').replace(/\//g, '%2F');
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${encoded}`)).status).toBe(200);
    const file = files['raw/orders.csv']!;
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${file.replace(/:/g, '%3A').replace(/\//g, '%2F').replace('#', '%23')}`)).status).toBe(200);
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${q('qri:app:sense')}`)).status).toBe(400);
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(`${qri}%2F`)}`)).status).toBe(400);
    const unknown = await api(t, ada, `/api/v1/lineage-graphs/nodes/${q('qri:app:sense://00000000-0000-0000-0000-000000000000')}`);
    expect(unknown.status).toBe(404);
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(`qri:qdf:space://${'a'.repeat(43)}#${'b'.repeat(43)}`)}`)).status).toBe(404);
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(qri)}?up=-2`)).status).toBe(400);
    expect((await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(qri)}?level=sheet`)).status).toBe(400);
  });
});

describe('field overview', () => {
  it('traces fields asked for back to their source tables: 200 for all found, 207 per field otherwise, 201 for none', async () => {
    const base = q(appQri('Sales dashboard'));
    const all = await json<GraphLevelsResponse>(await api(t, ada, `/api/v1/lineage-graphs/nodes/${base}?level=field&up=-1`));
    const amount = Object.entries(all.graph!.nodes!).find(
      ([qri, n]) => n.label === 'amount' && qri.startsWith(appQri('Sales dashboard')),
    )![0];
    const post = (body: unknown) =>
      api(t, ada, `/api/v1/lineage-graphs/nodes/${base}/overview?up=-1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const found = await json<OverviewItems>(await post([amount]));
    expect(found.resources![0]!.lineage!.map((l) => `${l.resourceLabel}/${l.tableLabel}`)).toEqual([
      'bookings-2024.csv/bookings-2024.csv',
      'Orders pipeline/Orders',
      'orders.csv/orders.csv',
    ]);
    const partly = await json<MultiStatusResponse>(await post([amount, `${appQri('Sales dashboard')}#nope#nope`]), 207);
    expect(partly.data!.map((d) => d.status)).toEqual([200, 404]);
    expect((await post([])).status).toBe(201);
    expect((await post(['x'.repeat(600)])).status).toBe(400);
  });
});

describe('impact (downstream)', () => {
  it('lists what depends on a file, stored files and their apps included, with table and field counts', async () => {
    const body = await json<GraphResponse>(await api(t, ada, `/api/v1/lineage-graphs/impact/${q(files['raw/orders.csv']!)}/overview?down=-1`));
    expect(labelsOf(body.graph)).toEqual(['Orders pipeline', 'Sales dashboard', 'bookings-2024.csv']);
    expect(body.graph!.metadata).toMatchObject({ producerId: files['raw/orders.csv'], total: 3 });
    const bookings = body.graph!.nodes![files['bookings-2024.csv']!]!;
    expect(bookings.metadata).toMatchObject({ type: 'DATASET', subtype: 'FILE', tables: 1 });
    expect(bookings.metadata!.fields).toBeGreaterThan(0);
    const direct = await json<GraphResponse>(await api(t, ada, `/api/v1/lineage-graphs/impact/${q(files['raw/orders.csv']!)}/overview?down=1`));
    expect(labelsOf(direct.graph)).toEqual(['Orders pipeline']);
  });

  it('expands, searches and shows the base node on every level', async () => {
    const base = q(files['raw/orders.csv']!);
    const expanded = await json<GraphResponse>(
      await api(t, ada, `/api/v1/lineage-graphs/impact/${base}/actions/expand?level=table&node=${q(appQri('Orders pipeline'))}`),
    );
    // all of the app's tables, and across the edges within the impact: the base's table and the stored file's
    expect(labelsOf(expanded.graph)).toEqual(['Customers', 'Orders', 'Regions', 'bookings-2024.csv', 'orders.csv']);
    expect(Object.values(expanded.graph!.nodes!).every((n) => typeof n.metadata?.fields === 'number')).toBe(true);
    const found = await json<GraphsResponse>(await api(t, ada, `/api/v1/lineage-graphs/impact/${base}/actions/search?down=-1&filter=${q('label co "sales"')}`));
    expect(labelsOf(found.graphs!.graphs![0])).toEqual(['Sales dashboard']);
    const source = await json<GraphsResponse>(await api(t, ada, `/api/v1/lineage-graphs/impact/${base}/source`));
    expect(source.graphs!.graphs!.map((g) => labelsOf(g).length)).toEqual([1, 1, expect.any(Number)]);
    expect(labelsOf(source.graphs!.graphs![0])).toEqual(['orders.csv']);
  });

  it('is for tenant admins only', async () => {
    const refused = await api(t, max, `/api/v1/lineage-graphs/impact/${q(appQri('Orders pipeline'))}/overview`);
    expect(refused.status).toBe(403);
    // Max reads the app's lineage all the same
    expect((await api(t, max, `/api/v1/lineage-graphs/nodes/${q(appQri('Orders pipeline'))}`)).status).toBe(200);
  });
});

describe('a 500-node graph', () => {
  it('seeds one file that 499 resources depend on, and a deepest app whose lineage is a chain back to it', async () => {
    const seeded = seedLineageGraph(t.ctx);
    expect(seeded.files + seeded.apps).toBe(500);
    const impact = await json<GraphResponse>(await api(t, ada, `/api/v1/lineage-graphs/impact/${q(seeded.rootQri)}/overview?down=-1`));
    expect(impact.graph!.metadata!.total).toBe(499);
    const lineage = await json<GraphResponse>(await api(t, ada, `/api/v1/lineage-graphs/nodes/${q(seeded.deepestAppQri)}?up=-1`));
    const nodes = lineage.graph!.nodes!;
    expect(nodes[seeded.rootQri]).toBeDefined();
    // a chain: every node but the root has exactly one edge coming in
    const incoming = new Map<string, number>();
    for (const edge of lineage.graph!.edges!) incoming.set(edge.target!, (incoming.get(edge.target!) ?? 0) + 1);
    expect(Object.keys(nodes).filter((qri) => qri !== seeded.rootQri).every((qri) => incoming.get(qri) === 1)).toBe(true);
    expect(Object.keys(nodes).length).toBeGreaterThan(4);
  });
});

describe('rate limit', () => {
  it('refuses a caller past the lineage limit with 429, Retry-After and the rate limiter’s body, per caller', async () => {
    const limited = await startTenant({ lineageRateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      const [a, m] = await Promise.all([signIn(limited, 'ada', 'user_default'), signIn(limited, 'max', 'user_default')]);
      const path = `/api/v1/lineage-graphs/nodes/${q('qri:app:sense://nope')}`;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api(limited, a.access_token, path)).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const refused = await api(limited, a.access_token, path);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await refused.json()) as ErrorResponse429;
      expect(body.errors![0]).toMatchObject({ title: 'API rate limit reached.', status: 429 });
      // another caller has their own allowance, and other APIs are not counted
      expect((await api(limited, m.access_token, path)).status).toBe(404);
      expect((await api(limited, a.access_token, '/api/v1/users/me')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
