import { Group, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import type { ApiKey } from '@qlik/api/api-keys';
import { CopyAsMenu } from '@/components/copy-as-menu';
import type { Permission } from '@/components/guarded-action';
import { notifyFailure } from '@/components/notify-failure';
import { apiCallForms } from '@/lib/api-call';
import type { TenantTarget } from '@/lib/qlik-host';
import { deleteKeyCall } from '../api/api-calls';
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
        <Stack gap="sm">
          <Text size="sm">
            {own ? 'Delete' : 'Revoke'} <strong>{key.description}</strong>? Every script using it gets 401 from the next call on.
          </Text>
          <Group justify="flex-end">
            <CopyAsMenu size="xs" forms={() => apiCallForms(tenant.host, deleteKeyCall(key.id))} />
          </Group>
        </Stack>
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
