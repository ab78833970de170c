import { createFileRoute } from '@tanstack/react-router';
import { useSuspenseQuery } from '@tanstack/react-query';
import { spaceQuery } from '@/features/spaces/api/spaces';
import { SpaceOverview } from '@/features/spaces/components/space-overview';

export const Route = createFileRoute('/_authenticated/spaces/$spaceId/')({
  component: SpaceOverviewRoute,
});

function SpaceOverviewRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  const { data: space } = useSuspenseQuery(spaceQuery(tenantConfig, spaceId));
  return (
    <SpaceOverview
      tenant={tenantConfig}
      space={space}
      currentUserId={user.id}
      canReadConnections={capabilities.has('data-connections:read')}
    />
  );
}
