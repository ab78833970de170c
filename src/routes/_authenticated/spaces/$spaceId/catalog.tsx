import { createFileRoute } from '@tanstack/react-router';
import { AreaGate } from '@/features/auth/components/area-gate';
import { spaceDataSetsQuery } from '@/features/catalog/api/items';
import { SpaceCatalog } from '@/features/catalog/components/space-catalog';
import { spaceAppsQuery } from '@/features/lineage/api/apps';
import { SpaceApps } from '@/features/lineage/components/space-apps';

export const Route = createFileRoute('/_authenticated/spaces/$spaceId/catalog')({
  loader: async ({ context, params }) => {
    if (context.capabilities.areas.catalog.level === 'none') return;
    await Promise.all([
      context.queryClient.ensureInfiniteQueryData(spaceDataSetsQuery(context.tenantConfig, params.spaceId)),
      context.queryClient.ensureInfiniteQueryData(spaceAppsQuery(context.tenantConfig, params.spaceId)),
    ]);
  },
  component: SpaceCatalogRoute,
});

function SpaceCatalogRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  const access = capabilities.areas.catalog;
  return (
    <AreaGate access={access}>
      <SpaceCatalog target={tenantConfig} spaceId={spaceId} />
      <SpaceApps target={tenantConfig} spaceId={spaceId} />
    </AreaGate>
  );
}
