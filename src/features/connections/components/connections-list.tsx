import { useMemo, useState, type ReactNode } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
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
import { useQuery, useQueryClient, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ConnectionGet } from '@qlik/api/data-connections';
import type { Space } from '@qlik/api/spaces';
import { SearchInput } from '@/components/search-input';
import { ClearFiltersButton, EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { notifyFailure } from '@/components/notify-failure';
import { formatCount, formatDateTime } from '@/lib/format';
import { NO_SELECTION } from '@/lib/selection-search';
import { BatchDeleteButton, useBatchRun } from '@/components/batch-run';
import { useListSelection } from '@/components/list-selection';
import { SelectAllBar } from '@/components/select-all-bar';
import type { TenantTarget } from '@/lib/qlik-host';
import {
  connectionsQuery,
  getConnection,
  useDeleteConnection,
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
import { MAX_PICKED, listParamsOf, type ConnectionsSearch } from '../search';
import { BatchCopyAs } from '@/components/batch-copy-as';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { ExportCsvButton } from '@/components/export-csv-button';
import { connectionsCsv } from '../api/csv';
import { apiCallForms } from '@/lib/api-call';
import { connectionListCall, deleteConnectionsCalls, duplicateConnectionCall } from '../api/api-calls';
import {
  DELETE_CHUNK,
  connectionsBatchFinished,
  connectionsMatching,
  decideDelete,
  deleteConnectionsChunk,
} from '../api/batch';
import { ConnectionFormDrawer, type SpaceOption } from './connection-form';
import { LoadingMore, SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { GuardedButton } from '@/components/guarded-action';
import { RowMenu } from '@/components/row-menu';
import { useRowNavigation } from '@/components/row-navigation';
import {
  ColumnChooser,
  ColumnHeader,
  SelectableColumnWidths,
  SelectLoadedHeader,
  selectableTableWidth,
  useTableLayout,
} from '@/components/table-layout';
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
  /** Writes the next search to the URL (the route owns navigation); resolves once the page shows it. */
  onSearchChange: (update: (prev: ConnectionsSearch) => ConnectionsSearch) => Promise<void> | void;
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
  const queryClient = useQueryClient();
  const [formOpen, setFormOpen] = useState(false);
  const remove = useDeleteConnection(tenant);
  const duplicate = useDuplicateConnection(tenant);
  const batch = useBatchRun();

  const access = { canWrite, isTenantAdmin };
  const createPermission: Permission = createInSpace(fixedSpace, access);
  const spaceOptions: SpaceOption[] = (spacesResult.data ?? []).map((space) => ({
    value: space.id,
    label: space.name,
    disabled: !createInSpace(space, access).allowed,
  }));

  const selection = useListSelection({
    search,
    onChange: (next) => onSearchChange((prev) => ({ ...prev, ...next })),
    rows,
    idOf: (row: ConnectionGet) => row.qID,
    selectable: (row) => !isDataFiles(row),
    total,
    hasMore: list.hasNextPage,
    maxPicked: MAX_PICKED,
    noun: 'connections',
  });
  const selectionCount = selection.count ?? total;
  const selectionLabel = `${formatCount(selectionCount)} connection${selectionCount === 1 ? '' : 's'}`;

  const batchPermission: Permission = (() => {
    const base = batchDeletePermission(access);
    if (!base.allowed) return base;
    return selection.hasSelection
      ? base
      : { allowed: false, reason: 'Select the connections to delete first.' };
  })();

  const confirmBatchDelete = () =>
    modals.openConfirmModal({
      title: `Delete ${selectionLabel}?`,
      children: (
        <Stack gap="sm">
          <Text size="sm">
            Apps and scripts that use them will fail to load data. Each connection is deleted on its own: some
            may fail while others succeed, and connections you may not delete are skipped.
          </Text>
          <BatchCopyAs
            allMatching={selection.allMatching}
            host={tenant.host}
            calls={() =>
              deleteConnectionsCalls(
                [...selection.picked].map((id) => {
                  const name = rows.find((row) => row.qID === id)?.qName;
                  return { id, ...(name ? { name } : {}) };
                }),
              )
            }
          />
        </Stack>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        batch.start({
          title: `Deleting ${selectionLabel}`,
          verb: 'Deleted',
          itemLabel: 'Connection',
          items: selection.items(
            () => connectionsMatching(tenant, params),
            (id) => getConnection(tenant, id).catch(() => undefined),
          ),
          idOf: (row) => row.qID,
          nameOf: (row) => row.qName,
          decide: (row) => decideDelete(row, canWrite),
          chunkSize: DELETE_CHUNK,
          run: (chunk) => deleteConnectionsChunk(tenant, chunk),
          onFinished: (result) => {
            const deleted = result.outcomes.filter((o) => o.status === 'done').map((o) => o.id);
            connectionsBatchFinished(queryClient, tenant, deleted);
            selection.keepFailed(result);
          },
        }),
    });

  const confirmDelete = (row: ConnectionGet) =>
    confirmDeleteConnection(tenant, row, () =>
      remove.mutate(row.qID, {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `Deleted ${row.qName}.` });
          if (selection.picked.has(row.qID)) selection.select([row.qID], false);
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
      if (!isDataFiles(row)) selection.toggle(row);
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
            onSearch={(q) => onSearchChange((prev) => ({ ...prev, q: q || undefined, ...NO_SELECTION }))}
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
                ...NO_SELECTION,
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
                  ...NO_SELECTION,
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
              onSearchChange((prev) => ({ ...prev, mine, ...NO_SELECTION }));
            }}
            mb={8}
          />
        </Group>
        <Group gap="sm">
          <BatchDeleteButton
            size="sm"
            permission={batchPermission}
            what={selection.hasSelection ? selectionLabel : undefined}
            running={batch.running}
            onClick={confirmBatchDelete}
          />
          <CopyAsMenu forms={() => apiCallForms(tenant.host, connectionListCall(params))} />
          <ExportCsvButton what="connections" source={() => connectionsCsv(tenant, params)} />
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

      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" c="dimmed" role="status" data-testid="connections-count">
          {total === 1 ? '1 connection' : `${formatCount(total)} connections`}
        </Text>
        <SelectAllBar {...selection.bar} />
      </Group>

      {rows.length === 0 ? (
        <EmptyState
          title={filtersActive ? 'No connections match these filters' : 'No data connections yet'}
          description={
            filtersActive
              ? 'Change or clear the filters to see more.'
              : createPermission.allowed
                ? 'Create a connection to load data from a database, a REST API or an S3 bucket.'
                : createPermission.reason
          }
          action={
            filtersActive ? (
              <ClearFiltersButton
                onClick={() =>
                  onSearchChange((prev) => ({
                    ...prev,
                    q: undefined,
                    type: undefined,
                    mine: undefined,
                    ...(fixedSpace ? {} : { space: undefined, personal: undefined }),
                    ...NO_SELECTION,
                  }))
                }
              />
            ) : createPermission.allowed ? (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setFormOpen(true)}>
                New connection
              </Button>
            ) : undefined
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
              width: selectableTableWidth(columns),
            }}
          >
            <SelectableColumnWidths columns={columns} />
            <Table.Thead>
              <Table.Tr>
                <SelectLoadedHeader
                  selection={selection}
                  noun="connections"
                  disabled={rows.every(isDataFiles)}
                />
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
                    aria-selected={selection.isSelected(row)}
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
                          checked={selection.isSelected(row)}
                          onChange={() => selection.toggle(row)}
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
                            copyAs: () => apiCallForms(tenant.host, duplicateConnectionCall({ id: row.qID })),
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
      {batch.dialog}
    </Stack>
  );
}
