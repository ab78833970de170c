import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import type { ApiKey } from '@qlik/api/api-keys';
import type { Permission } from '@/components/guarded-action';
import { notifyFailure } from '@/components/notify-failure';
import type { TenantTarget } from '@/lib/qlik-host';
import { useDeleteApiKey } from '../api/api-keys';

/**
 * Asks, then deletes (own key) or revokes (another's, TenantAdmin): either way the key stops opening the API at
 * once. Returns the action and who may take it.
 */
export function useRemoveKey(tenant: TenantTarget, currentUserId: string, isTenantAdmin: boolean) {
  const remove = useDeleteApiKey(tenant);
  const permission = (key: ApiKey): Permission =>
    key.sub === currentUserId || isTenantAdmin ? { allowed: true } : { allowed: false, reason: 'Only a tenant admin revokes the keys of other users.' };
  const confirm = (key: ApiKey) => {
    const own = key.sub === currentUserId;
    modals.openConfirmModal({
      title: own ? 'Delete API key?' : 'Revoke API key?',
      children: (
        <Text size="sm">
          {own ? 'Delete' : 'Revoke'} <strong>{key.description}</strong>? Every script using it gets 401 from the next call on.
        </Text>
      ),
      labels: { confirm: own ? 'Delete key' : 'Revoke key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(key.id, {
          onSuccess: () => notifications.show({ color: 'green', message: `${own ? 'Deleted' : 'Revoked'} ${key.description}.` }),
          onError: notifyFailure,
        }),
    });
  };
  return { confirm, permission };
}
