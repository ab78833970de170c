import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { OAuthClientCreateResponse } from '@qlik/api/oauth-clients';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { ErrorState } from '@/components/error-state';
import { apiCallForms } from '@/lib/api-call';
import type { TenantTarget } from '@/lib/qlik-host';
import { createClientCall } from '../api/api-calls';
import { useCreateOAuthClient } from '../api/oauth-clients';
import { toCreateRequest, validateOrigins, validateRedirectUris, type ClientFormValues } from '../model';
import { CLIENT_SCOPES, DEFAULT_CLIENT_SCOPES } from '../scopes';

export interface CreateClientFormProps {
  tenant: TenantTarget;
  opened: boolean;
  onClose: () => void;
  /** This console's origin and redirect URI, offered for a new SPA client. */
  console: { origin: string; redirectUri: string };
  onCreated: (client: OAuthClientCreateResponse) => void;
}

/** Creates a SPA or a server (web) client: redirect URIs, allowed origins, machine-to-machine, and scopes. */
export function CreateClientForm({ tenant, opened, onClose, console, onCreated }: CreateClientFormProps) {
  const create = useCreateOAuthClient(tenant);
  const form = useForm<ClientFormValues>({
    initialValues: {
      kind: 'spa',
      clientName: '',
      description: '',
      redirectUris: console.redirectUri,
      allowedOrigins: console.origin,
      machineToMachine: true,
      allowedScopes: DEFAULT_CLIENT_SCOPES,
    },
    validate: {
      clientName: (value) => (value.trim() ? null : 'Name the client.'),
      redirectUris: (value, values) => validateRedirectUris(value, values.kind === 'spa' || !values.machineToMachine),
      allowedOrigins: (value, values) => (values.kind === 'spa' ? validateOrigins(value) : null),
      allowedScopes: (value) => (value.length ? null : 'Pick at least one scope.'),
    },
  });
  const close = () => {
    create.reset();
    onClose();
  };
  const spa = form.values.kind === 'spa';

  return (
    <Modal opened={opened} onClose={close} title="Create OAuth client" size="lg">
      <form
        onSubmit={form.onSubmit((values) =>
          create.mutate(toCreateRequest(values), {
            onSuccess: (client) => {
              form.reset();
              onCreated(client);
            },
          }),
        )}
      >
        <Stack gap="md">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="client-kind-label">
              Kind of client
            </Text>
            <SegmentedControl
              aria-labelledby="client-kind-label"
              data={[
                { value: 'spa', label: 'Single-page app (SPA)' },
                { value: 'web', label: 'Server app (web)' },
              ]}
              {...form.getInputProps('kind')}
            />
            <Text size="xs" c="dimmed">
              {spa
                ? 'Runs in the browser and signs users in with PKCE; it has no secret. Its allowed origins may call the API.'
                : 'Runs on a server and keeps a client secret. Machine-to-machine clients get tokens without a user, acting as a tenant admin.'}
            </Text>
          </Stack>
          <TextInput label="Name" required {...form.getInputProps('clientName')} />
          <TextInput label="Description" {...form.getInputProps('description')} />
          {!spa && (
            <Switch
              label="Machine-to-machine (client credentials)"
              description="Scripts and services get tokens with the client ID and secret, without a user."
              {...form.getInputProps('machineToMachine', { type: 'checkbox' })}
            />
          )}
          <Textarea
            label="Redirect URIs"
            description="One per line: where the tenant sends the browser back after sign-in (at most 5)."
            autosize
            minRows={2}
            required={spa || !form.values.machineToMachine}
            {...form.getInputProps('redirectUris')}
          />
          {spa && (
            <Textarea
              label="Allowed origins"
              description="One per line, e.g. https://app.example.com: pages on these origins may call the API (at most 5)."
              autosize
              minRows={2}
              {...form.getInputProps('allowedOrigins')}
            />
          )}
          <Checkbox.Group
            label="Allowed scopes"
            description="What the client may ask for. A user never gets more than their roles allow."
            {...form.getInputProps('allowedScopes')}
          >
            <Stack gap={6} mt="xs" mah={260} style={{ overflowY: 'auto' }}>
              {CLIENT_SCOPES.map(({ scope, description, admin }) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  label={
                    <Text size="sm" span ff="monospace">
                      {scope}
                    </Text>
                  }
                  description={admin ? `${description} Admins only.` : description}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          {create.error && <ErrorState error={create.error} variant="inline" host={tenant.host} />}
          <Group justify="flex-end">
            <CopyAsMenu forms={() => apiCallForms(tenant.host, createClientCall(toCreateRequest(form.getValues())))} />
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create client
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
