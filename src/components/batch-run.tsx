import { useRef, useState, type ReactNode } from 'react';
import { IconTrash } from '@tabler/icons-react';
import { Badge, Button, Group, Modal, Progress, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { formatCount } from '@/lib/format';
import {
  countOutcomes,
  runBatch,
  type BatchJob,
  type BatchOutcome,
  type BatchProgress,
  type BatchResult,
  type BatchStatus,
} from '@/lib/batch-runner';
import { describeError } from '@/lib/api-error';
import { SpacerRow, useVirtualRows } from './virtual-rows';
import { GuardedButton, type Permission } from './guarded-action';

export interface BatchRunRequest<T> extends Omit<BatchJob<T>, 'signal' | 'onProgress'> {
  /** The dialog's title, e.g. "Delete 10,000 spaces". */
  title: string;
  /** Past tense for an item done, e.g. "Deleted". */
  verb: string;
  /** What one item is, for the results table's name and header, e.g. "Space". */
  itemLabel: string;
  /** After the run (finished or cancelled): invalidate lists, keep failed items selected… */
  onFinished?: (result: BatchResult) => void;
}

/**
 * A list's batch delete: says what it takes ("Delete 3 spaces", "Delete all matching items"), or why it cannot
 * run; busy while a batch runs.
 */
export function BatchDeleteButton({
  permission,
  what,
  running,
  onClick,
  size = 'xs',
}: {
  permission: Permission;
  /** What is selected, e.g. "3 spaces"; undefined while nothing is. */
  what: string | undefined;
  running: boolean;
  onClick: () => void;
  size?: 'xs' | 'sm';
}) {
  return (
    <GuardedButton
      permission={permission}
      color="red"
      variant="light"
      size={size}
      leftSection={<IconTrash size={16} aria-hidden />}
      onClick={onClick}
      loading={running}
    >
      {what ? `Delete ${what}` : 'Delete selected'}
    </GuardedButton>
  );
}

/** Rows of results shown at once: a batch over 10,000 items lists its problems, not 10,000 successes. */
/** A result row's fixed height: one line, so the virtualizer never has to measure. */
const RESULT_ROW_HEIGHT = 37;

const STATUS_BADGE: Record<BatchStatus, { color: string; label: (verb: string) => string }> = {
  done: { color: 'green', label: (verb) => verb },
  skipped: { color: 'gray', label: () => 'Skipped' },
  failed: { color: 'red', label: () => 'Failed' },
  'not-run': { color: 'yellow', label: () => 'Not run' },
};

interface RunState {
  title: string;
  verb: string;
  itemLabel: string;
  progress: BatchProgress;
  result?: BatchResult;
}

/**
 * Runs batch actions with a dialog that shows progress (with the tenant's rate-limit pauses), offers Cancel, and
 * then lists the result of every item that was skipped, failed or not run. One per list.
 */
export function useBatchRun() {
  const [state, setState] = useState<RunState>();
  const controller = useRef<AbortController | undefined>(undefined);

  function start<T>(request: BatchRunRequest<T>) {
    const { title, verb, itemLabel, onFinished, ...job } = request;
    const abort = new AbortController();
    controller.current = abort;
    const initial: BatchProgress = { total: 0, collected: false, done: 0, skipped: 0, failed: 0 };
    setState({ title, verb, itemLabel, progress: initial });
    void runBatch({
      ...job,
      signal: abort.signal,
      onProgress: (progress) => setState((prev) => (prev ? { ...prev, progress } : prev)),
    }).then((result) => {
      setState((prev) => (prev ? { ...prev, result } : prev));
      onFinished?.(result);
    });
  }

  const dialog = state ? (
    <BatchRunDialog
      state={state}
      onCancel={() => controller.current?.abort()}
      onClose={() => setState(undefined)}
    />
  ) : null;

  return { start, running: Boolean(state && !state.result), dialog };
}

function BatchRunDialog({
  state,
  onCancel,
  onClose,
}: {
  state: RunState;
  onCancel: () => void;
  onClose: () => void;
}) {
  const { title, verb, itemLabel, progress, result } = state;
  const [show, setShow] = useState<'problems' | 'all'>('problems');
  const handled = progress.done + progress.skipped + progress.failed;
  const value = progress.total ? (handled / progress.total) * 100 : 0;
  const finished = result !== undefined;

  let summary: ReactNode;
  if (!finished) {
    summary = (
      <>
        {formatCount(handled)} of {formatCount(progress.total)}
        {progress.collected ? '' : '+'} handled: {formatCount(progress.done)} {verb.toLowerCase()},{' '}
        {formatCount(progress.skipped)} skipped, {formatCount(progress.failed)} failed.
        {progress.waitingSeconds !== undefined &&
          ` Waiting ${progress.waitingSeconds} s: the tenant asked to slow down.`}
      </>
    );
  } else {
    const counts = countOutcomes(result.outcomes);
    summary = (
      <>
        {result.cancelled ? 'Cancelled. ' : ''}
        {formatCount(counts.done)} of {formatCount(result.outcomes.length)} {verb.toLowerCase()}
        {counts.skipped ? `, ${formatCount(counts.skipped)} skipped` : ''}
        {counts.failed ? `, ${formatCount(counts.failed)} failed` : ''}
        {counts['not-run'] ? `, ${formatCount(counts['not-run'])} not run` : ''}.
        {result.collectError !== undefined &&
          ` Not every matching item could be read: ${describeError(result.collectError).message}`}
      </>
    );
  }

  const rows: BatchOutcome[] = finished
    ? result.outcomes.filter((o) => show === 'all' || o.status !== 'done')
    : [];

  return (
    <Modal
      opened
      onClose={finished ? onClose : () => {}}
      withCloseButton={finished}
      closeOnEscape={finished}
      closeOnClickOutside={false}
      title={title}
      size="lg"
    >
      <Stack gap="sm">
        <Progress
          value={finished ? 100 : value}
          aria-label={`${title}: progress`}
          animated={!finished}
          color={finished && result.cancelled ? 'yellow' : undefined}
        />
        <Text size="sm" role="status" aria-live="polite" data-testid="batch-summary">
          {summary}
        </Text>
        {finished && result.outcomes.length > 0 && (
          <>
            <SegmentedControl
              aria-label="Results to show"
              size="xs"
              value={show}
              onChange={(value) => setShow(value as 'problems' | 'all')}
              data={[
                { value: 'problems', label: 'Skipped, failed, not run' },
                { value: 'all', label: 'All' },
              ]}
            />
            {rows.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing was skipped or failed.
              </Text>
            ) : (
              <BatchResultsTable rows={rows} itemLabel={itemLabel} verb={verb} />
            )}
          </>
        )}
        <Group justify="flex-end">
          {finished ? (
            // "Done", not a second "Close": the header's close button already has that name.
            <Button onClick={onClose}>Done</Button>
          ) : (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Every item's result, virtualized: a batch over 10,000 spaces lists all of them (the not-run ones of a cancelled
 * run come after thousands of others), at the cost of the rows in view.
 */
function BatchResultsTable({ rows, itemLabel, verb }: { rows: BatchOutcome[]; itemLabel: string; verb: string }) {
  const { scrollRef, items, paddingTop, paddingBottom } = useVirtualRows({
    count: rows.length,
    rowHeight: RESULT_ROW_HEIGHT,
  });
  return (
    <div ref={scrollRef} style={{ maxHeight: '45vh', overflow: 'auto' }}>
      <Table aria-label={`Results per ${itemLabel.toLowerCase()}`} aria-rowcount={rows.length + 1} stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{itemLabel}</Table.Th>
            <Table.Th scope="col">Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={paddingTop} colSpan={2} />
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <Table.Tr key={row.id} aria-rowindex={item.index + 2} style={{ height: RESULT_ROW_HEIGHT }}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.name}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge color={STATUS_BADGE[row.status].color} variant="light" mr="xs">
                    {STATUS_BADGE[row.status].label(verb)}
                  </Badge>
                  {row.message && (
                    <Text span size="sm" title={row.message}>
                      {row.message}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
          <SpacerRow height={paddingBottom} colSpan={2} />
        </Table.Tbody>
      </Table>
    </div>
  );
}
