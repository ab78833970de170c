import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useSuspenseQuery } from '@tanstack/react-query';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { ErrorState } from '@/components/error-state';
import { apiCallForms } from '@/lib/api-call';
import type { TenantTarget } from '@/lib/qlik-host';
import { patchKeysConfigCall } from '../api/api-calls';
import { apiKeysConfigQuery, usePatchApiKeysConfig, type KeysConfigValues } from '../api/api-keys';
import { durationMs } from '../model';

export interface ApiKeysSettingsProps {
  tenant: TenantTarget;
  tenantId: string;
}

const DAY = 86_400_000;

/** The tenant's API-key settings (TenantAdmin): the longest a key may last and how many active keys a user may hold. */
export function ApiKeysSettings({ tenant, tenantId }: ApiKeysSettingsProps) {
  const { data: config } = useSuspenseQuery(apiKeysConfigQuery(tenant, tenantId));
  const save = usePatchApiKeysConfig(tenant, tenantId);
  const form = useForm({
    initialValues: {
      maxDays: Math.max(1, Math.round((durationMs(config.max_api_key_expiry) ?? DAY) / DAY)),
      maxKeys: config.max_keys_per_user ?? 5,
    },
    validate: {
      maxDays: (value) => (Number.isInteger(value) && value >= 1 && value <= 3650 ? null : 'Enter whole days from 1 to 3650.'),
      maxKeys: (value) => (Number.isInteger(value) && value! >= 0 && value! <= 1000 ? null : 'Enter a whole number from 0 to 1000.'),
    },
  });
  const configOf = (values: typeof form.values): KeysConfigValues => ({
    max_api_key_expiry: `P${values.maxDays}D`,
    max_keys_per_user: values.maxKeys,
  });
  return (
    <form
      onSubmit={form.onSubmit((values) =>
        save.mutate(
          configOf(values),
          { onSuccess: () => notifications.show({ color: 'green', message: 'API-key settings saved.' }) },
        ),
      )}
    >
      <Stack gap="md" maw={420}>
        <Text size="sm" c="dimmed">
          Applies to keys generated from now on; existing keys keep their expiry. Currently {config.max_api_key_expiry} and{' '}
          {config.max_keys_per_user} keys.
        </Text>
        <NumberInput label="Longest lifetime of a key (days)" min={1} max={3650} {...form.getInputProps('maxDays')} />
        <NumberInput label="Active keys per user" min={0} max={1000} {...form.getInputProps('maxKeys')} />
        {save.error && <ErrorState error={save.error} variant="inline" host={tenant.host} />}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
          <CopyAsMenu forms={() => apiCallForms(tenant.host, patchKeysConfigCall(tenantId, configOf(form.getValues())))} />
        </Group>
      </Stack>
    </form>
  );
}
