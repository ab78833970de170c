import { describe, expect, it } from 'vitest';
import { expandGraph, fieldOverview, levelGraph, searchGraphs, walk, type LineageLink, type LineageResource, type LineageWorld } from './graph';
import { fieldQri, parseQri, tableQri } from './qri';
import { qriHash } from '../catalog/qri';

const file = (name: string, fields: string[], readable = true): LineageResource => ({
  qri: `qri:qdf:space://${qriHash('space')}#${qriHash(name)}`,
  kind: 'file',
  id: `set-${name}`,
  label: name,
  readable,
  tables: [{ label: name, fields }],
  filePath: name,
});
const app = (id: string, tables: { label: string; fields: string[] }[], readable = true): LineageResource => ({
  qri: `qri:app:sense://${id}`,
  kind: 'app',
  id,
  label: id,
  readable,
  tables,
});
const world = (resources: LineageResource[], links: LineageLink[]): LineageWorld => ({
  resources: new Map(resources.map((r) => [r.qri, r])),
  links,
});

// orders.csv → Pipeline (Orders) → bookings.csv → Dashboard (Bookings): the chain the demo seed has
const orders = file('orders.csv', ['id', 'amount', 'region']);
const bookings = file('bookings.csv', ['id', 'amount', 'region']);
const pipeline = app('pipeline', [{ label: 'Orders', fields: ['id', 'amount', 'region'] }]);
const dashboard = app('dashboard', [{ label: 'Bookings', fields: ['id', 'amount'] }]);
const chainLinks: LineageLink[] = [
  { source: orders.qri, target: pipeline.qri, relation: 'LOAD', sourceTable: 'orders.csv', targetTable: 'Orders' },
  { source: pipeline.qri, target: bookings.qri, relation: 'STORE', sourceTable: 'Orders', targetTable: 'bookings.csv' },
  { source: bookings.qri, target: dashboard.qri, relation: 'LOAD', sourceTable: 'bookings.csv', targetTable: 'Bookings' },
];
const chain = world([orders, bookings, pipeline, dashboard], chainLinks);
const labels = (resources: LineageResource[]) => resources.map((r) => r.label);

describe('walk', () => {
  it('goes upstream through stored files as far as `up` resource levels (-1 = all)', () => {
    expect(labels(walk(chain, dashboard.qri, 'up', 0).resources)).toEqual(['dashboard']);
    expect(labels(walk(chain, dashboard.qri, 'up', 1).resources)).toEqual(['dashboard', 'bookings.csv']);
    expect(labels(walk(chain, dashboard.qri, 'up', 2).resources)).toEqual(['dashboard', 'bookings.csv', 'pipeline']);
    const all = walk(chain, dashboard.qri, 'up', -1);
    expect(labels(all.resources)).toEqual(['dashboard', 'bookings.csv', 'pipeline', 'orders.csv']);
    expect(all.links).toEqual(chainLinks);
  });

  it('goes downstream from a file to the apps that load it, the files they store and the apps that load those', () => {
    expect(labels(walk(chain, orders.qri, 'down', 1).resources)).toEqual(['orders.csv', 'pipeline']);
    expect(labels(walk(chain, orders.qri, 'down', -1).resources)).toEqual(['orders.csv', 'pipeline', 'bookings.csv', 'dashboard']);
    expect(labels(walk(chain, dashboard.qri, 'down', -1).resources)).toEqual(['dashboard']);
  });

  it('ends on cycles: an app storing the file it loads, two apps feeding each other', () => {
    const a = app('a', [{ label: 'T', fields: ['x'] }]);
    const b = app('b', [{ label: 'T', fields: ['x'] }]);
    const f1 = file('f1.csv', ['x']);
    const f2 = file('f2.csv', ['x']);
    const loop = world([a, b, f1, f2], [
      { source: f1.qri, target: a.qri, relation: 'LOAD' },
      { source: a.qri, target: f1.qri, relation: 'STORE' },
      { source: a.qri, target: f2.qri, relation: 'STORE' },
      { source: f2.qri, target: b.qri, relation: 'LOAD' },
      { source: b.qri, target: f1.qri, relation: 'STORE' },
    ]);
    expect(labels(walk(loop, a.qri, 'up', -1).resources).sort()).toEqual(['a', 'b', 'f1.csv', 'f2.csv']);
    expect(labels(walk(loop, f2.qri, 'down', -1).resources).sort()).toEqual(['a', 'b', 'f1.csv', 'f2.csv']);
    expect(walk(loop, a.qri, 'up', -1).links).toHaveLength(5);
  });
});

describe('levels', () => {
  const reach = walk(chain, dashboard.qri, 'up', -1);

  it('keys resource nodes by QRI and carries their types, with Qlik\'s label and the base node as producer', () => {
    const graph = levelGraph(reach, 'RESOURCE', true);
    expect(graph.label).toBe(`Resource Level Lineage for ${dashboard.qri}`);
    expect(graph.metadata).toEqual({ producerId: dashboard.qri, producerType: 'QDA', total: 4 });
    expect(graph.nodes![orders.qri]).toEqual({
      label: 'orders.csv',
      metadata: { id: 'set-orders.csv', type: 'DATASET', subtype: 'FILE', filePath: 'orders.csv' },
    });
    expect(graph.nodes![pipeline.qri]!.metadata).toMatchObject({ type: 'DA_APP', subtype: 'APPLICATION' });
    expect(graph.edges!.map((e) => e.relation)).toEqual(['LOAD', 'STORE', 'LOAD']);
  });

  it('links tables table to table, and fields only where the target table has a field of that name', () => {
    const tables = levelGraph(reach, 'TABLE', true);
    expect(Object.values(tables.nodes!).map((n) => n.label).sort()).toEqual(['Bookings', 'Orders', 'bookings.csv', 'orders.csv']);
    expect(tables.edges).toContainEqual({
      relation: 'STORE',
      metadata: {},
      source: tableQri(pipeline.qri, 'Orders'),
      target: tableQri(bookings.qri, 'bookings.csv'),
    });
    expect(tables.nodes![tableQri(dashboard.qri, 'Bookings')]!.metadata).toMatchObject({
      type: 'TABLE',
      dataAsset: { id: 'dashboard', label: 'dashboard', type: 'DA_APP', subtype: 'APPLICATION' },
    });
    const fields = levelGraph(reach, 'FIELD', true);
    expect(Object.keys(fields.nodes!)).toHaveLength(3 + 3 + 3 + 2);
    const intoDashboard = fields.edges!.filter((e) => e.target!.startsWith(dashboard.qri));
    expect(intoDashboard.map((e) => e.target)).toEqual([
      fieldQri(dashboard.qri, 'Bookings', 'id'),
      fieldQri(dashboard.qri, 'Bookings', 'amount'),
    ]);
  });

  it('collapses parallel edges of one relation unless asked not to', () => {
    const twice = world([orders, pipeline], [
      { source: orders.qri, target: pipeline.qri, relation: 'LOAD', sourceTable: 'orders.csv', targetTable: 'Orders' },
      { source: orders.qri, target: pipeline.qri, relation: 'LOAD', sourceTable: 'orders.csv', targetTable: 'Orders' },
    ]);
    const both = walk(twice, pipeline.qri, 'up', -1);
    expect(levelGraph(both, 'RESOURCE', true).edges).toHaveLength(1);
    expect(levelGraph(both, 'RESOURCE', false).edges).toHaveLength(2);
  });

  it('keeps a resource the caller cannot read as an opaque node, without its name or tables', () => {
    const hidden = { ...pipeline, readable: false };
    const partial = walk(world([orders, bookings, hidden, dashboard], chainLinks), dashboard.qri, 'up', -1);
    expect(levelGraph(partial, 'RESOURCE', true).nodes![pipeline.qri]).toEqual({
      label: 'Restricted',
      metadata: { id: '', type: 'DA_APP', subtype: 'RESTRICTED' },
    });
    expect(labels(partial.resources)).toContain('orders.csv');
    const tables = Object.values(levelGraph(partial, 'TABLE', true).nodes!).map((n) => n.label);
    expect(tables).not.toContain('Orders');
    expect(JSON.stringify(levelGraph(partial, 'FIELD', true))).not.toContain(tableQri(pipeline.qri, 'Orders'));
  });
});

describe('expand and search', () => {
  const reach = walk(chain, dashboard.qri, 'up', -1);

  it('opens one resource into its tables with their edges, and one table into its fields', () => {
    const graph = expandGraph(reach, parseQri(pipeline.qri)!, 'TABLE', true)!;
    expect(Object.values(graph.nodes!).map((n) => n.label).sort()).toEqual(['Orders', 'bookings.csv', 'orders.csv']);
    expect(graph.edges).toHaveLength(2);
    const fields = expandGraph(reach, parseQri(tableQri(dashboard.qri, 'Bookings'))!, 'FIELD', true, true)!;
    expect(Object.keys(fields.nodes!)).toEqual(
      expect.arrayContaining([fieldQri(dashboard.qri, 'Bookings', 'id'), fieldQri(bookings.qri, 'bookings.csv', 'id')]),
    );
    expect(fields.edges!.every((e) => e.target!.startsWith(dashboard.qri))).toBe(true);
  });

  it('finds labels containing any term on every level, case-insensitively', () => {
    const [resources, tables, fields] = searchGraphs(reach, ['BOOK', 'amount']);
    expect(Object.values(resources!.nodes!).map((n) => n.label)).toEqual(['bookings.csv']);
    expect(Object.values(tables!.nodes!).map((n) => n.label).sort()).toEqual(['Bookings', 'bookings.csv']);
    expect(Object.values(fields!.nodes!).every((n) => n.label === 'amount')).toBe(true);
    expect(Object.keys(fields!.nodes!)).toHaveLength(4);
    expect(resources!.directed).toBe(false);
  });
});

describe('fieldOverview', () => {
  it('traces a field back through every table it passed, nearest first, and knows no field outside the reach', () => {
    const reach = walk(chain, dashboard.qri, 'up', -1);
    expect(fieldOverview(reach, fieldQri(dashboard.qri, 'Bookings', 'amount'))!.map((o) => o.tableLabel)).toEqual([
      'bookings.csv',
      'Orders',
      'orders.csv',
    ]);
    expect(fieldOverview(reach, fieldQri(orders.qri, 'orders.csv', 'id'))).toEqual([]);
    expect(fieldOverview(reach, fieldQri(dashboard.qri, 'Bookings', 'region'))).toBeUndefined();
  });
});

describe('parseQri', () => {
  it('takes apps, data files and connections with their table and field parts, and nothing else', () => {
    expect(parseQri(`${orders.qri}#${qriHash('t')}`)).toEqual({ resource: orders.qri, kind: 'file', table: qriHash('t') });
    expect(parseQri('qri:app:sense://abc#x#y')).toEqual({ resource: 'qri:app:sense://abc', kind: 'app', table: 'x', field: 'y' });
    expect(parseQri('qri:db:postgres://abc')?.kind).toBe('connection');
    for (const bad of ['qri:app:sense://', 'qri:qdf:space://abc', 'app:sense://x', 'qri:app:sense://a#b#c#d', 'qri:app:sense://a/b'])
      expect(parseQri(bad), bad).toBeUndefined();
  });
});
