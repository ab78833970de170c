import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, type TenantServer, type TenantServerOptions } from '../server';

export const CONSOLE_ORIGIN = 'http://localhost:5173';

export interface TestTenant extends TenantServer {
  dataDir: string;
  stop: () => Promise<void>;
}

/** The real local tenant, in-process, on a random port with a temp data dir. */
export async function startTenant(options: Partial<TenantServerOptions> = {}): Promise<TestTenant> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'local-tenant-test-'));
  const server = await buildServer({ allowedOrigins: [CONSOLE_ORIGIN], ...options, dataDir });
  return {
    ...server,
    dataDir,
    stop: async () => {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export const pkcePair = () => {
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
};

export interface AuthorizeOptions {
  email: string;
  password: string;
  scope: string;
  redirectUri?: string;
  state?: string | null;
  challengeMethod?: string;
  /** The OAuth client signing in (default: the console's own). */
  clientId?: string;
}

/**
 * Drives the real authorization-code flow over HTTP as a browser would (authorize → sign-in page → redirect
 * back with a code). Returns the redirect location and the PKCE verifier.
 */
export async function authorize(t: TenantServer, o: AuthorizeOptions): Promise<{ location: URL; verifier: string; redirectUri: string }> {
  const jar = new CookieJar();
  const { verifier, challenge } = pkcePair();
  const redirectUri = o.redirectUri ?? `${CONSOLE_ORIGIN}/callback`;
  const query = new URLSearchParams({
    client_id: o.clientId ?? 'manage-console',
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: o.scope,
    code_challenge: challenge,
    code_challenge_method: o.challengeMethod ?? 'S256',
  });
  if (o.state !== null) query.set('state', o.state ?? randomBytes(16).toString('base64url'));
  let response = await fetch(`${t.url}/oauth/authorize?${query}`, { redirect: 'manual' });
  jar.store(response);
  for (let hop = 0; hop < 10; hop++) {
    if (response.status < 300 || response.status >= 400) break;
    const location = new URL(response.headers.get('location')!, t.url);
    if (location.origin !== new URL(t.url).origin) return { location, verifier, redirectUri };
    if (/^\/interaction\/[^/]+$/.test(location.pathname)) {
      const page = await fetch(location, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.store(page);
      if (page.status >= 300 && page.status < 400) {
        response = page; // consent is answered without UI
        continue;
      }
      response = await fetch(`${location}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: o.email, password: o.password }),
      });
    } else {
      response = await fetch(location, { redirect: 'manual', headers: { cookie: jar.header() } });
    }
    jar.store(response);
  }
  throw new Error(`authorize did not redirect back: ${response.status} ${await response.text()}`);
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  token_type: string;
  scope: string;
  expires_in: number;
  expires_at: string;
}

/** Signs a demo user in and returns the token response (throws when any step fails). */
export async function signIn(t: TenantServer, who: 'ada' | 'max' | 'rita', scope: string): Promise<TokenResponse> {
  const account = t.demoAccounts.find((a) => a.email.startsWith(who))!;
  const { location, verifier, redirectUri } = await authorize(t, { email: account.email, password: account.password, scope });
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location}`);
  const response = await fetch(`${t.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
    body: JSON.stringify({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id: 'manage-console' }),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}

/** A token for the tenant's M2M client (client credentials, as a script gets one). */
export async function machineToken(t: TenantServer, scope: string): Promise<string> {
  const response = await fetch(`${t.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: t.m2m.clientId,
      client_secret: t.m2m.clientSecret,
      scope,
    }),
  });
  if (response.status !== 200) throw new Error(`client credentials: ${response.status} ${await response.text()}`);
  return ((await response.json()) as TokenResponse).access_token;
}

export function api(t: TenantServer, token: string | undefined, path: string, init: RequestInit = {}) {
  return fetch(`${t.url}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) },
  });
}
