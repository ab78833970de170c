import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Space } from '@qlik/api/spaces';
import { LabelledValue } from '@/components/labelled-value';
import { formatCount, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { memberCountQuery, spaceConnectionCountQuery, spaceFileStatsQuery } from '../api/spaces';
import { roleLabel, typeLabel } from '../model';
import { useUserName } from './space-layout';

function Count({ value, loading, failed }: { value: number | undefined; loading: boolean; failed: boolean }) {
  if (failed) return <>Not available</>;
  return <>{loading ? '…' : formatCount(value)}</>;
}

export interface SpaceOverviewProps {
  tenant: TenantTarget;
  space: Space;
  currentUserId: string;
  /** Whether the token can read data connections at all (else the count is not asked for). */
  canReadConnections: boolean;
}

export function SpaceOverview({ tenant, space, currentUserId, canReadConnections }: SpaceOverviewProps) {
  const owner = useUserName(tenant, space.ownerId, currentUserId);
  const createdBy = useUserName(tenant, space.createdBy, currentUserId);
  const members = useQuery(memberCountQuery(tenant, space.id));
  const connections = useQuery({
    ...spaceConnectionCountQuery(tenant, space.id),
    enabled: canReadConnections,
  });
  const files = useQuery(spaceFileStatsQuery(tenant, space.id));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Details
        </Title>
        <Stack component="dl" gap="sm" m={0}>
          <LabelledValue term label="Type">
            {typeLabel(space.type)}
          </LabelledValue>
          <LabelledValue term label="Owner">
            {owner}
          </LabelledValue>
          <LabelledValue term label="Description">
            {space.description ? (
              space.description
            ) : (
              <Text span c="dimmed">
                No description
              </Text>
            )}
          </LabelledValue>
          <LabelledValue term label="Created">
            {formatDateTime(space.createdAt)} by {createdBy}
          </LabelledValue>
          <LabelledValue term label="Updated">
            {formatDateTime(space.updatedAt)}
          </LabelledValue>
          <LabelledValue term label="Your roles">
            {space.meta?.roles?.length ? space.meta.roles.map(roleLabel).join(', ') : 'None'}
          </LabelledValue>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Contents
        </Title>
        <Stack component="dl" gap="sm" m={0}>
          <LabelledValue term label="Members (besides the owner)">
            <Count value={members.data} loading={members.isPending} failed={members.isError} />
          </LabelledValue>
          <LabelledValue term label="Data connections">
            {canReadConnections ? (
              <Count value={connections.data} loading={connections.isPending} failed={connections.isError} />
            ) : (
              'Needs the data-connections:read scope'
            )}
          </LabelledValue>
          <LabelledValue term label="Data files">
            <Count value={files.data?.files} loading={files.isPending} failed={files.isError} />
          </LabelledValue>
        </Stack>
        <Text size="xs" c="dimmed" mt="sm">
          The Members, Connections and Data files tabs list them.
        </Text>
      </Card>
    </SimpleGrid>
  );
}
