import { describe, expect, it } from 'vitest';
import type { Graph } from '@qlik/api/lineage-graphs';
import { appQri, qriPathSegment } from '@/lib/qri';
import { graphModelOf, graphsOf, labelFilter, withExpansion, withImpactBase } from './model';
import { computeLayout } from './compute-layout';
import { layoutOf } from './layout';

const APP = 'qri:app:sense://d941992a-11b3-42f7-853d-b61274add8b9';
const FILE = 'qri:qdf:user://g_T6cPabc#b7lP72MUZw8o-iS6deFptraRKOv-EGzFRkQ5gdAzAh8';

/**
 * The resource-level answer of the lineage tutorial (qlik-api-access-audit-lineage.md §5.2). Its nodes carry no
 * `metadata.id`, which @qlik/api's type requires: the console must read it all the same.
 */
const resourceGraph = {
  directed: true,
  type: 'RESOURCE',
  label: `Resource Level Lineage for ${APP}`,
  nodes: {
    [APP]: { label: 'app', metadata: { type: 'DA_APP', subtype: 'APPLICATION' } },
    [FILE]: { label: 'test.csv', metadata: { type: 'DATASET', subtype: 'FILE' } },
  },
  edges: [{ relation: 'LOAD', metadata: {}, source: FILE, target: APP }],
  metadata: { id: `RESOURCE::${APP}`, total: 2 },
} as unknown as Graph;

describe('graphsOf', () => {
  it('reads one graph, the nested list @qlik/api types, and the flat list the tutorial shows', () => {
    expect(graphsOf({ graph: resourceGraph })).toEqual([resourceGraph]);
    expect(graphsOf({ graphs: { graphs: [resourceGraph, resourceGraph] } })).toHaveLength(2);
    expect(graphsOf({ graphs: [resourceGraph] })).toEqual([resourceGraph]);
  });

  it('finds nothing in an answer without graphs', () => {
    expect(graphsOf(undefined)).toEqual([]);
    expect(graphsOf({})).toEqual([]);
    expect(graphsOf({ graphs: null })).toEqual([]);
  });
});

describe('graphModelOf', () => {
  it('turns nodes keyed by QRI into named, typed nodes and keeps the edges between them', () => {
    const model = graphModelOf(graphsOf({ graph: resourceGraph }));
    expect(model.nodes).toEqual([
      { qri: APP, label: 'app', kind: 'app', type: 'DA_APP', subtype: 'APPLICATION' },
      { qri: FILE, label: 'test.csv', kind: 'file', type: 'DATASET', subtype: 'FILE' },
    ]);
    expect(model.edges).toEqual([{ id: expect.any(String), source: FILE, target: APP, relation: 'LOAD' }]);
  });

  it('names connections, tables and fields, and keeps impact counts', () => {
    const model = graphModelOf([
      {
        nodes: {
          'qri:db:datafiles://abc': {
            label: 'Sales:DataFiles',
            metadata: { id: 'x', type: 'DATASET', subtype: 'CONNECTION' },
          },
          [`${FILE}#t1`]: { label: 'test', metadata: { id: 'y', type: 'TABLE' } },
          [`${FILE}#t1#f1`]: { label: 'amount', metadata: { id: 'z', type: 'FIELD' } },
          'qri:other://1': { label: '', metadata: { id: 'w', type: 'SOMETHING', tables: 2, fields: 7 } },
        },
        edges: [],
      },
    ]);
    expect(model.nodes.map((node) => node.kind)).toEqual(['connection', 'table', 'field', 'other']);
    // a node without a name is shown by its QRI
    expect(model.nodes[3]).toMatchObject({ label: 'qri:other://1', tables: 2, fields: 7 });
  });

  it('merges graphs of several levels without repeating a node or an edge, and drops edges to unknown nodes', () => {
    const tableEdge = { relation: 'from', source: `${FILE}#t1`, target: `${APP}#t9` };
    const tables = {
      nodes: {
        [`${FILE}#t1`]: { label: 'test', metadata: { id: '1', type: 'TABLE' } },
        [`${APP}#t9`]: { label: 'Orders', metadata: { id: '2', type: 'TABLE' } },
      },
      edges: [tableEdge, tableEdge, { relation: 'from', source: `${FILE}#gone`, target: `${APP}#t9` }],
    };
    const model = graphModelOf([resourceGraph, tables, resourceGraph]);
    expect(model.nodes).toHaveLength(4);
    expect(model.edges.map((edge) => edge.relation)).toEqual(['LOAD', 'FROM']);
  });

  it('keeps search graphs, which carry no edges', () => {
    const search = { directed: false, nodes: resourceGraph.nodes, edges: null, metadata: null };
    expect(graphModelOf(graphsOf({ graphs: { graphs: [search] } })).edges).toEqual([]);
  });
});

describe('withExpansion', () => {
  const base = graphModelOf([resourceGraph]);
  const expansion = graphModelOf([
    {
      nodes: {
        [FILE]: { label: 'test.csv', metadata: { id: '0', type: 'DATASET' } },
        [`${FILE}#t1`]: { label: 'test', metadata: { id: '1', type: 'TABLE' } },
        [`${FILE}#t1#f1`]: { label: 'amount', metadata: { id: '2', type: 'FIELD' } },
        [`${FILE}#t1#f2`]: { label: 'region', metadata: { id: '3', type: 'FIELD' } },
      },
      edges: [{ relation: 'LOAD', source: FILE, target: APP }],
    },
  ]);

  it('adds the tables under the expanded node and the fields under their table', () => {
    const merged = withExpansion(base, FILE, expansion);
    expect(merged.nodes.map((node) => [node.label, node.parent])).toEqual([
      ['app', undefined],
      ['test.csv', undefined],
      ['test', FILE],
      ['amount', `${FILE}#t1`],
      ['region', `${FILE}#t1`],
    ]);
    expect(merged.edges).toHaveLength(1);
  });

  it('leaves the graph as it was when the expansion has nothing new', () => {
    const merged = withExpansion(base, FILE, expansion);
    expect(withExpansion(merged, FILE, expansion)).toBe(merged);
    expect(withExpansion(base, APP, { nodes: [], edges: [] })).toBe(base);
  });
});

describe('withImpactBase', () => {
  it('adds the base node and an edge to each dependant nothing else in the overview leads to', () => {
    const STORED = 'qri:qdf:space://s#out';
    const OTHER = 'qri:app:sense://other';
    // the worked impact overview: dependants only, with their counts
    const overview = graphModelOf([
      {
        nodes: {
          [APP]: { label: 'app', metadata: { id: '1', type: 'DA_APP', tables: 2, fields: 5 } },
          [STORED]: { label: 'output.csv', metadata: { id: '2', type: 'DATASET', tables: 1, fields: 1 } },
          [OTHER]: { label: 'other', metadata: { id: '3', type: 'DA_APP' } },
        },
        edges: [
          { relation: 'STORE', source: APP, target: STORED },
          { relation: 'LOAD', source: STORED, target: OTHER },
        ],
      },
    ]);
    const source = graphModelOf(
      graphsOf({ graphs: { graphs: [{ nodes: { [FILE]: resourceGraph.nodes![FILE]! } }] } }),
    );
    const impact = withImpactBase(overview, FILE, source);
    expect(impact.nodes[0]).toMatchObject({ qri: FILE, label: 'test.csv', kind: 'file' });
    expect(impact.edges.map((edge) => `${edge.source} ${edge.relation} ${edge.target}`)).toEqual([
      `${FILE} DIRECT ${APP}`,
      `${APP} STORE ${STORED}`,
      `${STORED} LOAD ${OTHER}`,
    ]);
    expect(impact.nodes[1]).toMatchObject({ tables: 2, fields: 5 });
  });

  it('names the base by its QRI when the source answer lacks it, and leaves a graph that has it alone', () => {
    const empty = { nodes: [], edges: [] };
    expect(withImpactBase(empty, FILE, empty).nodes).toEqual([
      { qri: FILE, label: FILE, kind: 'file', type: '' },
    ]);
    const upstream = graphModelOf([resourceGraph]);
    expect(withImpactBase(upstream, FILE, empty)).toBe(upstream);
  });
});

describe('layoutOf', () => {
  it('puts sources left of what loads them, and parts right of their node', () => {
    const merged = withExpansion(
      graphModelOf([resourceGraph]),
      FILE,
      graphModelOf([
        { nodes: { [`${FILE}#t1`]: { label: 'test', metadata: { id: '1', type: 'TABLE' } } }, edges: [] },
      ]),
    );
    const layout = computeLayout(merged);
    const x = (qri: string) => layout.nodes.find((node) => node.qri === qri)!.x;
    expect(x(FILE)).toBeLessThan(x(APP));
    expect(x(FILE)).toBeLessThan(x(`${FILE}#t1`));
    expect(layout.edges.filter((edge) => edge.contains)).toHaveLength(1);
  });

  it('lays a graph out once, however often it is drawn, and survives a cycle', async () => {
    const cyclic = graphModelOf([
      {
        ...resourceGraph,
        edges: [...resourceGraph.edges!, { relation: 'STORE', metadata: {}, source: APP, target: FILE }],
      },
    ]);
    expect(layoutOf(cyclic)).toBe(layoutOf(cyclic));
    expect((await layoutOf(cyclic)).nodes).toHaveLength(2);
  });
});

describe('QRIs', () => {
  it('encode whole into one path segment, # and all', () => {
    expect(qriPathSegment(FILE)).toBe(
      'qri%3Aqdf%3Auser%3A%2F%2Fg_T6cPabc%23b7lP72MUZw8o-iS6deFptraRKOv-EGzFRkQ5gdAzAh8',
    );
    expect(decodeURIComponent(qriPathSegment(appQri('d941992a-11b3-42f7-853d-b61274add8b9')))).toBe(APP);
  });

  it('search filters name any of the words, quotes escaped', () => {
    expect(labelFilter('  orders  "q1" ')).toBe('label co "orders" or label co "\\"q1\\""');
    expect(labelFilter('   ')).toBeUndefined();
  });
});
