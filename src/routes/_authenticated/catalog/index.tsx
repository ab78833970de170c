import { createFileRoute } from '@tanstack/react-router';
import { AreaGate } from '@/features/auth/components/area-gate';
import { dataStoresQuery } from '@/features/catalog/api/data-stores';
import { dataSetsQuery } from '@/features/catalog/api/data-sets';
import { CatalogPage } from '@/features/catalog/components/catalog-page';
import { catalogListParams, catalogSearchSchema } from '@/features/catalog/search';

export const Route = createFileRoute('/_authenticated/catalog/')({
  validateSearch: catalogSearchSchema,
  loaderDeps: ({ search }) => catalogListParams(search),
  loader: async ({ context, deps }) => {
    if (context.capabilities.areas.catalog.level === 'none') return;
    await Promise.all([
      context.queryClient.ensureQueryData(dataStoresQuery(context.tenantConfig)),
      context.queryClient.ensureQueryData(dataSetsQuery(context.tenantConfig, deps)),
    ]);
  },
  component: CatalogRoute,
});

function CatalogRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const access = capabilities.areas.catalog;
  return (
    <AreaGate access={access}>
      <CatalogPage target={tenantConfig} />
    </AreaGate>
  );
}
