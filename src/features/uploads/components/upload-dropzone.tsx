import '@mantine/dropzone/styles.css';
import { useEffect } from 'react';
import { Group, Stack, Text } from '@mantine/core';
import { Dropzone, type FileWithPath } from '@mantine/dropzone';
import { IconBan, IconCloudUpload } from '@tabler/icons-react';
import classes from './upload-panel.module.css';
import type { UploadDestination } from '../model';
import { useUploadQueue } from '../hooks/use-upload-queue';
import { preloadUploadPanel } from './preload-upload-panel';

export interface UploadDropzoneProps {
  destination: UploadDestination;
  disabledReason?: string;
  /** What the area says, e.g. "Drop CSV, Excel or QVD files here". */
  hint?: string;
}

/** A visible drop area (e.g. in an empty folder); it takes files and folders, and opens the picker on click. */
export function UploadDropzone({ destination, disabledReason, hint }: UploadDropzoneProps) {
  const queue = useUploadQueue();
  useEffect(preloadUploadPanel, []);
  const onDrop = (files: FileWithPath[]) => {
    queue.add(
      files.map((file) => {
        // file-selector reports a dropped folder's files as "./folder/file.csv" or "/folder/file.csv"
        const relative = file.path?.replace(/^\.?\/+/, '');
        return { file, relativePath: relative && relative !== file.name ? relative : undefined };
      }),
      destination,
    );
  };
  return (
    <Dropzone onDrop={onDrop} disabled={Boolean(disabledReason)} aria-label="Upload files" multiple>
      <Group justify="center" mih={140} style={{ pointerEvents: 'none' }}>
        {disabledReason ? <IconBan size={40} aria-hidden /> : <IconCloudUpload size={40} aria-hidden />}
        <Stack gap={2}>
          <Text fw={600}>{disabledReason ? 'You cannot upload here' : 'Drop files or folders here'}</Text>
          <Text size="sm" className={classes.muted}>
            {disabledReason ?? hint ?? 'or click to choose files'}
          </Text>
        </Stack>
      </Group>
    </Dropzone>
  );
}
