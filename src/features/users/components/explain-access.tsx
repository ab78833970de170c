import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, Loader, Progress, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { AnchorLink } from '@/components/anchor-link';
import { describeError } from '@/lib/api-error';
import { formatCount } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { roleLabel } from '@/lib/space-roles';
import { spaceAccessQuery, spaceMembersAccessQuery, userAccessScanQuery } from '../api/access';
import { describeSource, TENANT_ROLE_REACH, type SpaceAccessExplanation } from '../explain';
import { SpacePicker, UserPicker, type Picked } from './pickers';

/** "Through owner, group Data engineers". */
const reachText = (explanation: SpaceAccessExplanation) => explanation.reach.map(describeSource).join('; ');

/** Each role with where it comes from: "Can edit (producer) — direct assignment, group Data engineers". */
function RolesWithSources({ explanation }: { explanation: SpaceAccessExplanation }) {
  const tenantRole = explanation.reach.find((s) => s.kind === 'tenant-role');
  if (explanation.roles.length === 0)
    return (
      <Text size="sm">
        No space role{tenantRole ? `: the ${describeSource(tenantRole)} ${TENANT_ROLE_REACH}` : ''}.
      </Text>
    );
  return (
    <Stack gap={2}>
      {explanation.roles.map(({ role, sources }) => (
        <Text size="sm" key={role}>
          <Text span fw={600} size="sm">
            {roleLabel(role)}
          </Text>{' '}
          ({role}) — from {sources.map(describeSource).join(', ')}
        </Text>
      ))}
    </Stack>
  );
}

/** Explanations, one per row: what the row is (a space, a member), how it is reached, each role's sources. */
function ExplanationTable({
  label,
  firstColumn,
  rows,
}: {
  label: string;
  firstColumn: string;
  rows: { key: string; name: ReactNode; explanation: SpaceAccessExplanation }[];
}) {
  return (
    <Table aria-label={label} verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{firstColumn}</Table.Th>
          <Table.Th scope="col">Reached through</Table.Th>
          <Table.Th scope="col">Roles and where each comes from</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ key, name, explanation }) => (
          <Table.Tr key={key}>
            <Table.Td>{name}</Table.Td>
            <Table.Td>
              <Text size="sm">{reachText(explanation)}</Text>
            </Table.Td>
            <Table.Td>
              <RolesWithSources explanation={explanation} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One user's access to one space, or every reason they have none. */
export function SpaceAccessAnswer({
  explanation,
  who,
}: {
  explanation: SpaceAccessExplanation;
  who: string;
}) {
  if (!explanation.reachable)
    return (
      <Alert color="orange" title={`${who} cannot see ${explanation.space.name}`}>
        {explanation.refusal}
      </Alert>
    );
  return (
    <Alert color="green" title={`${who} can see ${explanation.space.name}`}>
      <Stack gap={4}>
        <Text size="sm">Through: {reachText(explanation)}.</Text>
        <RolesWithSources explanation={explanation} />
      </Stack>
    </Alert>
  );
}

function CheckedSpace({
  tenant,
  userId,
  spaceId,
  who,
}: {
  tenant: TenantTarget;
  userId: string;
  spaceId: string;
  who: string;
}) {
  const answer = useQuery(spaceAccessQuery(tenant, userId, spaceId));
  if (answer.isPending) return <Loader size="sm" aria-label="Checking access" />;
  if (answer.isError)
    return (
      <Alert color="red" title={describeError(answer.error).title}>
        {describeError(answer.error).message}
      </Alert>
    );
  return <SpaceAccessAnswer explanation={answer.data} who={who} />;
}

/** Every space a scan found, as it finds them (a user's, or a group's). */
export function ReachableSpaces({
  scanQuery,
  who,
}: {
  scanQuery: ReturnType<typeof userAccessScanQuery>;
  who: string;
}) {
  const scan = useQuery(scanQuery);
  if (scan.isError)
    return (
      <Alert color="red" title={describeError(scan.error).title}>
        {describeError(scan.error).message}
      </Alert>
    );
  const data = scan.data;
  const checked = data?.checked ?? 0;
  const total = data?.total;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Text size="sm" aria-live="polite" data-testid="access-scan-progress">
          {data?.done
            ? `${who} can see ${formatCount(data.reachable.length)} of ${formatCount(checked)} spaces.`
            : `Checked ${formatCount(checked)}${total !== undefined ? ` of ${formatCount(total)}` : ''} spaces…`}
        </Text>
        {!data?.done && total ? (
          <Progress value={(checked / total) * 100} w={160} aria-label="Spaces checked" />
        ) : null}
      </Group>
      {data && data.reachable.length > 0 && (
        <ExplanationTable
          label={`Spaces ${who} can see`}
          firstColumn="Space"
          rows={data.reachable.map((explanation) => ({
            key: explanation.space.id,
            explanation,
            name: (
              <AnchorLink size="sm" to="/spaces/$spaceId" params={{ spaceId: explanation.space.id }}>
                {explanation.space.name}
              </AnchorLink>
            ),
          }))}
        />
      )}
    </Stack>
  );
}

export interface UserAccessPanelProps {
  tenant: TenantTarget;
  userId: string;
  userName: string;
}

/**
 * Explain access on a user's page: "can they see this space, and why (not)?" for any one space at once, and, on
 * request, every space they reach (a scan of every space's members: see api/access.ts for its cost).
 */
export function UserAccessPanel({ tenant, userId, userName }: UserAccessPanelProps) {
  const [space, setSpace] = useState<Picked | null>(null);
  const [scanning, setScanning] = useState(false);
  return (
    <Stack gap="md">
      <Stack gap="xs">
        <SpacePicker
          tenant={tenant}
          label={`Can ${userName} see this space?`}
          placeholder="Search spaces by name"
          value={space}
          onChange={setSpace}
        />
        {space && <CheckedSpace tenant={tenant} userId={userId} spaceId={space.id} who={userName} />}
      </Stack>
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          Every space {userName} can see, with their roles: the console reads each space&apos;s members, as
          Qlik offers no per-user list of assignments.
        </Text>
        {scanning ? (
          <ReachableSpaces scanQuery={userAccessScanQuery(tenant, userId)} who={userName} />
        ) : (
          <Group>
            <Button variant="default" onClick={() => setScanning(true)}>
              Find every space {userName} can see
            </Button>
          </Group>
        )}
      </Stack>
    </Stack>
  );
}

export interface SpaceAccessPanelProps {
  tenant: TenantTarget;
  spaceId: string;
  spaceName: string;
  /** Tenant admins: group members are listed and any user can be checked. */
  canListUsers: boolean;
}

/** Explain access on a space's Members tab: every member's roles and their sources, and "why can't X see it?". */
export function SpaceAccessPanel({ tenant, spaceId, spaceName, canListUsers }: SpaceAccessPanelProps) {
  const members = useQuery(spaceMembersAccessQuery(tenant, spaceId, canListUsers));
  const [user, setUser] = useState<Picked | null>(null);
  return (
    <section aria-labelledby="explain-access-heading">
      <Stack gap="sm" mt="xl">
        <Group gap="xs">
          <Text component="h2" id="explain-access-heading" fw={600} size="lg" m={0}>
            Explain access
          </Text>
          <Badge variant="light">Who can see {spaceName}, and why</Badge>
        </Group>
        {members.isPending ? (
          <Loader size="sm" aria-label="Explaining members' access" />
        ) : members.isError ? (
          <Alert color="red" title={describeError(members.error).title}>
            {describeError(members.error).message}
          </Alert>
        ) : (
          <ExplanationTable
            label={`Access to ${spaceName} per member`}
            firstColumn="Member"
            rows={members.data.map(({ user: member, explanation }) => ({
              key: member.id,
              explanation,
              name: canListUsers ? (
                <AnchorLink size="sm" to="/users/$userId" params={{ userId: member.id }}>
                  {member.name ?? member.email ?? member.id}
                </AnchorLink>
              ) : (
                <Text size="sm">{member.name ?? member.id}</Text>
              ),
            }))}
          />
        )}
        {canListUsers ? (
          <Stack gap="xs" maw={480}>
            <UserPicker
              tenant={tenant}
              label={`Can this user see ${spaceName}?`}
              placeholder="Search users by name or email"
              value={user}
              onChange={setUser}
            />
            {user && <CheckedSpace tenant={tenant} userId={user.id} spaceId={spaceId} who={user.name} />}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Members of assigned groups, and why anyone else cannot see this space, are shown to tenant admins
            (who may list users).
          </Text>
        )}
      </Stack>
    </section>
  );
}
