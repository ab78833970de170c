import { Table, Text } from '@mantine/core';
import { EmptyState } from '@/components/empty-state';
import type { DataSetProfileState } from '../api/data-set-profiles';
import { ProfilingNotice } from './profile-tab';

/** The first rows the profiler kept, as text. */
export function SampleTab({ state }: { state: DataSetProfileState }) {
  if (state.computing) return <ProfilingNotice />;
  const sample = state.profile?.samples?.[0];
  const names = sample?.fieldNames ?? [];
  const records = sample?.records ?? [];
  if (names.length === 0 || records.length === 0) {
    return (
      <EmptyState title="No sample rows" description="The tenant kept no sample rows for this data set." />
    );
  }
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        First {records.length} row{records.length === 1 ? '' : 's'}
      </Text>
      <Table.ScrollContainer minWidth={Math.min(names.length * 140, 2000)}>
        <Table striped withTableBorder>
          <caption style={{ captionSide: 'top', textAlign: 'left' }}>
            <Text size="sm" c="dimmed" component="span">
              Sample rows
            </Text>
          </caption>
          <Table.Thead>
            <Table.Tr>
              {names.map((name, index) => (
                <Table.Th key={`${index}:${name}`} scope="col">
                  {name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {records.map((record, row) => (
              <Table.Tr key={row}>
                {names.map((name, column) => (
                  <Table.Td key={`${column}:${name}`}>{record.values?.[column] ?? ''}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
