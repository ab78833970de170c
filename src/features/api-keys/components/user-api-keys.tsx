import { Text } from '@mantine/core';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { apiKeysQuery } from '../api/api-keys';
import { KeyTable } from './key-table';
import { useRemoveKey } from './remove-key';

export interface UserApiKeysProps {
  tenant: TenantTarget;
  /** Whose keys. */
  userId: string;
  currentUserId: string;
  isTenantAdmin: boolean;
}

/** One user's API keys, for the user's page (composed by the users route): status, expiry, revoke. */
export function UserApiKeys({ tenant, userId, currentUserId, isTenantAdmin }: UserApiKeysProps) {
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage } = useSuspenseInfiniteQuery(apiKeysQuery(tenant, { sub: userId }));
  const { confirm, permission } = useRemoveKey(tenant, currentUserId, isTenantAdmin);
  const keys = data.pages.flatMap((page) => page.keys);
  if (!keys.length) return <Text size="sm" c="dimmed">No API keys.</Text>;
  return (
    <KeyTable
      tenant={tenant}
      keys={keys}
      currentUserId={currentUserId}
      onRemove={confirm}
      removePermission={permission}
      hasMore={hasNextPage}
      onMore={() => void fetchNextPage()}
      loadingMore={isFetchingNextPage}
    />
  );
}
