import { useEffect, useState, type ReactNode } from 'react';
import { Anchor, Badge, Checkbox, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconEdit, IconTrash, IconUserShare, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { Space } from '@qlik/api/spaces';
import type { ListSelection } from '@/components/list-selection';
import { RowMenu, type RowAction } from '@/components/row-menu';
import { useRowNavigation } from '@/components/row-navigation';
import {
  ColumnHeader,
  SelectableColumnWidths,
  SelectLoadedHeader,
  selectableTableWidth,
  type TableLayoutState,
} from '@/components/table-layout';
import cellClasses from '@/components/table-layout.module.css';
import { SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { formatDate, formatCount } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import type { ColumnSpec } from '@/lib/table-layout';
import { memberCountQuery } from '../api/spaces';
import { spaceRights, typeLabel, type Caller, type SpaceRights, type SpaceSortParam } from '../model';

export type SpaceColumn = 'name' | 'type' | 'owner' | 'members' | 'createdAt' | 'updatedAt';

export const SPACE_COLUMNS: readonly ColumnSpec<SpaceColumn>[] = [
  { id: 'name', label: 'Name', width: 280, minWidth: 120, required: true },
  { id: 'type', label: 'Type', width: 110 },
  { id: 'owner', label: 'Owner', width: 200 },
  { id: 'members', label: 'Members', width: 100 },
  { id: 'createdAt', label: 'Created', width: 130 },
  { id: 'updatedAt', label: 'Updated', width: 130 },
];

/** Counts only once a row has stayed on screen a moment, so a fast scroll does not fire a request per row. */
function MemberCount({ tenant, spaceId }: { tenant: TenantTarget; spaceId: string }) {
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(true), 300);
    return () => window.clearTimeout(timer);
  }, []);
  const { data } = useQuery({ ...memberCountQuery(tenant, spaceId), enabled: settled });
  return <>{data === undefined ? '…' : formatCount(data)}</>;
}

export type SpaceRowAction = 'members' | 'edit' | 'owner' | 'delete';

/** What can be done with a space, for its row menu and the tree's details pane. */
export function spaceActions(
  space: Space,
  rights: SpaceRights,
  onAction: (action: SpaceRowAction, space: Space) => void,
): RowAction[] {
  return [
    {
      label: 'Members',
      icon: <IconUsers size={16} aria-hidden />,
      permission: { allowed: true },
      onClick: () => onAction('members', space),
    },
    {
      label: 'Edit…',
      icon: <IconEdit size={16} aria-hidden />,
      permission: rights.edit,
      onClick: () => onAction('edit', space),
    },
    {
      label: 'Change owner…',
      icon: <IconUserShare size={16} aria-hidden />,
      permission: rights.changeOwner,
      onClick: () => onAction('owner', space),
    },
    {
      label: 'Delete…',
      icon: <IconTrash size={16} aria-hidden />,
      permission: rights.delete,
      onClick: () => onAction('delete', space),
      danger: true,
    },
  ];
}

export interface SpacesTableProps {
  tenant: TenantTarget;
  caller: Caller;
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  rows: Space[];
  total: number;
  ownerName: (id: string | undefined) => ReactNode;
  sort: SpaceSortParam;
  onSort: (sort: SpaceSortParam) => void;
  layout: TableLayoutState<SpaceColumn>;
  selection: ListSelection<Space>;
  onOpen: (space: Space) => void;
  onAction: (action: SpaceRowAction, space: Space) => void;
}

/** Virtualized: the DOM holds the rows on screen (plus overscan), however many spaces the tenant has. */
export function SpacesTable(props: SpacesTableProps) {
  const { tenant, caller, list, rows, total, ownerName, sort, onSort, layout, selection } = props;
  const { isFetchingNextPage } = list;
  const sortBy = (field: 'name' | 'type' | 'createdAt') => {
    const active = sort.replace('-', '') === field;
    const descending = sort.startsWith('-');
    return {
      direction: !active ? undefined : descending ? ('descending' as const) : ('ascending' as const),
      onSort: () => onSort((active && !descending ? `-${field}` : field) as SpaceSortParam),
    };
  };
  const { scrollRef, items, paddingTop, paddingBottom, scrollToIndex } = useVirtualRows({
    count: rows.length,
    rowHeight: layout.rowHeight,
    pages: list,
  });
  const { isSelected } = selection;
  const { rowProps } = useRowNavigation({
    count: rows.length,
    containerRef: scrollRef,
    scrollToIndex,
    onOpen: (index) => props.onOpen(rows[index]!),
    onToggle: (index) => selection.toggle(rows[index]!),
  });
  const columnCount = layout.columns.length + 2;

  const cell = (column: SpaceColumn, space: Space): ReactNode => {
    switch (column) {
      case 'name':
        return (
          <Anchor
            size="sm"
            renderRoot={(rootProps) => (
              <Link {...rootProps} to="/spaces/$spaceId" params={{ spaceId: space.id }} tabIndex={-1} />
            )}
            title={space.name}
          >
            {space.name}
          </Anchor>
        );
      case 'type':
        return <Badge variant="light">{typeLabel(space.type)}</Badge>;
      case 'owner':
        return ownerName(space.ownerId);
      case 'members':
        return <MemberCount tenant={tenant} spaceId={space.id} />;
      case 'createdAt':
        return formatDate(space.createdAt);
      case 'updatedAt':
        return formatDate(space.updatedAt);
    }
  };

  return (
    <>
      <div
        ref={scrollRef}
        data-testid="spaces-scroll"
        style={{ height: '65vh', overflow: 'auto' }}
        tabIndex={-1}
      >
        <Table
          stickyHeader
          highlightOnHover
          aria-label="Spaces"
          aria-rowcount={total + 1}
          {...layout.tableProps}
          style={{ ...layout.tableProps.style, width: selectableTableWidth(layout.columns) }}
        >
          <SelectableColumnWidths columns={layout.columns} />
          <Table.Thead>
            <Table.Tr aria-rowindex={1}>
              <SelectLoadedHeader selection={selection} noun="spaces" disabled={rows.length === 0} />
              {layout.columns.map((column) => (
                <ColumnHeader
                  key={column.id}
                  column={column}
                  onResize={(width) => layout.setWidth(column.id, width)}
                  {...(column.id === 'name' || column.id === 'type' || column.id === 'createdAt'
                    ? { sort: sortBy(column.id) }
                    : {})}
                />
              ))}
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <SpacerRow height={paddingTop} colSpan={columnCount} />
            {items.map((item) => {
              const space = rows[item.index]!;
              const rights = spaceRights(caller, space);
              return (
                <Table.Tr
                  key={space.id}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  aria-selected={isSelected(space)}
                  aria-label={space.name}
                  style={{ height: layout.rowHeight }}
                  {...rowProps(item.index)}
                >
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${space.name}`}
                      checked={isSelected(space)}
                      onChange={() => selection.toggle(space)}
                      tabIndex={-1}
                    />
                  </Table.Td>
                  {layout.columns.map((column) => (
                    <Table.Td key={column.id} className={cellClasses.cell}>
                      {cell(column.id, space)}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <RowMenu itemName={space.name} actions={spaceActions(space, rights, props.onAction)} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
            <SpacerRow height={paddingBottom} colSpan={columnCount} />
          </Table.Tbody>
        </Table>
      </div>
      <Text size="sm" c="dimmed" mt="xs" aria-live="polite" data-testid="spaces-count">
        {formatCount(rows.length)} of {formatCount(total)} spaces loaded
        {isFetchingNextPage ? ' — loading more…' : ''}
      </Text>
    </>
  );
}
