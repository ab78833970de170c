import { useState, type ReactNode } from 'react';
import { Anchor, Badge, Card, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconPencil, IconTrash } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { AnchorLink } from '@/components/anchor-link';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { DetailTabs, type DetailTab } from '@/components/detail-tabs';
import { LabelledValue } from '@/components/labelled-value';
import { PageHeader } from '@/components/page-header';
import { notifyFailure } from '@/components/notify-failure';
import { apiCallForms } from '@/lib/api-call';
import { formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { duplicateConnectionCall } from '../api/api-calls';
import {
  connectionQuery,
  useDeleteConnection,
  useDuplicateConnection,
  visibleSpacesQuery,
} from '../api/connections';
import {
  connectionRights,
  fieldLabel,
  fieldsOf,
  formValuesFromConnection,
  isDataFiles,
  isSecretField,
  typeLabel,
} from '../model';
import { ConnectionFormDrawer } from './connection-form';
import { GuardedButton } from '@/components/guarded-action';
import { OwnerName } from '@/components/owner-name';
import { confirmDeleteConnection } from './confirm-delete-connection';

const PRIVILEGE_LABELS: Record<string, string> = {
  list: 'List',
  read: 'Read',
  update: 'Edit',
  delete: 'Delete',
  change_space: 'Move to another space',
  change_owner: 'Change owner',
};

export interface ConnectionDetailProps {
  tenant: TenantTarget;
  connectionId: string;
  canWrite: boolean;
  currentUserId: string;
  onDeleted: () => void;
  onDuplicated: (id: string) => void;
  tab?: DetailTab;
  onTabChange?: (tab: DetailTab) => void;
  /** The connection's Activity tab, composed by the route (none for callers who may not read the audit trail). */
  activity?: ReactNode;
}

export function ConnectionDetail({
  tenant,
  connectionId,
  canWrite,
  currentUserId,
  onDeleted,
  onDuplicated,
  tab,
  onTabChange = () => {},
  activity,
}: ConnectionDetailProps) {
  const { data: connection } = useSuspenseQuery(connectionQuery(tenant, connectionId));
  const spaces = useQuery(visibleSpacesQuery(tenant));
  const remove = useDeleteConnection(tenant);
  const duplicate = useDuplicateConnection(tenant);
  const [editing, setEditing] = useState(false);

  const rights = connectionRights(connection, canWrite);
  const editValues = formValuesFromConnection(connection);
  const spaceName = connection.space
    ? (spaces.data?.find((s) => s.id === connection.space)?.name ?? connection.space)
    : undefined;
  const props = (connection.connectionProperties ?? {}) as Record<string, unknown>;
  const shown = editValues ? fieldsOf(editValues).filter((f) => !isSecretField(f)) : [];
  const secrets = editValues ? fieldsOf(editValues).filter(isSecretField) : [];

  const confirmDelete = () =>
    confirmDeleteConnection(tenant, connection, () =>
      remove.mutate(connection.qID, {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `Deleted ${connection.qName}.` });
          onDeleted();
        },
        onError: notifyFailure,
      }),
    );

  return (
    <>
      <PageHeader
        title={connection.qName}
        description={typeLabel(connection)}
        breadcrumbs={[
          {
            label: 'Connections',
            link: (
              <AnchorLink to="/connections" size="sm">
                Connections
              </AnchorLink>
            ),
          },
          { label: connection.qName },
        ]}
        actions={
          <>
            <GuardedButton
              permission={rights.edit}
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
              onClick={() => setEditing(true)}
            >
              Edit
            </GuardedButton>
            <GuardedButton
              permission={rights.duplicate}
              variant="default"
              loading={duplicate.isPending}
              leftSection={<IconCopy size={16} aria-hidden />}
              onClick={() =>
                duplicate.mutate(
                  { id: connection.qID },
                  {
                    onSuccess: (copy) => {
                      notifications.show({ color: 'green', message: `Duplicated as ${copy.qName}.` });
                      onDuplicated(copy.qID);
                    },
                    onError: notifyFailure,
                  },
                )
              }
            >
              Duplicate
            </GuardedButton>
            <CopyAsMenu
              label="Copy duplicate call as…"
              forms={() => apiCallForms(tenant.host, duplicateConnectionCall({ id: connection.qID }))}
            />
            <GuardedButton
              permission={rights.delete}
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={confirmDelete}
            >
              Delete
            </GuardedButton>
          </>
        }
      />
      <DetailTabs
        tab={tab}
        onTabChange={onTabChange}
        activity={activity}
        details={
          <Stack gap="lg">
            <Card withBorder>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
                <LabelledValue size="sm" label="Space">
                  {connection.space ? (
                    <Anchor
                      renderRoot={(props) => (
                        <Link
                          {...props}
                          to="/spaces/$spaceId/connections"
                          params={{ spaceId: connection.space! }}
                        />
                      )}
                    >
                      {spaceName}
                    </Anchor>
                  ) : (
                    'Personal'
                  )}
                </LabelledValue>
                <LabelledValue size="sm" label="Owner">
                  <OwnerName tenant={tenant} userId={connection.user} currentUserId={currentUserId} />
                </LabelledValue>
                <LabelledValue size="sm" label="Type">
                  {typeLabel(connection)}
                </LabelledValue>
                <LabelledValue size="sm" label="Created">
                  {formatDateTime(connection.created)}
                </LabelledValue>
                <LabelledValue size="sm" label="Updated">
                  {formatDateTime(connection.updated)}
                </LabelledValue>
                <LabelledValue size="sm" label="Your privileges">
                  <Group gap={4} mt={2}>
                    {connection.privileges.map((p) => (
                      <Badge key={p} variant="light" size="sm">
                        {PRIVILEGE_LABELS[p] ?? p}
                      </Badge>
                    ))}
                  </Group>
                </LabelledValue>
              </SimpleGrid>
            </Card>
            {isDataFiles(connection) && (
              <Text size="sm" c="dimmed">
                Every space has one DataFiles connection for its uploaded files. It is managed with the space
                and cannot be edited or deleted here.
              </Text>
            )}
            {editValues && (
              <Card withBorder>
                <Text fw={600} mb="sm">
                  Connection settings
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
                  {shown.map((field) => (
                    <LabelledValue size="sm" key={field} label={fieldLabel(field, editValues.datasourceID)}>
                      {props[field] === undefined ? '—' : String(props[field])}
                    </LabelledValue>
                  ))}
                  {secrets.map((field) => (
                    <LabelledValue size="sm" key={field} label={fieldLabel(field, editValues.datasourceID)}>
                      <Text span size="sm" c="dimmed">
                        Stored, never shown
                      </Text>
                    </LabelledValue>
                  ))}
                </SimpleGrid>
              </Card>
            )}
            <LabelledValue size="sm" label="Connect statement">
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {connection.qConnectStatement}
              </Code>
            </LabelledValue>
          </Stack>
        }
      />
      {editValues && (
        <ConnectionFormDrawer
          tenant={tenant}
          opened={editing}
          onClose={() => setEditing(false)}
          connection={connection}
          editValues={editValues}
          fixedSpace={
            connection.space ? { id: connection.space, name: spaceName ?? connection.space } : undefined
          }
        />
      )}
    </>
  );
}
