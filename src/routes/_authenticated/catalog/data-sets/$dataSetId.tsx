import { createFileRoute } from '@tanstack/react-router';
import { AreaGate } from '@/features/auth/components/area-gate';
import { dataSetQuery } from '@/features/catalog/api/data-sets';
import { DataSetPage } from '@/features/catalog/components/data-set-page';
import { dataSetSearchSchema } from '@/features/catalog/search';
import { loadActivityTab } from '@/features/audit/api/activity';
import { activityTabOf } from '@/features/audit/components/resource-activity';

export const Route = createFileRoute('/_authenticated/catalog/data-sets/$dataSetId')({
  validateSearch: dataSetSearchSchema,
  loaderDeps: ({ search }) => ({ tab: search.tab }),
  loader: async ({ context, params, deps }) => {
    if (context.capabilities.areas.catalog.level === 'none') return;
    await Promise.all([
      context.queryClient.ensureQueryData(dataSetQuery(context.tenantConfig, params.dataSetId)),
      loadActivityTab(context, 'data-set', deps.tab),
    ]);
  },
  component: DataSetRoute,
});

function DataSetRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { dataSetId } = Route.useParams();
  const access = capabilities.areas.catalog;
  return (
    <AreaGate access={access}>
      <DataSetPage
        target={tenantConfig}
        activity={activityTabOf({
          tenant: tenantConfig,
          roles: capabilities.roles,
          kind: 'data-set',
          resourceId: dataSetId,
          currentUserId: user.id,
        })}
      />
    </AreaGate>
  );
}
