import { Button, Group } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Navigate, getRouteApi } from '@tanstack/react-router';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import type { TenantTarget } from '@/lib/qlik-host';
import { dataFileDataSetQuery } from '../api/resolve-data-file';
import { ExternalRouteLink } from './external-route-link';
import { AnchorLink } from '@/components/anchor-link';

const route = getRouteApi('/_authenticated/catalog/files/$dataFileId');

/** While the catalog has not made the set yet, asks again now and then: it usually appears within seconds. */
const RECHECK_MS = 3000;

/**
 * A data file's way into the catalog: goes on to its data set, or says plainly that there is none (yet) and
 * keeps looking for a short while.
 */
export function DataFileDataSet({ target }: { target: TenantTarget }) {
  const { dataFileId } = route.useParams();
  const query = useSuspenseQuery({
    ...dataFileDataSetQuery(target, dataFileId),
    refetchInterval: (q) =>
      q.state.data?.dataSetId === null && !q.state.data.file.folder && q.state.dataUpdateCount < 20
        ? RECHECK_MS
        : false,
  });
  const { file, dataSetId } = query.data;
  if (dataSetId) {
    return (
      <Navigate
        to="/catalog/data-sets/$dataSetId"
        params={{ dataSetId }}
        search={{ tab: 'schema', field: '' }}
        replace
      />
    );
  }
  const slash = file.name.lastIndexOf('/');
  return (
    <>
      <PageHeader
        title={file.baseName || file.name}
        breadcrumbs={[
          {
            label: 'Catalog',
            link: (
              <AnchorLink to="/catalog" size="sm">
                Catalog
              </AnchorLink>
            ),
          },
          { label: file.baseName || file.name },
        ]}
      />
      <EmptyState
        title={file.folder ? 'Folders have no data set' : 'No data set for this file yet'}
        description={
          file.folder
            ? 'Only data files get a data set in the catalog. Open a file inside this folder instead.'
            : 'The catalog makes a data set for every uploaded file, usually within seconds. This page keeps checking; when it appears you are taken there.'
        }
        action={
          <Group gap="sm">
            {!file.folder && (
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={query.isFetching}
                onClick={() => void query.refetch()}
              >
                Check again
              </Button>
            )}
            <ExternalRouteLink
              path="/data-files"
              search={{
                space: file.spaceId ?? 'personal',
                ...(slash > 0 ? { folder: file.name.slice(0, slash) } : {}),
                selected: [file.id],
              }}
            >
              Back to the data file
            </ExternalRouteLink>
          </Group>
        }
      />
    </>
  );
}
