import { ADMIN_SCOPES, USER_SCOPES } from '../auth/scopes';

const userScopes = USER_SCOPES.filter((s) => s !== 'offline_access');

/** Qlik Cloud's built-in roles (names are case-sensitive API names) with the scopes they carry. */
export const DEFAULT_ROLES: { name: string; level: 'admin' | 'user'; description: string; scopes: string[] }[] = [
  { name: 'userDefault', level: 'user', description: 'Scopes every user of the tenant inherits.', scopes: [...userScopes, 'api-keys'] },
  { name: 'TenantAdmin', level: 'admin', description: 'Manages the whole tenant: users, spaces, settings.', scopes: [...ADMIN_SCOPES] },
  { name: 'AnalyticsAdmin', level: 'admin', description: 'Manages analytics content in all spaces.', scopes: ['admin.spaces:read'] },
  { name: 'DataAdmin', level: 'admin', description: 'Manages data content and data spaces.', scopes: ['admin.spaces:read'] },
  { name: 'AuditAdmin', level: 'admin', description: 'Reads the audit trail.', scopes: [] },
  { name: 'SharedSpaceCreator', level: 'user', description: 'Creates shared spaces.', scopes: ['spaces.shared:create'] },
  { name: 'ManagedSpaceCreator', level: 'user', description: 'Creates managed spaces.', scopes: [] },
  { name: 'DataSpaceCreator', level: 'user', description: 'Creates data spaces.', scopes: [] },
  { name: 'DataServicesContributor', level: 'user', description: 'Uses data services.', scopes: [] },
  { name: 'PrivateAnalyticsContentCreator', level: 'user', description: 'Creates private analytics content.', scopes: [] },
  { name: 'Steward', level: 'user', description: 'Curates the catalog.', scopes: ['dataset'] },
];
