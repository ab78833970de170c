import type { ReactNode } from 'react';
import { Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRowNavigation } from '@/components/row-navigation';
import { ColumnHeader, ColumnWidths, type TableLayoutState } from '@/components/table-layout';
import cellClasses from '@/components/table-layout.module.css';
import { LoadingMore, SpacerRow, useVirtualRows, type NextPages } from '@/components/virtual-rows';
import { spaceQuery } from '@/lib/space-queries';
import type { DataSetRow } from '../api/data-set-search';
import { formatBytes, formatCount, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import type { ColumnSpec } from '@/lib/table-layout';
import { isDescending, sortField, type DataSetSort, type DataSetSortField } from '../search';
import { OwnerName } from '@/components/owner-name';
import classes from './catalog.module.css';
import { AnchorLink } from '@/components/anchor-link';

export type DataSetColumn = 'name' | 'type' | 'space' | 'owner' | 'rows' | 'size' | 'updated';

export const DATA_SET_COLUMNS: readonly ColumnSpec<DataSetColumn>[] = [
  { id: 'name', label: 'Name', width: 260, minWidth: 120, required: true },
  { id: 'type', label: 'Type', width: 80 },
  { id: 'space', label: 'Space', width: 170 },
  { id: 'owner', label: 'Owner', width: 170 },
  { id: 'rows', label: 'Rows', width: 90 },
  { id: 'size', label: 'Size', width: 90 },
  { id: 'updated', label: 'Updated', width: 180 },
];

/** The columns the tenant sorts by, and the field each sorts on. */
const SORTED_BY: Partial<Record<DataSetColumn, DataSetSortField>> = {
  name: 'name',
  type: 'type',
  updated: 'lastModifiedTime',
};

export interface DataSetsTableProps {
  target: TenantTarget;
  rows: DataSetRow[];
  sort: DataSetSort;
  onSort: (field: DataSetSortField) => void;
  /** Columns the list behind the table can sort by (a search cannot sort by type). */
  sortable?: readonly DataSetSortField[];
  /** A list that loads further pages as the table scrolls (a search), rather than one page of many. */
  pages?: NextPages;
  /** Enter on a row. */
  onOpen: (dataSet: DataSetRow) => void;
  caption: string;
  layout: TableLayoutState<DataSetColumn>;
}

/** Where a data set lives: its asset's name when the row has it, else its space's, else "Personal". */
function PlaceName({ target, row }: { target: TenantTarget; row: DataSetRow }) {
  const space = useQuery({
    ...spaceQuery(target, row.spaceId ?? ''),
    enabled: !row.placeName && Boolean(row.spaceId),
  });
  if (row.placeName) return row.placeName;
  if (!row.spaceId) return 'Personal';
  return space.data?.name ?? row.spaceId;
}

/**
 * One page of data sets. Rows are virtualized (spacer rows keep the table semantics), so the largest page
 * size renders as fast as the smallest. Sorting happens on the tenant: only the columns it sorts by have a
 * sort button. Columns, widths and density are the user's (see `ColumnChooser`); the arrow keys move between
 * rows and Enter opens one.
 */
export function DataSetsTable({
  target,
  rows,
  sort,
  onSort,
  sortable = ['name', 'type', 'lastModifiedTime'],
  pages,
  onOpen,
  caption,
  layout,
}: DataSetsTableProps) {
  const sortBy = (field: DataSetSortField) => ({
    direction:
      sortField(sort) !== field
        ? undefined
        : isDescending(sort)
          ? ('descending' as const)
          : ('ascending' as const),
    onSort: () => onSort(field),
  });
  const { scrollRef, items, paddingTop, paddingBottom, scrollToIndex } = useVirtualRows({
    count: rows.length,
    rowHeight: layout.rowHeight,
    pages,
  });
  const { rowProps } = useRowNavigation({
    count: rows.length,
    containerRef: scrollRef,
    scrollToIndex,
    onOpen: (index) => onOpen(rows[index]!),
  });
  const { columns } = layout;
  
  const cell = (column: DataSetColumn, set: DataSetRow): ReactNode => {
    switch (column) {
      case 'name':
        return (
          <AnchorLink
            to="/catalog/data-sets/$dataSetId"
            params={{ dataSetId: set.id }}
            search={{ tab: 'schema', field: '' }}
            size="sm"
            tabIndex={-1}
            title={set.name}
          >
            {set.name}
          </AnchorLink>
        );
      case 'type':
        return (
          <Text span size="sm" tt="uppercase">
            {set.type ?? '—'}
          </Text>
        );
      case 'space':
        return <PlaceName target={target} row={set} />;
      case 'owner':
        return <OwnerName tenant={target} userId={set.ownerId} />;
      case 'rows':
        return formatCount(set.rowCount);
      case 'size':
        return formatBytes(set.size);
      case 'updated':
        return formatDateTime(set.updated);
    }
  };
  const alignEnd = (column: DataSetColumn) => column === 'rows' || column === 'size';

  return (
    <div ref={scrollRef} className={classes.tableViewport}>
      <Table highlightOnHover striped={false} aria-rowcount={pages?.hasNextPage ? -1 : rows.length + 1} {...layout.tableProps}>
        <caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </caption>
        <ColumnWidths columns={columns} />
        <Table.Thead className={classes.stickyHead}>
          <Table.Tr aria-rowindex={1}>
            {columns.map((column) => {
              const field = SORTED_BY[column.id];
              return (
                <ColumnHeader
                  key={column.id}
                  column={column}
                  onResize={(width) => layout.setWidth(column.id, width)}
                  {...(field !== undefined && sortable.includes(field) ? { sort: sortBy(field) } : {})}
                />
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={paddingTop} colSpan={columns.length} />
          {items.map((row) => {
            const set = rows[row.index]!;
            return (
              <Table.Tr
                key={set.id}
                data-index={row.index}
                aria-rowindex={row.index + 2}
                aria-label={set.name}
                style={{ height: layout.rowHeight }}
                {...rowProps(row.index)}
              >
                {columns.map((column) => (
                  <Table.Td
                    key={column.id}
                    className={cellClasses.cell}
                    ta={alignEnd(column.id) ? 'right' : undefined}
                  >
                    {cell(column.id, set)}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          <SpacerRow height={paddingBottom} colSpan={columns.length} />
        </Table.Tbody>
      </Table>
      {pages && <LoadingMore active={pages.isFetchingNextPage ?? false} label="Loading more data sets" />}
    </div>
  );
}
