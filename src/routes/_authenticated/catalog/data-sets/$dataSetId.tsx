import { useCallback } from 'react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod/mini';
import { AreaGate } from '@/features/auth/components/area-gate';
import { dataSetQuery } from '@/features/catalog/api/data-sets';
import { DataSetPage } from '@/features/catalog/components/data-set-page';
import { dataSetSearchSchema } from '@/features/catalog/search';
import { loadActivityTab } from '@/features/audit/api/activity';
import { activityTabOf } from '@/features/audit/components/resource-activity';
import { LineageView } from '@/features/lineage/components/lineage-view';
import { lineageViewSearchShape, type LineageViewSearch } from '@/features/lineage/search';

export const Route = createFileRoute('/_authenticated/catalog/data-sets/$dataSetId')({
  // the Lineage tab's graph keeps its view (direction, depth, open node, search) beside the page's own keys
  validateSearch: z.object({ ...dataSetSearchSchema.shape, ...lineageViewSearchShape }),
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
        lineageGraph={<DataSetLineageGraph dataSetId={dataSetId} />}
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

function DataSetLineageGraph({ dataSetId }: { dataSetId: string }) {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const { dir, depth, node, find, as } = Route.useSearch();
  const navigate = Route.useNavigate();
  const { data: dataSet } = useSuspenseQuery(dataSetQuery(tenantConfig, dataSetId));
  const onViewChange = useCallback(
    (change: Partial<LineageViewSearch>) =>
      void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true }),
    [navigate],
  );
  return (
    <LineageView
      target={tenantConfig}
      qri={dataSet.secureQri}
      view={{ dir, depth, node, find, as }}
      onViewChange={onViewChange}
      canSeeImpact={capabilities.isTenantAdmin}
    />
  );
}
