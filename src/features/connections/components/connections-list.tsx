import { useMemo, useState, type ReactNode } from 'react';
import {
  Anchor,
  Badge,
  Checkbox,
  Group,
  List,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ConnectionGet } from '@qlik/api/data-connections';
import type { Space } from '@qlik/api/spaces';
import { SearchInput } from '@/components/search-input';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { notifyFailure } from '@/components/notify-failure';
import { formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import {
  connectionsQuery,
  useDeleteConnection,
  useDeleteConnections,
  useDuplicateConnection,
  visibleSpacesQuery,
  type ConnectionSort,
} from '../api/connections';
import {
  DATASOURCE_LABELS,
  TYPE_FILTER_OPTIONS,
  batchDeletePermission,
  connectionRights,
  createInSpace,
  isDataFiles,
  typeLabel,
  type Permission,
  type TypeFilter,
} from '../model';
import { listParamsOf, type ConnectionsSearch } from '../search';
import { BatchResultsModal, type BatchResultRow } from '@/components/batch-results';
import { ConnectionFormDrawer, type SpaceOption } from './connection-form';
import { LoadingMore, SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { GuardedButton } from '@/components/guarded-action';
import { RowMenu } from '@/components/row-menu';
import { useRowNavigation } from '@/components/row-navigation';
import { ColumnChooser, ColumnHeader, ColumnWidths, useTableLayout } from '@/components/table-layout';
import cellClasses from '@/components/table-layout.module.css';
import type { ColumnSpec } from '@/lib/table-layout';
import { OwnerName } from '@/components/owner-name';
import { confirmDeleteConnection } from './confirm-delete-connection';

const SORT_OPTIONS: { value: ConnectionSort; label: string }[] = [
  { value: '+qName', label: 'Name (A–Z)' },
  { value: '-qName', label: 'Name (Z–A)' },
  { value: '-updated', label: 'Recently updated' },
  { value: '+updated', label: 'Least recently updated' },
  { value: '-created', label: 'Newest' },
  { value: '+created', label: 'Oldest' },
];

type ConnectionColumn = 'name' | 'type' | 'space' | 'owner' | 'updated';

const CONNECTION_COLUMNS: readonly ColumnSpec<ConnectionColumn>[] = [
  { id: 'name', label: 'Name', width: 280, minWidth: 120, required: true },
  { id: 'type', label: 'Type', width: 150 },
  { id: 'space', label: 'Space', width: 200 },
  { id: 'owner', label: 'Owner', width: 200 },
  { id: 'updated', label: 'Updated', width: 180 },
];

export interface ConnectionsListProps {
  tenant: TenantTarget;
  search: ConnectionsSearch;
  /** Writes the next search to the URL (the route owns navigation). */
  onSearchChange: (update: (prev: ConnectionsSearch) => ConnectionsSearch) => void;
  canWrite: boolean;
  isTenantAdmin: boolean;
  currentUserId: string;
  /** The space tab: the list is pinned to this space and new connections go there. */
  fixedSpace?: Space;
}

export function ConnectionsList({
  tenant,
  search,
  onSearchChange,
  canWrite,
  isTenantAdmin,
  currentUserId,
  fixedSpace,
}: ConnectionsListProps) {
  const params = listParamsOf(search, fixedSpace?.id);
  const list = useSuspenseInfiniteQuery(connectionsQuery(tenant, params));
  const spacesResult = useQuery(visibleSpacesQuery(tenant));
  const rows = useMemo(() => list.data.pages.flatMap((page) => page.data ?? []), [list.data]);
  const total = list.data.pages[0]?.meta?.count ?? rows.length;
  const spaceNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const space of spacesResult.data ?? []) names.set(space.id, space.name);
    if (fixedSpace) names.set(fixedSpace.id, fixedSpace.name);
    return names;
  }, [spacesResult.data, fixedSpace]);

  const navigate = useNavigate();
  const [formOpen, setFormOpen] = useState(false);
  const [results, setResults] = useState<BatchResultRow[]>();
  const remove = useDeleteConnection(tenant);
  const removeMany = useDeleteConnections(tenant);
  const duplicate = useDuplicateConnection(tenant);

  const access = { canWrite, isTenantAdmin };
  const createPermission: Permission = createInSpace(fixedSpace, access);
  const spaceOptions: SpaceOption[] = (spacesResult.data ?? []).map((space) => ({
    value: space.id,
    label: space.name,
    disabled: !createInSpace(space, access).allowed,
  }));

  const selected = new Set(search.selected);
  const selectable = rows.filter((row) => !isDataFiles(row));
  const allSelected = selectable.length > 0 && selectable.every((row) => selected.has(row.qID));
  const setSelected = (ids: Set<string>) => onSearchChange((prev) => ({ ...prev, selected: [...ids] }));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const batchPermission: Permission = (() => {
    const base = batchDeletePermission(access);
    if (!base.allowed) return base;
    return selected.size ? base : { allowed: false, reason: 'Select the connections to delete first.' };
  })();

  const nameOf = (id: string) => rows.find((row) => row.qID === id)?.qName ?? id;

  const confirmBatchDelete = () => {
    const ids = [...selected];
    modals.openConfirmModal({
      title: `Delete ${ids.length} connection${ids.length === 1 ? '' : 's'}?`,
      children: (
        <Stack gap="xs">
          <List size="sm">
            {ids.map((id) => (
              <List.Item key={id}>{nameOf(id)}</List.Item>
            ))}
          </List>
          <Text size="sm">
            Apps and scripts that use them will fail to load data. Each connection is deleted on its own: some
            may fail while others succeed.
          </Text>
        </Stack>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          const outcome = await removeMany.mutateAsync(ids.map((id) => ({ id })));
          const byId = new Map(outcome.map((item) => [item.id, item]));
          setResults(
            ids.map((id) => {
              const item = byId.get(id);
              const ok = Boolean(item && item.status < 300);
              return {
                id,
                name: nameOf(id),
                ok,
                ...(ok ? {} : { message: item?.error?.detail ?? item?.error?.title }),
              };
            }),
          );
          // Failed ones stay selected, so they can be looked at or retried.
          onSearchChange((prev) => ({
            ...prev,
            selected: prev.selected.filter((id) => (byId.get(id)?.status ?? 500) >= 300),
          }));
        } catch (error) {
          notifyFailure(error);
        }
      },
    });
  };

  const confirmDelete = (row: ConnectionGet) =>
    confirmDeleteConnection(row, () =>
      remove.mutate(row.qID, {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `Deleted ${row.qName}.` });
          onSearchChange((prev) => ({ ...prev, selected: prev.selected.filter((id) => id !== row.qID) }));
        },
        onError: notifyFailure,
      }),
    );

  const runDuplicate = (row: ConnectionGet) =>
    duplicate.mutate(
      { id: row.qID },
      {
        onSuccess: (copy) => notifications.show({ color: 'green', message: `Duplicated as ${copy.qName}.` }),
        onError: notifyFailure,
      },
    );

  const { isFetchingNextPage, fetchNextPage } = list;
  const layout = useTableLayout(tenant.id, 'connections', CONNECTION_COLUMNS);
  // On a space's tab every row is in that space.
  const columns = layout.columns.filter((c) => c.id !== 'space' || !fixedSpace);
  const { scrollRef, items, paddingTop, paddingBottom, scrollToIndex } = useVirtualRows({
    count: rows.length,
    rowHeight: layout.rowHeight,
    overscan: 12,
    pages: list,
    prefetchRows: 10,
  });

  const { rowProps } = useRowNavigation({
    count: rows.length,
    containerRef: scrollRef,
    scrollToIndex,
    onOpen: (index) =>
      void navigate({ to: '/connections/$connectionId', params: { connectionId: rows[index]!.qID } }),
    onToggle: (index) => {
      const row = rows[index]!;
      if (!isDataFiles(row)) toggle(row.qID);
    },
  });

  const cell = (column: ConnectionColumn, row: ConnectionGet, datafiles: boolean): ReactNode => {
    switch (column) {
      case 'name':
        return (
          <Anchor
            size="sm"
            tabIndex={-1}
            title={row.qName}
            renderRoot={(props) => (
              <Link {...props} to="/connections/$connectionId" params={{ connectionId: row.qID }} />
            )}
          >
            {row.qName}
          </Anchor>
        );
      case 'type':
        return (
          <Badge variant="light" color={datafiles ? 'gray' : 'blue'}>
            {typeLabel(row)}
          </Badge>
        );
      case 'space':
        return row.space ? (
          <Anchor
            size="sm"
            tabIndex={-1}
            renderRoot={(props) => (
              <Link {...props} to="/spaces/$spaceId/connections" params={{ spaceId: row.space! }} />
            )}
          >
            {spaceNames.get(row.space) ?? row.space}
          </Anchor>
        ) : (
          <Text span size="sm" c="dimmed">
            Personal
          </Text>
        );
      case 'owner':
        return <OwnerName tenant={tenant} userId={row.user} currentUserId={currentUserId} />;
      case 'updated':
        return formatDateTime(row.updated);
    }
  };

  const filtersActive = Boolean(
    search.q || search.type || search.mine || search.personal || (!fixedSpace && search.space),
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Group gap="sm" align="flex-end">
          <SearchInput
            label="Search by name"
            value={search.q}
            onSearch={(q) => onSearchChange((prev) => ({ ...prev, q: q || undefined, selected: [] }))}
            w={220}
          />
          <Select
            label="Type"
            placeholder="All types"
            clearable
            data={TYPE_FILTER_OPTIONS.map((id) => ({ value: id, label: DATASOURCE_LABELS[id]! }))}
            value={search.type ?? null}
            onChange={(value) =>
              onSearchChange((prev) => ({
                ...prev,
                type: (value as TypeFilter | null) ?? undefined,
                selected: [],
              }))
            }
            w={200}
          />
          {!fixedSpace && (
            <Select
              label="Space"
              placeholder="All spaces"
              clearable
              searchable
              data={[
                { value: 'personal', label: 'Personal' },
                ...spaceOptions.map(({ value, label }) => ({ value, label })),
              ]}
              value={search.personal ? 'personal' : (search.space ?? null)}
              onChange={(value) =>
                onSearchChange((prev) => ({
                  ...prev,
                  space: value && value !== 'personal' ? value : undefined,
                  personal: value === 'personal' ? true : undefined,
                  selected: [],
                }))
              }
              w={220}
            />
          )}
          <Select
            label="Sort by"
            data={SORT_OPTIONS}
            allowDeselect={false}
            value={search.sort}
            onChange={(value) =>
              value && onSearchChange((prev) => ({ ...prev, sort: value as ConnectionSort }))
            }
            w={200}
          />
          <Switch
            label="Owned by me"
            checked={Boolean(search.mine)}
            onChange={(event) => {
              const mine = event.currentTarget.checked || undefined;
              onSearchChange((prev) => ({ ...prev, mine, selected: [] }));
            }}
            mb={8}
          />
        </Group>
        <Group gap="sm">
          <GuardedButton
            permission={batchPermission}
            color="red"
            variant="light"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={confirmBatchDelete}
            loading={removeMany.isPending}
          >
            Delete selected{selected.size ? ` (${selected.size})` : ''}
          </GuardedButton>
          <GuardedButton
            permission={createPermission}
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setFormOpen(true)}
          >
            New connection
          </GuardedButton>
          <ColumnChooser tableLabel="Connections" state={layout} />
        </Group>
      </Group>

      <Text size="sm" c="dimmed" role="status">
        {total === 1 ? '1 connection' : `${total} connections`}
        {selected.size ? ` · ${selected.size} selected` : ''}
      </Text>

      {rows.length === 0 ? (
        <EmptyState
          title={filtersActive ? 'No connections match these filters' : 'No data connections yet'}
          description={
            filtersActive
              ? 'Change or clear the filters to see more.'
              : 'Create a connection to load data from a database, a REST API or an S3 bucket.'
          }
        />
      ) : (
        <div ref={scrollRef} style={{ maxHeight: '65vh', overflow: 'auto' }}>
          <Table
            stickyHeader
            highlightOnHover
            aria-label="Data connections"
            aria-rowcount={total + 1}
            {...layout.tableProps}
            style={{
              ...layout.tableProps.style,
              width: columns.reduce((sum, c) => sum + c.width, 0) + 44 + 56,
            }}
          >
            <colgroup>
              <col style={{ width: 44 }} />
            </colgroup>
            <ColumnWidths columns={columns} />
            <colgroup>
              <col style={{ width: 56 }} />
            </colgroup>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">
                  <Checkbox
                    aria-label="Select all loaded connections"
                    checked={allSelected}
                    indeterminate={!allSelected && selectable.some((row) => selected.has(row.qID))}
                    disabled={selectable.length === 0}
                    onChange={() =>
                      setSelected(
                        allSelected ? new Set() : new Set([...selected, ...selectable.map((r) => r.qID)]),
                      )
                    }
                  />
                </Table.Th>
                {columns.map((column) => (
                  <ColumnHeader
                    key={column.id}
                    column={column}
                    onResize={(width) => layout.setWidth(column.id, width)}
                  />
                ))}
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <SpacerRow height={paddingTop} colSpan={columns.length + 2} />
              {items.map((item) => {
                const row = rows[item.index]!;
                const rights = connectionRights(row, canWrite);
                const datafiles = isDataFiles(row);
                return (
                  <Table.Tr
                    key={row.qID}
                    data-index={item.index}
                    aria-rowindex={item.index + 2}
                    aria-selected={selected.has(row.qID)}
                    aria-label={row.qName}
                    style={{ height: layout.rowHeight }}
                    {...rowProps(item.index)}
                  >
                    <Table.Td>
                      {datafiles ? (
                        <Tooltip label="DataFiles connections cannot be deleted.">
                          <Checkbox
                            aria-label={`Select ${row.qName}`}
                            disabled
                            checked={false}
                            onChange={() => {}}
                            tabIndex={-1}
                          />
                        </Tooltip>
                      ) : (
                        <Checkbox
                          aria-label={`Select ${row.qName}`}
                          checked={selected.has(row.qID)}
                          onChange={() => toggle(row.qID)}
                          tabIndex={-1}
                        />
                      )}
                    </Table.Td>
                    {columns.map((column) => (
                      <Table.Td key={column.id} className={cellClasses.cell}>
                        {cell(column.id, row, datafiles)}
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <RowMenu
                        itemName={row.qName}
                        actions={[
                          {
                            label: 'Duplicate',
                            icon: <IconCopy size={16} aria-hidden />,
                            permission: rights.duplicate,
                            onClick: () => runDuplicate(row),
                          },
                          {
                            label: 'Delete…',
                            icon: <IconTrash size={16} aria-hidden />,
                            permission: rights.delete,
                            onClick: () => confirmDelete(row),
                            danger: true,
                          },
                        ]}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
              <SpacerRow height={paddingBottom} colSpan={columns.length + 2} />
            </Table.Tbody>
          </Table>
          <LoadingMore active={isFetchingNextPage} label="Loading more connections" />
        </div>
      )}
      {list.isFetchNextPageError && (
        <ErrorState error={list.error} variant="inline" onRetry={() => void fetchNextPage()} />
      )}

      <ConnectionFormDrawer
        tenant={tenant}
        opened={formOpen}
        onClose={() => setFormOpen(false)}
        spaces={spaceOptions}
        fixedSpace={fixedSpace ? { id: fixedSpace.id, name: fixedSpace.name } : undefined}
      />
      <BatchResultsModal
        title="Batch delete results"
        verb="Deleted"
        itemLabel="Connection"
        closeLabel="Close"
        results={results}
        onClose={() => setResults(undefined)}
      />
    </Stack>
  );
}
