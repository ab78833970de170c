import { createFileRoute } from '@tanstack/react-router';
import { lineageGraphQuery } from '@/features/lineage/api/lineage-graphs';
import { LineagePage } from '@/features/lineage/components/lineage-page';
import { lineagePageSearchSchema } from '@/features/lineage/search';

export const Route = createFileRoute('/_authenticated/lineage/')({
  validateSearch: lineagePageSearchSchema,
  loaderDeps: ({ search }) => ({ qri: search.qri, direction: search.dir, depth: search.depth }),
  loader: async ({ context, deps }) => {
    if (!deps.qri || (deps.direction === 'down' && !context.capabilities.isTenantAdmin)) return;
    // an error is shown by the page beside its controls (a 429 with its wait), not instead of the page
    await context.queryClient.prefetchQuery(lineageGraphQuery(context.tenantConfig, deps));
  },
  component: LineageRoute,
});

function LineageRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  return <LineagePage target={tenantConfig} canSeeImpact={capabilities.isTenantAdmin} />;
}
