import { createFileRoute, stripSearchParams } from '@tanstack/react-router';
import { startWithSession, type RouteRequestContext } from '@/app/route-requests';
import { PageHeader } from '@/components/page-header';
import { mayListUsers } from '@/lib/user-queries';
import { AreaGate } from '@/features/auth/components/area-gate';
import { rolesQuery, usersQuery } from '@/features/users/api/users';
import { UsersPage } from '@/features/users/components/users-page';
import {
  USERS_SEARCH_DEFAULTS,
  userListParamsOf,
  usersSearchSchema,
  type UserListParams,
} from '@/features/users/model';

export const Route = createFileRoute('/_authenticated/users/')({
  validateSearch: usersSearchSchema,
  search: { middlewares: [stripSearchParams(USERS_SEARCH_DEFAULTS)] },
  loaderDeps: ({ search }) => userListParamsOf(search),
  staticData: { requestsWithSession: startWithSession(requests) },
  loader: ({ context, deps, params }) => requests({ ...context, deps, params }),
  component: UsersRoute,
});

function requests({ queryClient, tenantConfig, capabilities, deps }: RouteRequestContext<UserListParams>) {
  if (!mayListUsers(capabilities)) return;
  void queryClient.prefetchQuery(rolesQuery(tenantConfig));
  return queryClient.ensureInfiniteQueryData(usersQuery(tenantConfig, deps));
}

function UsersRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  if (!mayListUsers(capabilities)) {
    return (
      <>
        <PageHeader title="Users" />
        <AreaGate access={capabilities.areas.users} allowed={false}>
          {null}
        </AreaGate>
      </>
    );
  }
  return (
    <UsersPage
      tenant={tenantConfig}
      search={search}
      onSearchChange={(update) => void navigate({ search: update, replace: true })}
      onOpenUser={(user) => void navigate({ to: '/users/$userId', params: { userId: user.id } })}
    />
  );
}
