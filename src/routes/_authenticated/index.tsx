import { createFileRoute } from '@tanstack/react-router';
import { OverviewPage } from '@/features/tenant/components/overview-page';
import { myTenantQuery } from '@/features/tenant/api/my-tenant';
import { CONSOLE_AREAS } from '@/features/auth/capabilities';

export const Route = createFileRoute('/_authenticated/')({
  loader: ({ context }) => context.queryClient.ensureQueryData(myTenantQuery(context.tenantConfig)),
  component: OverviewRoute,
});

function OverviewRoute() {
  const { tenantConfig, user, scopes, capabilities, session } = Route.useRouteContext();
  return (
    <OverviewPage
      target={tenantConfig}
      user={user}
      scopes={scopes}
      expiresAt={session.expiresAt}
      hasRefreshToken={session.hasRefreshToken}
      areas={CONSOLE_AREAS.map((area) => capabilities.areas[area])}
    />
  );
}
