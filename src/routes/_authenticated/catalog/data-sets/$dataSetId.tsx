import { createFileRoute } from '@tanstack/react-router';
import { AreaGate } from '@/features/auth/components/area-gate';
import { dataSetQuery } from '@/features/catalog/api/data-sets';
import { DataSetPage } from '@/features/catalog/components/data-set-page';
import { dataSetSearchSchema } from '@/features/catalog/search';

export const Route = createFileRoute('/_authenticated/catalog/data-sets/$dataSetId')({
  validateSearch: dataSetSearchSchema,
  loader: async ({ context, params }) => {
    if (context.capabilities.areas.catalog.level === 'none') return;
    await context.queryClient.ensureQueryData(dataSetQuery(context.tenantConfig, params.dataSetId));
  },
  component: DataSetRoute,
});

function DataSetRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const access = capabilities.areas.catalog;
  return (
    <AreaGate access={access}>
      <DataSetPage target={tenantConfig} />
    </AreaGate>
  );
}
