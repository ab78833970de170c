import { z } from 'zod/mini';

/** A tenant the console can sign in to. Configuration only: tokens never live here. */
export interface TenantConfig {
  id: string;
  name: string;
  /** Origin of the tenant, e.g. `https://acme.eu.qlikcloud.com` (normalised, no trailing slash). */
  host: string;
  /** OAuth SPA client ID registered on the tenant. */
  clientId: string;
  /** Space-separated scopes requested at sign-in. */
  scopes: string;
  /** Where the config came from: the deployment's config.json, or added by the user in this browser. */
  source: 'configured' | 'saved';
  /** The local tenant that ships with the console. */
  local?: boolean;
}

export type ScopePresetId = 'read-only-admin' | 'full-admin' | 'file-uploader' | 'custom';

export interface ScopePreset {
  id: Exclude<ScopePresetId, 'custom'>;
  label: string;
  description: string;
  scopes: string;
}

/**
 * Least privilege per job. Granted scopes are what was asked ∩ what the client allows ∩ what the user's roles
 * permit, so a non-admin asking for a preset with admin scopes simply gets the non-admin part.
 */
export const SCOPE_PRESETS: readonly ScopePreset[] = [
  {
    id: 'read-only-admin',
    label: 'Read-only admin',
    description: 'See every space, user and connection without being able to change anything.',
    scopes:
      'admin.spaces:read admin.users:read spaces.shared:read spaces.managed:read spaces.data:read data-connections:read identity.name:read identity.email:read offline_access',
  },
  {
    id: 'full-admin',
    label: 'Full admin',
    description:
      'Everything a tenant admin can do, including changes. Non-admins get their own content only.',
    scopes: 'user_default admin_classic offline_access',
  },
  {
    id: 'file-uploader',
    label: 'File uploader',
    description: 'Your own spaces, data files and catalog. No tenant-wide administration.',
    scopes: 'user_default offline_access',
  },
];

export const DEFAULT_SCOPES = 'user_default admin_classic offline_access';

export function presetForScopes(scopes: string): ScopePresetId {
  const wanted = normaliseScopes(scopes);
  return SCOPE_PRESETS.find((preset) => preset.scopes === wanted)?.id ?? 'custom';
}

export function scopesOfPreset(id: ScopePresetId): string | undefined {
  return SCOPE_PRESETS.find((preset) => preset.id === id)?.scopes;
}

/** Collapses whitespace and drops duplicates, keeping the order given. */
export function normaliseScopes(scopes: string): string {
  return [...new Set(scopes.trim().split(/\s+/).filter(Boolean))].join(' ');
}

const SCOPE_TOKEN = /^[A-Za-z0-9_.:-]+$/;

/** Null when valid, else the reason. OAuth scopes are space-separated tokens; Qlik issues no `openid`. */
export function validateScopes(scopes: string): string | null {
  const tokens = scopes.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return 'Enter at least one scope.';
  const bad = tokens.find((token) => !SCOPE_TOKEN.test(token));
  if (bad)
    return `"${bad}" is not a scope. Separate scopes with spaces; a scope uses letters, digits, ".", ":", "_" or "-".`;
  if (tokens.includes('openid')) return 'Qlik Cloud has no "openid" scope; remove it.';
  return null;
}

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * Turns what an admin types ("acme.eu.qlikcloud.com", "https://acme.eu.qlikcloud.com/", "localhost:8787") into
 * an origin. Plain http is only accepted for loopback hosts; anything else is https.
 * Throws with a readable message when it is not a host.
 */
export function normaliseHost(input: string): string {
  const raw = input.trim();
  if (!raw) throw new Error('Enter the tenant host, for example mycompany.eu.qlikcloud.com.');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  let url: URL;
  try {
    url = new URL(hasScheme ? raw : `https://${raw}`);
  } catch {
    throw new Error(`"${raw}" is not a host name. Enter something like mycompany.eu.qlikcloud.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('The tenant host must be an https address.');
  }
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  ) {
    throw new Error('Enter only the host name, without a path, query or credentials.');
  }
  if (!url.hostname.includes('.') && !LOOPBACK.test(url.host)) {
    throw new Error(`"${raw}" is not a complete host name. Enter something like mycompany.eu.qlikcloud.com.`);
  }
  const loopback = LOOPBACK.test(url.host);
  if (url.protocol === 'http:' && !loopback) {
    throw new Error('Only localhost may use http; a tenant host must use https.');
  }
  if (!hasScheme && loopback) url.protocol = 'http:';
  return url.origin;
}

/** Null when valid, else the reason (for form validation). */
export function validateHost(input: string): string | null {
  try {
    normaliseHost(input);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function validateClientId(input: string): string | null {
  const value = input.trim();
  if (!value) return 'Enter the OAuth client ID of the SPA client registered on the tenant.';
  if (!/^[\w.-]{3,128}$/.test(value)) return 'A client ID has only letters, digits, "-", "_" or ".".';
  return null;
}

const nonEmpty = z.string().check(z.minLength(1));

const configFileSchema = z.object({
  tenants: z.array(
    z.object({
      id: nonEmpty,
      name: nonEmpty,
      host: nonEmpty,
      clientId: nonEmpty,
      scopes: z.optional(z.string()),
      local: z.optional(z.boolean()),
    }),
  ),
});

/** Parses the deployment's config.json; entries that are not usable are left out rather than breaking sign-in. */
export function parseConfigFile(json: unknown): TenantConfig[] {
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) return [];
  return parsed.data.tenants.flatMap((tenant) => {
    try {
      return [
        {
          id: tenant.id,
          name: tenant.name,
          host: normaliseHost(tenant.host),
          clientId: tenant.clientId,
          scopes: normaliseScopes(tenant.scopes ?? DEFAULT_SCOPES),
          source: 'configured' as const,
          ...(tenant.local ? { local: true } : {}),
        },
      ];
    } catch {
      return [];
    }
  });
}

/** Reads `/config.json` at start-up; a console without one still lets the user add a tenant. */
export async function loadConfiguredTenants(url = '/config.json'): Promise<TenantConfig[]> {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) return [];
    return parseConfigFile(await response.json());
  } catch {
    return [];
  }
}

const SAVED_KEY = 'manage-console.saved-tenants';
const ACTIVE_KEY = 'manage-console.active-tenant';

const savedSchema = z.array(
  z.object({
    id: nonEmpty,
    name: nonEmpty,
    host: nonEmpty,
    clientId: nonEmpty,
    scopes: nonEmpty,
  }),
);

/** User-added tenants: configuration only, in localStorage so they survive the browser session. */
export function readSavedTenants(storage: Storage = localStorage): TenantConfig[] {
  try {
    const parsed = savedSchema.safeParse(JSON.parse(storage.getItem(SAVED_KEY) ?? '[]'));
    return parsed.success ? parsed.data.map((tenant) => ({ ...tenant, source: 'saved' as const })) : [];
  } catch {
    return [];
  }
}

export function writeSavedTenants(tenants: readonly TenantConfig[], storage: Storage = localStorage): void {
  const plain = tenants
    .filter((tenant) => tenant.source === 'saved')
    .map(({ id, name, host, clientId, scopes }) => ({ id, name, host, clientId, scopes }));
  storage.setItem(SAVED_KEY, JSON.stringify(plain));
}

/** The active tenant is per browser tab, like its session. */
export function readActiveTenantId(storage: Storage = sessionStorage): string | null {
  return storage.getItem(ACTIVE_KEY);
}

export function writeActiveTenantId(id: string | null, storage: Storage = sessionStorage): void {
  if (id) storage.setItem(ACTIVE_KEY, id);
  else storage.removeItem(ACTIVE_KEY);
}

export interface NewTenantInput {
  name?: string;
  host: string;
  clientId: string;
  scopes: string;
}

/** Builds a saved tenant from the connect form; the id is stable per host + client so re-adding replaces. */
export function createSavedTenant(input: NewTenantInput): TenantConfig {
  const host = normaliseHost(input.host);
  const clientId = input.clientId.trim();
  const name = input.name?.trim() || new URL(host).hostname;
  const id = `${new URL(host).host}~${clientId}`.toLowerCase();
  return { id, name, host, clientId, scopes: normaliseScopes(input.scopes), source: 'saved' };
}
