import { createFileRoute } from '@tanstack/react-router';
import { createSavedTenant, DEFAULT_SCOPES } from '@/features/auth/tenant-config';
import { oauthClientsQuery, type OAuthClient } from '@/features/oauth-clients/api/oauth-clients';
import { OAuthClientsPage } from '@/features/oauth-clients/components/oauth-clients-page';

export const Route = createFileRoute('/_authenticated/oauth-clients/')({
  loader: ({ context }) => context.queryClient.ensureInfiniteQueryData(oauthClientsQuery(context.tenantConfig)),
  component: OAuthClientsRoute,
});

function OAuthClientsRoute() {
  const { tenantConfig, capabilities, auth, queryClient } = Route.useRouteContext();
  const canManage = !capabilities.isTenantAdmin
    ? { allowed: false, reason: 'Only a tenant admin manages OAuth clients. Ask a tenant admin for the TenantAdmin role.' }
    : !capabilities.has('admin_classic')
      ? { allowed: false, reason: 'Sign in again with a preset that includes admin_classic.' }
      : { allowed: true };

  // A tenant entry of the same host with the client's id: the console signs in with it from now on.
  const useInConsole = (client: OAuthClient) => {
    const saved = auth.saveTenant(
      createSavedTenant({
        name: `${tenantConfig.name} (${client.clientName})`,
        host: tenantConfig.host,
        clientId: client.clientId,
        scopes: client.allowedScopes?.length ? client.allowedScopes.join(' ') : DEFAULT_SCOPES,
      }),
    );
    auth.setActiveTenant(saved.id);
    queryClient.clear();
    void auth.signIn(saved.id, '/');
  };

  return (
    <OAuthClientsPage
      tenant={tenantConfig}
      canManage={canManage}
      console={{ origin: window.location.origin, redirectUri: auth.redirectUri }}
      onUseInConsole={useInConsole}
    />
  );
}
