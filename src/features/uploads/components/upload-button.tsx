import { useEffect, useRef } from 'react';
import { Button, Group, Tooltip } from '@mantine/core';
import { IconFolderUp, IconUpload } from '@tabler/icons-react';
import { collectPicked } from '../collect-files';
import type { PickedFile, UploadDestination } from '../model';
import { useUploadQueue } from '../hooks/use-upload-queue';
import { preloadUploadPanel } from './preload-upload-panel';

export interface UploadButtonProps {
  destination: UploadDestination;
  /** Set when the admin may not upload here: the buttons stay focusable, disabled, with the reason. */
  disabledReason?: string;
}

/** "Upload files" and "Upload folder" (a folder keeps its structure as data-file folders). */
export function UploadButton(props: UploadButtonProps) {
  const queue = useUploadQueue();
  useEffect(preloadUploadPanel, []);
  return <UploadButtonView {...props} onFiles={(files) => queue.add(files, props.destination)} />;
}

function Guarded({ reason, children }: { reason?: string; children: React.ReactElement }) {
  return reason ? <Tooltip label={reason}>{children}</Tooltip> : children;
}

export function UploadButtonView({
  disabledReason,
  onFiles,
}: UploadButtonProps & { onFiles: (files: PickedFile[]) => void }) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const disabled = Boolean(disabledReason);
  const pick = (input: HTMLInputElement) => {
    const files = collectPicked(input.files);
    input.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <Group gap="xs" wrap="nowrap">
      <Guarded reason={disabledReason}>
        <Button
          leftSection={<IconUpload size={16} aria-hidden />}
          data-disabled={disabled || undefined}
          aria-disabled={disabled || undefined}
          onClick={(event) => (disabled ? event.preventDefault() : filesInput.current?.click())}
        >
          Upload files
        </Button>
      </Guarded>
      <Guarded reason={disabledReason}>
        <Button
          variant="default"
          leftSection={<IconFolderUp size={16} aria-hidden />}
          data-disabled={disabled || undefined}
          aria-disabled={disabled || undefined}
          onClick={(event) => (disabled ? event.preventDefault() : folderInput.current?.click())}
        >
          Upload folder
        </Button>
      </Guarded>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        disabled={disabled}
        aria-label="Files to upload"
        onChange={(event) => pick(event.currentTarget)}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        disabled={disabled}
        aria-label="Folder to upload"
        // React does not know these attributes; every current browser supports them.
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(event) => pick(event.currentTarget)}
      />
    </Group>
  );
}
