import { useEffect, useMemo, useState } from 'react';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import type { TenantTarget } from '@/lib/qlik-host';
import { activityQuery } from '../api/activity';
import type { AuditEvent } from '../api/audits';
import { canReadAudits, inActivity, type ActivityKind } from '../model';
import { EventDrawer } from './event-drawer';
import { EventCells, EventHeaderRow } from './event-row';

/** Pages read on their own while fewer events than this were found: most resources change rarely. */
const WANTED = 25;
const AUTO_PAGES = 5;

const KIND_LABEL: Record<ActivityKind, string> = {
  space: 'Space',
  connection: 'Connection',
  'data-file': 'Data file',
  'data-set': 'Data set',
  user: 'User',
};

export interface ResourceActivityProps {
  tenant: TenantTarget;
  kind: ActivityKind;
  resourceId: string;
  currentUserId: string;
}

/**
 * A resource's events, newest first: the Activity tab of spaces, connections, data files, data sets and users.
 * `GET /audits` filters by type, source, user and time only, not by resource, so the newest events of the
 * resource's service are read page by page (a few on their own, older ones on demand) and this resource's are kept.
 */
export function ResourceActivity({ tenant, kind, resourceId, currentUserId }: ResourceActivityProps) {
  const list = useSuspenseInfiniteQuery(activityQuery(tenant, kind));
  const events = useMemo(
    () =>
      list.data.pages
        .flatMap((page) => page.data ?? [])
        .filter((event) => inActivity(event, kind, resourceId)),
    [list.data, kind, resourceId],
  );
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = list;
  const pagesRead = list.data.pages.length;
  useEffect(() => {
    if (
      events.length < WANTED &&
      hasNextPage &&
      !isFetchingNextPage &&
      !isFetchNextPageError &&
      pagesRead < AUTO_PAGES
    ) {
      void fetchNextPage();
    }
  }, [events.length, hasNextPage, isFetchingNextPage, isFetchNextPageError, pagesRead, fetchNextPage]);
  const [open, setOpen] = useState<AuditEvent>();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" role="status">
        {events.length === 1 ? '1 event' : `${events.length} events`}
        {hasNextPage ? ' among the newest of the tenant' : ''}
      </Text>
      {events.length === 0 ? (
        <EmptyState
          title="No activity found yet"
          description={hasNextPage ? 'Load older events to look further back.' : undefined}
        />
      ) : (
        <Table aria-label={`${KIND_LABEL[kind]} activity`} highlightOnHover>
          <Table.Thead>
            <EventHeaderRow />
          </Table.Thead>
          <Table.Tbody>
            {events.map((event) => (
              <Table.Tr key={event.id}>
                <EventCells tenant={tenant} event={event} currentUserId={currentUserId} onOpen={setOpen} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {hasNextPage && (
        <Group>
          <Button variant="light" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            Load older events
          </Button>
        </Group>
      )}
      {isFetchNextPageError && (
        <ErrorState error={list.error} variant="inline" onRetry={() => void fetchNextPage()} />
      )}
      <EventDrawer
        tenant={tenant}
        event={open}
        currentUserId={currentUserId}
        onClose={() => setOpen(undefined)}
      />
    </Stack>
  );
}

export interface ActivityTabOf {
  tenant: TenantTarget;
  roles: readonly string[];
  kind: ActivityKind;
  resourceId: string;
  currentUserId: string;
}

/** A resource page's Activity tab as its route composes it: none for callers who may not read the audit trail. */
export function activityTabOf({ roles, ...props }: ActivityTabOf) {
  return canReadAudits(roles) ? <ResourceActivity {...props} /> : undefined;
}
