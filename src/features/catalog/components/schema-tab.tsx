import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { Anchor, Badge, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import type { DataField } from '@qlik/api/data-sets';
import { EmptyState } from '@/components/empty-state';
import { GuardedActionIcon, type Permission } from '@/components/guarded-action';
import { SearchInput } from '@/components/search-input';
import { SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { isPersonal } from '../api/update-data-set';
import { FieldEditRow, type FieldEditing } from './field-edit-row';
import { ProfilingNotice } from './profile-tab';
import classes from './catalog.module.css';

export interface SchemaTabProps {
  fields: DataField[];
  filter: string;
  /** The tenant is still inferring the schema (the profile answers 202). */
  profiling?: boolean;
  onFilterChange: (filter: string) => void;
  /** Opens a field's panel (statistics, charts, samples, metadata). */
  onOpenField?: (name: string) => void;
  /** Editing of the fields' metadata; without it the table is read-only. */
  editing?: FieldEditing & { permission: Permission };
}

/** What the filter matches in a field: its name, alias, description, type and tags, in lower case. */
function searchTextOf(field: DataField): string {
  return [
    field.name,
    field.alias ?? '',
    field.description ?? '',
    field.dataType.type,
    ...(field.tags ?? []),
    ...(field.userTags ?? []).map((t) => t.name ?? ''),
  ]
    .join('\u0000')
    .toLowerCase();
}

const searchTexts = new WeakMap<readonly DataField[], string[]>();

/**
 * Fields whose name, alias, type, description or tags contain the filter (case-insensitive). The lower-case
 * texts are made once per fields array (the data set as the tenant sent it), so a keystroke is one pass of
 * `includes` over 5,000 strings, not 5,000 × six `toLowerCase`.
 */
export function filterFields(fields: readonly DataField[], filter: string): readonly DataField[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return fields;
  let texts = searchTexts.get(fields);
  if (!texts) {
    texts = fields.map(searchTextOf);
    searchTexts.set(fields, texts);
  }
  const found = texts;
  return fields.filter((_, i) => found[i]!.includes(needle));
}

/** Before the rows' own render: none drawn. */
const NO_FIELDS: readonly DataField[] = [];

const ROW_HEIGHT = 41;
const COLUMNS = 9;

function Flags({ field }: { field: DataField }) {
  return (
    <Group gap={4} wrap="nowrap">
      {field.primaryKey ? (
        <Badge size="xs" variant="outline">
          key
        </Badge>
      ) : null}
      {field.sensitive ? (
        <Badge size="xs" variant="light" color="orange">
          sensitive
        </Badge>
      ) : null}
      {isPersonal(field) ? (
        <Badge size="xs" variant="light" color="grape">
          personal
        </Badge>
      ) : null}
    </Group>
  );
}

/**
 * The fields of the data set, virtualized (the DOM holds the rows in view, so 1,000 fields cost what 20 do),
 * filtered as typed without holding the typing up. A field's name opens its panel; its pencil turns the row into
 * a form for its alias, description, tags and flags.
 */
export function SchemaTab({
  fields,
  filter,
  profiling,
  onFilterChange,
  onOpenField,
  editing,
}: SchemaTabProps) {
  // The rows are drawn in a render of their own at background priority, which React splits into short tasks
  // that give way to input: drawn with the rest of the page, they made one task of a second and more.
  const drawn = useDeferredValue(fields, NO_FIELDS);
  const deferredFilter = useDeferredValue(filter);
  const shown = useMemo(() => filterFields(drawn, deferredFilter), [drawn, deferredFilter]);
  const [editingIndex, setEditingIndex] = useState<number | undefined>(undefined);
  const editButtons = useRef(new Map<number, HTMLButtonElement | null>());
  const { scrollRef, items, paddingTop, paddingBottom, measureElement } = useVirtualRows({
    count: shown.length,
    rowHeight: ROW_HEIGHT,
  });
  // where each field sits in `dataFields`: the patch addresses it there (Qlik's `index` is its ordinal, not that)
  const positions = useMemo(() => new Map(drawn.map((field, position) => [field, position])), [drawn]);
  const positionOf = (field: DataField) => positions.get(field) ?? -1;

  const closeEditor = (position: number, saved: boolean) => {
    setEditingIndex(undefined);
    if (saved) notifications.show({ color: 'teal', message: `Field ${fields[position]?.name ?? ''} saved.` });
    // back to the row's pencil, where the keyboard was
    requestAnimationFrame(() => editButtons.current.get(position)?.focus());
  };

  return (
    <>
      <Group justify="space-between" mb="sm" align="flex-end">
        <SearchInput
          label="Filter fields"
          placeholder="Name, alias, type or tag"
          value={filter}
          onSearch={onFilterChange}
          w={300}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {shown.length === fields.length || drawn === NO_FIELDS
            ? `${fields.length} field${fields.length === 1 ? '' : 's'}`
            : `${shown.length} of ${fields.length} fields`}
        </Text>
      </Group>
      {fields.length === 0 && profiling ? (
        <ProfilingNotice />
      ) : fields.length === 0 ? (
        <EmptyState
          title="No schema yet"
          description="The tenant has not inferred this data set's fields yet, or the file has none."
        />
      ) : (
        <div ref={scrollRef} className={classes.schemaViewport}>
          <Table miw={1040}>
            <caption>
              <VisuallyHidden>Fields of the data set</VisuallyHidden>
            </caption>
            <Table.Thead className={classes.stickyHead}>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">Field</Table.Th>
                <Table.Th scope="col">Alias</Table.Th>
                <Table.Th scope="col">Type</Table.Th>
                <Table.Th scope="col">Nullable</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
                <Table.Th scope="col">Tags</Table.Th>
                <Table.Th scope="col">Flags</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <SpacerRow height={paddingTop} colSpan={COLUMNS} />
              {items.map((item) => {
                const field = shown[item.index]!;
                const position = positionOf(field);
                if (editing && editingIndex === position) {
                  return (
                    <Table.Tr
                      key={`edit:${position}`}
                      data-index={item.index}
                      ref={measureElement}
                      className={classes.editRow}
                    >
                      <Table.Td colSpan={COLUMNS}>
                        <FieldEditRow
                          field={field}
                          index={position}
                          fields={fields}
                          editing={editing}
                          onDone={(saved) => closeEditor(position, saved)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                }
                return (
                  <Table.Tr key={`${position}:${field.name}`} data-index={item.index} ref={measureElement}>
                    <Table.Td>{(field.index ?? position) + 1}</Table.Td>
                    <Table.Th scope="row" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {onOpenField ? (
                        <Anchor
                          component="button"
                          type="button"
                          fw={500}
                          size="sm"
                          onClick={() => onOpenField(field.name)}
                        >
                          {field.name}
                        </Anchor>
                      ) : (
                        field.name
                      )}
                    </Table.Th>
                    <Table.Td>{field.alias ?? ''}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" tt="none">
                        {field.dataType.type}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{field.nullable === undefined ? '—' : field.nullable ? 'Yes' : 'No'}</Table.Td>
                    <Table.Td maw={280}>
                      <Text size="sm" truncate="end" title={field.description}>
                        {field.description ?? ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {(field.tags ?? []).map((tag) => (
                          <Badge key={tag} size="xs" variant="default" tt="none">
                            {tag}
                          </Badge>
                        ))}
                        {(field.userTags ?? []).map((tag) => (
                          <Badge key={`u:${tag.id ?? tag.name}`} size="xs" variant="light" tt="none">
                            {tag.name}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Flags field={field} />
                    </Table.Td>
                    <Table.Td>
                      {editing && (
                        <GuardedActionIcon
                          permission={editing.permission}
                          label={`Edit field ${field.name}`}
                          buttonRef={(element) => void editButtons.current.set(position, element)}
                          onClick={() => setEditingIndex(position)}
                        >
                          <IconPencil size={16} aria-hidden />
                        </GuardedActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
              <SpacerRow height={paddingBottom} colSpan={COLUMNS} />
            </Table.Tbody>
          </Table>
        </div>
      )}
    </>
  );
}
