import type { Edge, Graph, Node } from '@qlik/api/lineage-graphs';

/** What the console draws a node as: one icon and one word per kind. */
export type LineageNodeKind = 'app' | 'file' | 'connection' | 'table' | 'field' | 'other';

export const KIND_LABEL: Record<LineageNodeKind, string> = {
  app: 'App',
  file: 'Data file',
  connection: 'Connection',
  table: 'Table',
  field: 'Field',
  other: 'Resource',
};

export interface LineageNode {
  qri: string;
  /** The tenant's name for it, shown as text (it is user-supplied). */
  label: string;
  kind: LineageNodeKind;
  /** The tenant's `metadata.type` / `subtype`, kept for the table view. */
  type: string;
  subtype?: string;
  /** For a table or field drawn inside an expanded node: the QRI of the node it belongs to. */
  parent?: string;
  /** Impact overview counts of what depends on it. */
  tables?: number;
  fields?: number;
}

export interface LineageEdge {
  id: string;
  source: string;
  target: string;
  /** `LOAD`, `STORE`, `READ`, `FROM` (upper-cased: the tenant spells table-level ones in lower case). */
  relation: string;
}

export interface LineageGraphModel {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

function kindOf(qri: string, node: Node): LineageNodeKind {
  const type = (node.metadata?.type ?? '').toUpperCase();
  const subtype = (node.metadata?.subtype ?? '').toUpperCase();
  if (type === 'TABLE') return 'table';
  if (type === 'FIELD') return 'field';
  if (type === 'DA_APP' || type === 'DA_APP_LINK' || qri.startsWith('qri:app:')) return 'app';
  if (type.includes('CONNECTION') || subtype.includes('CONNECTION') || qri.startsWith('qri:db:'))
    return 'connection';
  if (type === 'DATASET' || qri.startsWith('qri:qdf:')) return 'file';
  return 'other';
}

/**
 * The graphs of a lineage answer, whatever its shape: `{graph}` (one level), `{graphs:{graphs:[…]}}` (several, as
 * @qlik/api types it) or `{graphs:[…]}` (as the lineage tutorial shows it). Search and source graphs carry
 * `edges: null`; they are kept, with no edges.
 */
export function graphsOf(body: unknown): Graph[] {
  if (typeof body !== 'object' || body === null) return [];
  const { graph, graphs } = body as { graph?: unknown; graphs?: unknown };
  const list: unknown[] = [];
  if (graph && typeof graph === 'object') list.push(graph);
  if (Array.isArray(graphs)) list.push(...(graphs as unknown[]));
  else if (graphs && typeof graphs === 'object' && Array.isArray((graphs as { graphs?: unknown }).graphs)) {
    list.push(...(graphs as { graphs: unknown[] }).graphs);
  }
  return list.filter((g): g is Graph => typeof g === 'object' && g !== null);
}

const edgeId = (edge: Pick<LineageEdge, 'source' | 'target' | 'relation'>) =>
  `${edge.source}→${edge.relation}→${edge.target}`;

/** Nodes keyed by QRI become a list, edges between nodes the answer names become the edge list (no duplicates). */
export function graphModelOf(graphs: Graph[]): LineageGraphModel {
  const nodes = new Map<string, LineageNode>();
  const edges = new Map<string, LineageEdge>();
  for (const graph of graphs) {
    for (const [qri, node] of Object.entries(graph.nodes ?? {})) {
      if (nodes.has(qri)) continue;
      const meta = node.metadata;
      nodes.set(qri, {
        qri,
        label: node.label || qri,
        kind: kindOf(qri, node),
        type: meta?.type ?? '',
        ...(meta?.subtype ? { subtype: meta.subtype } : {}),
        ...(typeof meta?.tables === 'number' ? { tables: meta.tables } : {}),
        ...(typeof meta?.fields === 'number' ? { fields: meta.fields } : {}),
      });
    }
  }
  for (const graph of graphs) {
    for (const raw of (graph.edges ?? []) as Edge[]) {
      if (!raw.source || !raw.target || !nodes.has(raw.source) || !nodes.has(raw.target)) continue;
      const edge = { source: raw.source, target: raw.target, relation: (raw.relation ?? '').toUpperCase() };
      const id = edgeId(edge);
      if (!edges.has(id)) edges.set(id, { id, ...edge });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * An impact overview lists only what depends on the base node, without the base or its edges (as qlik.dev's
 * example does). The base joins from `/impact/{qri}/source`, with an edge to every dependant nothing else in the
 * graph leads to: those can only depend on the base directly.
 */
export function withImpactBase(
  dependants: LineageGraphModel,
  base: string,
  source: LineageGraphModel,
): LineageGraphModel {
  if (dependants.nodes.some((node) => node.qri === base)) return dependants;
  const baseNode = source.nodes.find((node) => node.qri === base) ?? {
    qri: base,
    label: base,
    kind: kindOf(base, { metadata: { id: base, type: '' } }),
    type: '',
  };
  const reached = new Set(dependants.edges.map((edge) => edge.target));
  const direct = dependants.nodes
    .filter((node) => !reached.has(node.qri))
    .map((node) => {
      const edge = { source: base, target: node.qri, relation: 'DIRECT' };
      return { id: edgeId(edge), ...edge };
    });
  return { nodes: [baseNode, ...dependants.nodes], edges: [...direct, ...dependants.edges] };
}

/**
 * What a table or field of an expanded node hangs from: the longest QRI in the graph it extends by `#…` (a field's
 * table, a table's resource), else the expanded node itself.
 */
function parentOf(node: LineageNode, expanded: string, qris: string[]): string | undefined {
  let parent: string | undefined;
  for (const qri of qris) {
    if (qri !== node.qri && node.qri.startsWith(`${qri}#`) && (!parent || qri.length > parent.length))
      parent = qri;
  }
  if (parent) return parent;
  return node.kind === 'table' || node.kind === 'field' ? expanded : undefined;
}

/**
 * The graph with one node expanded: the expansion's tables and fields join it, each hanging from what it belongs
 * to, with the expansion's edges. Nodes already in the graph keep what they were; an expansion that names nothing
 * new leaves the graph (the same object) as it was.
 */
export function withExpansion(
  base: LineageGraphModel,
  expanded: string,
  expansion: LineageGraphModel,
): LineageGraphModel {
  const known = new Set(base.nodes.map((node) => node.qri));
  const fresh = expansion.nodes.filter((node) => !known.has(node.qri));
  const qris = [...known, ...fresh.map((node) => node.qri)];
  const added = fresh.map((node) => {
    const parent = parentOf(node, expanded, qris);
    return parent ? { ...node, parent } : node;
  });
  const all = new Set(qris);
  const edgeIds = new Set(base.edges.map((edge) => edge.id));
  const addedEdges = expansion.edges.filter(
    (edge) => !edgeIds.has(edge.id) && all.has(edge.source) && all.has(edge.target),
  );
  if (added.length === 0 && addedEdges.length === 0) return base;
  return { nodes: [...base.nodes, ...added], edges: [...base.edges, ...addedEdges] };
}

/** The SCIM filter of `actions/search`: names containing any of the words (quotes inside a word are escaped). */
export function labelFilter(text: string): string | undefined {
  const words = text
    .split(/\s+/)
    .map((word) => word.trim())
    .filter(Boolean)
    .slice(0, 10);
  if (words.length === 0) return undefined;
  return words.map((word) => `label co "${word.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' or ');
}
