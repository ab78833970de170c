import { createFileRoute } from '@tanstack/react-router';
import { auditsQuery } from '@/features/audit/api/audits';
import { AuditGate } from '@/features/audit/components/audit-gate';
import { SpaceActivity } from '@/features/audit/components/space-activity';
import { canReadAudits } from '@/features/audit/model';

/** The Activity tab of a space: its audit events, newest first. */
export const Route = createFileRoute('/_authenticated/spaces/$spaceId/activity')({
  loader: ({ context }) => {
    if (!canReadAudits(context.capabilities.roles)) return;
    return context.queryClient.ensureInfiniteQueryData(auditsQuery(context.tenantConfig, {}));
  },
  component: SpaceActivityRoute,
});

function SpaceActivityRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  return (
    <AuditGate roles={capabilities.roles}>
      <SpaceActivity tenant={tenantConfig} spaceId={spaceId} currentUserId={user.id} />
    </AuditGate>
  );
}
