import { useEffect, useState } from 'react';
import {
  Alert,
  ActionIcon,
  Badge,
  Button,
  Center,
  Code,
  Container,
  CopyButton,
  Divider,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconCheck, IconCopy, IconLayoutGrid, IconLogin, IconPlus, IconTrash } from '@tabler/icons-react';
import { ErrorState } from '@/components/error-state';
import type { ConsoleAuth } from '../session';
import {
  SCOPE_PRESETS,
  type ScopePresetId,
  type TenantConfig,
  createSavedTenant,
  presetForScopes,
  scopesOfPreset,
  validateClientId,
  validateHost,
  validateScopes,
} from '../tenant-config';
import { useTenants } from '../use-tenants';

export interface ConnectScreenProps {
  auth: ConsoleAuth;
  /** Same-origin path to continue at after sign-in. */
  returnTo: string;
  /** Just back from signing out of the tenant. */
  signedOut?: boolean;
  /** Back from the tenant's sign-out to sign in to this tenant as someone else (a fresh sign-in page). */
  switchAccountTo?: string;
}

function presetLabel(tenant: TenantConfig): string {
  const preset = presetForScopes(tenant.scopes);
  return SCOPE_PRESETS.find((p) => p.id === preset)?.label ?? 'Custom scopes';
}

function hostOf(url: string): string {
  return new URL(url).host;
}

function CopyValue({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="xs" wrap="nowrap" justify="space-between">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Code style={{ wordBreak: 'break-all' }}>{value}</Code>
      </Stack>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`}>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label={`Copy ${label.toLowerCase()}`}
            >
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

interface AddTenantValues {
  name: string;
  host: string;
  clientId: string;
  preset: ScopePresetId;
  customScopes: string;
}

export function AddTenantForm({
  auth,
  onAdded,
}: {
  auth: ConsoleAuth;
  onAdded: (tenant: TenantConfig) => void;
}) {
  const [saveError, setSaveError] = useState<unknown>(null);
  const form = useForm<AddTenantValues>({
    mode: 'controlled',
    initialValues: { name: '', host: '', clientId: '', preset: 'read-only-admin', customScopes: '' },
    validate: {
      host: validateHost,
      clientId: validateClientId,
      customScopes: (value, values) => (values.preset === 'custom' ? validateScopes(value) : null),
    },
  });

  const preset = form.getValues().preset;
  const scopes = preset === 'custom' ? form.getValues().customScopes : (scopesOfPreset(preset) ?? '');

  const submit = form.onSubmit((values) => {
    setSaveError(null);
    try {
      const tenant = auth.saveTenant(
        createSavedTenant({
          name: values.name,
          host: values.host,
          clientId: values.clientId,
          scopes: values.preset === 'custom' ? values.customScopes : (scopesOfPreset(values.preset) ?? ''),
        }),
      );
      form.reset();
      onAdded(tenant);
    } catch (error) {
      // What was typed stays in the form; only the reason is shown.
      setSaveError(error);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-tenant-heading">
      <Stack gap="md">
        <Title id="add-tenant-heading" order={2} size="h4">
          Add a Qlik Cloud tenant
        </Title>
        <TextInput
          label="Tenant host"
          placeholder="mycompany.eu.qlikcloud.com"
          description="https is added for you; http is only for localhost."
          required
          autoComplete="url"
          spellCheck={false}
          {...form.getInputProps('host')}
        />
        <TextInput
          label="OAuth client ID"
          description="Of a single-page-app OAuth client created by a tenant admin."
          required
          spellCheck={false}
          autoComplete="off"
          {...form.getInputProps('clientId')}
        />
        <TextInput
          label="Display name"
          description="Optional; the host is used when empty."
          autoComplete="off"
          {...form.getInputProps('name')}
        />
        <Select
          label="Scopes"
          description={
            SCOPE_PRESETS.find((p) => p.id === preset)?.description ?? 'Exactly the scopes you list.'
          }
          allowDeselect={false}
          data={[
            ...SCOPE_PRESETS.map((p) => ({ value: p.id, label: p.label })),
            { value: 'custom', label: 'Custom' },
          ]}
          {...form.getInputProps('preset')}
        />
        {preset === 'custom' ? (
          <Textarea
            label="Custom scopes"
            description="Space-separated, e.g. user_default offline_access. Include offline_access to stay signed in."
            autosize
            minRows={2}
            spellCheck={false}
            required
            {...form.getInputProps('customScopes')}
          />
        ) : (
          <Text size="xs" c="dimmed">
            Requests: <Code>{scopes}</Code>
          </Text>
        )}
        <Paper p="sm" bg="var(--mantine-color-default-hover)" withBorder={false}>
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Register these on the OAuth client
            </Text>
            <CopyValue label="Redirect URL" value={auth.redirectUri} />
            <CopyValue label="Allowed origin" value={auth.origin} />
          </Stack>
        </Paper>
        {saveError !== null && <ErrorState variant="inline" error={saveError} />}
        <Group justify="flex-end">
          <Button type="submit" variant="light" leftSection={<IconPlus size={16} aria-hidden />}>
            Add tenant
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Where every visit without a session starts: pick a tenant (or add one) and sign in to it. */
export function ConnectScreen({ auth, returnTo, signedOut = false, switchAccountTo }: ConnectScreenProps) {
  const { tenants, activeTenantId } = useTenants(auth);
  const [chosen, setChosen] = useState<string | null>(null);
  const [signInError, setSignInError] = useState<unknown>(null);
  const [signingIn, setSigningIn] = useState(Boolean(switchAccountTo));

  useEffect(() => {
    if (!switchAccountTo) return;
    auth.signIn(switchAccountTo, '/', { forceLogin: true }).catch((error: unknown) => {
      setSignInError(error);
      setSigningIn(false);
    });
  }, [auth, switchAccountTo]);

  const fallback = tenants.find((t) => t.id === activeTenantId) ?? tenants.find((t) => t.local) ?? tenants[0];
  const selected = tenants.find((t) => t.id === chosen) ?? fallback;

  const signIn = async () => {
    if (!selected) return;
    setSignInError(null);
    setSigningIn(true);
    try {
      await auth.signIn(selected.id, returnTo);
    } catch (error) {
      setSignInError(error);
      setSigningIn(false);
    }
  };

  const remove = (tenant: TenantConfig) =>
    modals.openConfirmModal({
      title: `Remove ${tenant.name}?`,
      children: (
        <Text size="sm">
          The console forgets this tenant and signs you out of it in this browser. You can add it again at any
          time.
        </Text>
      ),
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        if (chosen === tenant.id) setChosen(null);
        void auth.removeTenant(tenant.id);
      },
    });

  return (
    <Container size={560} py={48}>
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      <Stack gap="xl" id="main-content" tabIndex={-1} component="main">
        <Stack gap="xs" align="center" ta="center">
          <ThemeIcon size={48} radius="md" aria-hidden>
            <IconLayoutGrid size={28} />
          </ThemeIcon>
          <Title order={1}>Manage Console</Title>
          <Text c="dimmed">
            Choose the Qlik Cloud tenant to administer, then sign in with your tenant account.
          </Text>
        </Stack>

        {signedOut && (
          <Alert role="status" color="teal" title="Signed out">
            You are signed out of the console and of the tenant. Sign in again, as yourself or someone else.
          </Alert>
        )}

        <Paper p="lg" component="section" aria-labelledby="tenants-heading">
          <Stack gap="md">
            <Title id="tenants-heading" order={2} size="h4">
              Tenants
            </Title>
            {tenants.length === 0 ? (
              <Center py="md">
                <Text c="dimmed" size="sm">
                  No tenant is configured yet. Add one below.
                </Text>
              </Center>
            ) : (
              <Radio.Group
                value={selected?.id ?? null}
                onChange={(id) => {
                  setChosen(id);
                  setSignInError(null);
                }}
                aria-labelledby="tenants-heading"
              >
                <Stack gap="xs">
                  {tenants.map((tenant) => (
                    <Group key={tenant.id} gap="xs" wrap="nowrap" align="stretch">
                      <Radio.Card
                        value={tenant.id}
                        radius="md"
                        p="sm"
                        aria-label={`${tenant.name} (${hostOf(tenant.host)})`}
                        style={{ flex: 1 }}
                      >
                        <Group wrap="nowrap" align="flex-start" gap="sm">
                          <Radio.Indicator mt={2} />
                          <Stack gap={2} style={{ minWidth: 0 }}>
                            <Group gap={6}>
                              <Text fw={600}>{tenant.name}</Text>
                              {tenant.local && (
                                <Badge size="xs" variant="light" color="gray">
                                  Local
                                </Badge>
                              )}
                              {tenant.id === activeTenantId && (
                                <Badge size="xs" variant="light">
                                  Current
                                </Badge>
                              )}
                            </Group>
                            <Text size="sm" c="dimmed" truncate="end">
                              {hostOf(tenant.host)} · {tenant.clientId}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {presetLabel(tenant)}
                            </Text>
                          </Stack>
                        </Group>
                      </Radio.Card>
                      {tenant.source === 'saved' && (
                        <Tooltip label={`Remove ${tenant.name}`}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            size="lg"
                            style={{ alignSelf: 'center' }}
                            aria-label={`Remove ${tenant.name}`}
                            onClick={() => remove(tenant)}
                          >
                            <IconTrash size={18} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Group>
                  ))}
                </Stack>
              </Radio.Group>
            )}
            {signInError !== null && (
              <ErrorState
                variant="inline"
                error={signInError}
                host={selected?.host}
                onRetry={() => void signIn()}
              />
            )}
            <Button
              size="md"
              fullWidth
              leftSection={<IconLogin size={18} aria-hidden />}
              disabled={!selected}
              loading={signingIn}
              onClick={() => void signIn()}
            >
              Sign in
            </Button>
          </Stack>
        </Paper>

        <Divider label="or" labelPosition="center" />

        <Paper p="lg" component="section">
          <AddTenantForm
            auth={auth}
            onAdded={(tenant) => {
              setChosen(tenant.id);
              setSignInError(null);
            }}
          />
        </Paper>
      </Stack>
    </Container>
  );
}
