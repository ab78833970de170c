import type { OidcMetadata, User, UserManager } from 'oidc-client-ts';
import {
  type TenantConfig,
  readActiveTenantId,
  readSavedTenants,
  writeActiveTenantId,
  writeSavedTenants,
} from './tenant-config';
import { parseScopes } from './capabilities';

/** A signed-in session on one tenant. The token stays in memory and sessionStorage only. */
export interface AuthSession {
  tenant: TenantConfig;
  accessToken: string;
  /** Scopes the tenant granted (the token response's `scope`). */
  scopes: string[];
  /** Epoch seconds; undefined only when the tenant said nothing about expiry. */
  expiresAt?: number;
  hasRefreshToken: boolean;
}

export type SessionState =
  | { status: 'active'; session: AuthSession }
  | { status: 'expired'; tenant: TenantConfig }
  | { status: 'signed-out' };

/** Thrown when an API call is made without a session; reads as a 401 to the error surface. */
export class SessionRequiredError extends Error {
  readonly status = 401;
  constructor(message = 'You are not signed in to this tenant.') {
    super(message);
    this.name = 'SessionRequiredError';
  }
}

/** Renew this many seconds before expiry, so a call never leaves with a token about to lapse. */
const RENEW_MARGIN_SECONDS = 30;

/** oidc-client-ts's ErrorResponse: the token endpoint answered with an OAuth error (duck-typed: lazily loaded). */
function refusedByTenant(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ErrorResponse' &&
    typeof (error as { error?: unknown }).error === 'string'
  );
}

/**
 * oidc-client-ts computes `expires_at` from `expires_in`, then copies the whole token response onto the user,
 * so Qlik's ISO `expires_at` overwrites it with a string (and Qlik Cloud sends no `expires_in` at all).
 * This puts back epoch seconds from whichever the tenant sent, falling back to the JWT's `exp`.
 * Returns true when it changed the user.
 */
export function normaliseExpiry(user: Pick<User, 'expires_at' | 'access_token'>): boolean {
  const raw = user.expires_at as unknown;
  if (typeof raw === 'number' && Number.isFinite(raw)) return false;
  let seconds: number | undefined;
  if (typeof raw === 'string') {
    if (/^\d+$/.test(raw)) seconds = Number(raw);
    else {
      const ms = Date.parse(raw);
      if (!Number.isNaN(ms)) seconds = Math.floor(ms / 1000);
    }
  }
  seconds ??= jwtExpiry(user.access_token);
  if (seconds === undefined) {
    if (raw === undefined) return false;
    user.expires_at = undefined;
    return true;
  }
  user.expires_at = seconds;
  return true;
}

function jwtExpiry(token: string | undefined): number | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp : undefined;
  } catch {
    return undefined;
  }
}

/** Only same-origin paths are followed after sign-in, so the callback cannot be turned into an open redirect. */
export function safeReturnTo(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  ) {
    return '/';
  }
  if (value.startsWith('/callback')) return '/';
  return value;
}

type Listener = () => void;

export interface TenantsSnapshot {
  tenants: readonly TenantConfig[];
  activeTenantId: string | null;
}

export interface ConsoleAuthOptions {
  /** The console's origin; redirect URI is `{origin}/callback`. */
  origin?: string;
  localStorage?: Storage;
  sessionStorage?: Storage;
  /** Leaves the page (sign-in redirect); replaceable in tests. */
  fetch?: typeof fetch;
}

/**
 * Tenants (configured and user-added), which one is active in this tab, and the OAuth session on each:
 * one oidc-client-ts UserManager per tenant, configured from the tenant's RFC 8414 metadata.
 */
export class ConsoleAuth {
  readonly origin: string;
  private readonly configured: readonly TenantConfig[];
  private readonly local: Storage;
  private readonly session: Storage;
  private readonly fetcher: typeof fetch;
  private readonly managers = new Map<string, Promise<UserManager>>();
  private readonly renewals = new Map<string, Promise<boolean>>();
  private readonly callbacks = new Map<string, Promise<string>>();
  private readonly listeners = new Set<Listener>();
  private readonly signingOut = new Set<string>();
  private snapshot: TenantsSnapshot;

  constructor(configured: readonly TenantConfig[], options: ConsoleAuthOptions = {}) {
    this.origin = options.origin ?? window.location.origin;
    this.configured = configured;
    this.local = options.localStorage ?? window.localStorage;
    this.session = options.sessionStorage ?? window.sessionStorage;
    this.fetcher = options.fetch ?? ((...args) => fetch(...args));
    this.snapshot = this.readSnapshot();
  }

  get redirectUri(): string {
    return `${this.origin}/callback`;
  }

  // ---- tenants -------------------------------------------------------------------------------------------

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TenantsSnapshot => this.snapshot;

  private readSnapshot(): TenantsSnapshot {
    const saved = readSavedTenants(this.local).filter((s) => !this.configured.some((c) => c.id === s.id));
    const tenants = [...this.configured, ...saved];
    const stored = readActiveTenantId(this.session);
    return { tenants, activeTenantId: tenants.some((t) => t.id === stored) ? stored : null };
  }

  private changed(): void {
    this.snapshot = this.readSnapshot();
    for (const listener of this.listeners) listener();
  }

  tenants(): readonly TenantConfig[] {
    return this.snapshot.tenants;
  }

  tenant(id: string): TenantConfig | undefined {
    return this.snapshot.tenants.find((tenant) => tenant.id === id);
  }

  activeTenant(): TenantConfig | undefined {
    const id = this.snapshot.activeTenantId;
    return id ? this.tenant(id) : undefined;
  }

  setActiveTenant(id: string | null): void {
    writeActiveTenantId(id, this.session);
    this.changed();
  }

  /** Adds or replaces a user-added tenant (same host and client ID replaces). */
  saveTenant(tenant: TenantConfig): TenantConfig {
    const saved = { ...tenant, source: 'saved' as const };
    const others = readSavedTenants(this.local).filter((t) => t.id !== saved.id);
    writeSavedTenants([...others, saved], this.local);
    // A changed scope set or client needs a fresh manager and sign-in.
    this.managers.delete(saved.id);
    this.changed();
    return saved;
  }

  /** Forgets a user-added tenant and its session in this tab. */
  async removeTenant(id: string): Promise<void> {
    const tenant = this.tenant(id);
    if (!tenant || tenant.source !== 'saved') return;
    await this.signOut(id).catch(() => undefined);
    writeSavedTenants(
      readSavedTenants(this.local).filter((t) => t.id !== id),
      this.local,
    );
    this.managers.delete(id);
    if (this.snapshot.activeTenantId === id) writeActiveTenantId(null, this.session);
    this.changed();
  }

  // ---- OAuth ---------------------------------------------------------------------------------------------

  private async fetchMetadata(tenant: TenantConfig): Promise<Partial<OidcMetadata>> {
    // Qlik publishes RFC 8414 metadata only; there is no OpenID discovery document.
    const response = await this.fetcher(`${tenant.host}/.well-known/oauth-authorization-server`, {
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) {
      throw Object.assign(new Error(`The tenant's OAuth metadata answered HTTP ${response.status}.`), {
        status: response.status,
        headers: response.headers,
        data: await response.json().catch(() => undefined),
      });
    }
    return (await response.json()) as Partial<OidcMetadata>;
  }

  /** The tenant's UserManager, created once per tenant (and again after a failed metadata fetch). */
  manager(tenantId: string): Promise<UserManager> {
    const existing = this.managers.get(tenantId);
    if (existing) return existing;
    const tenant = this.tenant(tenantId);
    if (!tenant) return Promise.reject(new Error(`Unknown tenant "${tenantId}".`));
    const created = (async () => {
      const [{ UserManager, WebStorageStateStore }, metadata] = await Promise.all([
        import('oidc-client-ts'),
        this.fetchMetadata(tenant),
      ]);
      const store = new WebStorageStateStore({ store: this.session, prefix: 'manage-console.oidc.' });
      return new UserManager({
        authority: metadata.issuer ?? tenant.host,
        metadata,
        client_id: tenant.clientId,
        redirect_uri: this.redirectUri,
        response_type: 'code',
        // No `openid`: Qlik issues no id_token; identity comes from /api/v1/users/me.
        scope: tenant.scopes,
        loadUserInfo: false,
        userStore: store,
        stateStore: store,
        automaticSilentRenew: false,
        monitorSession: false,
        revokeTokenTypes: ['access_token', 'refresh_token'],
      });
    })();
    created.catch(() => this.managers.delete(tenantId));
    this.managers.set(tenantId, created);
    return created;
  }

  /** Reads the stored user, with expiry normalised (and re-stored once so the fix persists). */
  private async storedUser(tenantId: string): Promise<User | null> {
    const manager = await this.manager(tenantId);
    const user = await manager.getUser();
    if (user && normaliseExpiry(user)) await manager.storeUser(user);
    return user;
  }

  private toSession(tenant: TenantConfig, user: User): AuthSession {
    return {
      tenant,
      accessToken: user.access_token,
      scopes: parseScopes(user.scope ?? tenant.scopes),
      ...(user.expires_at !== undefined ? { expiresAt: user.expires_at } : {}),
      hasRefreshToken: Boolean(user.refresh_token),
    };
  }

  /** The session on a tenant without touching the network beyond metadata; no renewal. */
  async sessionState(tenantId: string): Promise<SessionState> {
    const tenant = this.tenant(tenantId);
    if (!tenant) return { status: 'signed-out' };
    const user = await this.storedUser(tenantId);
    if (!user?.access_token) return { status: 'signed-out' };
    if (user.expired && !user.refresh_token) return { status: 'expired', tenant };
    return { status: 'active', session: this.toSession(tenant, user) };
  }

  /**
   * A usable session: renews through the refresh token when the access token has lapsed or is about to.
   * 'expired' means the user has to re-authorize (no refresh token, or the refresh was refused).
   */
  async ensureSession(tenantId: string): Promise<SessionState> {
    const state = await this.sessionState(tenantId);
    if (state.status !== 'active') return state;
    const { expiresAt, hasRefreshToken } = state.session;
    const now = Date.now() / 1000;
    if (expiresAt === undefined || expiresAt - now > RENEW_MARGIN_SECONDS) return state;
    if (!hasRefreshToken)
      return expiresAt > now ? state : { status: 'expired', tenant: state.session.tenant };
    if (await this.renewSilently(tenantId)) return this.sessionState(tenantId);
    return { status: 'expired', tenant: state.session.tenant };
  }

  /** Sends the browser to the tenant's sign-in page; resolves only if navigation did not happen. */
  async signIn(tenantId: string, returnTo: string, options: { forceLogin?: boolean } = {}): Promise<void> {
    this.setActiveTenant(tenantId);
    const manager = await this.manager(tenantId);
    await manager.signinRedirect({
      state: { returnTo: safeReturnTo(returnTo) },
      // prompt=login: the tenant shows its sign-in page even while its session is live ("Switch account").
      ...(options.forceLogin ? { prompt: 'login' } : {}),
    });
  }

  /**
   * The tenant's sign-out address (GET /logout, the path @qlik/api's logout() takes), returning to `returnTo`, which
   * must be on this console's origin (the tenant accepts only its clients' origins).
   */
  tenantLogoutUrl(tenantId: string, returnTo: string): string {
    const tenant = this.tenant(tenantId);
    if (!tenant) throw new Error(`Unknown tenant "${tenantId}".`);
    return `${tenant.host}/logout?${new URLSearchParams({ returnto: returnTo })}`;
  }

  /**
   * Redeems the authorization code in the callback URL. Guarded per URL because React StrictMode (and a
   * re-rendered route) would otherwise redeem the same one-time code twice and fail the second time.
   * Resolves to the same-origin path to continue at.
   */
  completeSignIn(url: string): Promise<string> {
    const pending = this.callbacks.get(url);
    if (pending) return pending;
    const result = (async () => {
      const tenantId = this.snapshot.activeTenantId;
      if (!tenantId)
        throw new Error('This sign-in was not started from this tab. Choose a tenant and sign in again.');
      const manager = await this.manager(tenantId);
      const user = await manager.signinRedirectCallback(url);
      if (normaliseExpiry(user)) await manager.storeUser(user);
      this.changed();
      return safeReturnTo((user.state as { returnTo?: unknown } | undefined)?.returnTo);
    })();
    this.callbacks.set(url, result);
    return result;
  }

  /** Uses the refresh token, once at a time per tenant. False when there is none or the tenant refused it. */
  renewSilently(tenantId: string): Promise<boolean> {
    const running = this.renewals.get(tenantId);
    if (running) return running;
    const renewal = (async () => {
      const manager = await this.manager(tenantId);
      const user = await manager.getUser();
      if (!user?.refresh_token) return false;
      try {
        const renewed = await manager.signinSilent();
        if (!renewed) return false;
        if (normaliseExpiry(renewed)) await manager.storeUser(renewed);
        return true;
      } catch (error) {
        // A refused refresh (revoked, expired) ends the session; the user re-authorizes. A request that never got
        // an answer (network down, or cut by a reload while the token was being renewed) keeps it for next time.
        if (refusedByTenant(error)) await manager.removeUser();
        return false;
      }
    })().finally(() => this.renewals.delete(tenantId));
    this.renewals.set(tenantId, renewal);
    return renewal;
  }

  /**
   * Called after the tenant answered 401. With a refresh token, renew and let the caller retry; without one,
   * re-authorize and come back to the same URL (the page navigates away).
   */
  async recoverFromUnauthorized(tenantId: string): Promise<boolean> {
    // Calls still in flight while signing out must not start a new sign-in.
    if (this.signingOut.has(tenantId)) return false;
    if (await this.renewSilently(tenantId)) return true;
    if (this.snapshot.activeTenantId === tenantId && typeof window !== 'undefined') {
      const { pathname, search, hash } = window.location;
      await this.signIn(tenantId, `${pathname}${search}${hash}`);
    }
    return false;
  }

  /** The bearer token for an API call, renewed first when it is about to lapse. */
  async accessToken(tenantId: string): Promise<string> {
    const state = await this.ensureSession(tenantId);
    if (state.status !== 'active') throw new SessionRequiredError();
    return state.session.accessToken;
  }

  /** Revokes the tokens at the tenant (best effort) and forgets them in this tab. */
  async signOut(tenantId: string): Promise<void> {
    const manager = await this.manager(tenantId).catch(() => undefined);
    if (!manager) return;
    this.signingOut.add(tenantId);
    try {
      await manager.revokeTokens();
    } catch (error) {
      // The tokens are forgotten either way; an unreachable tenant must not keep the user signed in here.
      console.warn('Token revocation failed', error instanceof Error ? error.message : error);
    } finally {
      await manager.removeUser();
      this.signingOut.delete(tenantId);
      this.changed();
    }
  }
}
