import { Blob as NodeBlob } from 'node:buffer';
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
  signInConsoleAs(token);
  return { tenant, token, target: { id: targetId, host: tenant.url } };
}

/** Console api functions under test reach the tenant with this access token from now on (another user's, say). */
export function signInConsoleAs(token: string): void {
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
}

/**
 * Node's own Blob and FormData in place of jsdom's, until the returned function puts them back. @qlik/api sends
 * multipart bodies as FormData with a Blob part; under jsdom both are jsdom's, which Node's fetch cannot read (it
 * writes "undefined" with the Blob's length and the request never completes); a browser has one of each. Node's
 * own FormData is only reachable through a Response.
 */
export async function nodeMultipartInPlace(): Promise<() => void> {
  const jsdom = { Blob: globalThis.Blob, FormData: globalThis.FormData };
  const NodeFormData = (await new Response(new URLSearchParams('a=b')).formData()).constructor;
  globalThis.Blob = NodeBlob as unknown as typeof Blob;
  globalThis.FormData = NodeFormData as typeof FormData;
  return () => {
    globalThis.Blob = jsdom.Blob;
    globalThis.FormData = jsdom.FormData;
  };
}

/** The ids of the tenant's spaces (the demo's, in a fresh tenant), by name. */
export async function spaceIdsByName(tenant: TestTenant, token: string): Promise<Record<string, string>> {
  const spaces = await (
    await fetch(`${tenant.url}/api/v1/spaces?limit=100`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  return Object.fromEntries((spaces.data as { id: string; name: string }[]).map((s) => [s.name, s.id]));
}

/**
 * A tenant for tests that send files: Node's multipart in place (see `nodeMultipartInPlace`), a signed-in tenant
 * admin, and the demo spaces' ids by name. `stop` undoes all of it.
 */
export async function startFilesTenant(): Promise<
  ConsoleTestTenant & { spaceIds: Record<string, string>; stop: () => Promise<void> }
> {
  const restore = await nodeMultipartInPlace();
  const started = await startConsoleTenant({ scope: 'user_default admin_classic' });
  return {
    ...started,
    spaceIds: await spaceIdsByName(started.tenant, started.token),
    stop: async () => {
      restore();
      await started.tenant.stop();
    },
  };
}
