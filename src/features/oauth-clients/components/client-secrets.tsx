import { Button, Group, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { OAuthClientSecretResponse } from '@qlik/api/oauth-clients';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { GuardedButton, type Permission } from '@/components/guarded-action';
import { apiCallForms, apiScriptForms } from '@/lib/api-call';
import { notifyFailure } from '@/components/notify-failure';
import { formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { createSecretCall, deleteSecretCall, rotateSecretCalls } from '../api/api-calls';
import { useCreateClientSecret, useDeleteClientSecret, type OAuthClient } from '../api/oauth-clients';

export const MAX_SECRETS = 5;

export interface ClientSecretsProps {
  tenant: TenantTarget;
  client: OAuthClient | undefined;
  permission: Permission;
  onClose: () => void;
  /** A new secret was made: the page shows it once. */
  onSecret: (secret: OAuthClientSecretResponse) => void;
}

/** A server client's secrets by hint: a new one, rotation (new, then the old one deleted) and deletion. */
export function ClientSecrets({ tenant, client, permission, onClose, onSecret }: ClientSecretsProps) {
  const create = useCreateClientSecret(tenant);
  const remove = useDeleteClientSecret(tenant);
  const secrets = client?.clientSecrets ?? [];
  const full = secrets.length >= MAX_SECRETS;
  const newPermission: Permission = !permission.allowed
    ? permission
    : full
      ? { allowed: false, reason: `A client has at most ${MAX_SECRETS} secrets. Delete or rotate one.` }
      : { allowed: true };
  const make = (replaces?: string) =>
    client &&
    create.mutate(
      { clientId: client.clientId, ...(replaces ? { replaces } : {}) },
      { onSuccess: onSecret, onError: notifyFailure },
    );
  const confirmDelete = (hint: string) =>
    client &&
    modals.openConfirmModal({
      title: 'Delete secret?',
      children: (
        <Stack gap="sm">
          <Text size="sm">
            Delete the secret ending in <strong>{hint}</strong>? Scripts and servers using it can no longer get tokens.
          </Text>
          <Group justify="flex-end">
            <CopyAsMenu size="xs" forms={() => apiCallForms(tenant.host, deleteSecretCall(client.clientId, hint))} />
          </Group>
        </Stack>
      ),
      labels: { confirm: 'Delete secret', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ clientId: client.clientId, hint }, { onError: notifyFailure }),
    });

  return (
    <Modal opened={client !== undefined} onClose={onClose} title={client ? `Secrets of ${client.clientName}` : 'Secrets'} size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          The tenant keeps only a hash of each secret and names it by its last characters. Rotate a secret to get a new
          one and delete the old one in one step.
        </Text>
        {secrets.length ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ends in</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {secrets.map((secret) => (
                <Table.Tr key={secret.hint}>
                  <Table.Td ff="monospace">…{secret.hint}</Table.Td>
                  <Table.Td>{secret.createdAt ? formatDateTime(secret.createdAt) : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <GuardedButton size="xs" variant="light" permission={permission} loading={create.isPending && create.variables?.replaces === secret.hint} onClick={() => make(secret.hint)}>
                        Rotate <VisuallyHidden>secret ending in {secret.hint}</VisuallyHidden>
                      </GuardedButton>
                      <GuardedButton size="xs" variant="subtle" color="red" permission={permission} onClick={() => confirmDelete(secret.hint)}>
                        Delete <VisuallyHidden>secret ending in {secret.hint}</VisuallyHidden>
                      </GuardedButton>
                      {client && (
                        <CopyAsMenu
                          size="xs"
                          label={`Copy rotation of …${secret.hint} as…`}
                          forms={() => apiScriptForms(tenant.host, rotateSecretCalls(client.clientId, secret.hint))}
                        />
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm">This client has no secret: it cannot authenticate until you make one.</Text>
        )}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {secrets.length} of {MAX_SECRETS} secrets
          </Text>
          <Group gap="xs">
            {client && (
              <CopyAsMenu label="Copy secret creation as…" forms={() => apiCallForms(tenant.host, createSecretCall(client.clientId))} />
            )}
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <GuardedButton permission={newPermission} loading={create.isPending && !create.variables?.replaces} onClick={() => make()}>
              New secret
            </GuardedButton>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
