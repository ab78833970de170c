import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCOPES,
  createSavedTenant,
  normaliseHost,
  normaliseScopes,
  parseConfigFile,
  presetForScopes,
  readActiveTenantId,
  readSavedTenants,
  scopesOfPreset,
  validateClientId,
  validateHost,
  validateScopes,
  writeActiveTenantId,
  writeSavedTenants,
} from './tenant-config';

describe('normaliseHost', () => {
  it.each([
    ['mycompany.eu.qlikcloud.com', 'https://mycompany.eu.qlikcloud.com'],
    ['  https://MyCompany.eu.qlikcloud.com/  ', 'https://mycompany.eu.qlikcloud.com'],
    ['mycompany.eu.qlikcloud.com:8443', 'https://mycompany.eu.qlikcloud.com:8443'],
    ['localhost:8787', 'http://localhost:8787'],
    ['127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['https://localhost:8787', 'https://localhost:8787'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseHost(input)).toBe(expected);
  });

  it.each([
    ['', /Enter the tenant host/],
    ['http://mycompany.eu.qlikcloud.com', /Only localhost may use http/],
    ['ftp://mycompany.eu.qlikcloud.com', /https address/],
    ['mycompany.eu.qlikcloud.com/hub', /without a path/],
    ['https://user:pw@acme.qlikcloud.com', /without a path, query or credentials/],
    ['intranet', /not a complete host name/],
    ['exa mple.com', /not a host name/],
  ])('refuses %j', (input, message) => {
    expect(() => normaliseHost(input)).toThrow(message);
    expect(validateHost(input)).toMatch(message);
  });
});

describe('scopes', () => {
  it('validates space-separated scope tokens', () => {
    expect(validateScopes('user_default offline_access')).toBeNull();
    expect(validateScopes('admin.spaces:read data-connections:read')).toBeNull();
    expect(validateScopes('   ')).toBe('Enter at least one scope.');
    expect(validateScopes('user_default,offline_access')).toMatch(
      /"user_default,offline_access" is not a scope/,
    );
    expect(validateScopes('user_default openid')).toMatch(/no "openid" scope/);
  });

  it('normalises whitespace and duplicates', () => {
    expect(normaliseScopes('  user_default\n offline_access user_default ')).toBe(
      'user_default offline_access',
    );
  });

  it('recognises presets by their scopes', () => {
    expect(presetForScopes(DEFAULT_SCOPES)).toBe('full-admin');
    expect(presetForScopes('user_default   offline_access')).toBe('file-uploader');
    expect(presetForScopes(scopesOfPreset('read-only-admin')!)).toBe('read-only-admin');
    expect(presetForScopes('user_default')).toBe('custom');
  });

  it('no preset asks for openid, and only the admin presets ask for admin scopes', () => {
    for (const id of ['read-only-admin', 'full-admin', 'file-uploader'] as const) {
      expect(validateScopes(scopesOfPreset(id)!)).toBeNull();
      expect(scopesOfPreset(id)).toContain('offline_access');
    }
    expect(scopesOfPreset('read-only-admin')).not.toMatch(/user_default|admin_classic/);
    expect(scopesOfPreset('file-uploader')).not.toMatch(/admin/);
  });

  it('validates client IDs', () => {
    expect(validateClientId('manage-console')).toBeNull();
    expect(validateClientId('  ')).toMatch(/Enter the OAuth client ID/);
    expect(validateClientId('has space')).toMatch(/only letters/);
  });
});

describe('config.json', () => {
  it('parses tenants, normalises hosts and defaults scopes', () => {
    const tenants = parseConfigFile({
      tenants: [
        {
          id: 'local',
          name: 'Local tenant',
          host: 'http://localhost:8787/',
          clientId: 'manage-console',
          local: true,
        },
        {
          id: 'acme',
          name: 'Acme',
          host: 'acme.eu.qlikcloud.com',
          clientId: 'abc',
          scopes: 'user_default  offline_access',
        },
        { id: 'bad', name: 'Bad', host: 'http://insecure.example.com', clientId: 'x' },
      ],
    });
    expect(tenants).toEqual([
      {
        id: 'local',
        name: 'Local tenant',
        host: 'http://localhost:8787',
        clientId: 'manage-console',
        scopes: DEFAULT_SCOPES,
        source: 'configured',
        local: true,
      },
      {
        id: 'acme',
        name: 'Acme',
        host: 'https://acme.eu.qlikcloud.com',
        clientId: 'abc',
        scopes: 'user_default offline_access',
        source: 'configured',
      },
    ]);
  });

  it('a malformed file yields no tenants rather than an error', () => {
    expect(parseConfigFile({ tenants: 'nope' })).toEqual([]);
    expect(parseConfigFile(null)).toEqual([]);
  });
});

describe('storage', () => {
  it('saved tenants keep configuration only, in localStorage', () => {
    const tenant = createSavedTenant({
      host: 'Acme.eu.qlikcloud.com',
      clientId: ' spa-1 ',
      scopes: 'user_default',
    });
    expect(tenant).toEqual({
      id: 'acme.eu.qlikcloud.com~spa-1',
      name: 'acme.eu.qlikcloud.com',
      host: 'https://acme.eu.qlikcloud.com',
      clientId: 'spa-1',
      scopes: 'user_default',
      source: 'saved',
    });
    writeSavedTenants([tenant, { ...tenant, id: 'local', source: 'configured' }], localStorage);
    const raw = localStorage.getItem('manage-console.saved-tenants')!;
    expect(JSON.parse(raw)).toHaveLength(1);
    expect(raw).not.toMatch(/token/i);
    expect(readSavedTenants(localStorage)).toEqual([tenant]);
  });

  it('ignores corrupt saved data', () => {
    localStorage.setItem('manage-console.saved-tenants', '{not json');
    expect(readSavedTenants(localStorage)).toEqual([]);
  });

  it('the active tenant lives in sessionStorage', () => {
    writeActiveTenantId('local', sessionStorage);
    expect(readActiveTenantId(sessionStorage)).toBe('local');
    expect(localStorage.length).toBe(0);
    writeActiveTenantId(null, sessionStorage);
    expect(readActiveTenantId(sessionStorage)).toBeNull();
  });
});
