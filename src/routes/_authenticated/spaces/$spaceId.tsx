import { createFileRoute, Link, Outlet } from '@tanstack/react-router';
import { useSuspenseQuery } from '@tanstack/react-query';
import { spaceQuery } from '@/features/spaces/api/spaces';
import { SpaceHeader } from '@/features/spaces/components/space-layout';
import classes from '@/features/spaces/components/spaces.module.css';

/** A space: header with its actions, then the tabs as links (each tab is its own URL). */
export const Route = createFileRoute('/_authenticated/spaces/$spaceId')({
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(spaceQuery(context.tenantConfig, params.spaceId)),
  component: SpaceLayoutRoute,
});

const active = { 'aria-current': 'page' } as const;

function SpaceLayoutRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  const navigate = Route.useNavigate();
  const { data: space } = useSuspenseQuery(spaceQuery(tenantConfig, spaceId));
  const params = { spaceId };
  return (
    <>
      <SpaceHeader
        tenant={tenantConfig}
        space={space}
        caller={capabilities}
        currentUserId={user.id}
        onDeleted={() => void navigate({ to: '/spaces', replace: true })}
        tabs={
          <>
            <Link
              to="/spaces/$spaceId"
              params={params}
              className={classes.tab}
              activeOptions={{ exact: true }}
              activeProps={active}
            >
              Overview
            </Link>
            <Link to="/spaces/$spaceId/members" params={params} className={classes.tab} activeProps={active}>
              Members
            </Link>
            <Link
              to="/spaces/$spaceId/connections"
              params={params}
              className={classes.tab}
              activeProps={active}
            >
              Connections
            </Link>
            <Link to="/spaces/$spaceId/files" params={params} className={classes.tab} activeProps={active}>
              Data files
            </Link>
            <Link to="/spaces/$spaceId/catalog" params={params} className={classes.tab} activeProps={active}>
              Catalog
            </Link>
            <Link to="/spaces/$spaceId/activity" params={params} className={classes.tab} activeProps={active}>
              Activity
            </Link>
          </>
        }
      />
      <Outlet />
    </>
  );
}
