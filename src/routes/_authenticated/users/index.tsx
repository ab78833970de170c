import { createFileRoute, stripSearchParams } from '@tanstack/react-router';
import { PageHeader } from '@/components/page-header';
import { mayListUsers } from '@/lib/user-queries';
import { AreaGate } from '@/features/auth/components/area-gate';
import { rolesQuery, usersQuery } from '@/features/users/api/users';
import { UsersPage } from '@/features/users/components/users-page';
import { USERS_SEARCH_DEFAULTS, userListParamsOf, usersSearchSchema } from '@/features/users/model';

export const Route = createFileRoute('/_authenticated/users/')({
  validateSearch: usersSearchSchema,
  search: { middlewares: [stripSearchParams(USERS_SEARCH_DEFAULTS)] },
  loaderDeps: ({ search }) => userListParamsOf(search),
  loader: ({ context, deps }) => {
    if (!mayListUsers(context.capabilities)) return;
    void context.queryClient.prefetchQuery(rolesQuery(context.tenantConfig));
    return context.queryClient.ensureInfiniteQueryData(usersQuery(context.tenantConfig, deps));
  },
  component: UsersRoute,
});

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
