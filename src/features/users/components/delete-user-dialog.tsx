import { useState } from 'react';
import { Alert, Button, Group, List, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { User } from '@qlik/api/users';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { GuardedButton } from '@/components/guarded-action';
import { apiCallForms, apiScriptForms } from '@/lib/api-call';
import { describeError } from '@/lib/api-error';
import type { TenantTarget } from '@/lib/qlik-host';
import { deleteUserCall, handOverCalls } from '../api/api-calls';
import {
  ownedContentQuery,
  useDeleteUser,
  useTransferOwnedContent,
  type OwnedContent,
  type OwnedItem,
} from '../api/users';
import { UserPicker, type Picked } from './pickers';

const KINDS = [
  { key: 'spaces', label: 'Spaces' },
  { key: 'dataConnections', label: 'Data connections' },
  { key: 'dataFiles', label: 'Data files' },
  { key: 'apiKeys', label: 'API keys' },
] as const satisfies readonly { key: keyof OwnedContent['more']; label: string }[];

/** Content that blocks deletion (API keys don't: they are revoked with their owner). */
const blocking = (owned: OwnedContent) =>
  owned.spaces.length + owned.dataConnections.length + owned.dataFiles.length;

function OwnedList({ label, items, more }: { label: string; items: OwnedItem[]; more: boolean }) {
  return (
    <Stack gap={2}>
      <Title order={3} size="h6">
        {label} ({items.length}
        {more ? '+' : ''})
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          None
        </Text>
      ) : (
        <List size="sm" aria-label={label}>
          {items.map((item) => (
            <List.Item key={item.id}>{item.name}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

export interface DeleteUserDialogProps {
  tenant: TenantTarget;
  user: User;
  opened: boolean;
  onClose: () => void;
  onDeleted: () => void;
}

/**
 * Deleting a user: what they own is listed first, since the tenant refuses to delete an owner of content; the
 * dialog offers to give it all to another user, then to delete.
 */
export function DeleteUserDialog({ tenant, user, opened, onClose, onDeleted }: DeleteUserDialogProps) {
  const owned = useQuery({ ...ownedContentQuery(tenant, user.id), enabled: opened });
  const [newOwner, setNewOwner] = useState<Picked | null>(null);
  const transfer = useTransferOwnedContent(tenant, user.id);
  const remove = useDeleteUser(tenant);
  const name = user.name ?? user.email ?? user.id;
  const blocked = owned.data ? blocking(owned.data) > 0 : true;
  const failure = transfer.error ?? remove.error;

  return (
    <Modal opened={opened} onClose={onClose} title={`Delete ${name}?`} size="lg">
      <Stack gap="md">
        {owned.isPending ? (
          <Group gap="xs">
            <Loader size="sm" aria-label="Reading what the user owns" />
            <Text size="sm">Reading what {name} owns…</Text>
          </Group>
        ) : owned.isError ? (
          <Alert color="red" title={describeError(owned.error).title}>
            {describeError(owned.error).message}
          </Alert>
        ) : (
          <>
            <Text size="sm">
              {blocked
                ? `${name} owns content: the tenant deletes a user only once someone else owns it. Give it to another user first.`
                : `${name} owns nothing that blocks deletion. Their API keys stop working with them.`}
            </Text>
            <section aria-label="What the user owns">
              <Stack gap="sm">
                {KINDS.map((kind) => (
                  <OwnedList
                    key={kind.key}
                    label={kind.label}
                    items={owned.data[kind.key]}
                    more={owned.data.more[kind.key]}
                  />
                ))}
              </Stack>
            </section>
            {blocked && (
              <Group align="flex-end" gap="sm">
                <UserPicker
                  tenant={tenant}
                  label="New owner"
                  placeholder="Search by name or email"
                  value={newOwner}
                  onChange={setNewOwner}
                  exclude={[user.id]}
                />
                <Button
                  variant="default"
                  disabled={!newOwner}
                  loading={transfer.isPending}
                  onClick={() => newOwner && transfer.mutate({ owned: owned.data, newOwnerId: newOwner.id })}
                >
                  Change the owner to {newOwner?.name ?? '…'}
                </Button>
                {newOwner && (
                  <CopyAsMenu
                    label="Copy hand-over as…"
                    forms={() => apiScriptForms(tenant.host, handOverCalls(owned.data, newOwner.id))}
                  />
                )}
              </Group>
            )}
          </>
        )}
        {failure && (
          <Alert color="red" title={describeError(failure).title}>
            {describeError(failure).detail ?? describeError(failure).message}
          </Alert>
        )}
        <Group justify="flex-end">
          <CopyAsMenu
            label="Copy deletion as…"
            forms={() => apiCallForms(tenant.host, deleteUserCall(user.id))}
          />
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <GuardedButton
            color="red"
            permission={
              blocked
                ? { allowed: false, reason: `Give what ${name} owns to another user first.` }
                : { allowed: true }
            }
            loading={remove.isPending}
            onClick={() => remove.mutate(user.id, { onSuccess: onDeleted })}
          >
            Delete user
          </GuardedButton>
        </Group>
      </Stack>
    </Modal>
  );
}
