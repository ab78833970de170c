import { Graph, layout as dagreLayout, type NodeLabel } from '@dagrejs/dagre';
import type { LineageEdge, LineageGraphModel, LineageNode } from './model';

export interface PositionedNode extends LineageNode {
  /** Top-left corner, as React Flow places nodes. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge extends LineageEdge {
  /** A drawn-only edge from an expanded node to one of its tables (or a table to a field). */
  contains?: boolean;
}

export interface LaidOutGraph {
  nodes: PositionedNode[];
  edges: LaidOutEdge[];
}

export const RESOURCE_SIZE = { width: 240, height: 56 };
export const PART_SIZE = { width: 220, height: 40 };

const sizeOf = (node: LineageNode) => (node.parent ? PART_SIZE : RESOURCE_SIZE);

/** The edges drawn from each expanded node (or table) to its parts, so the layout puts the parts beside it. */
function containsEdges(model: LineageGraphModel): LaidOutEdge[] {
  return model.nodes
    .filter((node) => node.parent !== undefined)
    .map((node) => ({
      id: `${node.parent}⊃${node.qri}`,
      source: node.parent!,
      target: node.qri,
      relation: 'CONTAINS',
      contains: true,
    }));
}

/**
 * Left-to-right positions for every node (sources on the left). Laying out 500 nodes takes the better part of a
 * second, so the console runs this in a worker (layout.ts), never on the render path.
 */
export function computeLayout(model: LineageGraphModel): LaidOutGraph {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 72, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of model.nodes) graph.setNode(node.qri, { ...sizeOf(node) });
  const edges: LaidOutEdge[] = [...model.edges, ...containsEdges(model)];
  for (const edge of edges) {
    // a cycle (an app storing a file it also loads) is fine: dagre breaks it when ranking
    if (edge.source !== edge.target) graph.setEdge(edge.source, edge.target, {}, edge.id);
  }
  dagreLayout(graph);
  const nodes = model.nodes.map((node) => {
    const { x, y, width, height } = graph.node(node.qri) as Required<
      Pick<NodeLabel, 'x' | 'y' | 'width' | 'height'>
    >;
    return { ...node, x: x - width / 2, y: y - height / 2, width, height };
  });
  return { nodes, edges };
}
