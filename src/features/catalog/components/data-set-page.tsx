import { Suspense, useCallback, type ReactNode } from 'react';
import {
  ActionIcon,
  Badge,
  Card,
  Code,
  CopyButton,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconFile, IconLayoutGrid } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { LabelledValue } from '@/components/labelled-value';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { formatBytes, formatCount, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { dataSetProfileQuery } from '../api/data-set-profiles';
import { dataSetQuery } from '../api/data-sets';
import { dataSetItemQuery } from '../api/items';
import { dataFilesSearch, lineageOf } from '../lineage';
import { DATA_SET_TABS, type DataSetTab } from '../search';
import { EditDataSetForm, editDisabledReason } from './edit-data-set-form';
import { FieldPanel } from './field-panel';
import { profileModel } from '../profile-model';
import { useUpdateDataSet } from '../api/update-data-set';
import { ExternalRouteLink } from './external-route-link';
import { LineageTab } from './lineage-tab';
import { OwnerName } from '@/components/owner-name';
import { ProfileTab, ProfilingNotice } from './profile-tab';
import { SampleTab } from './sample-tab';
import { SchemaTab } from './schema-tab';
import { VersionsTab } from './versions-tab';
import { useSetFreshAfterProfile } from '../hooks/use-set-fresh-after-profile';
import { AnchorLink } from '@/components/anchor-link';

const route = getRouteApi('/_authenticated/catalog/data-sets/$dataSetId');

const TAB_LABELS: Record<DataSetTab, string> = {
  schema: 'Schema',
  profile: 'Profile',
  sample: 'Sample',
  lineage: 'Lineage',
  versions: 'Versions',
  activity: 'Activity',
};

function Qri({ label, value }: { label: string; value: string }) {
  return (
    <Group gap={6} wrap="nowrap" align="center">
      <Text size="xs" c="dimmed" w={80}>
        {label}
      </Text>
      <Code style={{ wordBreak: 'break-all', minWidth: 0, flex: 1 }}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label}`}>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label={`Copy ${label}`}
            >
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

export interface DataSetPageProps {
  target: TenantTarget;
  /** The data set's Activity tab, composed by the route (none for callers who may not read the audit trail). */
  activity?: ReactNode;
  /** The lineage graph of the data set, composed by the route, shown under where it comes from. */
  lineageGraph?: ReactNode;
}

export function DataSetPage({ target, activity, lineageGraph }: DataSetPageProps) {
  const { dataSetId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const {
    data: dataSet,
    dataUpdatedAt: setReadAt,
    refetch: refetchSet,
    isRefetching: reloading,
  } = useSuspenseQuery(dataSetQuery(target, dataSetId));
  const item = useQuery(dataSetItemQuery(target, dataSetId));
  const profile = useQuery(dataSetProfileQuery(target, dataSetId));
  const update = useUpdateDataSet(target, dataSetId);
  const reload = useCallback(() => void refetchSet(), [refetchSet]);
  // parsed once per profile the tenant sends (profileModel keeps it), whatever re-renders the page
  const model = profile.data?.profile ? profileModel(profile.data.profile) : undefined;
  const editReason = editDisabledReason(item.data?.actions, item.isSuccess);
  const openField = (field: string) => void navigate({ search: (prev) => ({ ...prev, field }) });
  const setFilter = (filter: string) =>
    void navigate({ search: (prev) => ({ ...prev, filter }), replace: true });
  const lineage = lineageOf(dataSet, item.data);
  const computing = profile.data?.computing;
  useSetFreshAfterProfile(target, dataSetId, {
    unprofiled: !dataSet.schema?.dataFields?.length,
    setReadAt,
    computing,
    profileReadAt: profile.dataUpdatedAt,
  });
  const name = dataSet.name ?? dataSet.technicalName;

  const profileBody = (render: (state: NonNullable<typeof profile.data>) => ReactNode) =>
    profile.isError ? (
      <ErrorState variant="inline" error={profile.error} onRetry={() => void profile.refetch()} />
    ) : profile.data ? (
      render(profile.data)
    ) : (
      <ProfilingNotice />
    );

  return (
    <>
      <PageHeader
        title={name}
        description={dataSet.description || undefined}
        breadcrumbs={[
          {
            label: 'Catalog',
            link: (
              <AnchorLink to="/catalog" size="sm">
                Catalog
              </AnchorLink>
            ),
          },
          ...(dataSet.dataAssetInfo.id
            ? [
                {
                  label: dataSet.dataAssetInfo.name ?? 'Data asset',
                  link: (
                    <AnchorLink
                      to="/catalog"
                      search={{
                        asset: dataSet.dataAssetInfo.id,
                        store: dataSet.dataAssetInfo.dataStoreInfo?.id,
                      }}
                      size="sm"
                    >
                      {dataSet.dataAssetInfo.name ?? 'Data asset'}
                    </AnchorLink>
                  ),
                },
              ]
            : []),
          { label: name },
        ]}
        actions={
          <>
            {lineage.fileId && (
              <ExternalRouteLink path="/data-files" search={dataFilesSearch(lineage, true)} size="sm">
                <Group gap={4} component="span">
                  <IconFile size={16} aria-hidden />
                  Open data file
                </Group>
              </ExternalRouteLink>
            )}
            {lineage.spaceId && (
              <ExternalRouteLink path={`/spaces/${encodeURIComponent(lineage.spaceId)}`} size="sm">
                <Group gap={4} component="span">
                  <IconLayoutGrid size={16} aria-hidden />
                  Open space
                </Group>
              </ExternalRouteLink>
            )}
          </>
        }
      />

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" mb="lg">
        <Card component="section" aria-labelledby="data-set-facts">
          <Title id="data-set-facts" order={2} size="h5" mb="sm">
            About this data set
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" component="dl" m={0}>
            <LabelledValue term size="sm" label="Type">
              <Badge variant="light">{dataSet.type ?? '—'}</Badge>
            </LabelledValue>
            <LabelledValue term size="sm" label="Space">
              {dataSet.spaceId ? (lineage.spaceName ?? dataSet.spaceId) : 'Personal'}
            </LabelledValue>
            <LabelledValue term size="sm" label="Owner">
              <OwnerName tenant={target} userId={dataSet.ownerId} />
            </LabelledValue>
            <LabelledValue term size="sm" label="Size">
              {formatBytes(dataSet.operational?.size)}
            </LabelledValue>
            <LabelledValue term size="sm" label="Rows">
              {formatCount(dataSet.operational?.rowCount)}
            </LabelledValue>
            <LabelledValue term size="sm" label="Updated">
              {formatDateTime(dataSet.lastModifiedTime)}
            </LabelledValue>
            <LabelledValue term size="sm" label="Version">
              {dataSet.version ?? '—'}
            </LabelledValue>
          </SimpleGrid>
          <Stack gap={4} mt="md">
            <Qri label="QRI" value={dataSet.secureQri} />
            <Qri label="Legacy QRI" value={dataSet.qri} />
          </Stack>
        </Card>

        <Card component="section" aria-labelledby="data-set-edit">
          <Title id="data-set-edit" order={2} size="h5" mb="sm">
            Description and tags
          </Title>
          <EditDataSetForm
            key={dataSet.id}
            target={target}
            dataSet={dataSet}
            disabledReason={editReason}
            onReload={reload}
            reloading={reloading}
          />
        </Card>
      </SimpleGrid>

      <Tabs
        value={search.tab}
        onChange={(tab) =>
          tab && void navigate({ search: (prev) => ({ ...prev, tab: tab as DataSetTab }), replace: true })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {DATA_SET_TABS.filter((tab) => tab !== 'activity' || activity).map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {TAB_LABELS[tab]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="schema">
          <SchemaTab
            fields={dataSet.schema?.dataFields ?? []}
            profiling={computing === true}
            filter={search.filter}
            onFilterChange={setFilter}
            onOpenField={openField}
            editing={{
              permission: { allowed: editReason === undefined, reason: editReason },
              version: dataSet.version,
              save: (ops) => update.mutateAsync(ops),
              reload,
              reloading,
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="profile">
          {profileBody((state) => (
            <ProfileTab
              state={state}
              filter={search.filter}
              onFilterChange={setFilter}
              onOpenField={openField}
            />
          ))}
        </Tabs.Panel>
        <Tabs.Panel value="sample">
          {profileBody((state) => (
            <SampleTab state={state} />
          ))}
        </Tabs.Panel>
        <Tabs.Panel value="lineage">
          <LineageTab lineage={lineage} />
          {lineageGraph && (
            <section aria-labelledby="data-set-lineage-graph">
              <Title id="data-set-lineage-graph" order={2} size="h5" mt="xl" mb="sm">
                Lineage graph
              </Title>
              {lineageGraph}
            </section>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="versions">
          <VersionsTab target={target} dataSetId={dataSetId} />
        </Tabs.Panel>
        {activity && (
          <Tabs.Panel value="activity">
            <Suspense fallback={<Loader size="sm" aria-label="Loading activity" />}>{activity}</Suspense>
          </Tabs.Panel>
        )}
      </Tabs>

      <FieldPanel
        name={search.field}
        field={dataSet.schema?.dataFields.find((f) => f.name === search.field)}
        profile={model}
        profiling={computing === true}
        onClose={() => void navigate({ search: (prev) => ({ ...prev, field: '' }), replace: true })}
      />
    </>
  );
}
