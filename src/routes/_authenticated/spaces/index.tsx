import { createFileRoute, stripSearchParams } from '@tanstack/react-router';
import { startWithSession, type RouteRequestContext } from '@/app/route-requests';
import { PageHeader } from '@/components/page-header';
import { AreaGate } from '@/features/auth/components/area-gate';
import { spacesQuery, spaceTypesQuery } from '@/features/spaces/api/spaces';
import { SpacesPage } from '@/features/spaces/components/spaces-page';
import {
  SPACES_SEARCH_DEFAULTS,
  listParamsOf,
  spacesSearchSchema,
  type SpaceListParams,
} from '@/features/spaces/model';

export const Route = createFileRoute('/_authenticated/spaces/')({
  validateSearch: spacesSearchSchema,
  // Defaults stay out of the URL: /spaces, not /spaces?view=table&sort=name&selected=%5B%5D.
  search: { middlewares: [stripSearchParams(SPACES_SEARCH_DEFAULTS)] },
  loaderDeps: ({ search }) => listParamsOf(search),
  staticData: { requestsWithSession: startWithSession(requests) },
  loader: ({ context, deps, params }) => requests({ ...context, deps, params }),
  component: SpacesRoute,
});

function requests({ queryClient, tenantConfig, capabilities, deps }: RouteRequestContext<SpaceListParams>) {
  if (capabilities.areas.spaces.level === 'none') return;
  void queryClient.prefetchQuery(spaceTypesQuery(tenantConfig));
  return queryClient.ensureInfiniteQueryData(spacesQuery(tenantConfig, deps));
}

function SpacesRoute() {
  const { tenantConfig, tenant, user, capabilities } = Route.useRouteContext();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const area = capabilities.areas.spaces;
  if (area.level === 'none') {
    return (
      <>
        <PageHeader title="Spaces" />
        <AreaGate access={area} allowed={false}>
          {null}
        </AreaGate>
      </>
    );
  }
  return (
    <SpacesPage
      tenant={tenantConfig}
      tenantName={tenant.name ?? tenantConfig.host}
      currentUserId={user.id}
      caller={capabilities}
      search={search}
      onSearchChange={(update) => navigate({ search: update, replace: true })}
      onOpenSpace={(space) => void navigate({ to: '/spaces/$spaceId', params: { spaceId: space.id } })}
      onOpenMembers={(space) =>
        void navigate({ to: '/spaces/$spaceId/members', params: { spaceId: space.id } })
      }
    />
  );
}
