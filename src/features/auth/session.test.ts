import { describe, expect, it } from 'vitest';
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
