import { createFileRoute, redirect } from '@tanstack/react-router';
import { AppLayout } from '@/app/layout/app-layout';
import { startRouteRequests } from '@/app/route-requests';
import { analyseCapabilities } from '@/features/auth/capabilities';
import { myUserQuery, roleNames } from '@/features/auth/api/my-user';
import { setQlikApiDefaultTenant } from '@/features/auth/qlik-api';
import { myTenantQuery } from '@/features/tenant/api/my-tenant';

export const Route = createFileRoute('/_authenticated')({
  beforeLoad: async ({ context, location, matches }) => {
    const { auth, queryClient } = context;
    const tenantConfig = auth.activeTenant();
    if (!tenantConfig) throw redirect({ to: '/connect', search: { redirect: location.href } });

    const state = await auth.ensureSession(tenantConfig.id);
    if (state.status === 'signed-out')
      throw redirect({ to: '/connect', search: { redirect: location.href } });
    if (state.status === 'expired') {
      // No refresh token: re-authorize and come back to this very URL. The page navigates away.
      await auth.signIn(tenantConfig.id, location.href);
      return new Promise<never>(() => {});
    }

    setQlikApiDefaultTenant(tenantConfig);
    startRouteRequests(matches, { queryClient, tenantConfig, scopes: state.session.scopes });
    const target = { id: tenantConfig.id, host: tenantConfig.host };
    const [user, tenant] = await Promise.all([
      queryClient.ensureQueryData(myUserQuery(target)),
      queryClient.ensureQueryData(myTenantQuery(target)),
    ]);
    const { scopes } = state.session;
    return {
      tenantConfig,
      session: state.session,
      user,
      tenant,
      scopes,
      capabilities: analyseCapabilities({ scopes, roles: roleNames(user) }),
    };
  },
  component: AppLayout,
});
