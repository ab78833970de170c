import { useState, type FormEvent } from 'react';
import {
  Button,
  Checkbox,
  Group,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { DataField, JsonPatch } from '@qlik/api/data-sets';
import { ErrorState } from '@/components/error-state';
import { describeError } from '@/lib/api-error';
import {
  MAX_FIELD_DESCRIPTION,
  aliasProblem,
  draftKeyOfPatchError,
  fieldDraftOf,
  fieldPatch,
  isStaleEdit,
  versionTest,
  type FieldDraft,
  type FieldDraftKey,
} from '../api/update-data-set';
import { StaleEditNotice } from './stale-edit-notice';

/** What the schema table needs to edit fields: the set's version, the save and the reload after a 409. */
export interface FieldEditing {
  version: number | undefined;
  /** Sends the patch; rejects with the tenant's error. */
  save: (ops: JsonPatch[]) => Promise<unknown>;
  reload: () => void;
  reloading: boolean;
}

export interface FieldEditRowProps {
  field: DataField;
  index: number;
  fields: readonly DataField[];
  editing: FieldEditing;
  onDone: (saved: boolean) => void;
}

/**
 * One field's metadata, edited in place in the schema table. Qlik's rules are said where they apply: the alias
 * (unique, and no other field's name: else 400, shown on the alias) and the version (an edit made on an older
 * version is refused with 409: the row keeps what was typed and offers to reload). Escape cancels.
 */
export function FieldEditRow({ field, index, fields, editing, onDone }: FieldEditRowProps) {
  const [draft, setDraft] = useState<FieldDraft>(() => fieldDraftOf(field));
  const [errors, setErrors] = useState<Partial<Record<FieldDraftKey, string>>>({});
  const [stale, setStale] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const set = <K extends FieldDraftKey>(key: K, value: FieldDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldDraftKey, string>> = {};
    const alias = aliasProblem(draft.alias, field, fields);
    if (alias) problems.alias = alias;
    if (draft.description.length > MAX_FIELD_DESCRIPTION) {
      problems.description = `At most ${MAX_FIELD_DESCRIPTION} characters.`;
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const changes = fieldPatch(field, index, draft);
    if (changes.length === 0) {
      onDone(false);
      return;
    }
    const ops = [versionTest(editing.version), ...changes];
    setSaving(true);
    setStale(false);
    setFailure(undefined);
    try {
      await editing.save(ops);
      onDone(true);
    } catch (error) {
      if (isStaleEdit(error)) setStale(true);
      else {
        const key = draftKeyOfPatchError(error, ops);
        const description = describeError(error);
        if (key) setErrors({ [key]: description.detail ?? description.message });
        else setFailure(error);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !saving) {
          event.stopPropagation();
          onDone(false);
        }
      }}
      aria-label={`Edit field ${field.name}`}
    >
      <Stack gap="sm" py="xs">
        <Text fw={600} size="sm">
          Edit field {field.name}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
          <TextInput
            label="Alias"
            description="Unique among this table's aliases and not another field's name; the tenant refuses anything else (400)."
            value={draft.alias}
            error={errors.alias}
            onChange={(event) => set('alias', event.currentTarget.value)}
            data-autofocus
            autoFocus
          />
          <Textarea
            label="Description"
            autosize
            minRows={1}
            maxRows={4}
            value={draft.description}
            error={errors.description}
            onChange={(event) => set('description', event.currentTarget.value)}
          />
          <TagsInput
            label="Tags"
            placeholder="Type a tag and press Enter"
            value={draft.tags}
            error={errors.tags}
            onChange={(tags) => set('tags', tags)}
            clearable
          />
        </SimpleGrid>
        <Group gap="lg">
          <Checkbox
            label="Sensitive"
            checked={draft.sensitive}
            error={errors.sensitive}
            onChange={(event) => set('sensitive', event.currentTarget.checked)}
          />
          <Checkbox
            label="Personal data"
            checked={draft.personal}
            error={errors.personal}
            onChange={(event) => set('personal', event.currentTarget.checked)}
          />
          <Checkbox
            label="Primary key"
            checked={draft.primaryKey}
            error={errors.primaryKey}
            onChange={(event) => set('primaryKey', event.currentTarget.checked)}
          />
        </Group>
        {stale && <StaleEditNotice onReload={editing.reload} reloading={editing.reloading} />}
        {failure !== undefined && <ErrorState variant="inline" error={failure} />}
        <Group justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed">
            Saved only if nobody changed the data set since version {editing.version ?? '—'}; otherwise the
            tenant answers 409 and nothing is saved.
          </Text>
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={() => onDone(false)} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={saving}>
              Save field
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
