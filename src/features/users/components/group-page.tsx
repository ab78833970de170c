import { useMemo, useState } from 'react';
import { Alert, Button, Card, Group as Row, MultiSelect, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useSuspenseInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import type { Group } from '@qlik/api/groups';
import { AnchorLink } from '@/components/anchor-link';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { GuardedButton, type Permission } from '@/components/guarded-action';
import { PageHeader } from '@/components/page-header';
import { apiCallForms } from '@/lib/api-call';
import { describeError } from '@/lib/api-error';
import type { TenantTarget } from '@/lib/qlik-host';
import { patchGroupCall } from '../api/api-calls';
import {
  groupMembersQuery,
  groupQuery,
  groupRolesPatch,
  groupSpacesScanQuery,
  useSetGroupRoles,
} from '../api/groups';
import { rolesQuery } from '../api/users';
import { groupRights, statusLabel, type PeopleCaller } from '../model';
import { ReachableSpaces } from './explain-access';

function GroupRoles({
  tenant,
  group,
  permission,
}: {
  tenant: TenantTarget;
  group: Group;
  permission: Permission;
}) {
  const { data: roles = [] } = useQuery(rolesQuery(tenant));
  const saved = (group.assignedRoles ?? []).map((r) => r.id);
  const [picked, setPicked] = useState<string[]>(saved);
  const save = useSetGroupRoles(tenant, group.id!);
  const changed = picked.length !== saved.length || picked.some((id) => !saved.includes(id));
  return (
    <Stack gap="sm">
      <MultiSelect
        label="Tenant roles of every member"
        data={roles.map((r) => ({ value: r.id, label: r.name }))}
        value={picked}
        onChange={setPicked}
        disabled={!permission.allowed}
        description={
          !permission.allowed
            ? permission.reason
            : 'Members hold these roles as long as they are in the group.'
        }
        searchable
      />
      {save.error && (
        <Alert color="red" title={describeError(save.error).title}>
          {describeError(save.error).detail ?? describeError(save.error).message}
        </Alert>
      )}
      <Row>
        <GuardedButton
          permission={
            !permission.allowed
              ? permission
              : changed
                ? { allowed: true }
                : { allowed: false, reason: 'Change the roles first.' }
          }
          loading={save.isPending}
          onClick={() =>
            save.mutate(picked, {
              onSuccess: () =>
                notifications.show({ color: 'green', message: `Roles of ${group.name} saved.` }),
            })
          }
        >
          Save roles
        </GuardedButton>
        <CopyAsMenu
          forms={() => apiCallForms(tenant.host, patchGroupCall(group.id!, groupRolesPatch(picked)))}
        />
      </Row>
    </Stack>
  );
}

function Members({ tenant, groupId }: { tenant: TenantTarget; groupId: string }) {
  const list = useSuspenseInfiniteQuery(groupMembersQuery(tenant, groupId));
  const rows = useMemo(() => list.data.pages.flatMap((page) => page.data ?? []), [list.data]);
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No members.
      </Text>
    );
  return (
    <>
      <Table aria-label="Members" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>
                <AnchorLink size="sm" to="/users/$userId" params={{ userId: user.id }}>
                  {user.name ?? user.id}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{user.email ?? '—'}</Table.Td>
              <Table.Td>{statusLabel(user.status)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          mt="xs"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          Load more members
        </Button>
      )}
    </>
  );
}

export interface GroupPageProps {
  tenant: TenantTarget;
  groupId: string;
  caller: PeopleCaller;
}

/** One group: its tenant roles (editable by a TenantAdmin), its members, and the spaces it is assigned to. */
export function GroupPage({ tenant, groupId, caller }: GroupPageProps) {
  const { data: group } = useSuspenseQuery(groupQuery(tenant, groupId));
  const [scanning, setScanning] = useState(false);
  const name = group.name ?? groupId;
  return (
    <>
      <PageHeader
        title={name}
        description={group.description}
        breadcrumbs={[
          { label: 'Groups', link: <AnchorLink to="/groups">Groups</AnchorLink> },
          { label: name },
        ]}
      />
      <Stack gap="md">
        <Card withBorder component="section" aria-label="Tenant roles">
          <Title order={2} size="h4" mb="sm">
            Tenant roles
          </Title>
          <GroupRoles
            key={(group.assignedRoles ?? []).map((r) => r.id).join()}
            tenant={tenant}
            group={group}
            permission={groupRights(caller).editRoles}
          />
        </Card>
        <Card withBorder component="section" aria-label="Members">
          <Title order={2} size="h4" mb="sm">
            Members
          </Title>
          <Members tenant={tenant} groupId={groupId} />
        </Card>
        <Card withBorder component="section" aria-label="Space assignments">
          <Title order={2} size="h4" mb="sm">
            Space assignments
          </Title>
          {scanning ? (
            <ReachableSpaces scanQuery={groupSpacesScanQuery(tenant, group)} who={name} />
          ) : (
            <Stack gap="xs" align="flex-start">
              <Text size="sm" c="dimmed">
                The console reads each space&apos;s members to find this group&apos;s assignments, as Qlik
                offers no per-group list.
              </Text>
              <Button variant="default" onClick={() => setScanning(true)}>
                Find the spaces {name} is assigned to
              </Button>
            </Stack>
          )}
        </Card>
      </Stack>
    </>
  );
}
