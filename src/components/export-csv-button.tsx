import { useRef, useState } from 'react';
import { Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileExport } from '@tabler/icons-react';
import { describeError } from '@/lib/api-error';
import {
  downloadBlob,
  exportCsv,
  exportFileName,
  type CsvColumn,
  type CsvProgress,
  type RowPage,
} from '@/lib/csv-export';
import { formatCount } from '@/lib/format';

/** What to export: the columns and every page of the list with the current filters. */
export interface CsvSource<Row> {
  columns: readonly CsvColumn<Row>[];
  pages: (signal: AbortSignal) => AsyncIterable<RowPage<Row>>;
}

export interface ExportCsvButtonProps<Row> {
  /** File name stem and what the dialog calls it: "spaces". */
  what: string;
  source: () => CsvSource<Row>;
}

/**
 * "Export CSV": every page of the list with its current filters, read one page after another, with a progress bar
 * and Cancel; the file downloads when the last page is in.
 */
export function ExportCsvButton<Row>({ what, source }: ExportCsvButtonProps<Row>) {
  const [progress, setProgress] = useState<CsvProgress>();
  const abort = useRef<AbortController>(undefined);

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ rows: 0 });
    try {
      const { columns, pages } = source();
      const blob = await exportCsv({
        columns,
        pages: pages(controller.signal),
        signal: controller.signal,
        onProgress: setProgress,
      });
      downloadBlob(blob, exportFileName(what));
    } catch (error) {
      if (!controller.signal.aborted) {
        notifications.show({
          color: 'red',
          title: 'The export stopped',
          message: describeError(error).message,
        });
      }
    } finally {
      abort.current = undefined;
      setProgress(undefined);
    }
  };

  const percent = progress?.total ? Math.min(100, (progress.rows / progress.total) * 100) : undefined;
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconFileExport size={16} aria-hidden />}
        loading={progress !== undefined}
        onClick={() => void start()}
      >
        Export CSV
      </Button>
      <Modal
        opened={progress !== undefined}
        onClose={() => abort.current?.abort()}
        title={`Exporting ${what}`}
      >
        <Stack gap="sm">
          <Progress
            value={percent ?? 100}
            animated={percent === undefined}
            striped={percent === undefined}
            aria-label={`Export of ${what}`}
          />
          <Text size="sm" role="status">
            {formatCount(progress?.rows ?? 0)}
            {progress?.total !== undefined ? ` of ${formatCount(progress.total)}` : ''} rows
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => abort.current?.abort()}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
