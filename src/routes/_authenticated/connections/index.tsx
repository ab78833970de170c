import { createFileRoute, stripSearchParams } from '@tanstack/react-router';
import { startWithSession, type RouteRequestContext } from '@/app/route-requests';
import { PageHeader } from '@/components/page-header';
import { AreaGate } from '@/features/auth/components/area-gate';
import { connectionsQuery } from '@/features/connections/api/connections';
import { ConnectionsList } from '@/features/connections/components/connections-list';
import {
  CONNECTIONS_SEARCH_DEFAULTS,
  connectionsSearchSchema,
  listParamsOf,
} from '@/features/connections/search';

export const Route = createFileRoute('/_authenticated/connections/')({
  validateSearch: connectionsSearchSchema,
  search: { middlewares: [stripSearchParams(CONNECTIONS_SEARCH_DEFAULTS)] },
  loaderDeps: ({ search }) => listParamsOf(search),
  staticData: { requestsWithSession: startWithSession(requests) },
  loader: ({ context, deps, params }) => requests({ ...context, deps, params }),
  component: ConnectionsRoute,
});

function requests({
  queryClient,
  tenantConfig,
  capabilities,
  deps,
}: RouteRequestContext<ReturnType<typeof listParamsOf>>) {
  if (!capabilities.has('data-connections:read')) return;
  return queryClient.ensureInfiniteQueryData(connectionsQuery(tenantConfig, deps));
}

function ConnectionsRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const area = capabilities.areas.connections;
  return (
    <>
      <PageHeader
        title="Data connections"
        description="Connections to databases, REST APIs and S3 buckets in the spaces you can see."
      />
      <AreaGate access={area} allowed={capabilities.has('data-connections:read')}>
        <ConnectionsList
          tenant={tenantConfig}
          search={search}
          onSearchChange={(update) => navigate({ search: update, replace: true })}
          canWrite={capabilities.has('data-connections')}
          isTenantAdmin={capabilities.isTenantAdmin}
          currentUserId={user.id}
        />
      </AreaGate>
    </>
  );
}
