import { memo, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useRouterState } from '@tanstack/react-router';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconChevronDown,
  IconChevronUp,
  IconFileUpload,
  IconPlayerPause,
  IconPlayerPlay,
  IconRefresh,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import classes from './upload-panel.module.css';
import { formatBytes } from '@/lib/format';
import { FINISHED_STATES, formatDuration, type UploadItem, type UploadState } from '../model';
import type { QueueSummary, UploadQueue } from '../queue';
import { useQueueSnapshot, useUploadQueue } from '../hooks/use-upload-queue';

const STATE_LABEL: Record<UploadState, { label: string; color: string }> = {
  checking: { label: 'Checking', color: 'gray' },
  conflict: { label: 'Name in use', color: 'yellow' },
  queued: { label: 'Queued', color: 'gray' },
  uploading: { label: 'Uploading', color: 'blue' },
  finishing: { label: 'Finishing', color: 'blue' },
  paused: { label: 'Paused', color: 'gray' },
  'waiting-network': { label: 'Waiting for network', color: 'orange' },
  'rate-limited': { label: 'Rate limited', color: 'orange' },
  done: { label: 'Uploaded', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  refused: { label: 'Refused', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  interrupted: { label: 'Interrupted', color: 'orange' },
};

const count = new Intl.NumberFormat('en-US');
const percent = (loaded: number, size: number) => (size > 0 ? Math.min(100, (loaded / size) * 100) : 100);

type Filter = 'all' | 'waiting' | 'done' | 'failed';
const FILTERS: Record<Filter, (item: UploadItem) => boolean> = {
  all: () => true,
  waiting: (i) => !FINISHED_STATES.has(i.state) && !['failed', 'refused', 'interrupted'].includes(i.state),
  done: (i) => i.state === 'done',
  failed: (i) => ['failed', 'refused', 'interrupted'].includes(i.state),
};

/** "9,412 of 10,000 done, 3 failed, 585 waiting": the counts that are not zero, done always. */
export function summaryText(s: QueueSummary): string {
  return [
    `${count.format(s.done)} of ${count.format(s.total)} done`,
    s.failed ? `${count.format(s.failed)} failed` : undefined,
    s.waiting ? `${count.format(s.waiting)} waiting` : undefined,
    s.paused ? `${count.format(s.paused)} paused` : undefined,
    s.dropped ? `${count.format(s.dropped)} skipped or cancelled` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * What the conflict prompt shows above Replace about the existing file (the app shell passes the catalog's schema
 * diff preview; uploads know nothing of data sets).
 */
export type ConflictPreview = (conflict: {
  dataFileId: string;
  file: File | undefined;
  name: string;
}) => ReactNode;

/** The upload panel for the signed-in tenant; mounted once in the app shell's footer so uploads outlive navigation. */
export function UploadPanel({ conflictPreview }: { conflictPreview?: ConflictPreview }) {
  const queue = useUploadQueue();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return <UploadPanelView queue={queue} page={pathname} conflictPreview={conflictPreview} />;
}

function Control({
  label,
  onClick,
  children,
  color,
  plainTitle = false,
}: {
  label: string;
  onClick: () => void;
  children: React.ReactNode;
  color?: string;
  /**
   * The name as a native tooltip instead of Mantine's: its floating-ui hooks made up a good part of the list's
   * render time, three or four per row, and rows render whenever their upload changes.
   */
  plainTitle?: boolean;
}) {
  const icon = (
    <ActionIcon
      variant="subtle"
      color={color ?? 'gray'}
      aria-label={label}
      title={plainTitle ? label : undefined}
      onClick={onClick}
    >
      {children}
    </ActionIcon>
  );
  return plainTitle ? icon : <Tooltip label={label}>{icon}</Tooltip>;
}

/**
 * A bar with the counts, overall progress and the actions on all uploads, which sits in the app shell's footer (the
 * page keeps room for it, so it covers no control), and above it, when shown, the per-file list: filtered,
 * virtualized with rows of one fixed height, so 30,000 files cost what 15 do.
 */
export function UploadPanelView({
  queue,
  page,
  conflictPreview,
}: {
  queue: UploadQueue;
  page?: string;
  conflictPreview?: ConflictPreview;
}) {
  const { items, summary, announcement } = useQueueSnapshot(queue);
  const allDone = summary.total > 0 && summary.done === summary.total;
  // Mounted after its files are done (the panel's chunk loads on the first drop; a small file can beat it), it
  // starts folded, as it would have folded had it seen them finish.
  const [expanded, setExpanded] = useState(!allDone);
  // The list floats over the page's lower right: on another page it would cover that page's controls (a data
  // set's schema rows, after a drop and a click on "Data set"), so moving on folds it into the bar.
  const [shownOn, setShownOn] = useState(page);
  if (page !== shownOn) {
    setShownOn(page);
    setExpanded(false);
  }
  // Once every file is done the list has nothing left to act on: it folds into the bar ("12 of 12 done"), so it
  // stops covering the rows the admin goes on to (a new file's "Data set" link sat under it). Failures keep it
  // open, and files added after that open it again, with any question they raise (a name in use).
  const [wasAllDone, setWasAllDone] = useState(allDone);
  if (allDone !== wasAllDone) {
    setWasAllDone(allDone);
    setExpanded(!allDone);
  }
  const [filter, setFilter] = useState<Filter>('all');
  const detailsId = useId();
  const titleId = useId();

  // Leaving the page drops uploads that are sending; the browser asks first.
  useEffect(() => {
    if (!summary.sending) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [summary.sending]);

  const conflict = summary.conflicts > 0 ? items.find((i) => i.state === 'conflict') : undefined;
  const live = (
    <VisuallyHidden aria-live="polite" role="status">
      {announcement?.text}
    </VisuallyHidden>
  );
  if (items.length === 0) return live;

  const remaining =
    summary.bytesPerSecond > 0 ? (summary.size - summary.loaded) / summary.bytesPerSecond : undefined;
  const rate = [
    summary.offline ? 'waiting for network' : undefined,
    summary.bytesPerSecond > 0 ? `${formatBytes(summary.bytesPerSecond)}/s` : undefined,
    remaining !== undefined && summary.waiting > 0 ? `${formatDuration(remaining)} left` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  // Only walked when something is paused: 30,000 items four times a second add up.
  const pausedAllTus = summary.paused > 0 && items.every((i) => i.state !== 'paused' || i.method === 'tus');

  return (
    <section aria-labelledby={titleId} className={classes.panel}>
      {live}
      {expanded && (
        <Paper id={detailsId} shadow="lg" p="sm" className={classes.details} withBorder>
          {conflict && (
            <ConflictPrompt queue={queue} item={conflict} items={items} preview={conflictPreview} />
          )}
          <SegmentedControl
            size="xs"
            fullWidth
            aria-label="Show uploads"
            value={filter}
            onChange={(value) => setFilter(value as Filter)}
            data={[
              { value: 'all', label: `All ${count.format(summary.total)}` },
              { value: 'waiting', label: `Waiting ${count.format(summary.waiting + summary.paused)}` },
              { value: 'done', label: `Done ${count.format(summary.done)}` },
              { value: 'failed', label: `Failed ${count.format(summary.failed)}` },
            ]}
          />
          <UploadList queue={queue} items={items} filter={filter} />
        </Paper>
      )}
      <Group className={classes.bar} justify="space-between" wrap="nowrap" gap="xs" px="md">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Title order={2} size="h6" id={titleId}>
              Uploads
            </Title>
            <Text size="sm" truncate="end" style={{ minWidth: 0 }}>
              {summaryText(summary)}
            </Text>
            {rate && (
              <Text size="xs" className={classes.muted} truncate="end" visibleFrom="sm">
                {rate}
              </Text>
            )}
          </Group>
          <Progress.Root size="xs">
            <Progress.Section
              value={percent(summary.loaded, summary.size)}
              aria-label="All uploads"
              color={summary.failed > 0 ? 'orange' : undefined}
            />
          </Progress.Root>
        </Stack>
        <Group gap={2} wrap="nowrap">
          {conflict && !expanded && (
            <Button size="compact-xs" color="yellow.8" onClick={() => setExpanded(true)}>
              Name in use: decide
            </Button>
          )}
          {summary.waiting > 0 && (
            <Control label="Pause all" onClick={() => queue.pauseAll()}>
              <IconPlayerPause size={16} aria-hidden />
            </Control>
          )}
          {summary.paused > 0 && (
            <Control
              // tus uploads go on from where they stopped; small files are sent again whole
              label={pausedAllTus ? 'Resume all' : 'Continue paused uploads'}
              onClick={() => queue.resumeAll()}
            >
              <IconPlayerPlay size={16} aria-hidden />
            </Control>
          )}
          {summary.failed > 0 && (
            <Control label="Retry all failed" onClick={() => queue.retryAll()}>
              <IconRefresh size={16} aria-hidden />
            </Control>
          )}
          {summary.waiting + summary.paused > 0 && (
            <Control label="Cancel all" onClick={() => queue.cancelAll()} color="red">
              <IconX size={16} aria-hidden />
            </Control>
          )}
          {summary.finished > 0 && (
            <Control label="Clear finished" onClick={() => queue.clearFinished()}>
              <IconTrash size={16} aria-hidden />
            </Control>
          )}
          <Tooltip label={expanded ? 'Hide upload details' : 'Show upload details'}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={expanded ? 'Hide upload details' : 'Show upload details'}
              aria-expanded={expanded}
              aria-controls={expanded ? detailsId : undefined}
              onClick={() => setExpanded((e) => !e)}
            >
              {expanded ? <IconChevronDown size={16} aria-hidden /> : <IconChevronUp size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </section>
  );
}

function ConflictPrompt({
  queue,
  item,
  items,
  preview,
}: {
  queue: UploadQueue;
  item: UploadItem;
  items: readonly UploadItem[];
  preview?: ConflictPreview;
}) {
  const [applyToAll, setApplyToAll] = useState(false);
  const others = useMemo(
    () =>
      items.filter((i) => i.batchId === item.batchId && i.state === 'conflict' && i.id !== item.id).length,
    [items, item],
  );
  const headingId = useId();
  const choose = (choice: 'replace' | 'keep-both' | 'skip') =>
    void queue.resolveConflict(item.id, choice, applyToAll);
  return (
    <Paper role="group" aria-labelledby={headingId} p="sm" mb="sm" className={classes.prompt}>
      <Text size="sm" fw={600} id={headingId}>
        “{item.name}” already exists here
      </Text>
      <Text size="xs" className={classes.muted}>
        Replace its content, keep both (the new one gets a numbered name), or skip this file.
      </Text>
      {preview &&
        item.conflictId &&
        preview({ dataFileId: item.conflictId, file: queue.fileOf(item.id), name: item.name })}
      <Group gap="xs" mt="xs">
        <Button size="xs" color="teal.9" onClick={() => choose('replace')}>
          Replace
        </Button>
        <Button size="xs" variant="default" onClick={() => choose('keep-both')}>
          Keep both
        </Button>
        <Button size="xs" variant="subtle" onClick={() => choose('skip')}>
          Skip
        </Button>
      </Group>
      {others > 0 && (
        <Checkbox
          mt="xs"
          size="xs"
          checked={applyToAll}
          onChange={(e) => setApplyToAll(e.currentTarget.checked)}
          label={`Apply to all remaining conflicts (${count.format(others)} more)`}
        />
      )}
    </Paper>
  );
}

/** Every row is this tall (one line of name and actions, the bar, one line of details), so nothing is measured. */
const ROW_HEIGHT = 68;
const LIST_HEIGHT = 340;

function UploadList({
  queue,
  items,
  filter,
}: {
  queue: UploadQueue;
  items: readonly UploadItem[];
  filter: Filter;
}) {
  const shown = useMemo(() => (filter === 'all' ? items : items.filter(FILTERS[filter])), [items, filter]);
  const viewport = useRef<HTMLDivElement>(null);
  // Rows are not measured: a measurement from a ref callback re-renders the list inside React's commit, and a
  // list whose rows measure 0 px (not laid out) kept mounting more rows that way until React gave up (#185). Nor
  // are they keyed through the virtualizer: a new getItemKey with every snapshot made it lay out all 30,000 rows
  // again four times a second; with one fixed height the layout depends on the count alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => viewport.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    initialRect: { width: 0, height: LIST_HEIGHT },
  });
  if (shown.length === 0) {
    return (
      <Text size="sm" className={classes.muted} py="md" ta="center">
        No uploads here.
      </Text>
    );
  }
  return (
    <div
      ref={viewport}
      className={classes.viewport}
      style={{ height: Math.min(LIST_HEIGHT, shown.length * ROW_HEIGHT) }}
      tabIndex={0}
      aria-label="Upload list, scrollable"
      role="region"
    >
      <ul
        aria-label="Files being uploaded"
        className={classes.list}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((row) => (
          <li
            key={shown[row.index]!.id}
            aria-setsize={shown.length}
            aria-posinset={row.index + 1}
            className={classes.row}
            style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
          >
            <UploadRow queue={queue} item={shown[row.index]!} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One file. Memoized: an item object changes only when that upload does, so a change re-renders one row. */
const UploadRow = memo(function UploadRow({ queue, item }: { queue: UploadQueue; item: UploadItem }) {
  const picker = useRef<HTMLInputElement>(null);
  const state = STATE_LABEL[item.state];
  const tus = item.method === 'tus';
  const value = item.state === 'done' ? 100 : percent(item.loaded, item.size);
  const details = [
    `${formatBytes(item.state === 'done' ? item.size : item.loaded)} of ${formatBytes(item.size)}`,
    item.state === 'uploading' && item.bytesPerSecond ? `${formatBytes(item.bytesPerSecond)}/s` : undefined,
    item.state === 'uploading' && item.etaSeconds !== undefined
      ? `${formatDuration(item.etaSeconds)} left`
      : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const canPause = ['queued', 'uploading', 'waiting-network', 'rate-limited'].includes(item.state);
  const canCancel = !FINISHED_STATES.has(item.state) && item.state !== 'failed';
  const canRetry = item.state === 'failed' || item.state === 'cancelled';
  const canDismiss =
    FINISHED_STATES.has(item.state) || item.state === 'failed' || item.state === 'interrupted';
  // Only a tus upload the tenant holds bytes of goes on from where it stopped.
  const resumes = tus && Boolean(item.tusUrl) && item.loaded > 0;
  const failed = item.state === 'failed' || item.state === 'refused';
  const text = item.message ?? details;
  return (
    <Stack gap={4} py={6} px={2} h={ROW_HEIGHT}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500} truncate="end" title={item.name} style={{ minWidth: 0 }}>
          {item.name}
        </Text>
        <Group gap={2} wrap="nowrap">
          <Badge size="sm" variant="dot" color={state.color}>
            {state.label}
          </Badge>
          {canPause && (
            <Control plainTitle label={`Pause ${item.name}`} onClick={() => queue.pause(item.id)}>
              <IconPlayerPause size={14} aria-hidden />
            </Control>
          )}
          {item.state === 'paused' && (
            <Control
              plainTitle
              label={`${tus ? 'Resume' : 'Restart'} ${item.name}`}
              onClick={() => queue.resume(item.id)}
            >
              <IconPlayerPlay size={14} aria-hidden />
            </Control>
          )}
          {canRetry && (
            <Control plainTitle label={`Retry ${item.name}`} onClick={() => queue.retry(item.id)}>
              <IconRefresh size={14} aria-hidden />
            </Control>
          )}
          {item.state === 'interrupted' && (
            <>
              <Control
                plainTitle
                label={`Pick ${item.name} again${resumes ? ' to resume' : ''}`}
                onClick={() => picker.current?.click()}
              >
                <IconFileUpload size={14} aria-hidden />
              </Control>
              <input
                ref={picker}
                type="file"
                hidden
                aria-label={`File for ${item.name}`}
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  if (file) queue.reattach(item.id, file);
                  event.currentTarget.value = '';
                }}
              />
            </>
          )}
          {canCancel && (
            <Control
              plainTitle
              label={`Cancel ${item.name}`}
              onClick={() => queue.cancel(item.id)}
              color="red"
            >
              <IconX size={14} aria-hidden />
            </Control>
          )}
          {canDismiss && (
            <Control
              plainTitle
              label={`Remove ${item.name} from the list`}
              onClick={() => queue.dismiss(item.id)}
            >
              <IconTrash size={14} aria-hidden />
            </Control>
          )}
        </Group>
      </Group>
      <Progress.Root size="xs">
        <Progress.Section
          value={value}
          color={state.color === 'gray' ? 'gray' : state.color}
          aria-label={`Upload of ${item.name}`}
        />
      </Progress.Root>
      <Text
        size="xs"
        truncate="end"
        title={text}
        c={failed ? 'red.8' : undefined}
        className={failed ? undefined : classes.muted}
      >
        {text}
      </Text>
    </Stack>
  );
});
