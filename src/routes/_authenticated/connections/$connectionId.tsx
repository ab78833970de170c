import { createFileRoute } from '@tanstack/react-router';
import { connectionQuery } from '@/features/connections/api/connections';
import { ConnectionDetail } from '@/features/connections/components/connection-detail';

export const Route = createFileRoute('/_authenticated/connections/$connectionId')({
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(connectionQuery(context.tenantConfig, params.connectionId)),
  component: ConnectionRoute,
});

function ConnectionRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { connectionId } = Route.useParams();
  const navigate = Route.useNavigate();
  return (
    <ConnectionDetail
      key={connectionId}
      tenant={tenantConfig}
      connectionId={connectionId}
      canWrite={capabilities.has('data-connections')}
      currentUserId={user.id}
      onDeleted={() => void navigate({ to: '/connections', search: (prev) => prev, replace: true })}
      onDuplicated={(id) => void navigate({ to: '/connections/$connectionId', params: { connectionId: id } })}
    />
  );
}
