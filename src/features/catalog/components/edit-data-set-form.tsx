import { Button, Group, Stack, TagsInput, Textarea, Tooltip } from '@mantine/core';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { apiCallForms } from '@/lib/api-call';
import { patchDataSetCall } from '../api/api-calls';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { DataSet, JsonPatch } from '@qlik/api/data-sets';
import { ErrorState } from '@/components/error-state';
import { describeError } from '@/lib/api-error';
import type { TenantTarget } from '@/lib/qlik-host';
import {
  editPatch,
  fieldOfPatchError,
  isStaleEdit,
  useUpdateDataSet,
  versionTest,
  type DataSetEdit,
} from '../api/update-data-set';
import { StaleEditNotice } from './stale-edit-notice';

export const MAX_DESCRIPTION = 1024;
export const MAX_TAG_LENGTH = 256;

/** Why the caller may not edit, from the item's `actions`; undefined when they may. */
export function editDisabledReason(actions: string[] | undefined, itemLoaded: boolean): string | undefined {
  if (!itemLoaded) return 'Checking whether you may change this data set…';
  if (!actions) return 'The tenant does not say whether you may change this data set.';
  return actions.includes('update')
    ? undefined
    : 'Changing a data set needs the owner, Can manage or Can edit role in its space.';
}

export interface EditDataSetFormProps {
  target: TenantTarget;
  dataSet: DataSet;
  /** Why the caller cannot change it; undefined when they can. */
  disabledReason?: string;
  /** Reads the data set again (after a 409: someone changed it meanwhile). */
  onReload: () => void;
  reloading: boolean;
}

/**
 * Description and tags. The form keeps what was typed when the tenant refuses it: the refusal lands on the field
 * it is about, or above the buttons when it is about neither.
 */
export function EditDataSetForm({
  target,
  dataSet,
  disabledReason,
  onReload,
  reloading,
}: EditDataSetFormProps) {
  const mutation = useUpdateDataSet(target, dataSet.id!);
  const form = useForm<DataSetEdit>({
    mode: 'controlled',
    initialValues: { description: dataSet.description ?? '', tags: dataSet.tags ?? [] },
    validate: {
      description: (value) =>
        value.length > MAX_DESCRIPTION ? `At most ${MAX_DESCRIPTION} characters.` : null,
      tags: (value) =>
        value.some((tag) => tag.length > MAX_TAG_LENGTH)
          ? `A tag is at most ${MAX_TAG_LENGTH} characters.`
          : null,
    },
  });
  const disabled = disabledReason !== undefined;

  const submit = form.onSubmit((values) => {
    const changes = editPatch(dataSet, values);
    if (changes.length === 0) return;
    const ops: JsonPatch[] = [versionTest(dataSet.version), ...changes];
    mutation.mutate(ops, {
      onSuccess: () => {
        form.setInitialValues(values);
        form.resetDirty(values);
        notifications.show({ color: 'teal', message: 'Data set saved.' });
      },
      onError: (error) => {
        const field = fieldOfPatchError(error, ops);
        if (field) form.setFieldError(field, describeError(error).detail ?? describeError(error).message);
      },
    });
  });

  const stale = mutation.isError && isStaleEdit(mutation.error);
  const unplacedError =
    mutation.isError &&
    !stale &&
    !fieldOfPatchError(mutation.error, [
      versionTest(dataSet.version),
      ...editPatch(dataSet, form.getValues()),
    ])
      ? mutation.error
      : undefined;

  const save = (
    <Button type="submit" loading={mutation.isPending} disabled={disabled || !form.isDirty()}>
      Save
    </Button>
  );

  return (
    <form onSubmit={submit} aria-label="Edit data set">
      <Stack gap="sm">
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={8}
          disabled={disabled}
          {...form.getInputProps('description')}
        />
        <TagsInput
          label="Tags"
          placeholder={disabled ? undefined : 'Type a tag and press Enter'}
          clearable
          disabled={disabled}
          {...form.getInputProps('tags')}
        />
        {stale && <StaleEditNotice onReload={onReload} reloading={reloading} />}
        {unplacedError !== undefined && <ErrorState variant="inline" error={unplacedError} />}
        <Group justify="flex-end">
          <CopyAsMenu
            forms={() =>
              apiCallForms(
                target.host,
                patchDataSetCall(dataSet.id!, [
                  versionTest(dataSet.version),
                  ...editPatch(dataSet, form.getValues()),
                ]),
              )
            }
          />
          <Button
            variant="default"
            disabled={disabled || !form.isDirty() || mutation.isPending}
            onClick={() => {
              form.reset();
              mutation.reset();
            }}
          >
            Discard changes
          </Button>
          {disabled ? (
            <Tooltip label={disabledReason}>
              <span tabIndex={0}>{save}</span>
            </Tooltip>
          ) : (
            save
          )}
        </Group>
      </Stack>
    </form>
  );
}
