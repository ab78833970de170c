import { createFileRoute, stripSearchParams } from '@tanstack/react-router';
import { useSuspenseQuery } from '@tanstack/react-query';
import { AreaGate } from '@/features/auth/components/area-gate';
import { connectionsQuery, spaceQuery } from '@/features/connections/api/connections';
import { ConnectionsList } from '@/features/connections/components/connections-list';
import {
  CONNECTIONS_SEARCH_DEFAULTS,
  connectionsSearchSchema,
  listParamsOf,
} from '@/features/connections/search';

/** The Connections tab of a space: the same list, pinned to the space. */
export const Route = createFileRoute('/_authenticated/spaces/$spaceId/connections')({
  validateSearch: connectionsSearchSchema,
  search: { middlewares: [stripSearchParams(CONNECTIONS_SEARCH_DEFAULTS)] },
  // The selection is URL state too, but changing it must not reload the list.
  loaderDeps: ({ search }) => ({ ...search, selected: [] }),
  loader: ({ context, params, deps }) => {
    if (!context.capabilities.has('data-connections:read')) return;
    return Promise.all([
      context.queryClient.ensureQueryData(spaceQuery(context.tenantConfig, params.spaceId)),
      context.queryClient.ensureInfiniteQueryData(
        connectionsQuery(context.tenantConfig, listParamsOf(deps, params.spaceId)),
      ),
    ]);
  },
  component: SpaceConnectionsRoute,
});

function SpaceConnectionsRoute() {
  const { capabilities } = Route.useRouteContext();
  const area = capabilities.areas.connections;
  return (
    <AreaGate access={area} allowed={capabilities.has('data-connections:read')}>
      <SpaceConnections />
    </AreaGate>
  );
}

function SpaceConnections() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const { data: space } = useSuspenseQuery(spaceQuery(tenantConfig, spaceId));
  return (
    <ConnectionsList
      tenant={tenantConfig}
      search={search}
      onSearchChange={(update) => navigate({ search: update, replace: true })}
      canWrite={capabilities.has('data-connections')}
      isTenantAdmin={capabilities.isTenantAdmin}
      currentUserId={user.id}
      fixedSpace={space}
    />
  );
}
