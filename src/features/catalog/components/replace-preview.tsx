import { useEffect, useState } from 'react';
import { ScrollArea, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { describeError } from '@/lib/api-error';
import { formatCount } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { dataSetQuery } from '../api/data-sets';
import { dataFileDataSetQuery } from '../api/resolve-data-file';
import { diffSchemas } from '../schema-diff/diff';
import { PREVIEW_BYTES, previewFileSchema, type FilePreview } from '../schema-diff/file-schema';
import { SchemaDiffView } from '../schema-diff/schema-diff-view';

export interface ReplacePreviewProps {
  target: TenantTarget;
  /** The data file the upload would replace. */
  dataFileId: string;
  /** The file picked, when at hand (not after a reload until it is picked again). */
  file: File | undefined;
  name: string;
}

const RECHECK_MS = 2000;

/** The file's own fields from its first bytes; undefined while reading. */
function useFilePreview(file: File | undefined, name: string): FilePreview | undefined {
  const [state, setState] = useState<{ file: File | undefined; preview?: FilePreview }>({ file });
  useEffect(() => {
    if (!file) return;
    let live = true;
    previewFileSchema(file, name).then(
      (preview) => live && setState({ file, preview }),
      (error: unknown) =>
        live &&
        setState({ file, preview: { kind: 'none', reason: `The file could not be read: ${String(error)}` } }),
    );
    return () => {
      live = false;
    };
  }, [file, name]);
  if (!file)
    return { kind: 'none', reason: 'The file is no longer at hand: pick it again to see the preview.' };
  return state.file === file ? state.preview : undefined;
}

/**
 * What replacing a data file would change in its data set's fields: the new file's fields, read in the browser
 * from its first 64 KiB, against the data set's current schema. Shown in the upload conflict prompt before Replace.
 */
export function ReplacePreview({ target, dataFileId, file, name }: ReplacePreviewProps) {
  const preview = useFilePreview(file, name);
  // a file uploaded a moment ago may have no data set, or no schema, yet: asked again until it has
  const resolved = useQuery({
    ...dataFileDataSetQuery(target, dataFileId),
    refetchInterval: (q) => (q.state.data?.dataSetId === null ? RECHECK_MS : false),
  });
  const dataSetId = resolved.data?.dataSetId ?? '';
  const current = useQuery({
    ...dataSetQuery(target, dataSetId),
    enabled: Boolean(dataSetId),
    refetchInterval: (q) => (q.state.data && !q.state.data.schema?.dataFields.length ? RECHECK_MS : false),
  });
  const heading = 'Schema change if replaced';

  let body: React.ReactNode;
  if (!preview) body = <Text size="xs">Reading the start of the file…</Text>;
  else if (preview.kind === 'none') body = <Text size="xs">No preview: {preview.reason}</Text>;
  else if (resolved.isError || current.isError) {
    body = (
      <Text size="xs">
        No preview: the data set could not be read ({describeError(resolved.error ?? current.error).message})
      </Text>
    );
  } else if (resolved.data && !resolved.data.dataSetId) {
    body = <Text size="xs">No preview yet: the existing file has no data set yet.</Text>;
  } else if (!current.data) body = <Text size="xs">Reading the data set…</Text>;
  else if (!current.data.schema?.dataFields.length) {
    body = (
      <Text size="xs">No preview: the existing data set has no schema yet (it is still being profiled).</Text>
    );
  } else {
    const before = current.data.schema.dataFields.map((f) => ({ name: f.name, type: f.dataType.type }));
    body = (
      <>
        <ScrollArea.Autosize mah={140} type="auto">
          <SchemaDiffView diff={diffSchemas(before, preview.fields)} label={heading} />
        </ScrollArea.Autosize>
        <Text size="xs" c="dimmed">
          From {preview.partial ? `the first ${PREVIEW_BYTES / 1024} KiB` : 'the whole file'} (
          {formatCount(preview.rows)} rows); types are settled when the tenant reads the whole file.
        </Text>
      </>
    );
  }
  return (
    <Stack gap={4} mt="xs" role="region" aria-label={heading}>
      <Text size="xs" fw={600}>
        {heading}
      </Text>
      {body}
    </Stack>
  );
}
