import { Badge, Modal, Table, Text } from '@mantine/core';

export interface BulkResultRow {
  id: string;
  name: string;
  ok: boolean;
  /** Why it failed, from the tenant's per-item error. */
  detail?: string;
}

/** Per-item outcome of a batch action: which succeeded, which failed and why. */
export function BulkResultsModal({
  title,
  results,
  onClose,
}: {
  title: string;
  results: BulkResultRow[] | undefined;
  onClose: () => void;
}) {
  const failed = results?.filter((r) => !r.ok).length ?? 0;
  return (
    <Modal
      opened={results !== undefined}
      onClose={onClose}
      title={title}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {results && (
        <>
          <Text size="sm" mb="sm" role="status">
            {results.length - failed} of {results.length} deleted
            {failed > 0 ? `, ${failed} failed` : ''}.
          </Text>
          <Table aria-label="Results per connection">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Connection</Table.Th>
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
                        Deleted
                      </Badge>
                    ) : (
                      <>
                        <Badge color="red" variant="light" mr="xs">
                          Failed
                        </Badge>
                        <Text span size="sm">
                          {row.detail ?? 'The tenant refused it.'}
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
