import { createFileRoute } from '@tanstack/react-router';
import { AuditGate } from '@/features/audit/components/audit-gate';
import { activityQuery } from '@/features/audit/api/activity';
import { ResourceActivity } from '@/features/audit/components/resource-activity';
import { canReadAudits } from '@/features/audit/model';

/** The Activity tab of a space: its audit events, newest first. */
export const Route = createFileRoute('/_authenticated/spaces/$spaceId/activity')({
  loader: ({ context }) => {
    if (!canReadAudits(context.capabilities.roles)) return;
    return context.queryClient.ensureInfiniteQueryData(activityQuery(context.tenantConfig, 'space'));
  },
  component: SpaceActivityRoute,
});

function SpaceActivityRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  return (
    <AuditGate roles={capabilities.roles}>
      <ResourceActivity tenant={tenantConfig} kind="space" resourceId={spaceId} currentUserId={user.id} />
    </AuditGate>
  );
}
