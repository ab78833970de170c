import { Suspense, useState, type ReactNode } from 'react';
import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { AnchorLink } from '@/components/anchor-link';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { DetailTabs, type DetailTab } from '@/components/detail-tabs';
import { GuardedButton } from '@/components/guarded-action';
import { LabelledValue } from '@/components/labelled-value';
import { PageHeader } from '@/components/page-header';
import { apiCallForms } from '@/lib/api-call';
import { describeError } from '@/lib/api-error';
import { formatDate } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { patchUserCall } from '../api/api-calls';
import { statusPatch, usePatchUser, userQuery } from '../api/users';
import { statusLabel, userRights, type PeopleCaller } from '../model';
import { DeleteUserDialog } from './delete-user-dialog';
import { UserAccessPanel } from './explain-access';
import { UserRoles } from './user-roles';
import { STATUS_COLORS } from './users-page';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export interface UserPageProps {
  tenant: TenantTarget;
  userId: string;
  caller: PeopleCaller;
  onDeleted: () => void;
  /** The user's API keys, from the api-keys feature, composed by the route. */
  apiKeys?: ReactNode;
  tab: DetailTab | undefined;
  onTabChange: (tab: DetailTab) => void;
  /** What the user did and what was done to the user, from the audit feature; none for who may not read it. */
  activity?: ReactNode;
}

/** One user: status, tenant roles (described, editable by a TenantAdmin), groups, API keys and Explain access. */
export function UserPage({
  tenant,
  userId,
  caller,
  onDeleted,
  apiKeys,
  tab,
  onTabChange,
  activity,
}: UserPageProps) {
  const { data: user } = useSuspenseQuery(userQuery(tenant, userId));
  const rights = userRights(caller, user);
  const patch = usePatchUser(tenant);
  const [deleting, setDeleting] = useState(false);
  const name = user.name ?? user.email ?? user.id;
  const disabled = user.status === 'disabled';
  const setStatus = (status: 'active' | 'disabled') =>
    patch.mutate(
      { userId, patch: statusPatch(status) },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            message: `${name} ${status === 'disabled' ? 'disabled: they cannot sign in, and their tokens stop working' : 'enabled'}.`,
          }),
      },
    );

  return (
    <>
      <PageHeader
        title={name}
        description={user.email}
        breadcrumbs={[{ label: 'Users', link: <AnchorLink to="/users">Users</AnchorLink> }, { label: name }]}
        actions={
          <>
            {disabled ? (
              <GuardedButton
                permission={rights.enable}
                variant="default"
                leftSection={<IconUserCheck size={16} aria-hidden />}
                loading={patch.isPending}
                onClick={() => setStatus('active')}
              >
                Enable
              </GuardedButton>
            ) : (
              <GuardedButton
                permission={rights.disable}
                variant="default"
                leftSection={<IconUserOff size={16} aria-hidden />}
                loading={patch.isPending}
                onClick={() => setStatus('disabled')}
              >
                Disable
              </GuardedButton>
            )}
            <CopyAsMenu
              label="Copy status change as…"
              forms={() =>
                apiCallForms(
                  tenant.host,
                  patchUserCall(userId, statusPatch(disabled ? 'active' : 'disabled')),
                )
              }
            />
            <GuardedButton
              permission={rights.delete}
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => setDeleting(true)}
            >
              Delete…
            </GuardedButton>
          </>
        }
      />
      <DetailTabs
        tab={tab}
        onTabChange={onTabChange}
        activity={activity}
        details={
          <Stack gap="md">
            {patch.error && patch.variables?.patch[0]?.path === '/status' && (
              <Alert color="red" title={describeError(patch.error).title}>
                {describeError(patch.error).detail ?? describeError(patch.error).message}
              </Alert>
            )}
            <Card withBorder>
              <SimpleGrid cols={{ base: 1, sm: 4 }} component="dl" m={0}>
                <LabelledValue term label="Status">
                  <Badge
                    variant="light"
                    color={STATUS_COLORS[user.status ?? ''] ?? 'gray'}
                    data-testid="user-status"
                  >
                    {statusLabel(user.status)}
                  </Badge>
                </LabelledValue>
                <LabelledValue term label="Email">
                  {user.email ?? '—'}
                </LabelledValue>
                <LabelledValue term label="Created">
                  {formatDate(user.createdAt)}
                </LabelledValue>
                <LabelledValue term label="Subject">
                  {user.subject ?? '—'}
                </LabelledValue>
              </SimpleGrid>
            </Card>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Section title="Tenant roles">
                <Suspense fallback={<Loader size="sm" aria-label="Loading roles" />}>
                  {/* Keyed by the saved roles, so a saved change resets the ticks and a refused one keeps them. */}
                  <UserRoles
                    key={(user.assignedRoles ?? []).map((r) => r.id).join()}
                    tenant={tenant}
                    user={user}
                    permission={rights.editRoles}
                    removeAdmin={rights.removeOwnAdmin}
                  />
                </Suspense>
              </Section>
              <Section title="Groups">
                {(user.assignedGroups ?? []).length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {name} is in no group (besides Everyone).
                  </Text>
                ) : (
                  <Stack gap="xs">
                    {(user.assignedGroups ?? []).map((group) => (
                      <Group key={group.id} gap="xs">
                        <AnchorLink size="sm" to="/groups/$groupId" params={{ groupId: group.id }}>
                          {group.name ?? group.id}
                        </AnchorLink>
                        {(group.assignedRoles ?? []).map((role) => (
                          <Badge key={role.id} variant="light" size="sm">
                            {role.name}
                          </Badge>
                        ))}
                      </Group>
                    ))}
                  </Stack>
                )}
              </Section>
            </SimpleGrid>
            {apiKeys && <Section title="API keys">{apiKeys}</Section>}
            <Section title="Explain access">
              <UserAccessPanel tenant={tenant} userId={user.id} userName={name} />
            </Section>
          </Stack>
        }
      />
      <DeleteUserDialog
        tenant={tenant}
        user={user}
        opened={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          setDeleting(false);
          notifications.show({ color: 'green', message: `${name} deleted.` });
          onDeleted();
        }}
      />
    </>
  );
}
