import { useMemo, useState } from 'react';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import type { TenantTarget } from '@/lib/qlik-host';
import { auditsQuery, type AuditEvent } from '../api/audits';
import { inSpace } from '../model';
import { EventDrawer } from './event-drawer';
import { EventCells, EventHeaderRow } from './event-row';

export interface SpaceActivityProps {
  tenant: TenantTarget;
  spaceId: string;
  currentUserId: string;
}

/**
 * A space's events, newest first. `GET /audits` filters by type, source, user and time only, not by space, so the
 * tenant's newest events are read page by page and those of this space (the space, its members and what lives
 * in it, by `extensions.spaceId`) are kept; older ones load on demand.
 */
export function SpaceActivity({ tenant, spaceId, currentUserId }: SpaceActivityProps) {
  const list = useSuspenseInfiniteQuery(auditsQuery(tenant, {}));
  const events = useMemo(
    () => list.data.pages.flatMap((page) => page.data ?? []).filter((event) => inSpace(event, spaceId)),
    [list.data, spaceId],
  );
  const [open, setOpen] = useState<AuditEvent>();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" role="status">
        {events.length === 1 ? '1 event' : `${events.length} events`}
        {list.hasNextPage ? ' among the newest of the tenant' : ''}
      </Text>
      {events.length === 0 ? (
        <EmptyState title="No activity found yet" description="Load older events to look further back." />
      ) : (
        <Table aria-label="Space activity" highlightOnHover>
          <Table.Thead>
            <EventHeaderRow />
          </Table.Thead>
          <Table.Tbody>
            {events.map((event) => {
              return (
                <Table.Tr key={event.id}>
                  <EventCells tenant={tenant} event={event} currentUserId={currentUserId} onOpen={setOpen} />
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Group>
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load older events
          </Button>
        </Group>
      )}
      {list.isFetchNextPageError && (
        <ErrorState error={list.error} variant="inline" onRetry={() => void list.fetchNextPage()} />
      )}
      <EventDrawer tenant={tenant} event={open} currentUserId={currentUserId} onClose={() => setOpen(undefined)} />
    </Stack>
  );
}
