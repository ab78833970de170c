import { useState } from 'react';
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconLock, IconUserMinus, IconUserPlus, IconUsers, IconUser } from '@tabler/icons-react';
import { useQuery, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import type { Assignment, RoleType, Space } from '@qlik/api/spaces';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { apiCallForms } from '@/lib/api-call';
import { addMemberCall, changeMemberCall, removeMemberCall } from '../api/api-calls';
import type { TenantTarget } from '@/lib/qlik-host';
import { mayListUsers } from '@/lib/user-queries';
import {
  assignmentsQuery,
  groupsByIdsQuery,
  useAddAssignment,
  useDeleteAssignment,
  useUpdateAssignment,
  usersByIdsQuery,
  type Principal,
} from '../api/spaces';
import { fieldOfError, roleLabel, spaceRights, type Caller, type Permission } from '../model';
import { GuardedActionIcon, GuardedButton } from '@/components/guarded-action';
import { PrincipalPicker } from './principal-picker';
import { useUserName } from './space-layout';

const roleOptions = (space: Space) =>
  (space.meta?.assignableRoles ?? []).map((role) => ({ value: role, label: `${roleLabel(role)} (${role})` }));

function AddMemberForm({
  tenant,
  space,
  memberIds,
  permission,
  canListUsers,
}: {
  tenant: TenantTarget;
  space: Space;
  memberIds: string[];
  permission: Permission;
  canListUsers: boolean;
}) {
  const [assignee, setAssignee] = useState<Principal | null>(null);
  const [roles, setRoles] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ assigneeId?: string; roles?: string }>({});
  const [unplaced, setUnplaced] = useState<unknown>();
  const add = useAddAssignment(tenant, space.id);

  // A form that cannot be sent is not offered: the reason stands in its place.
  if (!permission.allowed) {
    return (
      <Card withBorder component="section" aria-labelledby="add-member-title">
        <Group gap="xs" wrap="nowrap">
          <IconLock size={16} aria-hidden />
          <Title order={2} size="h4" id="add-member-title">
            Members
          </Title>
        </Group>
        <Text size="sm" c="dimmed" mt={4}>
          You can see who has access but not change it. {permission.reason}
        </Text>
      </Card>
    );
  }

  return (
    <Card withBorder component="section" aria-labelledby="add-member-title">
      <Title order={2} size="h4" mb="sm" id="add-member-title">
        Add a member
      </Title>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setUnplaced(undefined);
          const next = {
            ...(assignee ? {} : { assigneeId: 'Choose a user or group.' }),
            ...(roles.length ? {} : { roles: 'Choose at least one role.' }),
          };
          setErrors(next);
          if (!assignee || roles.length === 0) return;
          add.mutate(
            { type: assignee.type, assigneeId: assignee.id, roles: roles as RoleType[] },
            {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `${assignee.name} added to ${space.name}.` });
                setAssignee(null);
                setRoles([]);
              },
              onError: (error) => {
                const placed = fieldOfError(error, ['assigneeId', 'roles'] as const);
                if (placed) setErrors({ [placed.field]: placed.message });
                else setUnplaced(error);
              },
            },
          );
        }}
      >
        <Stack>
          {unplaced !== undefined && <ErrorState error={unplaced} variant="inline" />}
          <Group align="flex-start" grow wrap="wrap">
            <PrincipalPicker
              tenant={tenant}
              label="User or group"
              kinds={['user', 'group']}
              canListUsers={canListUsers}
              value={assignee}
              exclude={[space.ownerId ?? '', ...memberIds]}
              onChange={(value) => {
                setAssignee(value);
                setErrors((prev) => ({ ...prev, assigneeId: undefined }));
              }}
              error={errors.assigneeId}
            />
            <MultiSelect
              label="Roles"
              placeholder={roles.length ? undefined : 'Choose roles'}
              data={roleOptions(space)}
              value={roles}
              onChange={(value) => {
                setRoles(value);
                setErrors((prev) => ({ ...prev, roles: undefined }));
              }}
              error={errors.roles}
            />
          </Group>
          <Group justify="flex-end">
            <CopyAsMenu
              forms={() =>
                apiCallForms(
                  tenant.host,
                  addMemberCall(space.id, {
                    type: assignee?.type ?? 'user',
                    assigneeId: assignee?.id ?? '',
                    roles: roles as RoleType[],
                  }),
                )
              }
            />
            <GuardedButton
              type="submit"
              permission={permission}
              loading={add.isPending}
              leftSection={<IconUserPlus size={16} aria-hidden />}
            >
              Add member
            </GuardedButton>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** A dialog about one member of a space. */
interface MemberDialogProps {
  tenant: TenantTarget;
  space: Space;
  assignment: Assignment;
  name: string;
  onClose: () => void;
}

function EditRolesDialog({ tenant, space, assignment, name, onClose }: MemberDialogProps) {
  const [roles, setRoles] = useState<string[]>(assignment.roles);
  const [error, setError] = useState<string>();
  const [unplaced, setUnplaced] = useState<unknown>();
  const update = useUpdateAssignment(tenant, space.id);
  return (
    <Modal opened onClose={onClose} title={`Roles of ${name}`}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setUnplaced(undefined);
          if (roles.length === 0) return setError('Choose at least one role, or remove the member instead.');
          update.mutate(
            { assignmentId: assignment.id, roles: roles as RoleType[] },
            {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `Roles of ${name} saved.` });
                onClose();
              },
              onError: (err) => {
                const placed = fieldOfError(err, ['roles'] as const);
                if (placed) setError(placed.message);
                else setUnplaced(err);
              },
            },
          );
        }}
      >
        <Stack>
          {unplaced !== undefined && <ErrorState error={unplaced} variant="inline" />}
          <MultiSelect
            label="Roles"
            placeholder={roles.length ? undefined : 'Choose roles'}
            data={roleOptions(space)}
            value={roles}
            onChange={(value) => {
              setRoles(value);
              setError(undefined);
            }}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <CopyAsMenu
              forms={() =>
                apiCallForms(tenant.host, changeMemberCall(space.id, assignment.id, roles as RoleType[]))
              }
            />
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save roles
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RemoveMemberDialog({ tenant, space, assignment, name, onClose }: MemberDialogProps) {
  const remove = useDeleteAssignment(tenant, space.id);
  return (
    <Modal opened onClose={onClose} title="Remove member">
      <Stack>
        {remove.error != null && <ErrorState error={remove.error} variant="inline" />}
        <Text size="sm">
          Remove <strong>{name}</strong> from {space.name}? They lose the access this membership gave them.
        </Text>
        <Group justify="flex-end">
          <CopyAsMenu forms={() => apiCallForms(tenant.host, removeMemberCall(space.id, assignment.id))} />
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(assignment, {
                onSuccess: () => {
                  notifications.show({ color: 'green', message: `${name} removed from ${space.name}.` });
                  onClose();
                },
              })
            }
          >
            Remove
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export interface MembersPanelProps {
  tenant: TenantTarget;
  space: Space;
  caller: Caller;
  currentUserId: string;
}

export function MembersPanel({ tenant, space, caller, currentUserId }: MembersPanelProps) {
  const list = useSuspenseInfiniteQuery(assignmentsQuery(tenant, space.id));
  const assignments = list.data.pages.flatMap((p) => p.data ?? []);
  const userIds = assignments.filter((a) => a.type === 'user').map((a) => a.assigneeId);
  const groupIds = assignments.filter((a) => a.type === 'group').map((a) => a.assigneeId);
  const canListUsers = mayListUsers(caller);
  const users = useQuery({ ...usersByIdsQuery(tenant, userIds, canListUsers), enabled: userIds.length > 0 });
  const groups = useQuery({ ...groupsByIdsQuery(tenant, groupIds), enabled: groupIds.length > 0 });
  const nameOf = (a: Assignment) =>
    (a.type === 'group' ? groups.data?.[a.assigneeId]?.name : users.data?.[a.assigneeId]?.name) ??
    a.assigneeId;
  const owner = useUserName(tenant, space.ownerId, currentUserId);
  const rights = spaceRights(caller, space);
  const [editing, setEditing] = useState<Assignment | null>(null);
  const [removing, setRemoving] = useState<Assignment | null>(null);

  return (
    <Stack gap="md">
      <Card withBorder component="section" aria-labelledby="owner-title">
        <Group gap="sm">
          <IconUser size={18} aria-hidden />
          <Title order={2} size="h4" id="owner-title">
            Owner
          </Title>
          <Text>{owner}</Text>
          <Text size="sm" c="dimmed">
            holds every role of the space and is not listed as a member.
          </Text>
        </Group>
      </Card>
      <AddMemberForm
        tenant={tenant}
        space={space}
        memberIds={assignments.map((a) => a.assigneeId)}
        permission={rights.manageMembers}
        canListUsers={canListUsers}
      />
      {assignments.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={26} aria-hidden />}
          title="No members yet"
          description={
            rights.manageMembers.allowed
              ? 'Only the owner has access. Add users or groups with the form above.'
              : 'Only the owner has access. The space owner or a tenant admin can add members.'
          }
        />
      ) : (
        <Table aria-label="Members" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col">Roles</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {assignments.map((a) => {
              const name = nameOf(a);
              return (
                <Table.Tr key={a.id}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>{a.type === 'group' ? 'Group' : 'User'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {a.roles.map((role) => (
                        <Badge key={role} variant="light" title={role}>
                          {roleLabel(role)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <GuardedActionIcon
                        permission={rights.manageMembers}
                        label={`Edit roles of ${name}`}
                        onClick={() => setEditing(a)}
                      >
                        <IconEdit size={16} aria-hidden />
                      </GuardedActionIcon>
                      <GuardedActionIcon
                        permission={rights.manageMembers}
                        label={`Remove ${name}`}
                        color="red"
                        onClick={() => setRemoving(a)}
                      >
                        <IconUserMinus size={16} aria-hidden />
                      </GuardedActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          Load more members
        </Button>
      )}
      {editing && (
        <EditRolesDialog
          tenant={tenant}
          space={space}
          assignment={editing}
          name={nameOf(editing)}
          onClose={() => setEditing(null)}
        />
      )}
      {removing && (
        <RemoveMemberDialog
          tenant={tenant}
          space={space}
          assignment={removing}
          name={nameOf(removing)}
          onClose={() => setRemoving(null)}
        />
      )}
    </Stack>
  );
}
