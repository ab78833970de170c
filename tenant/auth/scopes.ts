/**
 * Qlik Cloud's OAuth scopes as far as this tenant serves them. Scopes only narrow what a user's roles allow:
 * a token never grants more than the roles do, and `admin.*` / `admin_classic` need an admin role.
 */
export const USER_SCOPES = [
  'user_default',
  'offline_access',
  'identity.name:read',
  'identity.email:read',
  'identity.picture:read',
  'identity.subject:read',
  'users',
  'users:read',
  'spaces.shared',
  'spaces.shared:read',
  'spaces.shared:create',
  'spaces.managed',
  'spaces.managed:read',
  'spaces.data',
  'spaces.data:read',
  'data-connections',
  'data-connections:read',
  'dataset',
  'apps',
  'apps:read',
  'lineage:read',
] as const;

export const ADMIN_SCOPES = [
  'admin_classic',
  'admin.spaces',
  'admin.spaces:read',
  'admin.users',
  'admin.users:read',
  'admin.apps',
  'admin.apps:read',
] as const;

export const ALL_SCOPES: readonly string[] = [...USER_SCOPES, ...ADMIN_SCOPES];

/** Umbrella and parent scopes, and what each one implies. */
const IMPLIES: Record<string, readonly string[]> = {
  user_default: USER_SCOPES.filter((s) => s !== 'offline_access' && s !== 'user_default'),
  admin_classic: ADMIN_SCOPES.filter((s) => s !== 'admin_classic'),
  users: ['users:read'],
  'spaces.shared': ['spaces.shared:read', 'spaces.shared:create'],
  'spaces.managed': ['spaces.managed:read'],
  'spaces.data': ['spaces.data:read'],
  'data-connections': ['data-connections:read'],
  'admin.spaces': ['admin.spaces:read'],
  'admin.users': ['admin.users:read'],
  apps: ['apps:read'],
  'admin.apps': ['admin.apps:read'],
};

/** Every scope a token effectively holds, umbrella and parent scopes expanded. */
export function expandScopes(granted: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const visit = (scope: string) => {
    if (out.has(scope)) return;
    out.add(scope);
    for (const implied of IMPLIES[scope] ?? []) visit(implied);
  };
  for (const scope of granted) visit(scope);
  return out;
}

/** Roles whose holders may be granted the admin scopes. */
export const ADMIN_ROLE_NAMES = new Set(['TenantAdmin']);

/** Which of the requested scopes the user's roles permit; the rest are refused (not an error, as in Qlik). */
export function permittedScopes(requested: Iterable<string>, roleNames: Iterable<string>): { granted: string[]; refused: string[] } {
  const isAdmin = [...roleNames].some((r) => ADMIN_ROLE_NAMES.has(r));
  const granted: string[] = [];
  const refused: string[] = [];
  for (const scope of requested) {
    const known = ALL_SCOPES.includes(scope);
    const adminOnly = (ADMIN_SCOPES as readonly string[]).includes(scope);
    if (known && (!adminOnly || isAdmin)) granted.push(scope);
    else refused.push(scope);
  }
  return { granted, refused };
}
