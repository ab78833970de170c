import { Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { SortHeader } from '@/components/sort-header';
import { LoadingMore, SpacerRow, useVirtualRows, type NextPages } from '@/components/virtual-rows';
import { spaceQuery } from '@/lib/space-queries';
import type { DataSetRow } from '../api/data-set-search';
import { formatBytes, formatCount, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { isDescending, sortField, type DataSetSort, type DataSetSortField } from '../search';
import { OwnerName } from '@/components/owner-name';
import classes from './catalog.module.css';
import { AnchorLink } from './anchor-link';

export interface DataSetsTableProps {
  target: TenantTarget;
  rows: DataSetRow[];
  sort: DataSetSort;
  onSort: (field: DataSetSortField) => void;
  /** Columns the list behind the table can sort by (a search cannot sort by type). */
  sortable?: readonly DataSetSortField[];
  /** A list that loads further pages as the table scrolls (a search), rather than one page of many. */
  pages?: NextPages;
  caption: string;
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

const ROW_HEIGHT = 41;
const COLUMNS = 7;

/**
 * One page of data sets. Rows are virtualized (spacer rows keep the table semantics), so the largest page
 * size renders as fast as the smallest. Sorting happens on the tenant: only the columns it sorts by have a
 * sort button.
 */
export function DataSetsTable({
  target,
  rows,
  sort,
  onSort,
  sortable = ['name', 'type', 'lastModifiedTime'],
  pages,
  caption,
}: DataSetsTableProps) {
  const header = (label: string, field: DataSetSortField) =>
    sortable.includes(field) ? (
      <SortHeader
        label={label}
        direction={sortField(sort) !== field ? undefined : isDescending(sort) ? 'descending' : 'ascending'}
        onSort={() => onSort(field)}
      />
    ) : (
      <Table.Th scope="col">{label}</Table.Th>
    );
  const { scrollRef, items, paddingTop, paddingBottom } = useVirtualRows({
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    pages,
  });

  return (
    <div ref={scrollRef} className={classes.tableViewport}>
      <Table highlightOnHover striped={false} miw={860}>
        <caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </caption>
        <Table.Thead className={classes.stickyHead}>
          <Table.Tr>
            {header('Name', 'name')}
            {header('Type', 'type')}
            <Table.Th scope="col">Space</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <Table.Th scope="col" ta="right">
              Rows
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Size
            </Table.Th>
            {header('Updated', 'lastModifiedTime')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={paddingTop} colSpan={COLUMNS} />
          {items.map((item) => {
            const set = rows[item.index]!;
            return (
              <Table.Tr key={set.id} data-index={item.index} style={{ height: ROW_HEIGHT }}>
                <Table.Td>
                  <AnchorLink
                    to="/catalog/data-sets/$dataSetId"
                    params={{ dataSetId: set.id }}
                    search={{ tab: 'schema', field: '' }}
                    size="sm"
                  >
                    {set.name}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" tt="uppercase">
                    {set.type ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <PlaceName target={target} row={set} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <OwnerName tenant={target} userId={set.ownerId} />
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{formatCount(set.rowCount)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{formatBytes(set.size)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(set.updated)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
          <SpacerRow height={paddingBottom} colSpan={COLUMNS} />
        </Table.Tbody>
      </Table>
      {pages && <LoadingMore active={pages.isFetchingNextPage ?? false} label="Loading more data sets" />}
    </div>
  );
}
