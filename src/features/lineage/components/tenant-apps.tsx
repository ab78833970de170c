import { ScrollArea, Table, Text, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ItemResultResponseBody } from '@qlik/api/items';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { OwnerName } from '@/components/owner-name';
import { LoadingMore, SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { appQri } from '@/lib/qri';
import { AnchorLink } from '@/components/anchor-link';
import { appsQuery, spaceNameQuery } from '../api/apps';

const ROW_HEIGHT = 41;
const COLUMNS = ['Name', 'Space', 'Owner', 'Updated', 'Lineage'];

function SpaceName({ target, spaceId }: { target: TenantTarget; spaceId: string | undefined }) {
  const { data } = useQuery({ ...spaceNameQuery(target, spaceId ?? ''), enabled: Boolean(spaceId) });
  if (!spaceId) return <>Personal</>;
  return <>{data ?? spaceId}</>;
}

function AppRow({ target, app }: { target: TenantTarget; app: ItemResultResponseBody }) {
  return (
    <Table.Tr>
      <Table.Td>{app.name}</Table.Td>
      <Table.Td>
        <SpaceName target={target} spaceId={app.spaceId} />
      </Table.Td>
      <Table.Td>
        <OwnerName tenant={target} userId={app.ownerId} />
      </Table.Td>
      <Table.Td>{formatDateTime(app.updatedAt)}</Table.Td>
      <Table.Td>
        {app.resourceId && (
          <AnchorLink to="/lineage" search={{ qri: appQri(app.resourceId) }} preload={false} size="sm">
            Lineage<VisuallyHidden> of {app.name}</VisuallyHidden>
          </AnchorLink>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Every app the caller sees, read-only (the catalog shows it beside data sets): name, space, owner, lineage link. */
export function TenantApps({ target, q }: { target: TenantTarget; q: string }) {
  const query = useInfiniteQuery(appsQuery(target, { q }));
  const apps = query.data?.pages.flatMap((page) => page.items) ?? [];
  const virtual = useVirtualRows({ count: apps.length, rowHeight: ROW_HEIGHT, pages: query });
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data && apps.length === 0) {
    return (
      <EmptyState
        title={q ? 'No app matches' : 'No apps you can see'}
        description={
          q
            ? 'Try another part of the name, or clear the search.'
            : 'Apps made in spaces you can read are listed here.'
        }
      />
    );
  }
  return (
    <>
      <Text size="sm" aria-live="polite" mb="xs">
        {query.data
          ? `${apps.length}${query.hasNextPage ? '+' : ''} app${apps.length === 1 ? '' : 's'}, read-only`
          : ''}
      </Text>
      <ScrollArea.Autosize
        mah={600}
        viewportRef={virtual.scrollRef}
        type="auto"
        viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Apps' }}
      >
        <Table stickyHeader>
          <caption style={{ captionSide: 'top', textAlign: 'left' }}>
            <Text size="sm" component="span">
              Apps
            </Text>
          </caption>
          <Table.Thead>
            <Table.Tr>
              {COLUMNS.map((column) => (
                <Table.Th key={column} scope="col">
                  {column}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <SpacerRow height={virtual.paddingTop} colSpan={COLUMNS.length} />
            {virtual.items.map((item) => (
              <AppRow key={apps[item.index]!.id} target={target} app={apps[item.index]!} />
            ))}
            <SpacerRow height={virtual.paddingBottom} colSpan={COLUMNS.length} />
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      <LoadingMore active={query.isFetchingNextPage || query.isPending} label="Loading apps" />
    </>
  );
}
