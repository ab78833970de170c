import { Text } from '@mantine/core';
import type { TenantTarget } from '@/lib/qlik-host';
import { KeyList } from './key-table';

export interface UserApiKeysProps {
  tenant: TenantTarget;
  /** Whose keys. */
  userId: string;
  currentUserId: string;
  isTenantAdmin: boolean;
}

/** One user's API keys, for the user's page (composed by the users route): status, expiry, revoke. */
export function UserApiKeys({ tenant, userId, currentUserId, isTenantAdmin }: UserApiKeysProps) {
  return (
    <KeyList
      tenant={tenant}
      params={{ sub: userId }}
      currentUserId={currentUserId}
      isTenantAdmin={isTenantAdmin}
      empty={
        <Text size="sm" c="dimmed">
          No API keys.
        </Text>
      }
    />
  );
}
