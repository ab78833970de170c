import { useEffect, useState, type ReactNode } from 'react';
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { Space } from '@qlik/api/spaces';
import { SortHeader } from '@/components/sort-header';
import { SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { formatDate, formatCount } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { memberCountQuery } from '../api/spaces';
import { typeLabel, type SpaceSortParam } from '../model';

const ROW_HEIGHT = 44;

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

export interface SpacesTableProps {
  tenant: TenantTarget;
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  rows: Space[];
  total: number;
  ownerName: (id: string | undefined) => ReactNode;
  sort: SpaceSortParam;
  onSort: (sort: SpaceSortParam) => void;
}

/** Virtualized: the DOM holds the rows on screen (plus overscan), however many spaces the tenant has. */
export function SpacesTable({ tenant, list, rows, total, ownerName, sort, onSort }: SpacesTableProps) {
  const { isFetchingNextPage } = list;
  const sortBy = (field: 'name' | 'type' | 'createdAt') => {
    const active = sort.replace('-', '') === field;
    const descending = sort.startsWith('-');
    return {
      direction: !active ? undefined : descending ? ('descending' as const) : ('ascending' as const),
      onSort: () => onSort((active && !descending ? `-${field}` : field) as SpaceSortParam),
    };
  };
  const { scrollRef, items, paddingTop, paddingBottom } = useVirtualRows({
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    pages: list,
  });

  return (
    <>
      <div
        ref={scrollRef}
        data-testid="spaces-scroll"
        style={{ height: '65vh', overflow: 'auto' }}
        tabIndex={0}
        aria-label="Spaces table, scrollable"
        role="region"
      >
        <Table stickyHeader highlightOnHover aria-label="Spaces" aria-rowcount={total + 1}>
          <Table.Thead>
            <Table.Tr aria-rowindex={1}>
              <SortHeader label="Name" {...sortBy('name')} />
              <SortHeader label="Type" {...sortBy('type')} />
              <Table.Th scope="col">Owner</Table.Th>
              <Table.Th scope="col">Members</Table.Th>
              <SortHeader label="Created" {...sortBy('createdAt')} />
              <Table.Th scope="col">Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <SpacerRow height={paddingTop} colSpan={6} />
            {items.map((item) => {
              const space = rows[item.index]!;
              return (
                <Table.Tr
                  key={space.id}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  style={{ height: ROW_HEIGHT }}
                >
                  <Table.Td>
                    <Anchor
                      renderRoot={(props) => (
                        <Link {...props} to="/spaces/$spaceId" params={{ spaceId: space.id }} />
                      )}
                    >
                      {space.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{typeLabel(space.type)}</Badge>
                  </Table.Td>
                  <Table.Td>{ownerName(space.ownerId)}</Table.Td>
                  <Table.Td>
                    <MemberCount tenant={tenant} spaceId={space.id} />
                  </Table.Td>
                  <Table.Td>{formatDate(space.createdAt)}</Table.Td>
                  <Table.Td>{formatDate(space.updatedAt)}</Table.Td>
                </Table.Tr>
              );
            })}
            <SpacerRow height={paddingBottom} colSpan={6} />
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
