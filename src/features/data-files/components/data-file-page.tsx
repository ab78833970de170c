import type { ReactNode } from 'react';
import { Card, Group, SimpleGrid } from '@mantine/core';
import { IconDatabase, IconFolderOpen } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { AnchorLink } from '@/components/anchor-link';
import { DetailTabs, type DetailTab } from '@/components/detail-tabs';
import { LabelledValue } from '@/components/labelled-value';
import { OwnerName } from '@/components/owner-name';
import { PageHeader } from '@/components/page-header';
import { formatBytes, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { dataFileQuery, spaceQuery } from '../api/data-files';
import { baseNameOf, parentOf, typeOf } from '../model';

export interface DataFilePageProps {
  tenant: TenantTarget;
  dataFileId: string;
  currentUserId: string;
  tab?: DetailTab;
  onTabChange: (tab: DetailTab) => void;
  /** The file's Activity tab, composed by the route (none for callers who may not read the audit trail). */
  activity?: ReactNode;
}

/** One data file (or folder): what it is, where it lives, and its Activity. */
export function DataFilePage({
  tenant,
  dataFileId,
  currentUserId,
  tab,
  onTabChange,
  activity,
}: DataFilePageProps) {
  const { data: file } = useSuspenseQuery(dataFileQuery(tenant, dataFileId));
  const space = useQuery({ ...spaceQuery(tenant, file.spaceId ?? ''), enabled: Boolean(file.spaceId) });
  const name = file.baseName ?? baseNameOf(file.name);
  const folder = parentOf(file.name);
  const browse = {
    space: file.spaceId ?? 'personal',
    ...(folder ? { folder } : {}),
  };
  return (
    <>
      <PageHeader
        title={name}
        description={file.folder ? 'Folder' : `${typeOf(file)} file`}
        breadcrumbs={[
          {
            label: 'Data files',
            link: (
              <AnchorLink to="/data-files" size="sm">
                Data files
              </AnchorLink>
            ),
          },
          { label: name },
        ]}
        actions={
          <>
            <AnchorLink to="/data-files" search={browse} size="sm">
              <Group gap={4} component="span">
                <IconFolderOpen size={16} aria-hidden />
                Show in folder
              </Group>
            </AnchorLink>
            {!file.folder && (
              <AnchorLink to="/catalog/files/$dataFileId" params={{ dataFileId: file.id }} size="sm">
                <Group gap={4} component="span">
                  <IconDatabase size={16} aria-hidden />
                  Open data set
                </Group>
              </AnchorLink>
            )}
          </>
        }
      />
      <DetailTabs
        tab={tab}
        onTabChange={onTabChange}
        activity={activity}
        details={
          <Card withBorder>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md" component="dl" m={0}>
              <LabelledValue term size="sm" label="Path">
                {file.name}
              </LabelledValue>
              <LabelledValue term size="sm" label="Space">
                {file.spaceId ? (space.data?.name ?? file.spaceId) : 'Personal'}
              </LabelledValue>
              <LabelledValue term size="sm" label="Owner">
                <OwnerName tenant={tenant} userId={file.ownerId} currentUserId={currentUserId} />
              </LabelledValue>
              <LabelledValue term size="sm" label="Size">
                {file.folder ? '—' : formatBytes(file.size)}
              </LabelledValue>
              <LabelledValue term size="sm" label="Created">
                {formatDateTime(file.createdDate)}
              </LabelledValue>
              <LabelledValue term size="sm" label="Modified">
                {formatDateTime(file.modifiedDate ?? undefined)}
              </LabelledValue>
            </SimpleGrid>
          </Card>
        }
      />
    </>
  );
}
