import type { ReactNode } from 'react';
import { Code, Group, ScrollArea, Table, Text, Title } from '@mantine/core';
import { SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { KIND_LABEL, type LineageGraphModel, type LineageNode } from '../graph/model';
import { KindIcon } from './kind-icon';

const ROW_HEIGHT = 37;

function VirtualTable<T>({
  rows,
  caption,
  headers,
  renderRow,
}: {
  rows: T[];
  caption: string;
  headers: string[];
  renderRow: (row: T) => ReactNode;
}) {
  const virtual = useVirtualRows({ count: rows.length, rowHeight: ROW_HEIGHT });
  return (
    <ScrollArea.Autosize
      mah={420}
      viewportRef={virtual.scrollRef}
      type="auto"
      // a scrolled region must be reachable by keyboard to be scrolled by it
      viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': caption }}
    >
      <Table stickyHeader verticalSpacing={6}>
        <caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <Text size="sm" component="span">
            {caption}
          </Text>
        </caption>
        <Table.Thead>
          <Table.Tr>
            {headers.map((header) => (
              <Table.Th key={header} scope="col">
                {header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={virtual.paddingTop} colSpan={headers.length} />
          {virtual.items.map((item) => renderRow(rows[item.index]!))}
          <SpacerRow height={virtual.paddingBottom} colSpan={headers.length} />
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/**
 * The same graph as two tables, nodes and connections, for screen readers and for reading names in full.
 * Long graphs render only the rows in view.
 */
export function LineageTable({ graph, base }: { graph: LineageGraphModel; base: string }) {
  const byQri = new Map(graph.nodes.map((node) => [node.qri, node]));
  const name = (qri: string | undefined) => (qri ? (byQri.get(qri)?.label ?? qri) : '');
  const nodeRow = (node: LineageNode) => (
    <Table.Tr key={node.qri}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <KindIcon kind={node.kind} size={16} />
          <Text size="sm">
            {node.label}
            {node.qri === base ? ' (this one)' : ''}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td>{KIND_LABEL[node.kind]}</Table.Td>
      <Table.Td>{name(node.parent)}</Table.Td>
      <Table.Td>
        <Code style={{ wordBreak: 'break-all' }}>{node.qri}</Code>
      </Table.Td>
    </Table.Tr>
  );
  return (
    <section aria-labelledby="lineage-table-title">
      <Title order={3} size="h5" id="lineage-table-title" mb="xs">
        Nodes and connections
      </Title>
      <VirtualTable
        rows={graph.nodes}
        caption={`${graph.nodes.length} node${graph.nodes.length === 1 ? '' : 's'}`}
        headers={['Name', 'Kind', 'Part of', 'QRI']}
        renderRow={nodeRow}
      />
      <VirtualTable
        rows={graph.edges}
        caption={`${graph.edges.length} connection${graph.edges.length === 1 ? '' : 's'}, from source to what uses it`}
        headers={['From', 'Relation', 'To']}
        renderRow={(edge) => (
          <Table.Tr key={edge.id}>
            <Table.Td>{name(edge.source)}</Table.Td>
            <Table.Td>{edge.relation.toLowerCase()}</Table.Td>
            <Table.Td>{name(edge.target)}</Table.Td>
          </Table.Tr>
        )}
      />
    </section>
  );
}
