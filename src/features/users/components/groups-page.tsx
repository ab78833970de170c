import { useMemo } from 'react';
import { Badge, Button, Group as Row, Stack, Table, Text } from '@mantine/core';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { AnchorLink } from '@/components/anchor-link';
import { ClearFiltersButton, EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { SearchInput } from '@/components/search-input';
import { formatCount, formatDate } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { groupsQuery } from '../api/groups';

export interface GroupsPageProps {
  tenant: TenantTarget;
  q: string | undefined;
  onSearch: (q: string | undefined) => void;
}

/** The tenant's groups (custom and from the identity provider) with their tenant roles. */
export function GroupsPage({ tenant, q, onSearch }: GroupsPageProps) {
  const list = useSuspenseInfiniteQuery(groupsQuery(tenant, q));
  const rows = useMemo(() => list.data.pages.flatMap((page) => page.data ?? []), [list.data]);
  const total = list.data.pages[0]?.totalResults ?? rows.length;
  return (
    <>
      <PageHeader title="Groups" description="Groups give their members tenant roles and space access." />
      <Stack gap="md">
        <SearchInput
          label="Name"
          placeholder="Search groups"
          value={q}
          onSearch={(text) => onSearch(text || undefined)}
          maw={320}
        />
        {rows.length === 0 ? (
          <EmptyState
            title={q ? 'No groups match' : 'No groups yet'}
            action={q ? <ClearFiltersButton onClick={() => onSearch(undefined)} /> : undefined}
          />
        ) : (
          <>
            <Table aria-label="Groups" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Tenant roles</Table.Th>
                  <Table.Th scope="col">Source</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((group) => (
                  <Table.Tr key={group.id}>
                    <Table.Td>
                      <AnchorLink size="sm" to="/groups/$groupId" params={{ groupId: group.id! }}>
                        {group.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{group.description ?? '—'}</Table.Td>
                    <Table.Td>
                      <Row gap={4}>
                        {(group.assignedRoles ?? []).map((role) => (
                          <Badge key={role.id} variant="light" size="sm">
                            {role.name}
                          </Badge>
                        ))}
                      </Row>
                    </Table.Td>
                    <Table.Td>{group.providerType === 'custom' ? 'Custom' : 'Identity provider'}</Table.Td>
                    <Table.Td>{formatDate(group.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Row>
              <Text size="sm" c="dimmed" aria-live="polite">
                {formatCount(rows.length)} of {formatCount(total)} groups loaded
              </Text>
              {list.hasNextPage && (
                <Button
                  variant="default"
                  size="xs"
                  loading={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  Load more
                </Button>
              )}
            </Row>
          </>
        )}
      </Stack>
    </>
  );
}
