import { Button, Group, Table, Text } from '@mantine/core';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { EmptyState } from '@/components/empty-state';
import { formatBytes, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { itemAttributes, spaceDataSetsQuery } from '../api/items';
import { OwnerName } from '@/components/owner-name';
import { AnchorLink } from '@/components/anchor-link';

/** The Catalog tab of a space: the data sets in the space's data asset, most recently changed first. */
export function SpaceCatalog({ target, spaceId }: { target: TenantTarget; spaceId: string }) {
  const query = useSuspenseInfiniteQuery(spaceDataSetsQuery(target, spaceId));
  const items = query.data.pages.flatMap((page) => page.items);
  const assetId = items.map((item) => itemAttributes(item).dataAssetId).find(Boolean);

  if (items.length === 0) {
    return (
      <EmptyState
        title="No data sets in this space"
        description="Upload a data file to this space and its data set appears here."
        action={
          <Button
            renderRoot={(props) => <Link {...props} to="/spaces/$spaceId/files" params={{ spaceId }} />}
          >
            Go to the data files
          </Button>
        }
      />
    );
  }
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {items.length}
          {query.hasNextPage ? '+' : ''} data set{items.length === 1 ? '' : 's'}
        </Text>
        {assetId && (
          <AnchorLink to="/catalog" search={{ asset: assetId }} size="sm">
            Open in the catalog
          </AnchorLink>
        )}
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover>
          <caption style={{ captionSide: 'top', textAlign: 'left' }}>
            <Text size="sm" c="dimmed" component="span">
              Data sets of this space
            </Text>
          </caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col">Owner</Table.Th>
              <Table.Th scope="col" ta="right">
                Size
              </Table.Th>
              <Table.Th scope="col">Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => {
              const attributes = itemAttributes(item);
              return (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    {item.resourceId ? (
                      <AnchorLink
                        to="/catalog/data-sets/$dataSetId"
                        params={{ dataSetId: item.resourceId }}
                        search={{ tab: 'schema', field: '' }}
                        size="sm"
                      >
                        {item.name}
                      </AnchorLink>
                    ) : (
                      item.name
                    )}
                  </Table.Td>
                  <Table.Td tt="uppercase">{attributes.type ?? '—'}</Table.Td>
                  <Table.Td>
                    <OwnerName tenant={target} userId={item.ownerId} />
                  </Table.Td>
                  <Table.Td ta="right">{formatBytes(attributes.size)}</Table.Td>
                  <Table.Td>{formatDateTime(item.updatedAt)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.hasNextPage && (
        <Button
          mt="sm"
          variant="default"
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          Show more
        </Button>
      )}
    </>
  );
}
