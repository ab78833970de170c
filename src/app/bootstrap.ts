import { loadConfiguredTenants } from '@/features/auth/tenant-config';
import { createAppContext } from './create-app-context';
import { createAppRouter, type AppRouter } from './router';

/** Reads the runtime tenant configuration, then builds the router context and router. */
export async function bootstrap() {
  const context = createAppContext(await loadConfiguredTenants());
  const router = createAppRouter(context);
  if (context.auth.activeTenant()) loadScreenAhead(router);
  return { context, router };
}

/**
 * Starts loading the code of the screen being opened (its routes' lazy parts) at once. The router asks for it only
 * after the routes' `beforeLoad` (the session check, then users/me and tenants/me): on a slow link that was one more
 * round of requests before the first rows. Only with a tenant chosen, when the screen is likely to be allowed; a
 * failure here is left for the router's own load to meet and report.
 */
function loadScreenAhead(router: AppRouter) {
  const [routes] = router.getMatchedRoutes(router.latestLocation.pathname);
  for (const route of routes) void router.loadRouteChunk(route)?.catch(() => undefined);
}
