import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Progress,
  ScrollArea,
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
import { FINISHED_STATES, PENDING_STATES, formatDuration, type UploadItem, type UploadState } from '../model';
import type { UploadQueue } from '../queue';
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

const percent = (loaded: number, size: number) => (size > 0 ? Math.min(100, (loaded / size) * 100) : 100);

/** The upload panel for the signed-in tenant; mounted once in the app shell so uploads outlive navigation. */
export function UploadPanel() {
  const queue = useUploadQueue();
  return <UploadPanelView queue={queue} />;
}

function Control({
  label,
  onClick,
  children,
  color,
}: {
  label: string;
  onClick: () => void;
  children: React.ReactNode;
  color?: string;
}) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color={color ?? 'gray'} aria-label={label} onClick={onClick}>
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

export function UploadPanelView({ queue }: { queue: UploadQueue }) {
  const { items, announcement } = useQueueSnapshot(queue);
  const [collapsed, setCollapsed] = useState(false);
  const listId = useId();
  const titleId = useId();

  const totals = useMemo(() => {
    const counted = items.filter((i) => !['refused', 'skipped', 'cancelled'].includes(i.state));
    const size = counted.reduce((s, i) => s + i.size, 0);
    const loaded = counted.reduce((s, i) => s + (i.state === 'done' ? i.size : i.loaded), 0);
    const speed = items.reduce((s, i) => s + (i.state === 'uploading' ? (i.bytesPerSecond ?? 0) : 0), 0);
    return {
      size,
      loaded,
      speed,
      done: items.filter((i) => i.state === 'done').length,
      total: counted.length,
      pending: items.filter((i) => PENDING_STATES.has(i.state)).length,
      paused: items.filter((i) => i.state === 'paused').length,
      failed: items.filter((i) => i.state === 'failed').length,
      finished: items.filter((i) => FINISHED_STATES.has(i.state)).length,
      offline: items.some((i) => i.state === 'waiting-network'),
    };
  }, [items]);

  // Leaving the page drops uploads that are sending; the browser asks first.
  const sending = items.some((i) => i.hasFile && PENDING_STATES.has(i.state));
  useEffect(() => {
    if (!sending) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [sending]);

  const conflict = items.find((i) => i.state === 'conflict');

  if (items.length === 0) {
    return (
      <VisuallyHidden aria-live="polite" role="status">
        {announcement?.text}
      </VisuallyHidden>
    );
  }

  const remaining = totals.speed > 0 ? (totals.size - totals.loaded) / totals.speed : undefined;
  const summary = [
    `${totals.done} of ${totals.total} uploaded`,
    totals.offline ? 'waiting for network' : undefined,
    totals.speed > 0 ? `${formatBytes(totals.speed)}/s` : undefined,
    remaining !== undefined && totals.pending > 0 ? `${formatDuration(remaining)} left` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Paper
      component="section"
      aria-labelledby={titleId}
      shadow="lg"
      p="sm"
      style={{
        position: 'fixed',
        right: 16,
        bottom: 16,
        width: 'min(440px, calc(100vw - 32px))',
        zIndex: 300,
      }}
    >
      <VisuallyHidden aria-live="polite" role="status">
        {announcement?.text}
      </VisuallyHidden>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Title order={2} size="h5" id={titleId}>
            Uploads
          </Title>
          <Text size="xs" className={classes.muted} truncate="end">
            {summary}
          </Text>
        </Stack>
        <Group gap={2} wrap="nowrap">
          {totals.pending > 0 && (
            <Control label="Pause all" onClick={() => queue.pauseAll()}>
              <IconPlayerPause size={16} aria-hidden />
            </Control>
          )}
          {totals.paused > 0 && (
            <Control label="Resume all" onClick={() => queue.resumeAll()}>
              <IconPlayerPlay size={16} aria-hidden />
            </Control>
          )}
          {totals.failed > 0 && (
            <Control label="Retry all failed" onClick={() => queue.retryAll()}>
              <IconRefresh size={16} aria-hidden />
            </Control>
          )}
          {totals.pending + totals.paused > 0 && (
            <Control label="Cancel all" onClick={() => queue.cancelAll()} color="red">
              <IconX size={16} aria-hidden />
            </Control>
          )}
          {totals.finished > 0 && (
            <Control label="Clear finished" onClick={() => queue.clearFinished()}>
              <IconTrash size={16} aria-hidden />
            </Control>
          )}
          <Tooltip label={collapsed ? 'Show uploads' : 'Hide uploads'}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={collapsed ? 'Show uploads' : 'Hide uploads'}
              aria-expanded={!collapsed}
              aria-controls={listId}
              onClick={() => setCollapsed((c) => !c)}
            >
              {collapsed ? (
                <IconChevronUp size={16} aria-hidden />
              ) : (
                <IconChevronDown size={16} aria-hidden />
              )}
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Progress.Root size="sm" mt={6}>
        <Progress.Section
          value={percent(totals.loaded, totals.size)}
          aria-label="All uploads"
          color={totals.failed > 0 ? 'orange' : undefined}
        />
      </Progress.Root>
      <div id={listId} hidden={collapsed}>
        {conflict && <ConflictPrompt queue={queue} item={conflict} items={items} />}
        <UploadList queue={queue} items={items} />
      </div>
    </Paper>
  );
}

function ConflictPrompt({
  queue,
  item,
  items,
}: {
  queue: UploadQueue;
  item: UploadItem;
  items: readonly UploadItem[];
}) {
  const [applyToAll, setApplyToAll] = useState(false);
  const others = items.filter(
    (i) => i.batchId === item.batchId && i.state === 'conflict' && i.id !== item.id,
  ).length;
  const headingId = useId();
  const choose = (choice: 'replace' | 'keep-both' | 'skip') =>
    void queue.resolveConflict(item.id, choice, applyToAll);
  return (
    <Paper role="group" aria-labelledby={headingId} p="sm" mt="sm" className={classes.prompt}>
      <Text size="sm" fw={600} id={headingId}>
        “{item.name}” already exists here
      </Text>
      <Text size="xs" className={classes.muted}>
        Replace its content, keep both (the new one gets a numbered name), or skip this file.
      </Text>
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
          label={`Apply to all remaining conflicts (${others} more)`}
        />
      )}
    </Paper>
  );
}

const ROW_HEIGHT = 78;
/** Above this many rows only the visible ones are rendered. */
const VIRTUAL_FROM = 40;

function UploadList({ queue, items }: { queue: UploadQueue; items: readonly UploadItem[] }) {
  if (items.length > VIRTUAL_FROM) return <VirtualUploadList queue={queue} items={items} />;
  return (
    <ScrollArea.Autosize mah={320} mt="sm" type="auto">
      <ul aria-label="Files being uploaded" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((item) => (
          <li key={item.id}>
            <UploadRow queue={queue} item={item} />
          </li>
        ))}
      </ul>
    </ScrollArea.Autosize>
  );
}

function VirtualUploadList({ queue, items }: { queue: UploadQueue; items: readonly UploadItem[] }) {
  const viewport = useRef<HTMLDivElement>(null);
  // Folder uploads bring hundreds of rows. The component is not memoized,
  // so the virtualizer's unstable functions are harmless.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => viewport.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    initialRect: { width: 400, height: 320 },
    getItemKey: (index) => items[index]!.id,
  });
  return (
    <ScrollArea h={320} mt="sm" viewportRef={viewport} type="auto">
      <ul
        aria-label="Files being uploaded"
        style={{
          listStyle: 'none',
          margin: 0,
          padding: 0,
          position: 'relative',
          height: virtualizer.getTotalSize(),
        }}
      >
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index]!;
          return (
            <li
              key={row.key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${row.start}px)`,
              }}
            >
              <UploadRow queue={queue} item={item} />
            </li>
          );
        })}
      </ul>
    </ScrollArea>
  );
}

function UploadRow({ queue, item }: { queue: UploadQueue; item: UploadItem }) {
  const picker = useRef<HTMLInputElement>(null);
  const state = STATE_LABEL[item.state];
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
  return (
    <Stack gap={4} py={6} px={2} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500} truncate="end" title={item.name} style={{ minWidth: 0 }}>
          {item.name}
        </Text>
        <Group gap={2} wrap="nowrap">
          <Badge size="sm" variant="dot" color={state.color}>
            {state.label}
          </Badge>
          {canPause && (
            <Control label={`Pause ${item.name}`} onClick={() => queue.pause(item.id)}>
              <IconPlayerPause size={14} aria-hidden />
            </Control>
          )}
          {item.state === 'paused' && (
            <Control label={`Resume ${item.name}`} onClick={() => queue.resume(item.id)}>
              <IconPlayerPlay size={14} aria-hidden />
            </Control>
          )}
          {canRetry && (
            <Control label={`Retry ${item.name}`} onClick={() => queue.retry(item.id)}>
              <IconRefresh size={14} aria-hidden />
            </Control>
          )}
          {item.state === 'interrupted' && (
            <>
              <Control label={`Pick ${item.name} again`} onClick={() => picker.current?.click()}>
                <IconFileUpload size={14} aria-hidden />
              </Control>
              <input
                ref={picker}
                type="file"
                hidden
                aria-label={`Pick ${item.name} again to resume`}
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  if (file) queue.reattach(item.id, file);
                  event.currentTarget.value = '';
                }}
              />
            </>
          )}
          {canCancel && (
            <Control label={`Cancel ${item.name}`} onClick={() => queue.cancel(item.id)} color="red">
              <IconX size={14} aria-hidden />
            </Control>
          )}
          {canDismiss && (
            <Control label={`Remove ${item.name} from the list`} onClick={() => queue.dismiss(item.id)}>
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
        c={item.state === 'failed' || item.state === 'refused' ? 'red.8' : undefined}
        className={item.state === 'failed' || item.state === 'refused' ? undefined : classes.muted}
      >
        {item.message ?? details}
      </Text>
    </Stack>
  );
}
