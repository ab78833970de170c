import { createFileRoute } from '@tanstack/react-router';
import { startWithSession, type RouteRequestContext } from '@/app/route-requests';
import { PageHeader } from '@/components/page-header';
import { auditsQuery } from '@/features/audit/api/audits';
import { AuditGate } from '@/features/audit/components/audit-gate';
import { AuditLog } from '@/features/audit/components/audit-log';
import { canReadAudits } from '@/features/audit/model';
import { auditSearchSchema, listParamsOf } from '@/features/audit/search';

export const Route = createFileRoute('/_authenticated/audit/')({
  validateSearch: auditSearchSchema,
  loaderDeps: ({ search }) => listParamsOf(search),
  staticData: { requestsWithSession: startWithSession(requests) },
  loader: ({ context, deps, params }) => requests({ ...context, deps, params }),
  component: AuditRoute,
});

function requests({
  queryClient,
  tenantConfig,
  capabilities,
  deps,
}: RouteRequestContext<ReturnType<typeof listParamsOf>>) {
  if (!canReadAudits(capabilities.roles)) return;
  return queryClient.ensureInfiniteQueryData(auditsQuery(tenantConfig, deps));
}

function AuditRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in the tenant, who made it and when, newest first."
      />
      <AuditGate roles={capabilities.roles}>
        <AuditLog
          tenant={tenantConfig}
          search={search}
          onSearchChange={(update) => void navigate({ search: update, replace: true })}
          currentUserId={user.id}
        />
      </AuditGate>
    </>
  );
}
