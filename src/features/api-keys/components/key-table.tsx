import type { ReactNode } from 'react';
import { Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ApiKey } from '@qlik/api/api-keys';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { GuardedButton, type Permission } from '@/components/guarded-action';
import { OwnerName } from '@/components/owner-name';
import { formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { apiKeysQuery, type KeyListParams } from '../api/api-keys';
import { useRemoveKey } from './remove-key';

const STATUS_COLORS: Record<string, string> = { active: 'green', expired: 'gray', revoked: 'red' };

export interface KeyTableProps {
  tenant: TenantTarget;
  keys: ApiKey[];
  currentUserId: string;
  showOwner?: boolean;
  /** "Delete" for one's own keys, "Revoke" for another's. */
  onRemove: (key: ApiKey) => void;
  removePermission: (key: ApiKey) => Permission;
  hasMore?: boolean;
  onMore?: () => void;
  loadingMore?: boolean;
}

/** Keys with their status and expiry; a user's keys or (for an admin) anyone's. */
export function KeyTable({ tenant, keys, currentUserId, showOwner, onRemove, removePermission, hasMore, onMore, loadingMore }: KeyTableProps) {
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Description</Table.Th>
              {showOwner && <Table.Th>Owner</Table.Th>}
              <Table.Th>Status</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((key) => {
              const own = key.sub === currentUserId;
              return (
                <Table.Tr key={key.id}>
                  <Table.Td>
                    <Text size="sm">{key.description}</Text>
                  </Table.Td>
                  {showOwner && (
                    <Table.Td>
                      <OwnerName tenant={tenant} userId={key.sub} currentUserId={currentUserId} />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLORS[key.status]}>
                      {key.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(key.created)}</Table.Td>
                  <Table.Td>{formatDateTime(key.expiry)}</Table.Td>
                  <Table.Td>
                    {key.status !== 'revoked' && (
                      <GuardedButton size="xs" variant="subtle" color="red" permission={removePermission(key)} onClick={() => onRemove(key)}>
                        {own ? 'Delete' : 'Revoke'} <VisuallyHidden>{key.description}</VisuallyHidden>
                      </GuardedButton>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {hasMore && (
        <Button variant="default" mt="sm" onClick={onMore} loading={loadingMore}>
          Show more keys
        </Button>
      )}
    </>
  );
}

export interface KeyListProps {
  tenant: TenantTarget;
  params: KeyListParams;
  currentUserId: string;
  isTenantAdmin: boolean;
  showOwner?: boolean;
  /** What shows when no key matches. */
  empty: ReactNode;
}

/** The keys a list query finds, page by page, each deletable (own) or revocable (a TenantAdmin's view of others'). */
export function KeyList({ tenant, params, currentUserId, isTenantAdmin, showOwner, empty }: KeyListProps) {
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage } = useSuspenseInfiniteQuery(apiKeysQuery(tenant, params));
  const { confirm, permission } = useRemoveKey(tenant, currentUserId, isTenantAdmin);
  const keys = data.pages.flatMap((page) => page.keys);
  if (!keys.length) return <>{empty}</>;
  return (
    <KeyTable
      tenant={tenant}
      keys={keys}
      currentUserId={currentUserId}
      showOwner={showOwner}
      onRemove={confirm}
      removePermission={permission}
      hasMore={hasNextPage}
      onMore={() => void fetchNextPage()}
      loadingMore={isFetchingNextPage}
    />
  );
}
