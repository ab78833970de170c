import { useState } from 'react';
import {
  Button,
  Drawer,
  Group,
  NumberInput,
  PasswordInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { apiCallForms } from '@/lib/api-call';
import { createConnectionCall, updateConnectionCall } from '../api/api-calls';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { ConnectionGet, PatchRequest } from '@qlik/api/data-connections';
import { ErrorState } from '@/components/error-state';
import { describeError, isHttpError, qlikErrorItem } from '@/lib/api-error';
import type { TenantTarget } from '@/lib/qlik-host';
import { useCreateConnection, useUpdateConnection } from '../api/connections';
import {
  DATASOURCE_IDS,
  DATASOURCE_LABELS,
  connectionFormSchema,
  emptyFormValues,
  fieldForPointer,
  fieldLabel,
  fieldsOf,
  isSecretField,
  toPatchOps,
  type ConnectionFormValues,
  type DatasourceId,
  type FormMode,
  type PropertyField,
} from '../model';

export interface SpaceOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Where a tenant error belongs: a form field when its pointer (or a 409 on the name) says so. */
function fieldErrorOf(error: unknown, ops?: PatchRequest) {
  if (!isHttpError(error)) return undefined;
  const item = qlikErrorItem(error.data) as
    (ReturnType<typeof qlikErrorItem> & { source?: { pointer?: string } }) | undefined;
  const metaSource = item?.meta?.source as { pointer?: string } | undefined;
  const pointer = item?.source?.pointer ?? metaSource?.pointer;
  const field = fieldForPointer(pointer, ops) ?? (error.status === 409 ? 'qName' : undefined);
  if (!field) return undefined;
  return { field, message: item?.detail ?? describeError(error).message };
}

const SECRET_HINT = 'unchanged — type to replace';
/** Select options need a non-empty value; the form keeps '' for "no space". */
const PERSONAL = '__personal__';

interface FormBodyProps {
  tenant: TenantTarget;
  mode: FormMode;
  connectionId?: string;
  spaces: SpaceOption[];
  /** The space the form is opened in; its connections cannot be created elsewhere from here. */
  fixedSpace?: { id: string; name: string };
  initialValues: ConnectionFormValues;
  onDone: (id: string) => void;
  onCancel: () => void;
}

function ConnectionFormBody({
  tenant,
  mode,
  connectionId,
  spaces,
  fixedSpace,
  initialValues,
  onDone,
  onCancel,
}: FormBodyProps) {
  const form = useForm<ConnectionFormValues>({
    mode: 'controlled',
    initialValues,
    validate: schemaResolver(connectionFormSchema(mode), { sync: true }),
    // A field is checked when it is left after typing into it; an untouched one waits for Create. (Checked on
    // every blur, "Enter a name." appeared under the focused, empty Name field as the pointer went down on
    // Cancel or Create: the buttons moved down before the pointer came up, and the click was lost.)
    enhanceGetInputProps: ({ field, form: self }) => ({
      onBlur: () => {
        if (self.isDirty(field)) self.validateField(field);
      },
    }),
  });
  const create = useCreateConnection(tenant);
  const update = useUpdateConnection(tenant, connectionId ?? '');
  const [failure, setFailure] = useState<unknown>();
  const editing = mode.kind === 'edit';
  const values = form.getValues();
  const fields = fieldsOf(values);
  const pending = create.isPending || update.isPending;

  const submit = form.onSubmit(async (submitted) => {
    setFailure(undefined);
    let ops: PatchRequest | undefined;
    try {
      if (mode.kind === 'edit') {
        ops = toPatchOps(mode.initial, submitted);
        await update.mutateAsync(ops);
        notifications.show({ color: 'green', message: `Saved ${submitted.qName.trim()}.` });
        onDone(connectionId!);
      } else {
        const created = await create.mutateAsync(submitted);
        notifications.show({ color: 'green', message: `Created ${created.qName}.` });
        onDone(created.qID);
      }
    } catch (error) {
      const onField = fieldErrorOf(error, ops);
      if (onField && [...fields, 'qName', 'space'].includes(onField.field))
        form.setFieldError(onField.field, onField.message);
      else setFailure(error);
    }
  });

  const changeType = (next: DatasourceId) => {
    // Carry over what still applies, so switching type by mistake loses nothing common.
    const fresh = emptyFormValues(next, values.space);
    form.setValues({ ...fresh, qName: values.qName, username: values.username, database: values.database });
  };

  const input = (field: PropertyField) => {
    const label = fieldLabel(field, values.datasourceID);
    if (isSecretField(field)) {
      return (
        <PasswordInput
          key={field}
          label={label}
          autoComplete="new-password"
          withAsterisk={!editing}
          placeholder={editing ? SECRET_HINT : undefined}
          description={
            editing
              ? 'Stored and never shown. Leave empty to keep it.'
              : 'Stored encrypted; never shown again.'
          }
          {...form.getInputProps(field)}
        />
      );
    }
    switch (field) {
      case 'port':
        return (
          <NumberInput
            key={field}
            label={label}
            min={1}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('port')}
          />
        );
      case 'encrypt':
        return (
          <Switch
            key={field}
            label="Encrypt the connection (TLS)"
            {...form.getInputProps('encrypt', { type: 'checkbox' })}
          />
        );
      case 'method':
        return (
          <Select
            key={field}
            label={label}
            data={['GET', 'POST']}
            allowDeselect={false}
            {...form.getInputProps('method')}
          />
        );
      case 'auth':
        return (
          <Select
            key={field}
            label={label}
            allowDeselect={false}
            data={[
              { value: 'none', label: 'None' },
              { value: 'basic', label: 'Basic (user name and password)' },
              { value: 'bearer', label: 'Bearer token' },
            ]}
            {...form.getInputProps('auth')}
          />
        );
      default:
        return (
          <TextInput
            key={field}
            label={label}
            withAsterisk={
              ['host', 'database', 'url', 'bucket', 'region'].includes(field) ||
              (field === 'username' && values.datasourceID !== 'rest')
            }
            placeholder={
              field === 'url'
                ? 'https://api.example.com/v1/items'
                : field === 'region'
                  ? 'eu-west-1'
                  : undefined
            }
            {...form.getInputProps(field)}
          />
        );
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {editing ? (
          <Text size="sm">
            Type: <strong>{DATASOURCE_LABELS[values.datasourceID]}</strong>
          </Text>
        ) : (
          <Radio.Group
            label="Type"
            value={values.datasourceID}
            onChange={(next) => changeType(next as DatasourceId)}
          >
            <SimpleGrid cols={2} spacing="xs" mt={4}>
              {DATASOURCE_IDS.map((id) => (
                <Radio key={id} value={id} label={DATASOURCE_LABELS[id]} />
              ))}
            </SimpleGrid>
          </Radio.Group>
        )}
        <TextInput label="Name" withAsterisk data-autofocus {...form.getInputProps('qName')} />
        {editing || fixedSpace ? (
          <Text size="sm">
            Space:{' '}
            <strong>
              {fixedSpace?.name ??
                (spaces.find((s) => s.value === values.space)?.label ||
                  (values.space ? values.space : 'Personal'))}
            </strong>
          </Text>
        ) : (
          <Select
            label="Space"
            description="Spaces where you cannot create connections are disabled."
            data={[{ value: PERSONAL, label: 'Personal (only you)' }, ...spaces]}
            allowDeselect={false}
            searchable
            {...form.getInputProps('space')}
            value={values.space || PERSONAL}
            onChange={(next) => form.setFieldValue('space', next && next !== PERSONAL ? next : '')}
          />
        )}
        {fields.map(input)}
        {failure !== undefined && <ErrorState error={failure} variant="inline" />}
        <Group justify="flex-end" gap="sm">
          <CopyAsMenu
            forms={() =>
              apiCallForms(
                tenant.host,
                mode.kind === 'edit'
                  ? updateConnectionCall(connectionId ?? '', mode.initial, form.getValues())
                  : createConnectionCall(form.getValues()),
              )
            }
          />
          <Button
            variant="default"
            onClick={onCancel}
            disabled={pending}
            // Pressing Cancel leaves the focused field alone: no check of it, nothing moves under the pointer.
            onMouseDown={(event) => event.preventDefault()}
          >
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {editing ? 'Save' : 'Create connection'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export interface ConnectionFormDrawerProps {
  tenant: TenantTarget;
  opened: boolean;
  onClose: () => void;
  onSaved?: (id: string) => void;
  /** Editing this connection (with its parsed `connectionProperties`); creating when absent. */
  connection?: ConnectionGet;
  editValues?: ConnectionFormValues;
  spaces?: SpaceOption[];
  fixedSpace?: { id: string; name: string };
}

export function ConnectionFormDrawer({
  tenant,
  opened,
  onClose,
  onSaved,
  connection,
  editValues,
  spaces = [],
  fixedSpace,
}: ConnectionFormDrawerProps) {
  const mode: FormMode = editValues ? { kind: 'edit', initial: editValues } : { kind: 'create' };
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="md"
      title={connection ? `Edit ${connection.qName}` : 'New data connection'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {opened && (
        <ConnectionFormBody
          tenant={tenant}
          mode={mode}
          connectionId={connection?.qID}
          spaces={spaces}
          fixedSpace={fixedSpace}
          initialValues={editValues ?? emptyFormValues('postgres', fixedSpace?.id ?? '')}
          onCancel={onClose}
          onDone={(id) => {
            onClose();
            onSaved?.(id);
          }}
        />
      )}
    </Drawer>
  );
}
