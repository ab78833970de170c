import { Anchor, Code, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { LabelledValue } from '@/components/labelled-value';
import { OwnerName } from '@/components/owner-name';
import { formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import type { AuditEvent } from '../api/audits';
import { changesOf, extensionsOf, resourceLink, resourceOf } from '../model';

export interface EventDrawerProps {
  tenant: TenantTarget;
  event: AuditEvent | undefined;
  currentUserId: string;
  onClose: () => void;
}

/** One event: who, when, what; the changed fields before and after; the resource's page; the raw data. */
export function EventDrawer({ tenant, event, currentUserId, onClose }: EventDrawerProps) {
  return (
    <Drawer
      opened={Boolean(event)}
      onClose={onClose}
      position="right"
      size="lg"
      title={event?.eventType ?? 'Event'}
      closeButtonProps={{ 'aria-label': 'Close event' }}
    >
      {event && <EventDetails tenant={tenant} event={event} currentUserId={currentUserId} />}
    </Drawer>
  );
}

function EventDetails({
  tenant,
  event,
  currentUserId,
}: {
  tenant: TenantTarget;
  event: AuditEvent;
  currentUserId: string;
}) {
  const changes = changesOf(event);
  const link = resourceLink(event);
  const resource = resourceOf(event);
  const actor = extensionsOf(event).actor;
  return (
    <Stack gap="md">
      <Group gap="xl" align="flex-start">
        <LabelledValue label="When">{formatDateTime(event.eventTime)}</LabelledValue>
        <LabelledValue label="User">
          <OwnerName tenant={tenant} userId={event.userId} currentUserId={currentUserId} />
        </LabelledValue>
        {actor?.sub && (
          <LabelledValue label="Acting as">{`${actor.subType ?? 'client'} ${actor.sub}`}</LabelledValue>
        )}
        <LabelledValue label="Source">{event.source}</LabelledValue>
      </Group>
      <LabelledValue label="Resource">
        {link ? (
          <Anchor renderRoot={(props) => <Link {...props} {...link} />}>
            {resource.name ?? resource.id}
          </Anchor>
        ) : (
          <Text span>{resource.name ?? resource.id ?? '—'}</Text>
        )}
      </LabelledValue>
      {changes.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            Changed fields
          </Title>
          <Table aria-label="Changed fields" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Field</Table.Th>
                <Table.Th scope="col">Before</Table.Th>
                <Table.Th scope="col">After</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((change) => (
                <Table.Tr key={change.field}>
                  <Table.Td>{change.field}</Table.Td>
                  <Table.Td>
                    <Text component="del" size="sm">
                      {change.before}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text component="ins" size="sm" td="none" fw={600}>
                      {change.after}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      <Stack gap="xs">
        <Title order={3} size="h5">
          Data
        </Title>
        <Code block aria-label="Event data">
          {JSON.stringify(event.data, null, 2)}
        </Code>
      </Stack>
    </Stack>
  );
}
