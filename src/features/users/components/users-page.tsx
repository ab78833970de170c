import { useMemo, type ReactNode } from 'react';
import { Badge, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import type { User } from '@qlik/api/users';
import { AnchorLink } from '@/components/anchor-link';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { ClearFiltersButton, EmptyState } from '@/components/empty-state';
import { ExportCsvButton } from '@/components/export-csv-button';
import { PageHeader } from '@/components/page-header';
import { SearchInput } from '@/components/search-input';
import { ColumnChooser, ColumnHeader, ColumnWidths, useTableLayout } from '@/components/table-layout';
import cellClasses from '@/components/table-layout.module.css';
import { SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { apiCallForms } from '@/lib/api-call';
import { formatCount, formatDate } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import type { ColumnSpec } from '@/lib/table-layout';
import { userListCall } from '../api/api-calls';
import { usersCsv } from '../api/csv';
import { rolesQuery, usersQuery } from '../api/users';
import {
  statusLabel,
  STATUS_LABELS,
  USER_STATUSES,
  userListParamsOf,
  type UserSort,
  type UsersSearch,
} from '../model';

type UserColumn = 'name' | 'email' | 'status' | 'roles' | 'groups' | 'createdAt';

const USER_COLUMNS: readonly ColumnSpec<UserColumn>[] = [
  { id: 'name', label: 'Name', width: 220, minWidth: 120, required: true },
  { id: 'email', label: 'Email', width: 240 },
  { id: 'status', label: 'Status', width: 110 },
  { id: 'roles', label: 'Roles', width: 260 },
  { id: 'groups', label: 'Groups', width: 220 },
  { id: 'createdAt', label: 'Created', width: 130 },
];

const SORTABLE = new Set<UserColumn>(['name', 'email', 'createdAt']);

export const STATUS_COLORS: Record<string, string> = { active: 'green', disabled: 'gray', invited: 'blue' };

export interface UsersPageProps {
  tenant: TenantTarget;
  search: UsersSearch;
  onSearchChange: (update: (prev: UsersSearch) => UsersSearch) => void;
  onOpenUser: (user: User) => void;
}

/** Every user of the tenant, filtered by text, role and status from the URL; virtualized, paged as it scrolls. */
export function UsersPage({ tenant, search, onSearchChange, onOpenUser }: UsersPageProps) {
  const params = userListParamsOf(search);
  const list = useSuspenseInfiniteQuery(usersQuery(tenant, params));
  const { data: roles = [] } = useQuery(rolesQuery(tenant));
  const rows = useMemo(() => list.data.pages.flatMap((page) => page.data ?? []), [list.data]);
  const total = list.data.pages[0]?.totalResults ?? rows.length;
  const layout = useTableLayout(tenant.id, 'users', USER_COLUMNS);
  const filtersActive = Boolean(search.q || search.role || search.status);
  const { scrollRef, items, paddingTop, paddingBottom } = useVirtualRows({
    count: rows.length,
    rowHeight: layout.rowHeight,
    pages: list,
  });

  const sortOf = (column: UserColumn) => {
    const active = search.sort.replace('-', '') === column;
    const descending = search.sort.startsWith('-');
    return {
      direction: !active ? undefined : descending ? ('descending' as const) : ('ascending' as const),
      onSort: () =>
        onSearchChange((prev) => ({
          ...prev,
          sort: (active && !descending ? `-${column}` : column) as UserSort,
        })),
    };
  };

  const cell = (column: UserColumn, user: User): ReactNode => {
    switch (column) {
      case 'name':
        return (
          <AnchorLink size="sm" to="/users/$userId" params={{ userId: user.id }} title={user.name}>
            {user.name || user.email || user.id}
          </AnchorLink>
        );
      case 'email':
        return user.email ?? '—';
      case 'status':
        return (
          <Badge variant="light" color={STATUS_COLORS[user.status ?? ''] ?? 'gray'}>
            {statusLabel(user.status)}
          </Badge>
        );
      case 'roles':
        return (user.assignedRoles ?? []).map((r) => r.name).join(', ') || '—';
      case 'groups':
        return (user.assignedGroups ?? []).map((g) => g.name).join(', ') || '—';
      case 'createdAt':
        return formatDate(user.createdAt);
    }
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone in the tenant, with their status, roles and groups."
        actions={
          <>
            <CopyAsMenu forms={() => apiCallForms(tenant.host, userListCall(params))} />
            <ExportCsvButton what="users" source={() => usersCsv(tenant, params)} />
          </>
        }
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SearchInput
            label="Name or email"
            placeholder="Search users"
            value={search.q}
            onSearch={(q) => onSearchChange((prev) => ({ ...prev, q: q || undefined }))}
          />
          <Select
            label="Role"
            placeholder="Any role"
            clearable
            searchable
            data={roles.map((r) => r.name)}
            value={search.role ?? null}
            onChange={(role) => onSearchChange((prev) => ({ ...prev, role: role ?? undefined }))}
          />
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            data={USER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            value={search.status ?? null}
            onChange={(status) =>
              onSearchChange((prev) => ({ ...prev, status: (status as UsersSearch['status']) ?? undefined }))
            }
          />
          <Group ml="auto">
            <ColumnChooser tableLabel="Users" state={layout} />
          </Group>
        </Group>
        {rows.length === 0 ? (
          <EmptyState
            title={filtersActive ? 'No users match' : 'No users yet'}
            description={filtersActive ? 'Change or clear the filters to see more.' : undefined}
            action={
              filtersActive ? (
                <ClearFiltersButton
                  onClick={() =>
                    onSearchChange((prev) => ({ ...prev, q: undefined, role: undefined, status: undefined }))
                  }
                />
              ) : undefined
            }
          />
        ) : (
          <>
            <div
              ref={scrollRef}
              data-testid="users-scroll"
              style={{ height: '65vh', overflow: 'auto' }}
              tabIndex={-1}
            >
              <Table
                stickyHeader
                highlightOnHover
                aria-label="Users"
                aria-rowcount={total + 1}
                {...layout.tableProps}
              >
                <ColumnWidths columns={layout.columns} />
                <Table.Thead>
                  <Table.Tr aria-rowindex={1}>
                    {layout.columns.map((column) => (
                      <ColumnHeader
                        key={column.id}
                        column={column}
                        onResize={(width) => layout.setWidth(column.id, width)}
                        {...(SORTABLE.has(column.id) ? { sort: sortOf(column.id) } : {})}
                      />
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  <SpacerRow height={paddingTop} colSpan={layout.columns.length} />
                  {items.map((item) => {
                    const user = rows[item.index]!;
                    return (
                      <Table.Tr
                        key={user.id}
                        aria-rowindex={item.index + 2}
                        style={{ height: layout.rowHeight, cursor: 'pointer' }}
                        onDoubleClick={() => onOpenUser(user)}
                      >
                        {layout.columns.map((column) => (
                          <Table.Td key={column.id} className={cellClasses.cell}>
                            {cell(column.id, user)}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    );
                  })}
                  <SpacerRow height={paddingBottom} colSpan={layout.columns.length} />
                </Table.Tbody>
              </Table>
            </div>
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="users-count">
              {formatCount(rows.length)} of {formatCount(total)} users loaded
              {list.isFetchingNextPage ? ' — loading more…' : ''}
            </Text>
          </>
        )}
      </Stack>
    </>
  );
}
