import { createFileRoute, stripSearchParams } from '@tanstack/react-router';
import { startWithSession, type RouteRequestContext } from '@/app/route-requests';
import { mayListUsers } from '@/lib/user-queries';
import { prefetchBrowser } from '@/features/data-files/api/data-files';
import { DataFilesBrowser } from '@/features/data-files/components/data-files-browser';
import {
  DATA_FILES_SEARCH_DEFAULTS,
  dataFilesSearchSchema,
  listParamsOf,
  type DataFilesSearch,
} from '@/features/data-files/search';

export const Route = createFileRoute('/_authenticated/data-files/')({
  validateSearch: dataFilesSearchSchema,
  search: { middlewares: [stripSearchParams(DATA_FILES_SEARCH_DEFAULTS)] },
  loaderDeps: ({ search }) => ({ search: { ...search, selected: [] } }),
  staticData: { requestsWithSession: startWithSession(requests) },
  loader: ({ context, deps, params }) => requests({ ...context, deps, params }),
  component: DataFilesRoute,
});

function requests({
  queryClient,
  tenantConfig,
  capabilities,
  deps,
}: RouteRequestContext<{ search: DataFilesSearch }>) {
  const admin = capabilities.isTenantAdmin && capabilities.has('admin.spaces:read');
  const search = deps.search.space === 'all' && !admin ? { ...deps.search, space: 'personal' } : deps.search;
  return prefetchBrowser(queryClient, tenantConfig, listParamsOf(search));
}

function DataFilesRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <DataFilesBrowser
      tenant={tenantConfig}
      search={search}
      onSearchChange={(update) => navigate({ search: update, replace: true })}
      caller={{
        userId: user.id,
        managesAllSpaces: capabilities.isTenantAdmin && capabilities.has('admin.spaces'),
        mayListUsers: mayListUsers(capabilities),
      }}
      canSeeAllSpaces={capabilities.isTenantAdmin && capabilities.has('admin.spaces:read')}
    />
  );
}
