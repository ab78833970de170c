import { registerAuthModule } from '@qlik/api/auth';
import { CONSOLE_AUTH_TYPE, type TenantTarget } from '@/lib/qlik-host';
// The tenant runs in-process only to be talked to over HTTP, exactly as the console does in a browser.
import { signIn, startTenant, type TestTenant } from '../../tenant/test/harness';

export interface ConsoleTestTenant {
  tenant: TestTenant;
  /** The signed-in user's access token, for direct calls through the harness's `api`. */
  token: string;
  /** What the console's api functions and query factories take. */
  target: TenantTarget;
}

/**
 * Starts the real local tenant, signs one demo user in and registers the console's @qlik/api auth module with
 * that user's token, so console api functions under test reach the tenant as they would in the browser.
 */
export async function startConsoleTenant({
  user = 'ada',
  scope,
  targetId = 'integration',
}: {
  user?: 'ada' | 'max' | 'rita';
  scope: string;
  /** The tenant id that query keys carry. */
  targetId?: string;
}): Promise<ConsoleTestTenant> {
  const tenant = await startTenant();
  let token: string;
  try {
    token = (await signIn(tenant, user, scope)).access_token;
  } catch (error) {
    // The caller never received the tenant, so its afterAll cannot stop it.
    await tenant.stop();
    throw error;
  }
  registerAuthModule(CONSOLE_AUTH_TYPE, {
    requiredProps: ['tenantId'],
    optionalProps: ['forceIsWindows'],
    getRestCallAuthParams: async () => ({
      headers: { Authorization: `Bearer ${token}` },
      queryParams: {},
      credentials: 'omit',
    }),
    getWebSocketAuthParams: async () => ({ queryParams: {} }),
    handleAuthenticationError: async () => ({}),
  });
  return { tenant, token, target: { id: targetId, host: tenant.url } };
}
