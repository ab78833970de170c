import type { QueryClient } from '@tanstack/react-query';
import { TENANT_ADMIN, analyseCapabilities, type Capabilities } from '@/features/auth/capabilities';
import type { TenantConfig } from '@/features/auth/tenant-config';

/** What a route's first requests are made from: its loader's context, or what is known once the session is. */
export interface RouteRequestContext<Deps = unknown, Params = unknown> {
  queryClient: QueryClient;
  tenantConfig: TenantConfig;
  capabilities: Capabilities;
  deps: Deps;
  params: Params;
}

/** A route's first requests; resolves when the data its page needs first is in the cache. */
export type RouteRequests<Deps = unknown, Params = unknown> = (
  context: RouteRequestContext<Deps, Params>,
) => Promise<unknown> | undefined;

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** Set with `startWithSession`: the route's requests, started as soon as the session is known. */
    requestsWithSession?: RouteRequests;
  }
}

/**
 * Marks a route's requests to start with the session instead of after users/me. `_authenticated`'s beforeLoad
 * reads users/me and tenants/me (roles, capabilities) and routes' loaders run only after every beforeLoad: on a
 * cold load the page's own list waited a round trip for them (200 ms on Fast 3G). The loader still makes the same
 * requests with the real capabilities, and TanStack Query hands it the ones already under way.
 */
export function startWithSession<Deps, Params>(requests: RouteRequests<Deps, Params>): RouteRequests {
  // The route declares its deps and params next to its loaderDeps and path; the router hands them over untyped.
  return requests as RouteRequests;
}

interface MatchWithRequests {
  staticData: { requestsWithSession?: RouteRequests };
  loaderDeps: unknown;
  params: unknown;
}

/**
 * Starts the requests of the matched routes that asked for it. The roles are not known yet (they come with
 * users/me, which is what is not waited for), so they are taken to be a tenant admin's: what the session's scopes
 * allow. A request the roles then rule out is wasted, never shown: the loader decides with the real ones.
 */
export function startRouteRequests(
  matches: readonly MatchWithRequests[],
  context: { queryClient: QueryClient; tenantConfig: TenantConfig; scopes: readonly string[] },
): void {
  const capabilities = analyseCapabilities({ scopes: context.scopes, roles: [TENANT_ADMIN] });
  for (const match of matches) {
    const requests = match.staticData.requestsWithSession;
    if (!requests) continue;
    // A failure is the loader's to meet and report, when it asks again.
    try {
      requests({
        queryClient: context.queryClient,
        tenantConfig: context.tenantConfig,
        capabilities,
        deps: match.loaderDeps,
        params: match.params,
      })?.catch(() => undefined);
    } catch {
      // the same
    }
  }
}
