import { useState } from 'react';
import { Group, SegmentedControl, Select, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQueries, useQuery, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import type { Space, SpaceType } from '@qlik/api/spaces';
import { SearchInput } from '@/components/search-input';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import type { TenantTarget } from '@/lib/qlik-host';
import { mayListUsers, userQuery } from '@/lib/user-queries';
import { spacesQuery, spaceTypesQuery, usersByIdsQuery, type Principal } from '../api/spaces';
import { TYPE_LABELS, canCreateAny, listParamsOf, type Caller, type SpacesSearch } from '../model';
import { GuardedButton } from '@/components/guarded-action';
import { PrincipalPicker } from './principal-picker';
import { CreateSpaceDialog } from './space-forms';
import { SpacesTable } from './spaces-table';
import { SpacesTree } from './spaces-tree';

export interface SpacesPageProps {
  tenant: TenantTarget;
  tenantName: string;
  currentUserId: string;
  caller: Caller;
  search: SpacesSearch;
  onSearchChange: (update: (prev: SpacesSearch) => SpacesSearch) => void;
  onOpenSpace: (space: Space) => void;
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
}: SpacesPageProps) {
  const params = listParamsOf(search);
  const list = useSuspenseInfiniteQuery(spacesQuery(tenant, params));
  const { data: types = [] } = useQuery(spaceTypesQuery(tenant));
  const rows = list.data.pages.flatMap((page) => page.data ?? []);
  const total = list.data.pages[0]?.meta?.count ?? rows.length;
  const canListUsers = mayListUsers(caller);
  const names = useOwnerNames(tenant, list.data.pages, canListUsers);
  const ownerName = (id: string | undefined) =>
    !id ? '—' : id === currentUserId ? 'You' : (names.get(id) ?? id);

  const ownerFilterUser = useQuery({ ...userQuery(tenant, search.ownerId ?? ''), enabled: Boolean(search.ownerId) });
  const me: Principal = { type: 'user', id: currentUserId, name: 'Me' };
  const owner: Principal | null = !search.ownerId
    ? null
    : search.ownerId === currentUserId
      ? me
      : { type: 'user', id: search.ownerId, name: ownerFilterUser.data?.name || search.ownerId };

  const [creating, setCreating] = useState(false);
  const create = canCreateAny(caller, types.length ? types : ['shared']);
  const filtersActive = Boolean(search.q || search.type || search.ownerId);

  return (
    <>
      <PageHeader
        title="Spaces"
        description="Shared, managed and data spaces, with their owners and members."
        actions={
          <GuardedButton
            permission={create}
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setCreating(true)}
          >
            Create space
          </GuardedButton>
        }
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SearchInput
            label="Name"
            placeholder="Search by name"
            value={search.q}
            onSearch={(q) => onSearchChange((prev) => ({ ...prev, q: q || undefined }))}
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
              onSearchChange((prev) => ({ ...prev, type: (value as SpaceType | null) ?? undefined }))
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
            onChange={(value) => onSearchChange((prev) => ({ ...prev, ownerId: value?.id }))}
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
          <SpacesTree tenant={tenant} tenantName={tenantName} types={types} params={params} />
        ) : rows.length === 0 ? (
          <EmptyState
            title={filtersActive ? 'No spaces match' : 'No spaces yet'}
            description={
              filtersActive
                ? 'Change or clear the filters to see more.'
                : 'Create a space to share apps, data files and connections with others.'
            }
          />
        ) : (
          <SpacesTable
            tenant={tenant}
            list={list}
            rows={rows}
            total={total}
            ownerName={ownerName}
            sort={search.sort}
            onSort={(sort) => onSearchChange((prev) => ({ ...prev, sort }))}
          />
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
    </>
  );
}
