import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { apiCallForms, type ApiCallForms } from '@/lib/api-call';
import { changeFileOwnerCall, changeFileSpaceCall, moveFileCall } from '../api/api-calls';
import { allFoldersQuery, usersQuery } from '../api/data-files';
import { actionErrorOf, type DataFile, type Permission } from '../model';
import type { Scope } from '../search';

// The tenant refuses control characters too; they cannot be typed into a text input anyway.
const BAD_NAME = /[\\<>:"|?*]/;

/** The checks the tenant would make on a single name segment, said before a round trip. */
export function validateBaseName(value: string): string | null {
  if (!value.trim()) return 'Enter a name.';
  if (value.includes('/')) return 'A name cannot contain /. Use Move to put it in another folder.';
  if (value.trim() !== value) return 'A name cannot start or end with a space.';
  if (BAD_NAME.test(value)) return 'A name cannot contain \\ < > : " | ? *.';
  if (value === '.' || value === '..') return 'Choose another name.';
  return null;
}

/**
 * A dialog's one action: pending while it runs; on failure the dialog stays open with what was chosen, and the
 * tenant's reason shows on the field it names (when the dialog passes `onField`) or above the buttons.
 */
function useDialogAction() {
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);
  const alert = message ? (
    <Alert color="red" variant="light" role="alert" title="Not done">
      {message}
    </Alert>
  ) : null;
  const run = async (action: () => Promise<void>, onField?: (field: 'name', message: string) => void) => {
    setPending(true);
    setMessage(undefined);
    try {
      await action();
    } catch (error) {
      const mapped = actionErrorOf(error);
      if (mapped.field && onField) onField(mapped.field, mapped.message);
      else setMessage(mapped.message);
    } finally {
      setPending(false);
    }
  };
  return { alert, pending, run };
}

export interface NameDialogProps {
  title: string;
  label?: string;
  initial: string;
  submitLabel: string;
  description?: ReactNode;
  onSubmit: (name: string) => Promise<unknown>;
  success: (name: string) => string;
  onClose: () => void;
  /** The action with the name as typed, for "Copy as…" (none where the console offers no copy). */
  copyAs?: (name: string) => ApiCallForms;
}

/** Create folder, rename and duplicate: one name, server errors on the field, nothing typed lost on error. */
export function NameDialog({
  title,
  label = 'Name',
  initial,
  submitLabel,
  description,
  onSubmit,
  success,
  onClose,
  copyAs,
}: NameDialogProps) {
  const form = useForm({ initialValues: { name: initial }, validate: { name: validateBaseName } });
  const { alert, pending, run } = useDialogAction();
  const submit = form.onSubmit(({ name }) =>
    run(
      async () => {
        await onSubmit(name);
        notifications.show({ color: 'green', message: success(name) });
        onClose();
      },
      (field, message) => form.setFieldError(field, message),
    ),
  );
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {description && <Text size="sm">{description}</Text>}
          <TextInput label={label} data-autofocus required {...form.getInputProps('name')} />
          {alert}
          <Group justify="flex-end">
            {copyAs && <CopyAsMenu forms={() => copyAs(form.getValues().name)} />}
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export interface SpaceChoice {
  /** 'personal' or a space id. */
  value: string;
  label: string;
  permission: Permission;
}

const ROOT_FOLDER = '__root__';

export interface MoveDialogProps {
  tenant: TenantTarget;
  file: DataFile;
  scope: Scope;
  connectionId: string | undefined;
  /** 'personal' or the space id the file lives in. */
  currentSpace: string;
  spaces: SpaceChoice[];
  /** Whether this item may change space at all (only root items may). */
  changeSpace: Permission;
  onMove: (target: { folderId: string | null } | { spaceId: string | null }) => Promise<unknown>;
  onClose: () => void;
}

/** Into another folder of this space, or to the root of another space (change-space). */
export function MoveDialog({
  tenant,
  file,
  scope,
  connectionId,
  currentSpace,
  spaces,
  changeSpace,
  onMove,
  onClose,
}: MoveDialogProps) {
  const [space, setSpace] = useState(currentSpace);
  const [folder, setFolder] = useState<string | null>(file.folderId ?? ROOT_FOLDER);
  const sameSpace = space === currentSpace;
  const folders = useQuery({
    ...allFoldersQuery(tenant, scope, connectionId),
    enabled: sameSpace && scope.kind !== 'all',
  });
  const { alert, pending, run } = useDialogAction();
  const folderOptions = [
    { value: ROOT_FOLDER, label: '/ (root)' },
    ...(folders.data ?? [])
      // A folder cannot go into itself or below itself.
      .filter((f) => !file.folder || (f.id !== file.id && !f.name.startsWith(`${file.name}/`)))
      .map((f) => ({ value: f.id, label: `/ ${f.name.split('/').join(' / ')}` })),
  ];
  const blockedReason = !sameSpace && !changeSpace.allowed ? changeSpace.reason : undefined;
  const submit = () =>
    run(async () => {
      if (sameSpace) await onMove({ folderId: folder === ROOT_FOLDER ? null : folder });
      else await onMove({ spaceId: space === 'personal' ? null : space });
      const where = sameSpace
        ? (folderOptions.find((o) => o.value === folder)?.label ?? 'the folder')
        : (spaces.find((s) => s.value === space)?.label ?? 'the space');
      notifications.show({ color: 'green', message: `Moved ${file.baseName ?? file.name} to ${where}.` });
      onClose();
    });
  return (
    <Modal opened onClose={onClose} title={`Move ${file.baseName ?? file.name}`}>
      <Stack gap="sm">
        <Select
          label="Space"
          data={spaces.map((s) => ({
            value: s.value,
            label: s.label,
            disabled: !s.permission.allowed && s.value !== currentSpace,
          }))}
          value={space}
          allowDeselect={false}
          onChange={(value) => value && setSpace(value)}
          searchable
        />
        {sameSpace ? (
          <Select
            label="Folder"
            data={folderOptions}
            value={folder}
            allowDeselect={false}
            onChange={setFolder}
            searchable
            nothingFoundMessage="No such folder"
          />
        ) : (
          <Text size="sm" c={blockedReason ? 'red' : 'dimmed'}>
            {blockedReason ??
              (space === 'personal'
                ? "It goes to the root of its owner's personal space."
                : 'It goes to the root of that space.')}
          </Text>
        )}
        {alert}
        <Group justify="flex-end">
          <CopyAsMenu
            forms={() =>
              apiCallForms(
                tenant.host,
                sameSpace
                  ? moveFileCall(file, folder === ROOT_FOLDER ? null : folder)
                  : changeFileSpaceCall(file.id, space === 'personal' ? null : space),
              )
            }
          />
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={pending} disabled={Boolean(blockedReason)}>
            Move
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export interface BatchMoveDialogProps {
  /** What is selected, e.g. "3 items" or "all matching items". */
  what: string;
  spaces: SpaceChoice[];
  currentSpace: string;
  /** Starts the batch (its own dialog shows the progress and results). */
  onMove: (spaceId: string | null) => void;
  /** "Copy as…" of the batch into the space picked. */
  copyAs?: (spaceId: string | null) => ReactNode;
  onClose: () => void;
}

/** Asks where the selection goes: the root of another space, in change-space batches. */
export function BatchMoveDialog({
  what,
  spaces,
  currentSpace,
  onMove,
  copyAs,
  onClose,
}: BatchMoveDialogProps) {
  const options = spaces.filter((s) => s.value !== currentSpace);
  const [space, setSpace] = useState<string | null>(null);
  const submit = () => {
    if (!space) return;
    onClose();
    onMove(space === 'personal' ? null : space);
  };
  return (
    <Modal opened onClose={onClose} title={`Move ${what} to another space`}>
      <Stack gap="sm">
        <Text size="sm">
          Items move to the root of the space you pick. Only items at the root of a space can change space:
          the others, and those you may not move, are skipped with the reason. Each one moves on its own: some
          may fail while others succeed.
        </Text>
        <Select
          label="Target space"
          placeholder="Pick a space"
          data={options.map((s) => ({ value: s.value, label: s.label, disabled: !s.permission.allowed }))}
          value={space}
          onChange={setSpace}
          searchable
        />
        {space && copyAs?.(space === 'personal' ? null : space)}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={!space}>
            Move
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export interface OwnerDialogProps {
  tenant: TenantTarget;
  file: DataFile;
  /** Only tenant admins may list users to choose from. */
  canListUsers: boolean;
  onChange: (ownerId: string) => Promise<unknown>;
  onClose: () => void;
}

export function OwnerDialog({ tenant, file, canListUsers, onChange, onClose }: OwnerDialogProps) {
  const users = useQuery({ ...usersQuery(tenant), enabled: canListUsers });
  const [owner, setOwner] = useState<string | null>(file.ownerId ?? null);
  const { alert, pending, run } = useDialogAction();
  const submit = async () => {
    if (!owner) return;
    await run(async () => {
      await onChange(owner);
      const name = users.data?.find((u) => u.id === owner)?.name ?? owner;
      notifications.show({ color: 'green', message: `${name} now owns ${file.baseName ?? file.name}.` });
      onClose();
    });
  };
  return (
    <Modal opened onClose={onClose} title={`Change owner of ${file.baseName ?? file.name}`}>
      <Stack gap="sm">
        {!file.spaceId && (
          <Text size="sm">
            In a personal space the owner is the space: the item moves to the new owner&apos;s personal space.
          </Text>
        )}
        <Select
          label="New owner"
          data={(users.data ?? []).map((u) => ({
            value: u.id,
            label: u.email ? `${u.name} (${u.email})` : (u.name ?? u.id),
          }))}
          value={owner}
          onChange={setOwner}
          searchable
          disabled={!canListUsers}
          description={
            canListUsers ? undefined : 'Only a tenant admin can look users up to choose the new owner.'
          }
          nothingFoundMessage={users.isError ? 'The users could not be loaded' : 'No such user'}
        />
        {alert}
        <Group justify="flex-end">
          {owner && (
            <CopyAsMenu forms={() => apiCallForms(tenant.host, changeFileOwnerCall(file.id, owner))} />
          )}
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={pending} disabled={!owner || owner === file.ownerId}>
            Change owner
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
