import { Table, Text, VisuallyHidden } from '@mantine/core';
import type { DataSet } from '@qlik/api/data-sets';
import { SortHeader } from '@/components/sort-header';
import { SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { formatBytes, formatCount, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { isDescending, sortField, type DataSetSort, type DataSetSortField } from '../search';
import { OwnerName } from '@/components/owner-name';
import classes from './catalog.module.css';
import { AnchorLink } from '@/components/anchor-link';

export interface DataSetsTableProps {
  target: TenantTarget;
  dataSets: DataSet[];
  sort: DataSetSort;
  onSort: (field: DataSetSortField) => void;
  caption: string;
}

const ROW_HEIGHT = 41;
const COLUMNS = 7;

/**
 * One page of data sets. Rows are virtualized (spacer rows keep the table semantics), so the largest page
 * size renders as fast as the smallest. Sorting happens on the tenant: only the columns it sorts by have a
 * sort button.
 */
export function DataSetsTable({ target, dataSets, sort, onSort, caption }: DataSetsTableProps) {
  const sortBy = (field: DataSetSortField) => ({
    direction:
      sortField(sort) !== field
        ? undefined
        : isDescending(sort)
          ? ('descending' as const)
          : ('ascending' as const),
    onSort: () => onSort(field),
  });
  const { scrollRef, items, paddingTop, paddingBottom } = useVirtualRows({
    count: dataSets.length,
    rowHeight: ROW_HEIGHT,
  });

  return (
    <div ref={scrollRef} className={classes.tableViewport}>
      <Table highlightOnHover striped={false} miw={860}>
        <caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </caption>
        <Table.Thead className={classes.stickyHead}>
          <Table.Tr>
            <SortHeader label="Name" {...sortBy('name')} />
            <SortHeader label="Type" {...sortBy('type')} />
            <Table.Th scope="col">Space</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <Table.Th scope="col" ta="right">
              Rows
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Size
            </Table.Th>
            <SortHeader label="Updated" {...sortBy('lastModifiedTime')} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={paddingTop} colSpan={COLUMNS} />
          {items.map((row) => {
            const set = dataSets[row.index]!;
            return (
              <Table.Tr key={set.id} data-index={row.index} style={{ height: ROW_HEIGHT }}>
                <Table.Td>
                  <AnchorLink
                    to="/catalog/data-sets/$dataSetId"
                    params={{ dataSetId: set.id! }}
                    search={{ tab: 'schema', field: '' }}
                    size="sm"
                  >
                    {set.name ?? set.technicalName}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" tt="uppercase">
                    {set.type ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{set.dataAssetInfo.name ?? set.spaceId ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <OwnerName tenant={target} userId={set.ownerId} />
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{formatCount(set.operational?.rowCount)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{formatBytes(set.operational?.size)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(set.lastModifiedTime)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
          <SpacerRow height={paddingBottom} colSpan={COLUMNS} />
        </Table.Tbody>
      </Table>
    </div>
  );
}
