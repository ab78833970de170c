import { useState } from 'react';
import { Alert, Badge, Checkbox, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSuspenseQuery } from '@tanstack/react-query';
import type { User } from '@qlik/api/users';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { GuardedButton, type Permission } from '@/components/guarded-action';
import { apiCallForms } from '@/lib/api-call';
import { describeError } from '@/lib/api-error';
import type { TenantTarget } from '@/lib/qlik-host';
import { patchUserCall } from '../api/api-calls';
import { rolesPatch, rolesQuery, usePatchUser } from '../api/users';

export interface UserRolesProps {
  tenant: TenantTarget;
  user: User;
  permission: Permission;
  /** Refusal for taking TenantAdmin away (from oneself). */
  removeAdmin: Permission;
}

/**
 * The user's own tenant roles, each with its description, editable by a TenantAdmin; the roles their groups give
 * them are listed beside, read-only (they change on the group). A refused change keeps the ticks and says why.
 */
export function UserRoles({ tenant, user, permission, removeAdmin }: UserRolesProps) {
  const { data: roles } = useSuspenseQuery(rolesQuery(tenant));
  const own = (user.assignedRoles ?? []).map((r) => r.id);
  const [picked, setPicked] = useState<string[]>(own);
  const patch = usePatchUser(tenant);
  const changed = picked.length !== own.length || picked.some((id) => !own.includes(id));
  const throughGroups = new Map<string, string[]>();
  for (const group of user.assignedGroups ?? [])
    for (const role of group.assignedRoles ?? [])
      throughGroups.set(role.name, [...(throughGroups.get(role.name) ?? []), group.name ?? group.id]);
  const adminRole = roles.find((r) => r.name === 'TenantAdmin');
  const removesOwnAdmin = !!adminRole && own.includes(adminRole.id) && !picked.includes(adminRole.id);
  const save: Permission = !permission.allowed
    ? permission
    : !changed
      ? { allowed: false, reason: 'Tick or untick a role first.' }
      : removesOwnAdmin && !removeAdmin.allowed
        ? removeAdmin
        : { allowed: true };

  return (
    <Stack gap="sm">
      <Stack gap={6} role="group" aria-label="Tenant roles">
        {roles.map((role) => (
          <Group key={role.id} gap="xs" align="flex-start" wrap="nowrap">
            <Checkbox
              label={role.name}
              description={role.description}
              checked={picked.includes(role.id)}
              disabled={!permission.allowed}
              onChange={(event) => {
                const checked = event.currentTarget.checked;
                setPicked((prev) => (checked ? [...prev, role.id] : prev.filter((id) => id !== role.id)));
              }}
            />
            {throughGroups.has(role.name) && (
              <Badge variant="light" color="grape" size="sm">
                through {throughGroups.get(role.name)!.join(', ')}
              </Badge>
            )}
          </Group>
        ))}
      </Stack>
      {patch.error && (
        <Alert color="red" title={describeError(patch.error).title}>
          {describeError(patch.error).detail ?? describeError(patch.error).message}
        </Alert>
      )}
      <Group>
        <GuardedButton
          permission={save}
          loading={patch.isPending}
          onClick={() =>
            patch.mutate(
              { userId: user.id, patch: rolesPatch(picked) },
              {
                onSuccess: () =>
                  notifications.show({
                    color: 'green',
                    message: `Roles of ${user.name ?? user.email} saved.`,
                  }),
              },
            )
          }
        >
          Save roles
        </GuardedButton>
        <CopyAsMenu forms={() => apiCallForms(tenant.host, patchUserCall(user.id, rolesPatch(picked)))} />
        {!permission.allowed && (
          <Text size="sm" c="dimmed">
            {permission.reason}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
