import { Button, Group, List, Loader, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { AnchorLink } from '@/components/anchor-link';
import { OwnerName } from '@/components/owner-name';
import { appQri } from '@/lib/qri';
import { formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/api-error';
import type { TenantTarget } from '@/lib/qlik-host';
import { appSourcesQuery, spaceAppsQuery } from '../api/apps';
import { RELATION_LABEL } from '../model';

/** What one app loads, stores and connects to, as its script names them (read-only). */
function AppSources({ target, appId }: { target: TenantTarget; appId: string }) {
  const query = useQuery(appSourcesQuery(target, appId));
  if (query.isPending) return <Loader size="xs" aria-label="Loading what the app loads" />;
  if (query.isError) return <Text size="sm" c="red">{describeError(query.error).message}</Text>;
  if (query.data.length === 0) return <Text size="sm" c="dimmed">Nothing from a library</Text>;
  return (
    <List size="sm" spacing={2}>
      {query.data.map((source) => (
        <List.Item key={`${source.relation}:${source.text}`}>
          <Text span size="sm" c="dimmed">
            {RELATION_LABEL[source.relation]}{' '}
          </Text>
          <Text span size="sm" ff="monospace">
            {source.text}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** The apps of a space, read-only: name, owner, what each loads, last change. */
export function SpaceApps({ target, spaceId }: { target: TenantTarget; spaceId: string }) {
  const query = useSuspenseInfiniteQuery(spaceAppsQuery(target, spaceId));
  const apps = query.data.pages.flatMap((page) => page.items);
  return (
    <section aria-labelledby="space-apps-title">
      <Group justify="space-between" mt="xl" mb="sm">
        <Title order={3} size="h4" id="space-apps-title">
          Apps
        </Title>
        <Text size="sm" c="dimmed">
          {apps.length}
          {query.hasNextPage ? '+' : ''} app{apps.length === 1 ? '' : 's'}, read-only
        </Text>
      </Group>
      {apps.length === 0 ? (
        <Text size="sm" c="dimmed">
          No apps in this space.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <caption style={{ captionSide: 'top', textAlign: 'left' }}>
              <Text size="sm" c="dimmed" component="span">
                Apps of this space and what their load scripts read and write
              </Text>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Owner</Table.Th>
                <Table.Th scope="col">Loads</Table.Th>
                <Table.Th scope="col">Updated</Table.Th>
                <Table.Th scope="col">Lineage</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {apps.map((app) => (
                <Table.Tr key={app.id}>
                  <Table.Td>{app.name}</Table.Td>
                  <Table.Td>
                    <OwnerName tenant={target} userId={app.ownerId} />
                  </Table.Td>
                  <Table.Td>{app.resourceId && <AppSources target={target} appId={app.resourceId} />}</Table.Td>
                  <Table.Td>{formatDateTime(app.updatedAt)}</Table.Td>
                  <Table.Td>
                    {app.resourceId && (
                      <AnchorLink to="/lineage" search={{ qri: appQri(app.resourceId) }} preload={false} size="sm">
                        Lineage<VisuallyHidden> of {app.name}</VisuallyHidden>
                      </AnchorLink>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {query.hasNextPage && (
        <Button mt="sm" variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          Show more apps
        </Button>
      )}
    </section>
  );
}
