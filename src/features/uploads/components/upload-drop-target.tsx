import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Portal, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconBan, IconCloudUpload } from '@tabler/icons-react';
import { collectDropped, dragHasFiles } from '../collect-files';
import type { IncomingFile, UploadDestination } from '../model';
import { useUploadQueue } from '../hooks/use-upload-queue';
import { preloadUploadPanel } from './preload-upload-panel';

export interface UploadDropTargetProps {
  destination: UploadDestination;
  /** Set when the admin may not upload here: the overlay says why and the drop is refused. */
  disabledReason?: string;
  /** Where files go, in words (e.g. the space and folder name); shown while dragging. */
  destinationLabel?: string;
  children: ReactNode;
}

/**
 * Makes the whole page a drop target for files and whole folders (folders keep their structure) while it is
 * mounted. An overlay appears while files are dragged over the window.
 */
export function UploadDropTarget(props: UploadDropTargetProps) {
  const queue = useUploadQueue();
  useEffect(preloadUploadPanel, []);
  return (
    <UploadDropTargetView
      {...props}
      onFiles={(files, dropId) => queue.add(files, props.destination, dropId)}
      onWalk={() => queue.holdOpening()}
    />
  );
}

let drops = 0;

export function UploadDropTargetView({
  disabledReason,
  destinationLabel,
  destination,
  children,
  onFiles,
  onWalk,
}: UploadDropTargetProps & {
  /** Called per batch as a dropped folder is walked; `dropId` is the same for every batch of one drop. */
  onFiles: (files: IncomingFile[], dropId: string) => void;
  /** Called as a drop's walk starts; what it returns is called once the walk is done. */
  onWalk?: () => () => void;
}) {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const latest = useRef({ disabledReason, onFiles, onWalk });
  useEffect(() => {
    latest.current = { disabledReason, onFiles, onWalk };
  });

  useEffect(() => {
    const enter = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      event.preventDefault();
      depth.current++;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = latest.current.disabledReason ? 'none' : 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      depth.current = 0;
      setDragging(false);
      if (!dragHasFiles(event) || !event.dataTransfer) return;
      // A visible dropzone inside the page already took these files.
      if (event.defaultPrevented) return;
      event.preventDefault();
      if (latest.current.disabledReason) return;
      const dropId = `drop-${Date.now().toString(36)}-${++drops}`;
      const walked = latest.current.onWalk?.();
      void collectDropped(event.dataTransfer, (files) => latest.current.onFiles(files, dropId)).finally(() =>
        walked?.(),
      );
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const where =
    destinationLabel ??
    (destination.folderPath
      ? `the folder ${destination.folderPath}`
      : destination.spaceId
        ? 'this space'
        : 'your personal space');

  return (
    <>
      {children}
      {dragging && (
        <Portal>
          <div
            role="status"
            aria-live="assertive"
            style={{
              position: 'fixed',
              inset: 0,
              zIndex: 400,
              display: 'grid',
              placeItems: 'center',
              background: 'color-mix(in srgb, var(--mantine-color-body) 80%, transparent)',
              border: `3px dashed var(--mantine-color-${disabledReason ? 'red' : 'teal'}-6)`,
              pointerEvents: 'none',
            }}
          >
            <Stack align="center" gap="xs" maw={420} px="md">
              <ThemeIcon
                size={56}
                radius="xl"
                variant="light"
                color={disabledReason ? 'red' : 'teal'}
                aria-hidden
              >
                {disabledReason ? <IconBan size={32} /> : <IconCloudUpload size={32} />}
              </ThemeIcon>
              <Text fw={700} size="lg" ta="center">
                {disabledReason ? 'You cannot upload here' : `Drop files or folders to upload to ${where}`}
              </Text>
              {disabledReason && (
                <Text size="sm" ta="center">
                  {disabledReason}
                </Text>
              )}
            </Stack>
          </div>
        </Portal>
      )}
    </>
  );
}
