import { createFileRoute } from '@tanstack/react-router';
import { ScopeGate } from '@/components/scope-gate';
import { spaceDataSetsQuery } from '@/features/catalog/api/items';
import { SpaceCatalog } from '@/features/catalog/components/space-catalog';

export const Route = createFileRoute('/_authenticated/spaces/$spaceId/catalog')({
  loader: async ({ context, params }) => {
    if (context.capabilities.areas.catalog.level === 'none') return;
    await context.queryClient.ensureInfiniteQueryData(
      spaceDataSetsQuery(context.tenantConfig, params.spaceId),
    );
  },
  component: SpaceCatalogRoute,
});

function SpaceCatalogRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  const access = capabilities.areas.catalog;
  return (
    <ScopeGate
      allowed={access.level !== 'none'}
      title="The catalog is out of reach"
      reason={access.remedy}
      scopes={access.missingScopes}
    >
      <SpaceCatalog target={tenantConfig} spaceId={spaceId} />
    </ScopeGate>
  );
}
