import { DependentsNotice } from '@/components/delete-with-impact';
import { useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { RoleType, Space, SpaceType } from '@qlik/api/spaces';
import { ErrorState } from '@/components/error-state';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { apiCallForms } from '@/lib/api-call';
import { createSpaceCall, deleteSpaceCall, patchSpaceCall } from '../api/api-calls';
import type { TenantTarget } from '@/lib/qlik-host';
import { patchOf, useCreateSpace, useDeleteSpace, usePatchSpace, type Principal } from '../api/spaces';
import {
  TYPE_LABELS,
  canCreateType,
  createSpaceSchema,
  editSpaceSchema,
  fieldOfError,
  roleLabel,
  spaceContentOf,
  type Caller,
  type CreateSpaceValues,
  type EditSpaceValues,
} from '../model';
import { PrincipalPicker } from './principal-picker';

interface DialogProps {
  opened: boolean;
  onClose: () => void;
  tenant: TenantTarget;
}

export function CreateSpaceDialog({
  opened,
  onClose,
  tenant,
  types,
  caller,
  onCreated,
}: DialogProps & { types: readonly SpaceType[]; caller: Caller; onCreated: (space: Space) => void }) {
  const creatable = types.filter((t) => canCreateType(caller, t).allowed);
  const form = useForm<CreateSpaceValues>({
    mode: 'controlled',
    initialValues: { type: creatable[0] ?? 'shared', name: '', description: '' },
    validate: schemaResolver(createSpaceSchema, { sync: true }),
  });
  const create = useCreateSpace(tenant);
  const [unplaced, setUnplaced] = useState<unknown>();

  const submit = form.onSubmit((values) => {
    setUnplaced(undefined);
    const parsed = createSpaceSchema.parse(values);
    create.mutate(parsed, {
      onSuccess: (space) => {
        notifications.show({ color: 'green', message: `Space ${space.name} created.` });
        form.reset();
        onCreated(space);
      },
      onError: (error) => {
        const placed = fieldOfError(error, ['name', 'description', 'type'] as const);
        if (placed) form.setFieldError(placed.field, placed.message);
        else setUnplaced(error);
      },
    });
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Create space">
      <form onSubmit={submit} noValidate>
        <Stack>
          {unplaced !== undefined && <ErrorState error={unplaced} variant="inline" />}
          <Select
            label="Type"
            required
            allowDeselect={false}
            data={types.map((t) => ({
              value: t,
              label: TYPE_LABELS[t],
              disabled: !canCreateType(caller, t).allowed,
            }))}
            {...form.getInputProps('type')}
          />
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <CopyAsMenu forms={() => apiCallForms(tenant.host, createSpaceCall(form.getValues()))} />
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function EditSpaceDialog({ opened, onClose, tenant, space }: DialogProps & { space: Space }) {
  const form = useForm<EditSpaceValues>({
    mode: 'controlled',
    initialValues: { name: space.name, description: space.description ?? '' },
    validate: schemaResolver(editSpaceSchema, { sync: true }),
  });
  const patch = usePatchSpace(tenant);
  const [unplaced, setUnplaced] = useState<unknown>();

  const submit = form.onSubmit((values) => {
    setUnplaced(undefined);
    const parsed = editSpaceSchema.parse(values);
    const ops = patchOf(space, parsed);
    if (ops.length === 0) return onClose();
    patch.mutate(
      { spaceId: space.id, patch: ops },
      {
        onSuccess: (updated) => {
          notifications.show({ color: 'green', message: `Space ${updated.name} saved.` });
          onClose();
        },
        onError: (error) => {
          const paths = ops.map((op) => op.path.slice(1) as 'name' | 'description');
          const placed = fieldOfError(error, ['name', 'description'] as const, paths);
          if (placed) form.setFieldError(placed.field, placed.message);
          else setUnplaced(error);
        },
      },
    );
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Edit space">
      <form onSubmit={submit} noValidate>
        <Stack>
          {unplaced !== undefined && <ErrorState error={unplaced} variant="inline" />}
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <CopyAsMenu
              forms={() =>
                apiCallForms(tenant.host, patchSpaceCall(space.id, patchOf(space, form.getValues())))
              }
            />
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={patch.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function DeleteSpaceDialog({
  opened,
  onClose,
  tenant,
  space,
  onDeleted,
}: DialogProps & { space: Space; onDeleted: () => void }) {
  const [typed, setTyped] = useState('');
  const remove = useDeleteSpace(tenant);
  const content = spaceContentOf(remove.error);
  const matches = typed === space.name;

  return (
    <Modal opened={opened} onClose={onClose} title="Delete space">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!matches) return;
          remove.mutate(space.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `Space ${space.name} deleted.` });
              onDeleted();
            },
          });
        }}
      >
        <Stack>
          <Text size="sm">
            This deletes the space <strong>{space.name}</strong> for good. Type its name to confirm.
          </Text>
          <DependentsNotice tenant={tenant} target={{ kind: 'space', spaceId: space.id }} />
          {content ? (
            <Alert role="alert" color="yellow" title="The space still holds content">
              <Stack gap="xs">
                <Text size="sm">
                  A space can only be deleted once it is empty. Delete its content, or move it to another
                  space, then delete the space again:
                </Text>
                {Object.keys(content).length > 0 && (
                  <List size="sm">
                    {Object.entries(content).map(([kind, n]) => (
                      <List.Item key={kind}>
                        {n} {kind}
                      </List.Item>
                    ))}
                  </List>
                )}
                <Text size="sm">The Connections and Data files tabs of the space list what is left.</Text>
              </Stack>
            </Alert>
          ) : (
            remove.error != null && <ErrorState error={remove.error} variant="inline" />
          )}
          <TextInput
            label="Space name"
            description={`Type ${space.name} to confirm`}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          <Group justify="flex-end">
            <CopyAsMenu forms={() => apiCallForms(tenant.host, deleteSpaceCall(space.id))} />
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={remove.isPending}>
              Delete space
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ChangeOwnerDialog({
  opened,
  onClose,
  tenant,
  space,
  canListUsers,
}: DialogProps & { space: Space; canListUsers: boolean }) {
  const [owner, setOwner] = useState<Principal | null>(null);
  const [fieldError, setFieldError] = useState<string>();
  const patch = usePatchSpace(tenant);
  const [unplaced, setUnplaced] = useState<unknown>();

  return (
    <Modal opened={opened} onClose={onClose} title="Change owner">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setUnplaced(undefined);
          if (!owner) return setFieldError('Choose the new owner.');
          patch.mutate(
            { spaceId: space.id, patch: [{ op: 'replace', path: '/ownerId', value: owner.id }] },
            {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `${owner.name} now owns ${space.name}.` });
                onClose();
              },
              onError: (error) => {
                const placed = fieldOfError(error, ['ownerId'] as const, ['ownerId']);
                if (placed) setFieldError(placed.message);
                else setUnplaced(error);
              },
            },
          );
        }}
      >
        <Stack>
          {unplaced !== undefined && <ErrorState error={unplaced} variant="inline" />}
          <PrincipalPicker
            tenant={tenant}
            label="New owner"
            kinds={['user']}
            canListUsers={canListUsers}
            value={owner}
            exclude={[space.ownerId ?? '']}
            onChange={(value) => {
              setOwner(value);
              setFieldError(undefined);
            }}
            error={fieldError}
            required
          />
          <Group justify="flex-end">
            <CopyAsMenu
              forms={() =>
                apiCallForms(
                  tenant.host,
                  patchSpaceCall(
                    space.id,
                    owner ? [{ op: 'replace', path: '/ownerId', value: owner.id }] : [],
                  ),
                )
              }
            />
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={patch.isPending}>
              Change owner
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Who to add, with which roles, to every selected space. Each space then decides on its own (the caller's rights
 * there, the roles its type can give): the batch results say which were skipped and why.
 */
export function BatchAddMemberDialog({
  opened,
  onClose,
  tenant,
  count,
  canListUsers,
  onSubmit,
  copyAs,
}: DialogProps & {
  count: string;
  canListUsers: boolean;
  onSubmit: (member: { principal: Principal; roles: RoleType[] }) => void;
  /** "Copy as…" of the batch for this member, once one and the roles are chosen. */
  copyAs?: (member: { principal: Principal; roles: RoleType[] }) => ReactNode;
}) {
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [roles, setRoles] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ principal?: string; roles?: string }>({});
  return (
    <Modal opened={opened} onClose={onClose} title={`Add a member to ${count}`}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const next = {
            ...(principal ? {} : { principal: 'Choose a user or group.' }),
            ...(roles.length ? {} : { roles: 'Choose at least one role.' }),
          };
          setErrors(next);
          if (!principal || roles.length === 0) return;
          onSubmit({ principal, roles: roles as RoleType[] });
        }}
      >
        <Stack>
          <PrincipalPicker
            tenant={tenant}
            label="User or group"
            kinds={['user', 'group']}
            canListUsers={canListUsers}
            value={principal}
            onChange={(value) => {
              setPrincipal(value);
              setErrors((prev) => ({ ...prev, principal: undefined }));
            }}
            error={errors.principal}
          />
          <MultiSelect
            label="Roles"
            // Without a placeholder Mantine hides the input itself, and the box around it takes the clicks.
            placeholder={roles.length ? undefined : 'Choose roles'}
            description="A space that cannot give a role (by its type) gets the others, or is skipped."
            data={BATCH_ROLES.map((role) => ({ value: role, label: `${roleLabel(role)} (${role})` }))}
            value={roles}
            onChange={(value) => {
              setRoles(value);
              setErrors((prev) => ({ ...prev, roles: undefined }));
            }}
            error={errors.roles}
          />
          {principal && roles.length > 0 && copyAs?.({ principal, roles: roles as RoleType[] })}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">Add to {count}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Roles offered for a batch: the union over space types (each space keeps those its type can give). */
const BATCH_ROLES: RoleType[] = [
  'consumer',
  'dataconsumer',
  'producer',
  'facilitator',
  'contributor',
  'publisher',
  'codeveloper',
  'basicconsumer',
  'operator',
  'datapreview',
];
