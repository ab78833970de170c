import { Badge, Group, Table, Text, TextInput } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import type { DataField } from '@qlik/api/data-sets';
import { EmptyState } from '@/components/empty-state';
import { ProfilingNotice } from './profile-tab';

export interface SchemaTabProps {
  fields: DataField[];
  filter: string;
  /** The tenant is still inferring the schema (the profile answers 202). */
  profiling?: boolean;
  onFilterChange: (filter: string) => void;
}

export function filterFields(fields: DataField[], filter: string): DataField[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return fields;
  return fields.filter(
    (f) =>
      f.name.toLowerCase().includes(needle) ||
      f.dataType.type.toLowerCase().includes(needle) ||
      (f.tags ?? []).some((t) => t.toLowerCase().includes(needle)),
  );
}

export function SchemaTab({ fields, filter, profiling, onFilterChange }: SchemaTabProps) {
  const shown = filterFields(fields, filter);
  return (
    <>
      <Group justify="space-between" mb="sm">
        <TextInput
          label="Filter fields"
          placeholder="Name, type or tag"
          leftSection={<IconFilter size={16} aria-hidden />}
          value={filter}
          onChange={(event) => onFilterChange(event.currentTarget.value)}
          w={300}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {shown.length === fields.length
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
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <caption style={{ captionSide: 'top', textAlign: 'left' }}>
              <Text size="sm" c="dimmed" component="span">
                Fields of the data set
              </Text>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">Field</Table.Th>
                <Table.Th scope="col">Type</Table.Th>
                <Table.Th scope="col">Nullable</Table.Th>
                <Table.Th scope="col">Tags</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((field) => (
                <Table.Tr key={`${field.index ?? ''}:${field.name}`}>
                  <Table.Td>{(field.index ?? 0) + 1}</Table.Td>
                  <Table.Th scope="row" fw={500}>
                    {field.name}
                    {field.primaryKey ? (
                      <Badge ml={6} size="xs" variant="outline">
                        key
                      </Badge>
                    ) : null}
                  </Table.Th>
                  <Table.Td>
                    <Badge variant="light" tt="none">
                      {field.dataType.type}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{field.nullable === undefined ? '—' : field.nullable ? 'Yes' : 'No'}</Table.Td>
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
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
