import { createFileRoute } from '@tanstack/react-router';
import { groupQuery } from '@/features/users/api/groups';
import { GroupPage } from '@/features/users/components/group-page';

export const Route = createFileRoute('/_authenticated/groups/$groupId')({
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(groupQuery(context.tenantConfig, params.groupId)),
  component: GroupRoute,
});

function GroupRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { groupId } = Route.useParams();
  return (
    <GroupPage
      tenant={tenantConfig}
      groupId={groupId}
      caller={{ userId: user.id, isTenantAdmin: capabilities.isTenantAdmin, has: capabilities.has }}
    />
  );
}
