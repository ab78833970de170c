import { createFileRoute } from '@tanstack/react-router';
import { detailTabSearchSchema } from '@/components/detail-tabs';
import { connectionQuery } from '@/features/connections/api/connections';
import { ConnectionDetail } from '@/features/connections/components/connection-detail';
import { loadActivityTab } from '@/features/audit/api/activity';
import { activityTabOf } from '@/features/audit/components/resource-activity';

export const Route = createFileRoute('/_authenticated/connections/$connectionId')({
  validateSearch: detailTabSearchSchema,
  loaderDeps: ({ search }) => ({ tab: search.tab }),
  loader: ({ context, params, deps }) =>
    Promise.all([
      context.queryClient.ensureQueryData(connectionQuery(context.tenantConfig, params.connectionId)),
      loadActivityTab(context, 'connection', deps.tab),
    ]),
  component: ConnectionRoute,
});

function ConnectionRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { connectionId } = Route.useParams();
  const { tab } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <ConnectionDetail
      key={connectionId}
      tenant={tenantConfig}
      connectionId={connectionId}
      canWrite={capabilities.has('data-connections')}
      currentUserId={user.id}
      onDeleted={() => void navigate({ to: '/connections', search: {}, replace: true })}
      onDuplicated={(id) => void navigate({ to: '/connections/$connectionId', params: { connectionId: id } })}
      tab={tab}
      onTabChange={(next) =>
        void navigate({ search: { tab: next === 'details' ? undefined : next }, replace: true })
      }
      activity={activityTabOf({
        tenant: tenantConfig,
        roles: capabilities.roles,
        kind: 'connection',
        resourceId: connectionId,
        currentUserId: user.id,
      })}
    />
  );
}
