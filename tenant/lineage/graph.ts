import type { Edge, Graph, LineageOverviewInfo, Node, Nodes } from '@qlik/api/lineage-graphs';
import { fieldQri, tableQri } from './qri';

/**
 * Lineage graphs from what the tenant knows: resources (apps, data files, connections) and the links apps' load
 * scripts make between them. Pure: the service builds the world from the stores, this walks and shapes it.
 */
export type ResourceKind = 'app' | 'file' | 'connection';
export type Level = 'RESOURCE' | 'TABLE' | 'FIELD';
export const LEVELS: readonly Level[] = ['RESOURCE', 'TABLE', 'FIELD'];

export interface LineageTable {
  label: string;
  fields: string[];
}

export interface LineageResource {
  qri: string;
  kind: ResourceKind;
  /** The resource's own id (app id, data set id or file id, connection id). */
  id: string;
  label: string;
  /** Whether the caller may read it; one they may not is kept as an opaque node with no tables (docs/fidelity.md). */
  readable: boolean;
  tables: LineageTable[];
  filePath?: string;
}

/** One link a script makes: file → app (LOAD), app → file (STORE), connection → app (READ), table to table. */
export interface LineageLink {
  source: string;
  target: string;
  relation: 'LOAD' | 'STORE' | 'READ';
  sourceTable?: string;
  targetTable?: string;
}

export interface LineageWorld {
  resources: ReadonlyMap<string, LineageResource>;
  links: readonly LineageLink[];
}

/**
 * A graph as @qlik/api declares it. qlik.dev's examples also show `metadata.id` (`RESOURCE::<qri>`); the package's
 * type has no such field, so the base node's QRI goes in `producerId` (docs/fidelity.md).
 */
export type LineageGraph = Graph;

/** What a graph's metadata says: its base node and how many nodes it has. */
export const graphMetadata = (base: string, nodes: Nodes): NonNullable<Graph['metadata']> => ({
  producerId: base,
  producerType: 'QDA',
  total: Object.keys(nodes).length,
});

export type Direction = 'up' | 'down';

/** What a walk from a base resource reached: the resources (base first) and the links between them. */
export interface Reach {
  base: string;
  resources: LineageResource[];
  links: LineageLink[];
}

/** Adds a value to a key's list (adjacency lists). */
function append(lists: Map<string, string[]>, key: string, value: string): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/**
 * The resources `levels` resource levels upstream (inputs) or downstream (dependants) of the base, and every link
 * between two of them. `levels` -1 = unlimited; each resource is visited once, so cycles end.
 */
export function walk(world: LineageWorld, base: string, direction: Direction, levels: number): Reach {
  const next = new Map<string, string[]>();
  for (const link of world.links) {
    const [from, to] = direction === 'up' ? [link.target, link.source] : [link.source, link.target];
    append(next, from, to);
  }
  const seen = new Set([base]);
  let frontier = [base];
  for (let level = 0; frontier.length > 0 && (levels < 0 || level < levels); level++) {
    const following: string[] = [];
    for (const qri of frontier) {
      for (const to of next.get(qri) ?? []) {
        if (seen.has(to) || !world.resources.has(to)) continue;
        seen.add(to);
        following.push(to);
      }
    }
    frontier = following;
  }
  const resources = [...seen].map((qri) => world.resources.get(qri)).filter((r) => r !== undefined);
  const links = world.links.filter((l) => seen.has(l.source) && seen.has(l.target));
  return { base, resources, links };
}

const TYPES: Record<ResourceKind, { type: string; subtype: string }> = {
  app: { type: 'DA_APP', subtype: 'APPLICATION' },
  file: { type: 'DATASET', subtype: 'FILE' },
  connection: { type: 'DATASET', subtype: 'CONNECTION' },
};

export const OPAQUE_LABEL = 'Restricted';

export function resourceNode(resource: LineageResource, counts = false): Node {
  if (!resource.readable) {
    return { label: OPAQUE_LABEL, metadata: { id: '', type: TYPES[resource.kind].type, subtype: 'RESTRICTED' } };
  }
  const fields = resource.tables.reduce((n, t) => n + t.fields.length, 0);
  return {
    label: resource.label,
    metadata: {
      id: resource.id,
      ...TYPES[resource.kind],
      ...(resource.filePath ? { filePath: resource.filePath } : {}),
      ...(counts ? { tables: resource.tables.length, fields } : {}),
    },
  };
}

const dataAssetOf = (resource: LineageResource) => ({ id: resource.id, label: resource.label, ...TYPES[resource.kind] });

function tableNode(resource: LineageResource, table: LineageTable, counts: boolean): Node {
  return {
    label: table.label,
    metadata: {
      id: tableQri(resource.qri, table.label),
      type: 'TABLE',
      dataAsset: dataAssetOf(resource),
      ...(counts ? { fields: table.fields.length } : {}),
    },
  };
}

function fieldNode(resource: LineageResource, table: LineageTable, field: string): Node {
  return { label: field, metadata: { id: fieldQri(resource.qri, table.label, field), type: 'FIELD', dataAsset: dataAssetOf(resource) } };
}

/** Nodes and edges of one level for a set of resources and links (hidden resources show no tables). */
interface Parts {
  nodes: Nodes;
  edges: Edge[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const tableOf = (resource: LineageResource | undefined, label: string | undefined) =>
  resource?.readable && label !== undefined ? resource.tables.find((t) => same(t.label, label)) : undefined;

/** `collapse` (Qlik's default true): parallel edges of one relation between two nodes become one. */
function addEdge(edges: Edge[], edge: Edge, collapse: boolean): void {
  if (collapse && edges.some((e) => e.source === edge.source && e.target === edge.target && e.relation === edge.relation)) return;
  edges.push(edge);
}

export function levelParts(reach: Pick<Reach, 'resources' | 'links'>, level: Level, collapse: boolean, counts = false): Parts {
  const byQri = new Map(reach.resources.map((r) => [r.qri, r]));
  const nodes: Nodes = {};
  const edges: Edge[] = [];
  for (const resource of reach.resources) {
    if (level === 'RESOURCE') nodes[resource.qri] = resourceNode(resource, counts);
    else if (resource.readable) {
      for (const table of resource.tables) {
        if (level === 'TABLE') nodes[tableQri(resource.qri, table.label)] = tableNode(resource, table, counts);
        else for (const field of table.fields) nodes[fieldQri(resource.qri, table.label, field)] = fieldNode(resource, table, field);
      }
    }
  }
  for (const link of reach.links) {
    const edge = { relation: link.relation, metadata: {} };
    if (level === 'RESOURCE') {
      addEdge(edges, { ...edge, source: link.source, target: link.target }, collapse);
      continue;
    }
    const source = byQri.get(link.source);
    const target = byQri.get(link.target);
    const from = tableOf(source, link.sourceTable);
    const to = tableOf(target, link.targetTable);
    if (!from || !to) continue;
    if (level === 'TABLE') {
      addEdge(edges, { ...edge, source: tableQri(source!.qri, from.label), target: tableQri(target!.qri, to.label) }, collapse);
      continue;
    }
    for (const field of from.fields) {
      const match = to.fields.find((f) => same(f, field));
      if (!match) continue;
      const e = { ...edge, source: fieldQri(source!.qri, from.label, field), target: fieldQri(target!.qri, to.label, match) };
      addEdge(edges, e, collapse);
    }
  }
  return { nodes, edges };
}

const LEVEL_NAMES: Record<Level, string> = { RESOURCE: 'Resource', TABLE: 'Table', FIELD: 'Field' };

/** A directed graph of one level, labelled and counted as Qlik's node endpoints answer. */
export function levelGraph(reach: Reach, level: Level, collapse: boolean): LineageGraph {
  const { nodes, edges } = levelParts(reach, level, collapse);
  return {
    directed: true,
    type: level,
    label: `${LEVEL_NAMES[level]} Level Lineage for ${reach.base}`,
    nodes,
    edges,
    metadata: graphMetadata(reach.base, nodes),
  };
}

/** A graph of nodes only (search and source answers): undirected, no edges. */
export function nodesGraph(level: Level, nodes: Nodes): LineageGraph {
  return { directed: false, type: level, label: '', nodes, edges: [], metadata: { total: Object.keys(nodes).length } };
}

/** Every node of every level whose label contains one of the terms (case-insensitive), one graph per level. */
export function searchGraphs(reach: Reach, terms: readonly string[]): LineageGraph[] {
  const wanted = terms.map((t) => t.toLowerCase());
  return LEVELS.map((level) => {
    const { nodes } = levelParts(reach, level, true);
    const found = Object.entries(nodes).filter(([, node]) => {
      const label = node.label?.toLowerCase() ?? '';
      return node.label !== OPAQUE_LABEL && wanted.some((t) => label.includes(t));
    });
    return nodesGraph(level, Object.fromEntries(found));
  });
}

/**
 * One node opened a level down (`expand`): a resource's tables (or a table's or resource's fields) and the edges
 * they have within the reach, with the nodes at their other ends.
 */
export function expandGraph(
  reach: Reach,
  node: { resource: string; table?: string },
  level: 'TABLE' | 'FIELD',
  collapse: boolean,
  counts = false,
): LineageGraph | undefined {
  const resource = reach.resources.find((r) => r.qri === node.resource);
  if (!resource) return undefined;
  const { nodes, edges } = levelParts(reach, level, collapse, counts);
  const prefix = level === 'FIELD' && node.table ? `${resource.qri}#${node.table}#` : `${resource.qri}#`;
  const own = (qri: string) => qri.startsWith(prefix);
  const kept = edges.filter((e) => own(e.source!) || own(e.target!));
  const keys = new Set([...Object.keys(nodes).filter(own), ...kept.flatMap((e) => [e.source!, e.target!])]);
  const picked = Object.fromEntries(Object.entries(nodes).filter(([qri]) => keys.has(qri)));
  return {
    directed: true,
    type: level,
    label: `${LEVEL_NAMES[level]} Level Lineage for ${node.resource}`,
    nodes: picked,
    edges: kept,
    metadata: graphMetadata(reach.base, picked),
  };
}

/**
 * Where one field comes from (`POST /nodes/{id}/overview`): every table upstream of it along field edges within the
 * reach, once each, nearest first; undefined when the reach has no such field.
 */
export function fieldOverview(reach: Reach, field: string): LineageOverviewInfo[] | undefined {
  const owners = new Map<string, { resource: LineageResource; table: LineageTable }>();
  for (const resource of reach.resources.filter((r) => r.readable)) {
    for (const table of resource.tables) for (const f of table.fields) owners.set(fieldQri(resource.qri, table.label, f), { resource, table });
  }
  if (!owners.has(field)) return undefined;
  const inputs = new Map<string, string[]>();
  for (const edge of levelParts(reach, 'FIELD', true).edges) append(inputs, edge.target!, edge.source!);
  const seen = new Set([field]);
  const out: LineageOverviewInfo[] = [];
  for (let frontier = [field]; frontier.length > 0; ) {
    const next: string[] = [];
    for (const source of frontier.flatMap((qri) => inputs.get(qri) ?? [])) {
      if (seen.has(source)) continue;
      seen.add(source);
      next.push(source);
      const { resource, table } = owners.get(source)!;
      const tableQRI = tableQri(resource.qri, table.label);
      if (!out.some((o) => o.tableQRI === tableQRI)) {
        out.push({ resourceLabel: resource.label, resourceQRI: resource.qri, tableLabel: table.label, tableQRI });
      }
    }
    frontier = next;
  }
  return out;
}
