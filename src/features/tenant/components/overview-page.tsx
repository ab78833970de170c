import { Badge, Card, Code, Group, List, SimpleGrid, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleHalf2, IconCircleX } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import type { Tenant } from '@qlik/api/tenants';
import type { User } from '@qlik/api/users';
import { AnchorLink } from '@/components/anchor-link';
import { LabelledValue } from '@/components/labelled-value';
import { PageHeader } from '@/components/page-header';
import { formatDate, formatRelative } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { myTenantQuery } from '../api/my-tenant';

/** One console area's reach, as analysed from scopes and roles (features/auth capabilities). */
export interface AreaAccessView {
  area: string;
  label: string;
  level: 'full' | 'limited' | 'none';
  summary: string;
  missingScopes: string[];
  missingRole?: string;
  remedy?: string;
}

export interface OverviewPageProps {
  target: TenantTarget;
  user: Pick<User, 'name' | 'email' | 'assignedRoles' | 'status'>;
  scopes: readonly string[];
  areas: readonly AreaAccessView[];
  /** Epoch seconds when the access token lapses. */
  expiresAt?: number;
  hasRefreshToken: boolean;
}

const STATUS_COLOR: Record<NonNullable<Tenant['status']>, string> = {
  active: 'teal',
  disabled: 'gray',
  deleted: 'red',
  'user-access-disabled': 'orange',
};

const LEVEL = {
  full: { label: 'Available', color: 'teal', Icon: IconCircleCheck },
  limited: { label: 'Limited', color: 'yellow', Icon: IconCircleHalf2 },
  none: { label: 'Out of reach', color: 'red', Icon: IconCircleX },
} as const;

export function OverviewPage({ target, user, scopes, areas, expiresAt, hasRefreshToken }: OverviewPageProps) {
  const { data: tenant } = useSuspenseQuery(myTenantQuery(target));
  const roles = (user.assignedRoles ?? []).map((role) => role.name);
  const outOfReach = areas.filter((area) => area.level !== 'full');

  return (
    <>
      <PageHeader
        title={tenant.name}
        description="Overview of the tenant, your sign-in and what it lets you reach."
      />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card component="section" aria-labelledby="tenant-heading">
          <Title id="tenant-heading" order={2} size="h4" mb="md">
            Tenant
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <LabelledValue label="Name">
              <Text>{tenant.name}</Text>
            </LabelledValue>
            <LabelledValue label="Status">
              {tenant.status ? (
                <Badge color={STATUS_COLOR[tenant.status]} variant="light">
                  {tenant.status.replace(/-/g, ' ')}
                </Badge>
              ) : (
                <Text>—</Text>
              )}
            </LabelledValue>
            <LabelledValue label="Hostnames">
              {tenant.hostnames && tenant.hostnames.length > 0 ? (
                <List size="sm" listStyleType="none" spacing={2}>
                  {tenant.hostnames.map((hostname, index) => (
                    <List.Item key={hostname}>
                      {hostname}
                      {index === 0 && tenant.hostnames!.length > 1 ? (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          (display name)
                        </Text>
                      ) : null}
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text>—</Text>
              )}
            </LabelledValue>
            <LabelledValue label="Region / datacenter">
              <Text>
                {tenant.region ?? '—'}
                {tenant.datacenter ? ` / ${tenant.datacenter}` : ''}
              </Text>
            </LabelledValue>
            <LabelledValue label="Created">
              <Text>{formatDate(tenant.created)}</Text>
            </LabelledValue>
            <LabelledValue label="Tenant ID">
              <Code style={{ wordBreak: 'break-all' }}>{tenant.id}</Code>
            </LabelledValue>
          </SimpleGrid>
        </Card>

        <Card component="section" aria-labelledby="user-heading">
          <Title id="user-heading" order={2} size="h4" mb="md">
            Signed in as
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <LabelledValue label="Name">
              <Text>{user.name}</Text>
            </LabelledValue>
            <LabelledValue label="Email">
              <Text>{user.email ?? '—'}</Text>
            </LabelledValue>
            <LabelledValue label="Roles">
              {roles.length > 0 ? (
                <Group gap={4}>
                  {roles.map((role) => (
                    <Badge key={role} variant="light" tt="none">
                      {role}
                    </Badge>
                  ))}
                </Group>
              ) : (
                <Text c="dimmed">Default user role only</Text>
              )}
            </LabelledValue>
            <LabelledValue label="Session">
              <Text size="sm">
                {expiresAt
                  ? `Access token lapses ${formatRelative(expiresAt * 1000)}`
                  : 'Expiry not stated by the tenant'}
              </Text>
              <Text size="xs" c="dimmed">
                {hasRefreshToken
                  ? 'Renewed automatically (offline_access).'
                  : 'You will be asked to sign in again.'}
              </Text>
            </LabelledValue>
          </SimpleGrid>
          <LabelledValue label="Granted scopes">
            <Group gap={4} mt={4}>
              {scopes.map((scope) => (
                <Code key={scope}>{scope}</Code>
              ))}
            </Group>
          </LabelledValue>
        </Card>
      </SimpleGrid>

      <Card component="section" aria-labelledby="reach-heading" mt="lg">
        <Group justify="space-between" mb="xs">
          <Title id="reach-heading" order={2} size="h4">
            What you can reach
          </Title>
          {outOfReach.length === 0 ? (
            <Badge color="teal" variant="light">
              Everything
            </Badge>
          ) : (
            <Badge color="yellow" variant="light">
              {outOfReach.length} out of reach
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" mb="md">
          From the scopes this sign-in was granted and the roles you hold.
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Area</Table.Th>
                <Table.Th scope="col">Access</Table.Th>
                <Table.Th scope="col">Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {areas.map((area) => {
                const level = LEVEL[area.level];
                return (
                  <Table.Tr key={area.area}>
                    <Table.Th scope="row" fw={500}>
                      {area.area === 'users' && area.level === 'full' ? (
                        <Group gap={6}>
                          <AnchorLink to="/users" size="sm" fw={500}>
                            {area.label}
                          </AnchorLink>
                          <Text size="sm" c="dimmed" span>
                            ·
                          </Text>
                          <AnchorLink to="/groups" size="sm">
                            Groups
                          </AnchorLink>
                        </Group>
                      ) : (
                        area.label
                      )}
                    </Table.Th>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <ThemeIcon size="sm" variant="transparent" color={level.color} aria-hidden>
                          <level.Icon size={18} />
                        </ThemeIcon>
                        <Text size="sm">{level.label}</Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{area.summary}</Text>
                      {area.level !== 'full' && (
                        <Text size="sm" c="dimmed">
                          {area.missingRole
                            ? `Missing the ${area.missingRole} role. `
                            : area.missingScopes.length > 0
                              ? `Missing the scope ${area.missingScopes.join(' or ')}. `
                              : ''}
                          {area.remedy}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </>
  );
}
