import { useMemo } from 'react';
import { Button, Group, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { SearchInput } from '@/components/search-input';
import { LoadingMore, SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import type { TenantTarget } from '@/lib/qlik-host';
import { auditEventQuery, auditsQuery, auditTypesQuery, auditUsersQuery } from '../api/audits';
import { concernsResource } from '../model';
import { listParamsOf, type AuditSearch } from '../search';
import { EventDrawer } from './event-drawer';
import { EventCells, EventHeaderRow } from './event-row';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { ExportCsvButton } from '@/components/export-csv-button';
import { auditCsv } from '../csv';
import { auditListCall } from '../copy-as';

const ROW_HEIGHT = 45;
/** How often the live tail asks for new events. */
export const LIVE_TAIL_MS = 5000;

export interface AuditLogProps {
  tenant: TenantTarget;
  search: AuditSearch;
  onSearchChange: (update: (prev: AuditSearch) => AuditSearch) => void;
  currentUserId: string;
}

/** `datetime-local` works in local time without a zone; the URL keeps ISO instants. */
const toLocalInput = (iso: string | undefined) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

/** The tenant's audit events, newest first: filters in the URL, a virtualized table, a live tail and a drawer. */
export function AuditLog({ tenant, search, onSearchChange, currentUserId }: AuditLogProps) {
  const params = listParamsOf(search);
  const list = useSuspenseInfiniteQuery({
    ...auditsQuery(tenant, params),
    // Polls while the live tail is on; TanStack Query skips intervals while the tab is hidden.
    refetchInterval: search.live ? LIVE_TAIL_MS : false,
    refetchIntervalInBackground: false,
  });
  const types = useQuery(auditTypesQuery(tenant));
  const users = useQuery(auditUsersQuery(tenant));
  const loaded = useMemo(() => list.data.pages.flatMap((page) => page.data ?? []), [list.data]);
  // GET /audits has no resource parameter: the resource is matched on the pages loaded so far.
  const rows = useMemo(
    () => (search.resource ? loaded.filter((event) => concernsResource(event, search.resource!)) : loaded),
    [loaded, search.resource],
  );
  const loadedOpen = search.event ? loaded.find((event) => event.id === search.event) : undefined;
  // An event linked from elsewhere (or older than the pages loaded) is read on its own.
  const single = useQuery({
    ...auditEventQuery(tenant, search.event ?? ''),
    enabled: Boolean(search.event && !loadedOpen),
  });
  const open = search.event ? (loadedOpen ?? single.data) : undefined;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const { scrollRef, items, paddingTop, paddingBottom } = useVirtualRows({
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    overscan: 12,
    // With a resource filter, scrolling would page through the whole trail looking for matches: pages load on demand.
    pages: search.resource ? undefined : list,
  });
  const set = (patch: Partial<AuditSearch>) => onSearchChange((prev) => ({ ...prev, ...patch }));

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end">
        <Select
          label="Event type"
          placeholder="All types"
          clearable
          searchable
          data={[...new Set([...(types.data ?? []), ...(search.type ? [search.type] : [])])]}
          value={search.type ?? null}
          onChange={(value) => set({ type: value ?? undefined, event: undefined })}
          w={300}
        />
        <Select
          label="User"
          placeholder="All users"
          clearable
          searchable
          data={[
            ...(users.data ?? []).map((user) => ({ value: user.id, label: user.name ?? user.id })),
            ...(search.user && !users.data?.some((user) => user.id === search.user)
              ? [{ value: search.user, label: search.user }]
              : []),
          ]}
          value={search.user ?? null}
          onChange={(value) => set({ user: value ?? undefined, event: undefined })}
          w={200}
        />
        <SearchInput
          label="Resource (id or name)"
          value={search.resource}
          onSearch={(resource) => set({ resource: resource || undefined, event: undefined })}
          w={220}
        />
        <TextInput
          type="datetime-local"
          label="From"
          value={toLocalInput(search.from)}
          onChange={(e) => set({ from: fromLocalInput(e.currentTarget.value) })}
        />
        <TextInput
          type="datetime-local"
          label="To"
          value={toLocalInput(search.to)}
          onChange={(e) => set({ to: fromLocalInput(e.currentTarget.value) })}
        />
        <Switch
          label="Live tail"
          checked={Boolean(search.live)}
          onChange={(e) => set({ live: e.currentTarget.checked || undefined })}
          mb={8}
        />
        <CopyAsMenu forms={auditListCall(tenant.host, params)} />
        <ExportCsvButton what="audit events" source={() => auditCsv(tenant, params, search.resource)} />
      </Group>

      <Text size="sm" c="dimmed" role="status">
        {rows.length === 1 ? '1 event' : `${rows.length} events`}
        {hasNextPage ? ' loaded' : ''}
        {search.live ? ' · live' : ''}
      </Text>

      {rows.length === 0 ? (
        <EmptyState
          title="No events match these filters"
          description="Change or clear the filters, or load older events."
        />
      ) : (
        <div ref={scrollRef} style={{ maxHeight: '65vh', overflow: 'auto' }}>
          <Table stickyHeader highlightOnHover aria-label="Audit events" aria-rowcount={rows.length + 1}>
            <Table.Thead>
              <EventHeaderRow />
            </Table.Thead>
            <Table.Tbody>
              <SpacerRow height={paddingTop} colSpan={4} />
              {items.map((item) => {
                const event = rows[item.index]!;
                return (
                  <Table.Tr key={event.id} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                    <EventCells
                      tenant={tenant}
                      event={event}
                      currentUserId={currentUserId}
                      onOpen={(opened) => set({ event: opened.id })}
                    />
                  </Table.Tr>
                );
              })}
              <SpacerRow height={paddingBottom} colSpan={4} />
            </Table.Tbody>
          </Table>
          <LoadingMore active={isFetchingNextPage} label="Loading older events" />
        </div>
      )}
      {search.resource && hasNextPage && (
        <Group>
          <Button variant="light" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            Load older events
          </Button>
        </Group>
      )}
      {list.isFetchNextPageError && (
        <ErrorState error={list.error} variant="inline" onRetry={() => void fetchNextPage()} />
      )}
      <EventDrawer
        tenant={tenant}
        event={open}
        currentUserId={currentUserId}
        onClose={() => set({ event: undefined })}
      />
    </Stack>
  );
}
