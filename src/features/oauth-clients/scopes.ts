/**
 * The scopes a client may be allowed, each with what it lets the client do (qlik.dev's scope catalogue, as far
 * as the tenant serves it). The picker shows them in this order; umbrella scopes first.
 */
export const CLIENT_SCOPES: readonly { scope: string; description: string; admin?: boolean }[] = [
  { scope: 'user_default', description: 'Everything a signed-in user can do with their own roles (spaces, data files, connections, catalog).' },
  { scope: 'admin_classic', description: 'Every tenant administration API, for users who hold an admin role.', admin: true },
  { scope: 'offline_access', description: 'A refresh token, so the app stays signed in without asking again.' },
  { scope: 'identity.name:read', description: "Read the user's name." },
  { scope: 'identity.email:read', description: "Read the user's email address." },
  { scope: 'identity.picture:read', description: "Read the user's picture." },
  { scope: 'identity.subject:read', description: "Read the user's subject (identity provider id)." },
  { scope: 'users', description: 'Read users of the tenant (users:read included).' },
  { scope: 'users:read', description: 'Read basic details of other users.' },
  { scope: 'spaces.shared', description: 'Read, create and change shared spaces.' },
  { scope: 'spaces.shared:read', description: 'Read shared spaces the user is a member of.' },
  { scope: 'spaces.shared:create', description: 'Create shared spaces.' },
  { scope: 'spaces.managed', description: 'Read and change managed spaces.' },
  { scope: 'spaces.managed:read', description: 'Read managed spaces the user is a member of.' },
  { scope: 'spaces.data', description: 'Read and change data spaces.' },
  { scope: 'spaces.data:read', description: 'Read data spaces the user is a member of.' },
  { scope: 'data-connections', description: 'Read, create, change and delete data connections.' },
  { scope: 'data-connections:read', description: 'Read data connections.' },
  { scope: 'dataset', description: 'Read and change data sets in the catalog.' },
  { scope: 'admin.spaces', description: 'Administer every space in the tenant.', admin: true },
  { scope: 'admin.spaces:read', description: 'Read every space in the tenant.', admin: true },
  { scope: 'admin.users', description: 'Administer users, groups and roles.', admin: true },
  { scope: 'admin.users:read', description: 'Read every user, group and role.', admin: true },
];

/** Scopes a new client is offered ticked: what this console asks for. */
export const DEFAULT_CLIENT_SCOPES = ['user_default', 'admin_classic', 'offline_access'];
