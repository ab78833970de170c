import { useState } from 'react';
import { Badge, Button, Code, Group, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconKey, IconLogin, IconPlus, IconTrash, IconWorldPlus } from '@tabler/icons-react';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { EmptyState } from '@/components/empty-state';
import { GuardedButton, type Permission } from '@/components/guarded-action';
import { notifyFailure } from '@/components/notify-failure';
import { OneTimeSecret } from '@/components/one-time-secret';
import { PageHeader } from '@/components/page-header';
import { RowMenu, type RowAction } from '@/components/row-menu';
import { apiCallForms } from '@/lib/api-call';
import { formatDate } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { oauthClientsQuery, useDeleteOAuthClient, usePatchOAuthClient, type OAuthClient } from '../api/oauth-clients';
import { deleteClientCall, patchClientCall } from '../api/api-calls';
import { consoleFit } from '../model';
import { ClientSecrets } from './client-secrets';
import { CreateClientForm } from './create-client-form';

export interface OAuthClientsPageProps {
  tenant: TenantTarget;
  /** Whether the caller may create, change and delete clients, and why not. */
  canManage: Permission;
  /** This console's origin and sign-in redirect URI. */
  console: { origin: string; redirectUri: string };
  /** Adds a tenant entry for the SPA client and signs in with it. */
  onUseInConsole: (client: OAuthClient) => void;
}

/** A secret just made: the client it belongs to and the value, shown once. */
interface ShownSecret {
  clientName: string;
  clientId: string;
  secret: string;
}

const APP_TYPE_LABELS: Record<string, string> = { spa: 'SPA', web: 'Server (web)', native: 'Native', 'anonymous-embed': 'Anonymous embed' };

/** The tenant's OAuth clients: create, secrets (shown once), "Use in this console", delete. */
export function OAuthClientsPage({ tenant, canManage, console, onUseInConsole }: OAuthClientsPageProps) {
  const { data } = useSuspenseInfiniteQuery(oauthClientsQuery(tenant));
  const clients = data.pages.flatMap((page) => page.clients);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<ShownSecret>();
  const [secretsOf, setSecretsOf] = useState<string>();
  const remove = useDeleteOAuthClient(tenant);
  const patch = usePatchOAuthClient(tenant);

  const confirmDelete = (client: OAuthClient) =>
    modals.openConfirmModal({
      title: 'Delete OAuth client?',
      children: (
        <Stack gap="sm">
          <Text size="sm">
            Delete <strong>{client.clientName}</strong>? Every token it issued stops working at once, and apps using it can
            no longer sign in. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <CopyAsMenu size="xs" forms={() => apiCallForms(tenant.host, deleteClientCall(client.clientId))} />
          </Group>
        </Stack>
      ),
      labels: { confirm: 'Delete client', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(client.clientId, {
          onSuccess: () => notifications.show({ color: 'green', message: `Deleted ${client.clientName}.` }),
          onError: notifyFailure,
        }),
    });

  /** What "Add this console to the client" changes: the redirect URI and origin it lacks. */
  const consoleChanges = (client: OAuthClient) => {
    const fit = consoleFit(client, console);
    return [
      ...(fit.missingRedirect ? [{ op: 'add' as const, path: '/redirectUris' as const, value: console.redirectUri }] : []),
      ...(fit.missingOrigin ? [{ op: 'add' as const, path: '/allowedOrigins' as const, value: console.origin }] : []),
    ];
  };

  const addConsole = (client: OAuthClient) => {
    patch.mutate(
      { clientId: client.clientId, changes: consoleChanges(client) },
      {
        onSuccess: () => notifications.show({ color: 'green', message: `${client.clientName} now lets this console sign in.` }),
        onError: notifyFailure,
      },
    );
  };

  const actionsOf = (client: OAuthClient): RowAction[] => {
    const actions: RowAction[] = [];
    if (client.appType === 'spa') {
      const fit = consoleFit(client, console);
      actions.push({
        label: 'Use in this console',
        icon: <IconLogin size={16} aria-hidden />,
        permission: fit.fits
          ? { allowed: true }
          : { allowed: false, reason: `Add this console first: ${fit.missingOrigin ? `origin ${console.origin}` : ''}${fit.missingOrigin && fit.missingRedirect ? ' and ' : ''}${fit.missingRedirect ? `redirect URI ${console.redirectUri}` : ''}.` },
        onClick: () => onUseInConsole(client),
      });
      if (!fit.fits) {
        actions.push({
          label: 'Add this console to the client',
          icon: <IconWorldPlus size={16} aria-hidden />,
          permission: canManage,
          onClick: () => addConsole(client),
          copyAs: () => apiCallForms(tenant.host, patchClientCall(client.clientId, consoleChanges(client))),
        });
      }
    }
    if (client.appType === 'web') {
      actions.push({ label: 'Secrets…', icon: <IconKey size={16} aria-hidden />, permission: canManage, onClick: () => setSecretsOf(client.clientId) });
    }
    actions.push({ label: 'Delete', icon: <IconTrash size={16} aria-hidden />, permission: canManage, onClick: () => confirmDelete(client), danger: true });
    return actions;
  };

  return (
    <>
      <PageHeader
        title="OAuth clients"
        description="Apps, scripts and servers that call this tenant's API: single-page apps sign users in, server clients use a secret."
        actions={
          <GuardedButton permission={canManage} leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            Create client
          </GuardedButton>
        }
      />
      {clients.length === 0 ? (
        <EmptyState title="No OAuth clients yet" description="Create a single-page app client to sign in from a browser, or a server client for scripts." />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Client ID</Table.Th>
                <Table.Th>Redirects and origins</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.map((client) => (
                <Table.Tr key={client.clientId}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {client.clientName}
                    </Text>
                    {client.description && (
                      <Text size="xs" c="dimmed">
                        {client.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="light">{APP_TYPE_LABELS[client.appType] ?? client.appType}</Badge>
                      {client.allowedGrantTypes?.includes('client_credentials') && <Badge variant="outline">M2M</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Code>{client.clientId}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {[...(client.redirectUris ?? []), ...(client.allowedOrigins ?? []).map((origin) => `origin ${origin}`)].map((entry) => (
                        <Text key={entry} size="xs" ff="monospace">
                          {entry}
                        </Text>
                      ))}
                      {client.appType === 'web' && (
                        <Text size="xs" c="dimmed">
                          {client.clientSecrets?.length ?? 0} secret(s)
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{formatDate(client.createdAt)}</Table.Td>
                  <Table.Td>
                    <RowMenu itemName={client.clientName} actions={actionsOf(client)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <CreateClientForm
        tenant={tenant}
        opened={creating}
        onClose={() => setCreating(false)}
        console={console}
        onCreated={(client) => {
          setCreating(false);
          notifications.show({ color: 'green', message: `Created ${client.clientName}.` });
          if (client.clientSecret) setShown({ clientName: client.clientName, clientId: client.clientId, secret: client.clientSecret });
        }}
      />
      <ClientSecrets
        tenant={tenant}
        client={clients.find((c) => c.clientId === secretsOf)}
        permission={canManage}
        onClose={() => setSecretsOf(undefined)}
        onSecret={(secret) => {
          const client = clients.find((c) => c.clientId === secret.clientId);
          setSecretsOf(undefined);
          setShown({ clientName: client?.clientName ?? 'the client', clientId: secret.clientId, secret: secret.clientSecret });
        }}
      />
      <Modal opened={shown !== undefined} onClose={() => setShown(undefined)} title={`Secret of ${shown?.clientName ?? ''}`} size="lg">
        {shown && (
          <Stack gap="md">
            <Text size="sm">
              Client ID <Code>{shown.clientId}</Code>
            </Text>
            <OneTimeSecret label="Client secret" value={shown.secret} hint="Store it where your script or server keeps secrets." />
            <Group justify="flex-end">
              <Button onClick={() => setShown(undefined)}>I have copied it</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
