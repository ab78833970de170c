import type { HostConfig } from '@qlik/api/auth';
import type { getMyUser } from '@qlik/api/users';

/** The console's own @qlik/api auth module: Bearer tokens from the tenant's OAuth session (features/auth). */
export const CONSOLE_AUTH_TYPE = 'manage-console';

export interface ConsoleAuthConfig {
  /** Which configured tenant's session supplies the token. */
  tenantId: string;
  /**
   * The console only talks to Qlik Cloud (or the local tenant that behaves like it); saying so skips the
   * product-info probe @qlik/api makes for hosts outside qlikcloud.com.
   */
  forceIsWindows?: boolean;
}

declare global {
  interface QlikAuthModules {
    'manage-console': { config: ConsoleAuthConfig };
  }
}

/** @qlik/api does not export its call-options type from a public entry point; every call takes it last. */
export type ApiCallOptions = NonNullable<Parameters<typeof getMyUser>[0]>;

export interface TenantTarget {
  id: string;
  host: string;
}

export function hostConfigFor(tenant: TenantTarget): HostConfig {
  return { authType: CONSOLE_AUTH_TYPE, host: tenant.host, tenantId: tenant.id, forceIsWindows: false };
}

/**
 * Options for every @qlik/api call: the tenant's host config, TanStack Query's abort signal, and no
 * @qlik/api GET cache (TanStack Query is the one cache).
 */
export function apiOptions(tenant: TenantTarget, signal?: AbortSignal): ApiCallOptions {
  return { hostConfig: hostConfigFor(tenant), noCache: true, ...(signal ? { signal } : {}) };
}

/**
 * @qlik/api runs every query value through `encodeURIComponent(decodeURIComponent(value))`, so a raw `%` in
 * user input (a search, a file name) throws before the request is sent. Encoding first makes that a no-op.
 */
export const queryText = (value: string) => encodeURIComponent(value);
