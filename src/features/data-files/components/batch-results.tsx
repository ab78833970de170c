import { Badge, Modal, Table, Text } from '@mantine/core';
import type { BatchResult } from '../model';

/** Per-item outcome of a batch action (the 207 body): which succeeded, which failed and why. */
export function BatchResultsModal({
  title,
  verb,
  results,
  onClose,
}: {
  title: string;
  /** Past tense for a success, e.g. "Deleted". */
  verb: string;
  results: BatchResult[] | undefined;
  onClose: () => void;
}) {
  const failed = results?.filter((r) => !r.ok).length ?? 0;
  return (
    <Modal opened={results !== undefined} onClose={onClose} title={title} size="lg">
      {results && (
        <>
          <Text size="sm" mb="sm" role="status">
            {results.length - failed} of {results.length} {verb.toLowerCase()}
            {failed > 0 ? `, ${failed} failed` : ''}.
          </Text>
          <Table aria-label="Results per item">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Item</Table.Th>
                <Table.Th scope="col">Result</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{row.name}</Table.Td>
                  <Table.Td>
                    {row.ok ? (
                      <Badge color="green" variant="light">
                        {verb}
                      </Badge>
                    ) : (
                      <>
                        <Badge color="red" variant="light" mr="xs">
                          Failed
                        </Badge>
                        <Text span size="sm">
                          {row.message}
                        </Text>
                      </>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Modal>
  );
}
