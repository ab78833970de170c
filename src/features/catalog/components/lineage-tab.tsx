import { Code, Text, Timeline } from '@mantine/core';
import { IconFile, IconFolder, IconLayoutGrid, IconPlugConnected } from '@tabler/icons-react';
import { dataFilesSearch, type DataSetLineage } from '../lineage';
import { ExternalRouteLink } from './external-route-link';
import { LabelledValue } from '@/components/labelled-value';

/** Where the data set comes from: its data file, the folder, the space, and the connection that made it. */
export function LineageTab({ lineage }: { lineage: DataSetLineage }) {
  const fileName = lineage.filePath.slice(lineage.filePath.lastIndexOf('/') + 1);
  return (
    <Timeline active={3} bulletSize={26} lineWidth={2} aria-label="Lineage">
      <Timeline.Item bullet={<IconFile size={14} aria-hidden />}>
        <LabelledValue label="Data file">
          {lineage.fileId ? (
            <ExternalRouteLink path="/data-files" search={dataFilesSearch(lineage, true)}>
              {fileName}
            </ExternalRouteLink>
          ) : (
            <Text>{fileName}</Text>
          )}
          {!lineage.fileId && (
            <Text size="xs" c="dimmed">
              The tenant does not name the file this data set came from.
            </Text>
          )}
        </LabelledValue>
      </Timeline.Item>
      <Timeline.Item bullet={<IconFolder size={14} aria-hidden />}>
        <LabelledValue label="Folder">
          <ExternalRouteLink path="/data-files" search={dataFilesSearch(lineage, false)}>
            {lineage.folder ? <Code>{lineage.folder}</Code> : 'Top of the space'}
          </ExternalRouteLink>
        </LabelledValue>
      </Timeline.Item>
      <Timeline.Item bullet={<IconLayoutGrid size={14} aria-hidden />}>
        <LabelledValue label="Space">
          {lineage.spaceId ? (
            <ExternalRouteLink path={`/spaces/${encodeURIComponent(lineage.spaceId)}`}>
              {lineage.spaceName ?? lineage.spaceId}
            </ExternalRouteLink>
          ) : (
            <Text>Personal space</Text>
          )}
        </LabelledValue>
      </Timeline.Item>
      <Timeline.Item bullet={<IconPlugConnected size={14} aria-hidden />}>
        <LabelledValue label="Connection">
          {lineage.connectionId ? (
            <ExternalRouteLink path={`/connections/${encodeURIComponent(lineage.connectionId)}`}>
              DataFiles ({lineage.spaceName ?? 'personal'})
            </ExternalRouteLink>
          ) : (
            <Text>DataFiles</Text>
          )}
        </LabelledValue>
      </Timeline.Item>
    </Timeline>
  );
}
