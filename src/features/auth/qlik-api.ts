import {
  registerAuthModule,
  setDefaultHostConfig,
  unregisterHostConfig,
  type AuthModule,
} from '@qlik/api/auth';
import { addInterceptor } from '@qlik/api/interceptors';
import { CONSOLE_AUTH_TYPE, hostConfigFor, type TenantTarget } from '@/lib/qlik-host';
import type { ConsoleAuth } from './session';

let installed: ConsoleAuth | undefined;

/**
 * Teaches @qlik/api to authenticate with the console's OAuth sessions. REST calls carry
 * `Authorization: Bearer` (credentials omitted); a 401 renews through the refresh token and retries once, or
 * re-authorizes when there is none. Never `{ preventDefault: true }`: that leaves the call pending forever.
 */
export function installQlikApiAuth(auth: ConsoleAuth): void {
  if (installed === auth) return;
  const firstInstall = !installed;
  installed = auth;

  const module: AuthModule<typeof CONSOLE_AUTH_TYPE> = {
    requiredProps: ['tenantId'],
    optionalProps: ['forceIsWindows'],
    async getRestCallAuthParams({ hostConfig }) {
      const token = await current().accessToken(hostConfig.tenantId);
      return { headers: { Authorization: `Bearer ${token}` }, queryParams: {}, credentials: 'omit' };
    },
    async getWebSocketAuthParams() {
      // The console makes no engine (QIX) connections.
      return { queryParams: {} };
    },
    async handleAuthenticationError({ hostConfig, canRetry }) {
      if (!canRetry) return {};
      const renewed = await current().recoverFromUnauthorized(hostConfig.tenantId);
      return renewed ? { retry: true } : {};
    },
  };
  registerAuthModule(CONSOLE_AUTH_TYPE, module);

  if (firstInstall) {
    // TanStack Query is the one cache; @qlik/api's own GET cache would serve stale lists after a change.
    addInterceptor((request, proceed) =>
      proceed({ ...request, options: { ...request.options, noCache: true } }),
    );
  }
}

function current(): ConsoleAuth {
  if (!installed) throw new Error('The @qlik/api auth module is not installed.');
  return installed;
}

/** The tenant @qlik/api's "default" host config points at now (`null`: none registered yet). */
let defaultTenantKey: string | null = null;

/**
 * Makes a tenant the default for @qlik/api calls made without an explicit host config. The signed-in layout calls
 * this on every navigation; @qlik/api warns each time "default" is registered over itself, so it is registered
 * only when the tenant changes, and unregistered first when it does.
 */
export function setQlikApiDefaultTenant(tenant: TenantTarget | undefined): void {
  const key = tenant ? `${tenant.id}\n${tenant.host}` : '';
  if (key === defaultTenantKey) return;
  if (defaultTenantKey !== null) unregisterHostConfig('default');
  setDefaultHostConfig(tenant ? hostConfigFor(tenant) : undefined);
  defaultTenantKey = key;
}
