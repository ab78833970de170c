import type { TenantContext } from '../context';
import { createTenant } from '../store/tenant';
import { DEFAULT_ROLES } from './roles';
import type { DemoAccount } from '../auth/sign-in';
import { M2M_SUBJECT } from '../auth/caller';

export const DEMO_ACCOUNTS: (DemoAccount & { roles: string[] })[] = [
  {
    name: 'Ada Admin',
    email: 'ada@example.com',
    password: 'ada-demo',
    description: 'tenant admin',
    roles: ['TenantAdmin', 'AnalyticsAdmin', 'DataAdmin', 'SharedSpaceCreator', 'ManagedSpaceCreator', 'DataSpaceCreator'],
  },
  { name: 'Max Member', email: 'max@example.com', password: 'max-demo', description: 'plain member', roles: ['SharedSpaceCreator'] },
  { name: 'Rita Reader', email: 'rita@example.com', password: 'rita-demo', description: 'read-only analyst', roles: [] },
];

/** Roles and the service account exist in every tenant; they are what the OAuth server needs to work at all. */
export function seedFoundation(ctx: TenantContext, tenantName: string, hostname: string): void {
  const ids = ctx.identities;
  ctx.db.transaction(() => {
    createTenant(ctx.db, { name: tenantName, hostname }, ctx);
    for (const role of DEFAULT_ROLES) {
      ids.createRole({ name: role.name, description: role.description, type: 'default', level: role.level, scopes: role.scopes });
    }
    ids.createUser({
      name: 'Manage Console automation',
      email: 'automation@local.tenant',
      subject: M2M_SUBJECT,
      roles: ['TenantAdmin'],
      isService: true,
    });
  })();
}

/** The demo tenant: three people with different rights and a few groups for the member picker. */
export function seedDemo(ctx: TenantContext): void {
  const ids = ctx.identities;
  ctx.db.transaction(() => {
    const userIds = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      userIds.set(account.email, ids.createUser({ name: account.name, email: account.email, password: account.password, roles: account.roles }));
    }
    const extra = [
      ['Grace Hopper', 'grace@example.com'],
      ['Alan Turing', 'alan@example.com'],
      ['Katherine Johnson', 'katherine@example.com'],
      ['Edsger Dijkstra', 'edsger@example.com'],
    ] as const;
    for (const [name, email] of extra) userIds.set(email, ids.createUser({ name, email, roles: [] }));
    const ada = userIds.get('ada@example.com')!;
    ids.createGroup({
      name: 'Finance analysts',
      description: 'Reads the finance spaces',
      members: [userIds.get('rita@example.com')!, userIds.get('katherine@example.com')!],
      createdBy: ada,
    });
    ids.createGroup({
      name: 'Data engineers',
      description: 'Builds and loads the data spaces',
      members: [userIds.get('max@example.com')!, userIds.get('grace@example.com')!, userIds.get('alan@example.com')!],
      roles: ['DataServicesContributor'],
      createdBy: ada,
    });
  })();
}
