import { Anchor, Table } from '@mantine/core';
import { OwnerName } from '@/components/owner-name';
import { formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import type { AuditEvent } from '../api/audits';
import { resourceOf } from '../model';

/** The column headers of an events table. */
export function EventHeaderRow() {
  return (
    <Table.Tr>
      <Table.Th scope="col">Time</Table.Th>
      <Table.Th scope="col">Event</Table.Th>
      <Table.Th scope="col">User</Table.Th>
      <Table.Th scope="col">Resource</Table.Th>
    </Table.Tr>
  );
}

export interface EventCellsProps {
  tenant: TenantTarget;
  event: AuditEvent;
  currentUserId: string;
  /** Opens the event's drawer (the event type is its button). */
  onOpen: (event: AuditEvent) => void;
}

/** One event's cells: when, what (opens it), who, and the resource it is about. */
export function EventCells({ tenant, event, currentUserId, onOpen }: EventCellsProps) {
  const resource = resourceOf(event);
  return (
    <>
      <Table.Td>{formatDateTime(event.eventTime)}</Table.Td>
      <Table.Td>
        <Anchor component="button" type="button" size="sm" onClick={() => onOpen(event)}>
          {event.eventType}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <OwnerName tenant={tenant} userId={event.userId} currentUserId={currentUserId} />
      </Table.Td>
      <Table.Td>{resource.name ?? resource.id ?? '—'}</Table.Td>
    </>
  );
}
