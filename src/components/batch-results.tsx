import { Badge, Modal, Table, Text } from '@mantine/core';

export interface BatchResultRow {
  id: string;
  name: string;
  ok: boolean;
  /** Why it failed, in words (from the tenant's per-item error). */
  message?: string;
}

/** Per-item outcome of a batch action (a 207 body or per-item calls): which succeeded, which failed and why. */
export function BatchResultsModal({
  title,
  verb,
  itemLabel,
  closeLabel,
  results,
  onClose,
}: {
  title: string;
  /** Past tense for a success, e.g. "Deleted". */
  verb: string;
  /** What one row is, for the column header and the table's name, e.g. "Connection". */
  itemLabel: string;
  /** Accessible name of the modal's close button. */
  closeLabel?: string;
  results: BatchResultRow[] | undefined;
  onClose: () => void;
}) {
  const failed = results?.filter((r) => !r.ok).length ?? 0;
  return (
    <Modal
      opened={results !== undefined}
      onClose={onClose}
      title={title}
      size="lg"
      closeButtonProps={closeLabel ? { 'aria-label': closeLabel } : undefined}
    >
      {results && (
        <>
          <Text size="sm" mb="sm" role="status">
            {results.length - failed} of {results.length} {verb.toLowerCase()}
            {failed > 0 ? `, ${failed} failed` : ''}.
          </Text>
          <Table aria-label={`Results per ${itemLabel.toLowerCase()}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{itemLabel}</Table.Th>
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
                          {row.message ?? 'The tenant refused it.'}
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
