import { createContext, memo, useContext, useEffect, useMemo, useState } from 'react';
import { Loader } from '@mantine/core';
import {
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  Background,
  Controls,
  type Edge,
  type Node,
  type NodeProps,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { KIND_LABEL, type LineageGraphModel } from '../graph/model';
import { layoutOf, type LaidOutGraph, type PositionedNode } from '../graph/layout';
import { KindIcon } from './kind-icon';
import classes from './lineage.module.css';

interface NodeState {
  base: string;
  expanded: string;
  matches: ReadonlySet<string>;
  onToggle: (qri: string) => void;
}

/** Handed to every node through context, so a new search or expansion does not rebuild 500 node objects. */
const NodeStateContext = createContext<NodeState>({
  base: '',
  expanded: '',
  matches: new Set(),
  onToggle: () => undefined,
});

type LineageFlowNode = Node<{ node: PositionedNode }, 'lineage'>;

const LineageNodeCard = memo(function LineageNodeCard({ data }: NodeProps<LineageFlowNode>) {
  const { base, expanded, matches, onToggle } = useContext(NodeStateContext);
  const { node } = data;
  const isExpanded = expanded === node.qri;
  const flags = {
    ...(node.qri === base ? { 'data-base': true } : {}),
    ...(isExpanded ? { 'data-expanded': true } : {}),
    ...(matches.has(node.qri) ? { 'data-match': true } : {}),
  };
  const content = (
    <>
      <KindIcon kind={node.kind} />
      <span className={classes.nodeText}>
        <span className={classes.nodeKind}>
          {KIND_LABEL[node.kind]}
          {matches.has(node.qri) ? ' · matches search' : ''}
        </span>
        <span className={classes.nodeLabel} title={node.label}>
          {node.label}
        </span>
      </span>
    </>
  );
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {node.parent ? (
        <div className={classes.node} {...flags}>
          {content}
        </div>
      ) : (
        <button
          type="button"
          className={`${classes.node} nodrag`}
          aria-expanded={isExpanded}
          aria-description={isExpanded ? 'Hide its tables and fields' : 'Show its tables and fields'}
          onClick={() => onToggle(node.qri)}
          {...flags}
        >
          {content}
        </button>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
});

const NODE_TYPES = { lineage: LineageNodeCard };

const FIT_OPTIONS = { maxZoom: 1, minZoom: 0.2, padding: 0.1 };

/**
 * Brings the view to what changed: the node just opened with its tables and fields, else the base node and its
 * neighbours (all of a small graph). Only what is in view is rendered, so parts left outside it would not exist.
 */
function FitOnChange({ fitNodes }: { fitNodes: { id: string }[] | undefined }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    // after React Flow has measured the new nodes
    const frame = requestAnimationFrame(
      () => void fitView({ ...FIT_OPTIONS, ...(fitNodes ? { nodes: fitNodes } : {}) }),
    );
    return () => cancelAnimationFrame(frame);
  }, [fitView, fitNodes]);
  return null;
}

/** Edge labels cost a text element each: past this many edges the relation is left to the table view. */
const LABELLED_EDGES = 80;
/** A graph larger than this opens on its base node and what is next to it, not all of it at a tiny scale. */
const FIT_ALL_NODES = 60;

export interface LineageCanvasProps extends NodeState {
  graph: LineageGraphModel;
  /** Names the graph for assistive technology. */
  label: string;
}

/**
 * The graph drawn left to right with React Flow: sources on the left, what they feed on the right. Nodes are
 * buttons (Tab reaches them; Enter or a click opens a node to its tables and fields); only what is in view is
 * rendered, so a 500-node graph pans as a small one does. Loaded on its own, only when a graph is shown.
 */
export default function LineageCanvas(props: LineageCanvasProps) {
  const laidOut = useLayout(props.graph);
  if (!laidOut) return <Loader size="sm" aria-label={`Laying out ${props.graph.nodes.length} nodes`} />;
  return <LaidOutCanvas {...props} layout={laidOut} />;
}

/** The layout of the graph shown; while a new one (a node opened) is computed, the last one stays drawn. */
function useLayout(graph: LineageGraphModel): LaidOutGraph | undefined {
  const [laidOut, setLaidOut] = useState<LaidOutGraph>();
  useEffect(() => {
    let current = true;
    void layoutOf(graph).then((layout) => current && setLaidOut(layout));
    return () => {
      current = false;
    };
  }, [graph]);
  return laidOut;
}

function LaidOutCanvas({
  layout,
  label,
  base,
  expanded,
  matches,
  onToggle,
}: LineageCanvasProps & { layout: LaidOutGraph }) {
  const nodes = useMemo<LineageFlowNode[]>(
    () =>
      layout.nodes.map((node) => ({
        id: node.qri,
        type: 'lineage',
        position: { x: node.x, y: node.y },
        width: node.width,
        height: node.height,
        data: { node },
        ariaLabel: `${KIND_LABEL[node.kind]} ${node.label}`,
      })),
    [layout],
  );
  const edges = useMemo<Edge[]>(() => {
    const labelled = layout.edges.length <= LABELLED_EDGES;
    return layout.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      markerEnd: { type: MarkerType.ArrowClosed },
      ...(edge.contains
        ? { style: { strokeDasharray: '4 4' } }
        : labelled
          ? { label: edge.relation.toLowerCase() }
          : {}),
    }));
  }, [layout]);
  const fitNodes = useMemo(() => {
    if (expanded) {
      const opened = layout.nodes.filter(
        (node) => node.qri === expanded || node.qri.startsWith(`${expanded}#`),
      );
      if (opened.length > 1) return opened.map((node) => ({ id: node.qri }));
    }
    if (layout.nodes.length <= FIT_ALL_NODES) return undefined;
    const near = new Set([base]);
    for (const edge of layout.edges) {
      if (edge.source === base) near.add(edge.target);
      if (edge.target === base) near.add(edge.source);
    }
    return [...near].map((id) => ({ id }));
  }, [layout, base, expanded]);
  const state = useMemo(() => ({ base, expanded, matches, onToggle }), [base, expanded, matches, onToggle]);
  return (
    <NodeStateContext.Provider value={state}>
      <div className={classes.canvas} role="group" aria-label={label}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          fitView
          fitViewOptions={{ ...FIT_OPTIONS, ...(fitNodes ? { nodes: fitNodes } : {}) }}
          minZoom={0.05}
          onlyRenderVisibleElements
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
          <FitOnChange fitNodes={fitNodes} />
        </ReactFlow>
      </div>
    </NodeStateContext.Provider>
  );
}
