import { useState } from 'react';
import { Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { OneTimeSecret } from '@/components/one-time-secret';
import { apiCallForms } from '@/lib/api-call';
import type { TenantTarget } from '@/lib/qlik-host';
import { createKeyCall } from '../api/api-calls';
import { apiKeysConfigQuery, apiKeysQuery, useCreateApiKey } from '../api/api-keys';
import { describeDuration, lifetimesUpTo } from '../model';
import { KeyList } from './key-table';

export interface MyApiKeysProps {
  tenant: TenantTarget;
  /** The tenant's id (the configuration is per tenant). */
  tenantId: string;
  currentUserId: string;
  isTenantAdmin: boolean;
}

/** The caller's own keys: generate one (token shown once), delete one. */
export function MyApiKeys({ tenant, tenantId, currentUserId, isTenantAdmin }: MyApiKeysProps) {
  // Shares its cache entry with the list below (and the route's loader).
  const { data } = useSuspenseInfiniteQuery(apiKeysQuery(tenant, { sub: currentUserId }));
  const config = useQuery(apiKeysConfigQuery(tenant, tenantId));
  const create = useCreateApiKey(tenant);
  const [token, setToken] = useState<{ description: string; value: string }>();
  const lifetimes = lifetimesUpTo(config.data?.max_api_key_expiry);
  const form = useForm({
    initialValues: { description: '', expiry: '' },
    validate: {
      description: (value) => (value.trim() ? null : 'Describe what the key is for.'),
      expiry: (value) => (value ? null : 'Pick how long the key lasts.'),
    },
  });
  const active = data.pages.flatMap((page) => page.keys).filter((key) => key.status === 'active').length;

  return (
    <Stack gap="lg">
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="xs">
          Generate an API key
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          A key acts with your roles on every API call (send it as <code>Authorization: Bearer</code>). This tenant allows
          keys of up to {config.data?.max_api_key_expiry ? describeDuration(config.data.max_api_key_expiry) : '…'} and {config.data?.max_keys_per_user ?? '…'} active
          keys per user; you have {active}.
        </Text>
        <form
          onSubmit={form.onSubmit((values) =>
            create.mutate(
              { description: values.description.trim(), expiry: values.expiry },
              {
                onSuccess: (key) => {
                  setToken({ description: key.description ?? values.description, value: key.token });
                  form.reset();
                },
              },
            ),
          )}
        >
          <Group align="flex-start" gap="sm">
            <TextInput label="Description" placeholder="e.g. Nightly export job" style={{ flex: 2, minWidth: 220 }} {...form.getInputProps('description')} />
            <Select label="Expires after" data={lifetimes} style={{ flex: 1, minWidth: 180 }} allowDeselect={false} {...form.getInputProps('expiry')} />
            <Button type="submit" mt={25} loading={create.isPending}>
              Generate key
            </Button>
            <Group mt={25}>
              <CopyAsMenu
                forms={() => {
                  const values = form.getValues();
                  return apiCallForms(tenant.host, createKeyCall({ description: values.description.trim(), expiry: values.expiry }));
                }}
              />
            </Group>
          </Group>
        </form>
        {create.error && <ErrorState error={create.error} variant="inline" host={tenant.host} />}
        {token && (
          <Stack gap="xs" mt="md">
            <OneTimeSecret label="API key" value={token.value} hint={`It is the key "${token.description}".`} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setToken(undefined)}>
                I have copied it
              </Button>
            </Group>
          </Stack>
        )}
      </Card>
      <KeyList
        tenant={tenant}
        params={{ sub: currentUserId }}
        currentUserId={currentUserId}
        isTenantAdmin={isTenantAdmin}
        empty={<EmptyState title="You have no API keys" description="Generate one above for a script or a tool that calls the API as you." />}
      />
    </Stack>
  );
}
