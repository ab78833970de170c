import type { ReactNode } from 'react';
import { Button, Card, Grid, Group, Pagination, SegmentedControl, Select, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { SearchInput } from '@/components/search-input';
import { ColumnChooser, useTableLayout } from '@/components/table-layout';
import { ClearFiltersButton, EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { ExportCsvButton } from '@/components/export-csv-button';
import { dataSetsCsv } from '../api/csv';
import { apiCallForms } from '@/lib/api-call';
import { dataSetListCall } from '../api/api-calls';
import { formatCount } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { dataSetsQuery, rowOfDataSet } from '../api/data-sets';
import { catalogSearchParams, dataAssetQuery, dataSetSearchQuery } from '../api/data-set-search';
import { catalogListParams, nextSort, PAGE_SIZES, type CatalogSearch, type CatalogType } from '../search';
import { CatalogTree } from './catalog-tree';
import { DATA_SET_COLUMNS, DataSetsTable } from './data-sets-table';

const route = getRouteApi('/_authenticated/catalog/');

export interface CatalogPageProps {
  target: TenantTarget;
  /** The tenant's apps for the Apps choice, composed by the route (apps belong to the lineage feature). */
  apps: (q: string) => ReactNode;
}

export function CatalogPage({ target, apps }: CatalogPageProps) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const asset = useQuery({
    ...dataAssetQuery(target, search.asset ?? ''),
    enabled: Boolean(search.q && search.asset),
  });
  const searching = catalogSearchParams(search, asset.data);
  const showingApps = search.type === 'apps';
  const list = useQuery({
    ...dataSetsQuery(target, catalogListParams(search)),
    enabled: !searching && !showingApps,
  });
  const found = useInfiniteQuery({
    ...dataSetSearchQuery(target, searching ?? { q: '', place: {}, sort: search.sort, size: search.size }),
    enabled: Boolean(searching) && !showingApps && (!search.asset || asset.isSuccess),
  });
  const query = searching ? found : list;
  const rows = searching
    ? (found.data?.pages.flatMap((page) => page.rows) ?? [])
    : (list.data?.dataSets.map(rowOfDataSet) ?? []);

  const total = list.data?.total ?? 0;
  const pages = list.data?.pages ?? 0;
  const countLabel = searching
    ? found.data
      ? `${formatCount(rows.length)}${found.hasNextPage ? '+' : ''} matching data set${rows.length === 1 ? '' : 's'}`
      : ''
    : list.data
      ? `${formatCount(total)} data set${total === 1 ? '' : 's'}`
      : '';
  const layout = useTableLayout(target.id, 'data-sets', DATA_SET_COLUMNS);

  return (
    <>
      <PageHeader
        title="Catalog"
        description="Data stores, data assets and the data sets made from your data files; the tenant's apps."
        actions={
          !showingApps && (
            // A name search goes through the items API; the copied call is the data-set list it narrows.
            <>
              <CopyAsMenu
                forms={() => apiCallForms(target.host, dataSetListCall(catalogListParams(search)))}
              />
              <ExportCsvButton
                what="data sets"
                source={() => dataSetsCsv(target, catalogListParams(search))}
              />
            </>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Card>
            <CatalogTree target={target} selectedStore={search.store} selectedAsset={search.asset} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Card>
            <SegmentedControl
              aria-label="Show"
              mb="sm"
              value={search.type}
              onChange={(type) =>
                void navigate({ search: (prev) => ({ ...prev, type: type as CatalogType, q: '', page: 1 }) })
              }
              data={[
                { value: 'data-sets', label: 'Data sets' },
                { value: 'apps', label: 'Apps' },
              ]}
            />
            {showingApps ? (
              <>
                <SearchInput
                  label="Search apps"
                  placeholder="Part of a name"
                  value={search.q}
                  onSearch={(q) => void navigate({ search: (prev) => ({ ...prev, q }), replace: true })}
                  w={320}
                  mb="sm"
                />
                {apps(search.q)}
              </>
            ) : (
              <>
                <Group justify="space-between" mb="sm" wrap="wrap">
                  <SearchInput
                    label="Search data sets"
                    placeholder="Part of a name"
                    value={search.q}
                    onSearch={(q) =>
                      void navigate({ search: (prev) => ({ ...prev, q, page: 1 }), replace: true })
                    }
                    w={320}
                  />
                  <Group gap="sm">
                    <Text size="sm" c="dimmed" aria-live="polite">
                      {countLabel}
                    </Text>
                    <ColumnChooser tableLabel="Data sets" state={layout} />
                  </Group>
                </Group>
                {asset.isError || query.isError ? (
                  <ErrorState
                    error={asset.error ?? query.error}
                    onRetry={() => void (asset.isError ? asset.refetch() : query.refetch())}
                  />
                ) : query.data && rows.length === 0 ? (
                  <EmptyState
                    title={search.q ? 'No data set matches' : 'No data sets here'}
                    description={
                      search.q
                        ? 'Try another part of the name, or clear the search.'
                        : 'Upload a data file to a space and its data set appears here.'
                    }
                    action={
                      search.q ? (
                        <ClearFiltersButton
                          label="Clear search"
                          onClick={() =>
                            void navigate({ search: (prev) => ({ ...prev, q: '', page: 1 }), replace: true })
                          }
                        />
                      ) : (
                        <Button renderRoot={(props) => <Link {...props} to="/data-files" />}>
                          Go to the data files
                        </Button>
                      )
                    }
                  />
                ) : (
                  <DataSetsTable
                    target={target}
                    rows={rows}
                    sortable={searching ? ['name', 'lastModifiedTime'] : undefined}
                    pages={searching ? found : undefined}
                    sort={search.sort}
                    caption="Data sets"
                    layout={layout}
                    onOpen={(set) =>
                      void navigate({
                        to: '/catalog/data-sets/$dataSetId',
                        params: { dataSetId: set.id },
                        search: { tab: 'schema', field: '' },
                      })
                    }
                    onSort={(field) =>
                      void navigate({
                        search: (prev) => ({ ...prev, sort: nextSort(prev.sort, field), page: 1 }),
                      })
                    }
                  />
                )}
                <Group justify={searching ? 'flex-end' : 'space-between'} mt="md" wrap="wrap">
                  {!searching && (
                    <Pagination
                      total={Math.max(pages, 1)}
                      value={Math.min(search.page, Math.max(pages, 1))}
                      onChange={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })}
                      getControlProps={(control) => ({
                        'aria-label': control === 'previous' ? 'Previous page' : 'Next page',
                      })}
                      getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
                    />
                  )}
                  <Select
                    label="Rows per page"
                    data={PAGE_SIZES.map(String)}
                    value={String(search.size)}
                    allowDeselect={false}
                    onChange={(value) =>
                      value &&
                      void navigate({
                        search: (prev) => ({
                          ...prev,
                          size: Number(value) as CatalogSearch['size'],
                          page: 1,
                        }),
                      })
                    }
                    w={140}
                  />
                </Group>
              </>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
