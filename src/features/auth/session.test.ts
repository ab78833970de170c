import { afterEach, describe, expect, it, vi } from 'vitest';
import { User } from 'oidc-client-ts';
import { ConsoleAuth, normaliseExpiry, safeReturnTo } from './session';
import type { TenantConfig } from './tenant-config';

describe('normaliseExpiry', () => {
  it("turns Qlik's ISO expires_at into epoch seconds", () => {
    const user = { expires_at: '2026-03-01T12:00:00.000Z' as unknown as number, access_token: 'x' };
    expect(normaliseExpiry(user)).toBe(true);
    expect(user.expires_at).toBe(Date.parse('2026-03-01T12:00:00.000Z') / 1000);
  });

  it('keeps an expires_at computed from expires_in', () => {
    const user = { expires_at: 1_800_000_000, access_token: 'x' };
    expect(normaliseExpiry(user)).toBe(false);
    expect(user.expires_at).toBe(1_800_000_000);
  });

  it("falls back to the JWT's exp when the tenant said nothing", () => {
    const payload = btoa(JSON.stringify({ exp: 1_900_000_000 })).replace(/=+$/, '');
    const user = { expires_at: undefined as number | undefined, access_token: `h.${payload}.s` };
    expect(normaliseExpiry(user)).toBe(true);
    expect(user.expires_at).toBe(1_900_000_000);
  });

  it('leaves an opaque token without expiry alone', () => {
    const user = { expires_at: undefined as number | undefined, access_token: 'opaque' };
    expect(normaliseExpiry(user)).toBe(false);
    expect(user.expires_at).toBeUndefined();
  });
});

describe('safeReturnTo', () => {
  it('only follows same-origin paths', () => {
    expect(safeReturnTo('/spaces?type=shared#top')).toBe('/spaces?type=shared#top');
    expect(safeReturnTo('https://evil.example.com')).toBe('/');
    expect(safeReturnTo('//evil.example.com')).toBe('/');
    expect(safeReturnTo('/\\evil.example.com')).toBe('/');
    expect(safeReturnTo('/callback?code=1')).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
  });
});

describe('ConsoleAuth tenants', () => {
  const local: TenantConfig = {
    id: 'local',
    name: 'Local tenant',
    host: 'http://localhost:8787',
    clientId: 'manage-console',
    scopes: 'user_default',
    source: 'configured',
    local: true,
  };

  it('lists configured then saved tenants and tracks the active one per tab', () => {
    const auth = new ConsoleAuth([local], { origin: 'http://localhost:5173' });
    expect(auth.redirectUri).toBe('http://localhost:5173/callback');
    let notified = 0;
    auth.subscribe(() => notified++);
    const saved = auth.saveTenant({
      ...local,
      id: 'acme',
      name: 'Acme',
      host: 'https://acme.qlikcloud.com',
      source: 'saved',
    });
    expect(auth.tenants().map((t) => t.id)).toEqual(['local', 'acme']);
    auth.setActiveTenant(saved.id);
    expect(auth.activeTenant()?.name).toBe('Acme');
    expect(sessionStorage.getItem('manage-console.active-tenant')).toBe('acme');
    expect(notified).toBe(2);
    // A fresh instance (a reload) sees the same.
    expect(new ConsoleAuth([local]).activeTenant()?.id).toBe('acme');
  });

  it('forgets a removed saved tenant and deactivates it', async () => {
    const auth = new ConsoleAuth([local], {
      origin: 'http://localhost:5173',
      fetch: () => Promise.reject(new TypeError('offline')),
    });
    auth.saveTenant({ ...local, id: 'acme', name: 'Acme', source: 'saved' });
    auth.setActiveTenant('acme');
    await auth.removeTenant('acme');
    expect(auth.tenants().map((t) => t.id)).toEqual(['local']);
    expect(auth.activeTenant()).toBeUndefined();
    // Configured tenants cannot be removed.
    await auth.removeTenant('local');
    expect(auth.tenants()).toHaveLength(1);
  });

  it('reports no session when nothing was signed in', async () => {
    const auth = new ConsoleAuth([local], { origin: 'http://localhost:5173' });
    expect(await auth.sessionState('unknown')).toEqual({ status: 'signed-out' });
  });
});

describe('ConsoleAuth renewal', () => {
  const local: TenantConfig = {
    id: 'local',
    name: 'Local tenant',
    host: 'http://localhost:8787',
    clientId: 'manage-console',
    scopes: 'user_default offline_access',
    source: 'configured',
    local: true,
  };
  const metadata = {
    issuer: 'http://localhost:8787',
    authorization_endpoint: 'http://localhost:8787/oauth/authorize',
    token_endpoint: 'http://localhost:8787/oauth/token',
    revocation_endpoint: 'http://localhost:8787/oauth/revoke',
  };

  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  /** A tab signed in on the local tenant whose access token is about to lapse, with a refresh token. */
  async function signedInLapsing(): Promise<ConsoleAuth> {
    const auth = new ConsoleAuth([local], {
      origin: 'http://localhost:5173',
      fetch: async () => Response.json(metadata),
    });
    auth.setActiveTenant('local');
    const manager = await auth.manager('local');
    await manager.storeUser(
      new User({
        access_token: 'lapsing',
        refresh_token: 'refresh',
        token_type: 'Bearer',
        scope: local.scopes,
        profile: {} as User['profile'],
        expires_at: Math.floor(Date.now() / 1000) + 5,
      }),
    );
    return auth;
  }

  it('keeps the session when the refresh never got an answer (network down, or a reload cut it)', async () => {
    const auth = await signedInLapsing();
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await auth.renewSilently('local')).toBe(false);
    // After a reload the tab still holds its refresh token and renews then; it was signed out before the fix.
    expect(await auth.sessionState('local')).toMatchObject({
      status: 'active',
      session: { hasRefreshToken: true },
    });
  });

  it('ends the session when the tenant refuses the refresh token', async () => {
    const auth = await signedInLapsing();
    vi.stubGlobal('fetch', async () =>
      Response.json(
        { error: 'invalid_grant', error_description: 'grant request is invalid' },
        { status: 400 },
      ),
    );
    expect(await auth.renewSilently('local')).toBe(false);
    expect(await auth.sessionState('local')).toEqual({ status: 'signed-out' });
  });
});
