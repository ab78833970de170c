import { useMemo, useState } from 'react';
import { Button, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconPlus, IconUserPlus } from '@tabler/icons-react';
import { useQueries, useQuery, useQueryClient, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { getSpace, type Space, type SpaceType } from '@qlik/api/spaces';
import { BatchDeleteButton, useBatchRun } from '@/components/batch-run';
import { SelectAllBar } from '@/components/select-all-bar';
import { ColumnChooser, useTableLayout } from '@/components/table-layout';
import { useListSelection } from '@/components/list-selection';
import { NO_SELECTION } from '@/lib/selection-search';
import { formatCount } from '@/lib/format';
import { apiOptions } from '@/lib/qlik-host';
import { SearchInput } from '@/components/search-input';
import { ClearFiltersButton, EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { BatchCopyAs } from '@/components/batch-copy-as';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { ExportCsvButton } from '@/components/export-csv-button';
import { spacesCsv } from '../api/csv';
import { apiCallForms } from '@/lib/api-call';
import { addMemberCall, deleteSpaceCall, spaceListCall } from '../api/api-calls';
import type { TenantTarget } from '@/lib/qlik-host';
import { mayListUsers, userQuery } from '@/lib/user-queries';
import { spacesQuery, spaceTypesQuery, usersByIdsQuery, type Principal } from '../api/spaces';
import {
  MAX_PICKED,
  TYPE_LABELS,
  canCreateAny,
  listParamsOf,
  type Caller,
  type SpacesSearch,
} from '../model';
import {
  addMemberToSpace,
  decideAddMember,
  decideDelete,
  deleteOneSpace,
  spacesBatchFinished,
  spacesMatching,
} from '../api/batch';
import { GuardedButton } from '@/components/guarded-action';
import { PrincipalPicker } from './principal-picker';
import {
  BatchAddMemberDialog,
  ChangeOwnerDialog,
  CreateSpaceDialog,
  DeleteSpaceDialog,
  EditSpaceDialog,
} from './space-forms';
import { SPACE_COLUMNS, SpacesTable, type SpaceRowAction } from './spaces-table';
import { SpacesTree } from './spaces-tree';

export interface SpacesPageProps {
  tenant: TenantTarget;
  tenantName: string;
  currentUserId: string;
  caller: Caller;
  search: SpacesSearch;
  /** Writes the next search to the URL; resolves once the page shows it. */
  onSearchChange: (update: (prev: SpacesSearch) => SpacesSearch) => Promise<void> | void;
  onOpenSpace: (space: Space) => void;
  /** A space's Members tab. */
  onOpenMembers: (space: Space) => void;
}

/** Owner names for every loaded page: one users request per distinct set of owners, not one per row. */
function useOwnerNames(tenant: TenantTarget, pages: readonly { data?: Space[] }[], canListUsers: boolean) {
  const results = useQueries({
    queries: pages.map((page) =>
      usersByIdsQuery(
        tenant,
        [...new Set((page.data ?? []).map((s) => s.ownerId).filter((id): id is string => !!id))],
        canListUsers,
      ),
    ),
  });
  const names = new Map<string, string>();
  for (const result of results)
    for (const [id, user] of Object.entries(result.data ?? {})) names.set(id, user.name ?? id);
  return names;
}

export function SpacesPage({
  tenant,
  tenantName,
  currentUserId,
  caller,
  search,
  onSearchChange,
  onOpenSpace,
  onOpenMembers,
}: SpacesPageProps) {
  const params = listParamsOf(search);
  const list = useSuspenseInfiniteQuery(spacesQuery(tenant, params));
  const { data: types = [] } = useQuery(spaceTypesQuery(tenant));
  const rows = useMemo(() => list.data.pages.flatMap((page) => page.data ?? []), [list.data]);
  const total = list.data.pages[0]?.meta?.count ?? rows.length;
  const canListUsers = mayListUsers(caller);
  const names = useOwnerNames(tenant, list.data.pages, canListUsers);
  const ownerName = (id: string | undefined) =>
    !id ? '—' : id === currentUserId ? 'You' : (names.get(id) ?? id);

  const ownerFilterUser = useQuery({
    ...userQuery(tenant, search.ownerId ?? ''),
    enabled: Boolean(search.ownerId),
  });
  const me: Principal = { type: 'user', id: currentUserId, name: 'Me' };
  const owner: Principal | null = !search.ownerId
    ? null
    : search.ownerId === currentUserId
      ? me
      : { type: 'user', id: search.ownerId, name: ownerFilterUser.data?.name || search.ownerId };

  const layout = useTableLayout(tenant.id, 'spaces', SPACE_COLUMNS);
  const queryClient = useQueryClient();
  const batch = useBatchRun();
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<{ action: Exclude<SpaceRowAction, 'members'>; space: Space }>();
  const [addingMember, setAddingMember] = useState(false);
  const create = canCreateAny(caller, types.length ? types : ['shared']);
  const filtersActive = Boolean(search.q || search.type || search.ownerId);

  // ---- selection: picked rows, or every space matching the filters --------------------------------------
  const selection = useListSelection({
    search,
    onChange: (next) => onSearchChange((prev) => ({ ...prev, ...next })),
    rows,
    idOf: (space: Space) => space.id,
    total,
    hasMore: list.hasNextPage,
    maxPicked: MAX_PICKED,
    noun: 'spaces',
  });
  const selectionCount = selection.count ?? total;
  const selectionLabel = `${formatCount(selectionCount)} space${selectionCount === 1 ? '' : 's'}`;
  /** A filter changed: what was selected under the old one is not what the new one shows. */
  const filtered = (update: (prev: SpacesSearch) => SpacesSearch) =>
    onSearchChange((prev) => ({ ...update(prev), ...NO_SELECTION }));

  /** The selected spaces, page by page: read from the tenant when every matching one is selected. */
  const selectedSpaces = () =>
    selection.items(
      () => spacesMatching(tenant, params),
      async (id) => (await getSpace(id, apiOptions(tenant))).data,
    );
  const batchBase = {
    itemLabel: 'Space',
    idOf: (space: Space) => space.id,
    nameOf: (space: Space) => space.name,
  };
  const confirmBatchDelete = () =>
    modals.openConfirmModal({
      title: `Delete ${selectionLabel}?`,
      children: (
        <Stack gap="sm">
          <Text size="sm">
            Each space is deleted on its own, once it is empty: spaces that still hold data files, connections
            or apps are kept and listed, and spaces you may not delete are skipped.
          </Text>
          <BatchCopyAs
            allMatching={selection.allMatching}
            host={tenant.host}
            calls={() => [...selection.picked].map(deleteSpaceCall)}
          />
        </Stack>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        batch.start({
          ...batchBase,
          title: `Deleting ${selectionLabel}`,
          verb: 'Deleted',
          items: selectedSpaces(),
          decide: (space) => decideDelete(caller, space),
          run: async ([space], signal) => deleteOneSpace(tenant, space!, signal),
          onFinished: (result) => {
            spacesBatchFinished(queryClient, tenant, { members: false });
            selection.keepFailed(result);
          },
        }),
    });

  const noSelection = { allowed: false, reason: 'Select spaces first.' };
  const hasSelection = selection.hasSelection;

  const onAction = (action: SpaceRowAction, space: Space) =>
    action === 'members' ? onOpenMembers(space) : setDialog({ action, space });

  return (
    <>
      <PageHeader
        title="Spaces"
        description="Shared, managed and data spaces, with their owners and members."
        actions={
          <>
            <CopyAsMenu forms={() => apiCallForms(tenant.host, spaceListCall(params))} />
            <ExportCsvButton what="spaces" source={() => spacesCsv(tenant, params)} />
            <GuardedButton
              permission={create}
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setCreating(true)}
            >
              Create space
            </GuardedButton>
          </>
        }
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SearchInput
            label="Name"
            placeholder="Search by name"
            value={search.q}
            onSearch={(q) => filtered((prev) => ({ ...prev, q: q || undefined }))}
          />
          <Select
            label="Type"
            placeholder="All types"
            clearable
            data={(types.length ? types : (['shared', 'managed', 'data'] as SpaceType[])).map((t) => ({
              value: t,
              label: TYPE_LABELS[t],
            }))}
            value={search.type ?? null}
            onChange={(value) =>
              filtered((prev) => ({ ...prev, type: (value as SpaceType | null) ?? undefined }))
            }
          />
          <PrincipalPicker
            tenant={tenant}
            label="Owner"
            kinds={['user']}
            placeholder="Any owner"
            canListUsers={canListUsers}
            known={[me]}
            value={owner}
            onChange={(value) => filtered((prev) => ({ ...prev, ownerId: value?.id }))}
          />
          <SegmentedControl
            aria-label="View"
            value={search.view}
            onChange={(value) => onSearchChange((prev) => ({ ...prev, view: value as SpacesSearch['view'] }))}
            data={[
              { value: 'table', label: 'Table' },
              { value: 'tree', label: 'Tree' },
            ]}
          />
        </Group>
        {search.view === 'tree' ? (
          <SpacesTree
            tenant={tenant}
            tenantName={tenantName}
            types={types}
            params={params}
            caller={caller}
            expanded={search.expanded}
            node={search.node}
            onTreeChange={(next) => onSearchChange((prev) => ({ ...prev, ...next }))}
            onAction={onAction}
          />
        ) : rows.length === 0 ? (
          <EmptyState
            title={filtersActive ? 'No spaces match' : 'No spaces yet'}
            description={
              filtersActive
                ? 'Change or clear the filters to see more.'
                : create.allowed
                  ? 'Create a space to share apps, data files and connections with others.'
                  : 'Spaces you are made a member of show here. Ask a space owner to add you.'
            }
            action={
              filtersActive ? (
                <ClearFiltersButton
                  onClick={() =>
                    filtered((prev) => ({ ...prev, q: undefined, type: undefined, ownerId: undefined }))
                  }
                />
              ) : create.allowed ? (
                <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                  Create space
                </Button>
              ) : undefined
            }
          />
        ) : (
          <>
            <Group justify="space-between" gap="sm" wrap="wrap">
              <SelectAllBar {...selection.bar} />
              <Group gap="xs" ml="auto">
                <GuardedButton
                  permission={hasSelection ? { allowed: true } : noSelection}
                  variant="default"
                  size="xs"
                  leftSection={<IconUserPlus size={16} aria-hidden />}
                  onClick={() => setAddingMember(true)}
                  loading={batch.running}
                >
                  Add member{hasSelection ? ` to ${selectionLabel}` : '…'}
                </GuardedButton>
                <BatchDeleteButton
                  permission={hasSelection ? { allowed: true } : noSelection}
                  what={hasSelection ? selectionLabel : undefined}
                  running={batch.running}
                  onClick={confirmBatchDelete}
                />
                <ColumnChooser tableLabel="Spaces" state={layout} />
              </Group>
            </Group>
            <SpacesTable
              tenant={tenant}
              caller={caller}
              list={list}
              rows={rows}
              total={total}
              ownerName={ownerName}
              sort={search.sort}
              onSort={(sort) => onSearchChange((prev) => ({ ...prev, sort }))}
              layout={layout}
              selection={selection}
              onOpen={onOpenSpace}
              onAction={onAction}
            />
          </>
        )}
      </Stack>
      <CreateSpaceDialog
        opened={creating}
        onClose={() => setCreating(false)}
        tenant={tenant}
        types={types}
        caller={caller}
        onCreated={(space) => {
          setCreating(false);
          onOpenSpace(space);
        }}
      />
      {dialog?.action === 'edit' && (
        <EditSpaceDialog opened onClose={() => setDialog(undefined)} tenant={tenant} space={dialog.space} />
      )}
      {dialog?.action === 'owner' && (
        <ChangeOwnerDialog
          opened
          onClose={() => setDialog(undefined)}
          tenant={tenant}
          space={dialog.space}
          canListUsers={canListUsers}
        />
      )}
      {dialog?.action === 'delete' && (
        <DeleteSpaceDialog
          opened
          onClose={() => setDialog(undefined)}
          tenant={tenant}
          space={dialog.space}
          onDeleted={() => setDialog(undefined)}
        />
      )}
      {addingMember && (
        <BatchAddMemberDialog
          opened
          onClose={() => setAddingMember(false)}
          tenant={tenant}
          count={selectionLabel}
          canListUsers={canListUsers}
          copyAs={({ principal, roles }) => (
            <BatchCopyAs
              allMatching={selection.allMatching}
              host={tenant.host}
              calls={() =>
                [...selection.picked].map((spaceId) =>
                  addMemberCall(spaceId, { type: principal.type, assigneeId: principal.id, roles }),
                )
              }
            />
          )}
          onSubmit={({ principal, roles }) => {
            setAddingMember(false);
            const member = { type: principal.type, assigneeId: principal.id, name: principal.name, roles };
            batch.start({
              ...batchBase,
              title: `Adding ${principal.name} to ${selectionLabel}`,
              verb: 'Added',
              items: selectedSpaces(),
              decide: (space) => decideAddMember(caller, space, member),
              run: ([space], signal) => addMemberToSpace(tenant, space!, member, signal),
              onFinished: (result) => {
                spacesBatchFinished(queryClient, tenant, { members: true });
                selection.keepFailed(result);
              },
            });
          }}
        />
      )}
      {batch.dialog}
    </>
  );
}
