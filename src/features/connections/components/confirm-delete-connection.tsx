import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { ConnectionGet } from '@qlik/api/data-connections';

/** Asks before deleting one connection, from its detail page or its row in a list. */
export function confirmDeleteConnection(connection: ConnectionGet, onConfirm: () => void): void {
  modals.openConfirmModal({
    title: 'Delete connection?',
    children: (
      <Text size="sm">
        Delete <strong>{connection.qName}</strong>? Apps and scripts that use it will fail to load data.
      </Text>
    ),
    labels: { confirm: 'Delete', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm,
  });
}
