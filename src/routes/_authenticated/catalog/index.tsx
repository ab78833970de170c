import { createFileRoute } from '@tanstack/react-router';
import { startWithSession, type RouteRequestContext } from '@/app/route-requests';
import { AreaGate } from '@/features/auth/components/area-gate';
import { dataStoresQuery } from '@/features/catalog/api/data-stores';
import { dataSetsQuery } from '@/features/catalog/api/data-sets';
import {
  catalogSearchParams,
  dataAssetQuery,
  dataSetSearchQuery,
} from '@/features/catalog/api/data-set-search';
import { CatalogPage } from '@/features/catalog/components/catalog-page';
import { TenantApps } from '@/features/lineage/components/tenant-apps';
import { catalogListParams, catalogSearchSchema, type CatalogSearch } from '@/features/catalog/search';

export const Route = createFileRoute('/_authenticated/catalog/')({
  validateSearch: catalogSearchSchema,
  loaderDeps: ({ search }) => ({ list: catalogListParams(search), q: search.q, type: search.type }),
  staticData: { requestsWithSession: startWithSession(requests) },
  loader: ({ context, deps, params }) => requests({ ...context, deps, params }),
  component: CatalogRoute,
});

async function requests({
  queryClient,
  tenantConfig,
  capabilities,
  deps,
}: RouteRequestContext<{
  list: ReturnType<typeof catalogListParams>;
  q: CatalogSearch['q'];
  type: CatalogSearch['type'];
}>) {
  if (capabilities.areas.catalog.level === 'none') return;
  // the apps list loads with its component (it pages by cursor as it scrolls)
  if (deps.type === 'apps') return void (await queryClient.ensureQueryData(dataStoresQuery(tenantConfig)));
  const table = async () => {
    if (!deps.q.trim()) return queryClient.ensureQueryData(dataSetsQuery(tenantConfig, deps.list));
    const asset = deps.list.asset
      ? await queryClient.ensureQueryData(dataAssetQuery(tenantConfig, deps.list.asset))
      : undefined;
    return queryClient.ensureInfiniteQueryData(
      dataSetSearchQuery(tenantConfig, catalogSearchParams({ ...deps.list, q: deps.q }, asset)!),
    );
  };
  await Promise.all([queryClient.ensureQueryData(dataStoresQuery(tenantConfig)), table()]);
}

function CatalogRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const access = capabilities.areas.catalog;
  return (
    <AreaGate access={access}>
      <CatalogPage target={tenantConfig} apps={(q) => <TenantApps target={tenantConfig} q={q} />} />
    </AreaGate>
  );
}
