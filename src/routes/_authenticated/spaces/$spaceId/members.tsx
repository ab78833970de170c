import { createFileRoute } from '@tanstack/react-router';
import { useSuspenseQuery } from '@tanstack/react-query';
import { assignmentsQuery, spaceQuery } from '@/features/spaces/api/spaces';
import { MembersPanel } from '@/features/spaces/components/members-panel';
import { SpaceAccessPanel } from '@/features/users/components/explain-access';
import { mayListUsers } from '@/lib/user-queries';

export const Route = createFileRoute('/_authenticated/spaces/$spaceId/members')({
  loader: ({ context, params }) =>
    context.queryClient.ensureInfiniteQueryData(assignmentsQuery(context.tenantConfig, params.spaceId)),
  component: MembersRoute,
});

function MembersRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  const { data: space } = useSuspenseQuery(spaceQuery(tenantConfig, spaceId));
  return (
    <>
      <MembersPanel tenant={tenantConfig} space={space} caller={capabilities} currentUserId={user.id} />
      <SpaceAccessPanel
        tenant={tenantConfig}
        spaceId={space.id}
        spaceName={space.name}
        canListUsers={mayListUsers(capabilities)}
      />
    </>
  );
}
