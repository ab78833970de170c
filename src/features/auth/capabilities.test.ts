import { describe, expect, it } from 'vitest';
import { analyseCapabilities, parseScopes, scopeGranted } from './capabilities';

const ADA_ROLES = ['TenantAdmin', 'AnalyticsAdmin', 'DataAdmin', 'SharedSpaceCreator'];

describe('scopeGranted', () => {
  it('follows parent scopes and umbrellas', () => {
    expect(scopeGranted(['admin.spaces'], 'admin.spaces:read')).toBe(true);
    expect(scopeGranted(['admin_classic'], 'admin.users:read')).toBe(true);
    expect(scopeGranted(['user_default'], 'data-connections:read')).toBe(true);
    expect(scopeGranted(['user_default'], 'admin.spaces:read')).toBe(false);
    expect(scopeGranted(['admin_classic'], 'data-connections:read')).toBe(false);
    expect(scopeGranted(['user_default'], 'offline_access')).toBe(false);
    expect(scopeGranted(['spaces.shared:read'], 'spaces.shared')).toBe(false);
  });

  it('parses a token scope string', () => {
    expect(parseScopes(' user_default  offline_access user_default ')).toEqual([
      'user_default',
      'offline_access',
    ]);
    expect(parseScopes(undefined)).toEqual([]);
  });
});

describe('analyseCapabilities', () => {
  it('a tenant admin with the full admin preset reaches everything', () => {
    const caps = analyseCapabilities({
      scopes: ['user_default', 'admin_classic', 'offline_access'],
      roles: ADA_ROLES,
    });
    expect(caps.isTenantAdmin).toBe(true);
    for (const area of Object.values(caps.areas)) {
      expect(area.level).toBe('full');
      expect(area.remedy).toBeUndefined();
    }
    expect(caps.has('admin.spaces:read')).toBe(true);
  });

  it('a plain member gets their own spaces only and is told to ask for the TenantAdmin role', () => {
    // The tenant drops admin_classic for a non-admin, so the token only carries user_default.
    const caps = analyseCapabilities({
      scopes: ['user_default', 'offline_access'],
      roles: ['SharedSpaceCreator'],
    });
    expect(caps.areas.spaces).toMatchObject({
      level: 'limited',
      missingRole: 'TenantAdmin',
      remedy: 'Ask a tenant admin for the TenantAdmin role.',
    });
    expect(caps.areas.users).toMatchObject({ level: 'limited', missingRole: 'TenantAdmin' });
    expect(caps.areas.connections.level).toBe('full');
    expect(caps.areas['data-files'].level).toBe('full');
    expect(caps.areas.catalog.level).toBe('full');
  });

  it('an admin who signed in without admin scopes is told which preset to use', () => {
    const caps = analyseCapabilities({ scopes: ['user_default'], roles: ADA_ROLES });
    expect(caps.areas.spaces).toMatchObject({
      level: 'limited',
      missingScopes: ['admin.spaces:read'],
      remedy: 'Sign in again with a preset that includes admin.spaces:read.',
    });
    expect(caps.areas.spaces.missingRole).toBeUndefined();
  });

  it('the read-only admin preset reaches spaces and users but not data files or the catalog', () => {
    const caps = analyseCapabilities({
      scopes: parseScopes(
        'admin.spaces:read admin.users:read spaces.shared:read spaces.managed:read spaces.data:read data-connections:read identity.name:read identity.email:read offline_access',
      ),
      roles: ADA_ROLES,
    });
    expect(caps.areas.spaces.level).toBe('full');
    expect(caps.areas.users.level).toBe('full');
    expect(caps.areas.connections.level).toBe('full');
    expect(caps.areas['data-files']).toMatchObject({
      level: 'none',
      missingScopes: ['user_default'],
      remedy: 'Sign in again with a preset that includes user_default.',
    });
    expect(caps.areas.catalog).toMatchObject({
      level: 'none',
      remedy: 'Sign in again with a preset that includes dataset.',
    });
  });

  it('a reader without scopes for an area gets "none" with both gaps named', () => {
    const caps = analyseCapabilities({ scopes: ['identity.name:read'], roles: [] });
    expect(caps.areas.spaces).toMatchObject({
      level: 'none',
      missingScopes: ['admin.spaces:read'],
      missingRole: 'TenantAdmin',
    });
    expect(caps.areas.connections).toMatchObject({ level: 'none', missingScopes: ['data-connections:read'] });
    expect(caps.isTenantAdmin).toBe(false);
  });
});
