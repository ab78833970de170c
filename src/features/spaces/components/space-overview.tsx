import type { ReactNode } from 'react';
import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Space } from '@qlik/api/spaces';
import { formatCount, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { memberCountQuery, spaceConnectionCountQuery, spaceFileStatsQuery } from '../api/spaces';
import { roleLabel, typeLabel } from '../model';
import { useUserName } from './space-layout';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} component="dt">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </Stack>
  );
}

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
          <Fact label="Type">{typeLabel(space.type)}</Fact>
          <Fact label="Owner">{owner}</Fact>
          <Fact label="Description">
            {space.description ? (
              space.description
            ) : (
              <Text span c="dimmed">
                No description
              </Text>
            )}
          </Fact>
          <Fact label="Created">
            {formatDateTime(space.createdAt)} by {createdBy}
          </Fact>
          <Fact label="Updated">{formatDateTime(space.updatedAt)}</Fact>
          <Fact label="Your roles">
            {space.meta?.roles?.length ? space.meta.roles.map(roleLabel).join(', ') : 'None'}
          </Fact>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Contents
        </Title>
        <Stack component="dl" gap="sm" m={0}>
          <Fact label="Members (besides the owner)">
            <Count value={members.data} loading={members.isPending} failed={members.isError} />
          </Fact>
          <Fact label="Data connections">
            {canReadConnections ? (
              <Count value={connections.data} loading={connections.isPending} failed={connections.isError} />
            ) : (
              'Needs the data-connections:read scope'
            )}
          </Fact>
          <Fact label="Data files">
            <Count value={files.data?.files} loading={files.isPending} failed={files.isError} />
          </Fact>
        </Stack>
        <Text size="xs" c="dimmed" mt="sm">
          The Members, Connections and Data files tabs list them.
        </Text>
      </Card>
    </SimpleGrid>
  );
}
