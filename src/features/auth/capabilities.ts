/**
 * What the signed-in user can reach in this console, from the scopes their token was granted and the roles
 * they hold. Pure, so every feature (through router context) and the overview page share one answer.
 */

export type ConsoleArea = 'spaces' | 'users' | 'connections' | 'data-files' | 'catalog';

export type AccessLevel = 'full' | 'limited' | 'none';

export interface AreaAccess {
  area: ConsoleArea;
  label: string;
  level: AccessLevel;
  /** What the user can do at this level, in a sentence. */
  summary: string;
  /** Scopes any one of which is missing for full access. */
  missingScopes: string[];
  /** Role missing for full access. */
  missingRole?: string;
  /** What to do to get full access; absent when there is nothing to do. */
  remedy?: string;
}

export interface Capabilities {
  scopes: readonly string[];
  roles: readonly string[];
  isTenantAdmin: boolean;
  areas: Record<ConsoleArea, AreaAccess>;
  /** Whether the granted scopes include this one, directly or through a parent or umbrella scope. */
  has: (scope: string) => boolean;
}

export const TENANT_ADMIN = 'TenantAdmin';
const NON_UMBRELLA = new Set(['offline_access', 'user_default', 'admin_classic']);

/**
 * Qlik's scope implication: a parent implies its `:read` (and other `:verb`) children, `admin_classic` covers
 * every `admin.*` scope and `user_default` every non-admin scope.
 */
export function scopeGranted(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) return true;
  const parent = required.includes(':') ? required.slice(0, required.indexOf(':')) : undefined;
  if (parent && granted.includes(parent)) return true;
  if (NON_UMBRELLA.has(required)) return false;
  return required.startsWith('admin.') ? granted.includes('admin_classic') : granted.includes('user_default');
}

export function anyScopeGranted(granted: readonly string[], required: readonly string[]): boolean {
  return required.some((scope) => scopeGranted(granted, scope));
}

export function parseScopes(scope: string | undefined | null): string[] {
  return [...new Set((scope ?? '').split(/\s+/).filter(Boolean))];
}

const signInAgain = (scope: string) => `Sign in again with a preset that includes ${scope}.`;
const askForRole = (role: string) => `Ask a tenant admin for the ${role} role.`;

interface Rule {
  label: string;
  /** Full access: any of these scopes … */
  fullScopes: string[];
  /** … plus this role (admin scopes are only granted to tenant admins, but a role can change after sign-in). */
  fullRole?: string;
  fullSummary: string;
  /** Limited access (own content) when full is out of reach. */
  limitedScopes?: string[];
  limitedSummary?: string;
  noneSummary: string;
  /** The scope to name in the remedy. */
  suggestScope: string;
}

const RULES: Record<ConsoleArea, Rule> = {
  spaces: {
    label: 'Spaces',
    fullScopes: ['admin.spaces:read'],
    fullRole: TENANT_ADMIN,
    fullSummary: 'Every space in the tenant.',
    limitedScopes: ['spaces.shared:read', 'spaces.managed:read', 'spaces.data:read'],
    limitedSummary: 'Only the spaces you are a member of, not every space in the tenant.',
    noneSummary: 'No spaces.',
    suggestScope: 'admin.spaces:read',
  },
  users: {
    label: 'Users',
    fullScopes: ['admin.users:read'],
    fullRole: TENANT_ADMIN,
    fullSummary: 'Every user, group and role in the tenant.',
    limitedScopes: ['users:read'],
    limitedSummary: 'Basic details of other users only; no administration.',
    noneSummary: 'No user directory.',
    suggestScope: 'admin.users:read',
  },
  connections: {
    label: 'Data connections',
    fullScopes: ['data-connections:read'],
    fullSummary: 'The data connections you can access.',
    noneSummary: 'No data connections.',
    suggestScope: 'data-connections:read',
  },
  'data-files': {
    label: 'Data files',
    // Qlik has no dedicated data-files scope; it comes with user_default.
    fullScopes: ['user_default'],
    fullSummary: 'Browse, upload and manage data files in your spaces.',
    noneSummary: 'No data files.',
    suggestScope: 'user_default',
  },
  catalog: {
    label: 'Catalog',
    fullScopes: ['dataset'],
    fullSummary: 'Data stores, assets and data sets with their schema and profile.',
    noneSummary: 'No catalog.',
    suggestScope: 'dataset',
  },
};

export const CONSOLE_AREAS = Object.keys(RULES) as ConsoleArea[];

function analyseArea(area: ConsoleArea, scopes: readonly string[], roles: readonly string[]): AreaAccess {
  const rule = RULES[area];
  const hasFullScope = anyScopeGranted(scopes, rule.fullScopes);
  const hasRole = !rule.fullRole || roles.includes(rule.fullRole);
  if (hasFullScope && hasRole) {
    return { area, label: rule.label, level: 'full', summary: rule.fullSummary, missingScopes: [] };
  }
  const limited = rule.limitedScopes ? anyScopeGranted(scopes, rule.limitedScopes) : false;
  const missingScopes = hasFullScope ? [] : rule.fullScopes;
  const missingRole = hasRole ? undefined : rule.fullRole;
  // Without the role, asking for the scope is pointless: the tenant would not grant it.
  const remedy = missingRole ? askForRole(missingRole) : signInAgain(rule.suggestScope);
  return {
    area,
    label: rule.label,
    level: limited ? 'limited' : 'none',
    summary: limited ? rule.limitedSummary! : rule.noneSummary,
    missingScopes,
    ...(missingRole ? { missingRole } : {}),
    remedy,
  };
}

export interface CapabilityInput {
  /** Granted scopes (the token response's `scope`). */
  scopes: readonly string[];
  /** Role names from `users/me` `assignedRoles`. */
  roles: readonly string[];
}

export function analyseCapabilities({ scopes, roles }: CapabilityInput): Capabilities {
  const areas = Object.fromEntries(
    CONSOLE_AREAS.map((area) => [area, analyseArea(area, scopes, roles)]),
  ) as Record<ConsoleArea, AreaAccess>;
  return {
    scopes,
    roles,
    isTenantAdmin: roles.includes(TENANT_ADMIN),
    areas,
    has: (scope) => scopeGranted(scopes, scope),
  };
}
