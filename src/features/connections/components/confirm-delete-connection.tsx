import { Group, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { ConnectionGet } from '@qlik/api/data-connections';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { apiCallForms } from '@/lib/api-call';
import { deleteConnectionCall } from '../api/api-calls';

/** Asks before deleting one connection, from its detail page or its row in a list; offers the call to copy. */
export function confirmDeleteConnection(
  connection: ConnectionGet,
  onConfirm: () => void,
  host: string,
): void {
  modals.openConfirmModal({
    title: 'Delete connection?',
    children: (
      <Stack gap="sm">
        <Text size="sm">
          Delete <strong>{connection.qName}</strong>? Apps and scripts that use it will fail to load data.
        </Text>
        <Group>
          <CopyAsMenu size="xs" forms={() => apiCallForms(host, deleteConnectionCall(connection.qID))} />
        </Group>
      </Stack>
    ),
    labels: { confirm: 'Delete', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm,
  });
}
