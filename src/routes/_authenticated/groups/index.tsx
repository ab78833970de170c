import { createFileRoute, stripSearchParams } from '@tanstack/react-router';
import { z } from 'zod/mini';
import { startWithSession, type RouteRequestContext } from '@/app/route-requests';
import { PageHeader } from '@/components/page-header';
import { AreaGate } from '@/features/auth/components/area-gate';
import { groupsQuery } from '@/features/users/api/groups';
import { GroupsPage } from '@/features/users/components/groups-page';

const groupsSearchSchema = z.object({
  q: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
});

export const Route = createFileRoute('/_authenticated/groups/')({
  validateSearch: groupsSearchSchema,
  search: { middlewares: [stripSearchParams({})] },
  loaderDeps: ({ search }) => ({ q: search.q }),
  staticData: { requestsWithSession: startWithSession(requests) },
  loader: ({ context, deps, params }) => requests({ ...context, deps, params }),
  component: GroupsRoute,
});

function requests({ queryClient, tenantConfig, capabilities, deps }: RouteRequestContext<{ q?: string }>) {
  if (capabilities.areas.users.level === 'none') return;
  return queryClient.ensureInfiniteQueryData(groupsQuery(tenantConfig, deps.q));
}

function GroupsRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const { q } = Route.useSearch();
  const navigate = Route.useNavigate();
  if (capabilities.areas.users.level === 'none') {
    return (
      <>
        <PageHeader title="Groups" />
        <AreaGate access={capabilities.areas.users} allowed={false}>
          {null}
        </AreaGate>
      </>
    );
  }
  return (
    <GroupsPage
      tenant={tenantConfig}
      q={q}
      onSearch={(next) => void navigate({ search: { q: next }, replace: true })}
    />
  );
}
