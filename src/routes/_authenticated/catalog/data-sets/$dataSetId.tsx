import { createFileRoute } from '@tanstack/react-router';
import { ScopeGate } from '@/components/scope-gate';
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
    <ScopeGate
      allowed={access.level !== 'none'}
      title="The catalog is out of reach"
      reason={access.remedy}
      scopes={access.missingScopes}
    >
      <DataSetPage target={tenantConfig} />
    </ScopeGate>
  );
}
