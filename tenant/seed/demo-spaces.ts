import type { TenantContext } from '../context';
import type { RoleType, SpaceRow, SpaceType } from '../store/spaces';
import { addAssignment, createSpace, ownerReach } from '../services/spaces';
import { createConnection } from '../services/data-connections';

interface DemoSpace {
  name: string;
  type: SpaceType;
  description: string;
  owner: string;
  members: { user?: string; group?: string; roles: RoleType[] }[];
}

/** Who sees what: Max edits Sales analytics, Rita reads two spaces directly and Finance through her group. */
export const DEMO_SPACES: DemoSpace[] = [
  {
    name: 'Sales analytics',
    type: 'shared',
    description: 'Pipeline and bookings dashboards',
    owner: 'ada@example.com',
    members: [
      { user: 'max@example.com', roles: ['producer'] },
      { user: 'rita@example.com', roles: ['consumer'] },
    ],
  },
  {
    name: 'Finance',
    type: 'shared',
    description: 'Ledger, budgets and forecasts',
    owner: 'ada@example.com',
    members: [{ group: 'Finance analysts', roles: ['consumer', 'dataconsumer'] }],
  },
  {
    name: 'Marketing sandbox',
    type: 'shared',
    description: 'Campaign experiments',
    owner: 'max@example.com',
    members: [{ user: 'rita@example.com', roles: ['consumer'] }],
  },
  {
    name: 'Executive dashboards',
    type: 'managed',
    description: 'Published apps for the leadership team',
    owner: 'ada@example.com',
    members: [{ user: 'grace@example.com', roles: ['consumer'] }],
  },
  {
    name: 'Sales data',
    type: 'data',
    description: 'Curated sales sources',
    owner: 'ada@example.com',
    members: [{ group: 'Data engineers', roles: ['producer'] }],
  },
  {
    name: 'Operations data',
    type: 'data',
    description: 'Logistics and supply chain sources',
    owner: 'ada@example.com',
    members: [{ user: 'alan@example.com', roles: ['dataconsumer'] }],
  },
];

const DEMO_CONNECTIONS: {
  name: string;
  space?: string;
  owner: string;
  datasourceID: string;
  properties: Record<string, string | number | boolean>;
}[] = [
  {
    name: 'Sales warehouse',
    space: 'Sales data',
    owner: 'ada@example.com',
    datasourceID: 'postgres',
    properties: {
      host: 'warehouse.example.com',
      port: 5432,
      database: 'sales',
      username: 'reporting',
      password: 'demo-warehouse-password',
    },
  },
  {
    name: 'Landing bucket',
    space: 'Sales data',
    owner: 'ada@example.com',
    datasourceID: 'amazons3',
    properties: {
      bucket: 'example-sales-landing',
      region: 'eu-west-1',
      accessKey: 'AKIADEMOACCESSKEY',
      secretKey: 'demo-s3-secret-key',
    },
  },
  {
    name: 'General ledger',
    space: 'Finance',
    owner: 'ada@example.com',
    datasourceID: 'sqlserver',
    properties: {
      host: 'ledger.example.com',
      database: 'gl',
      username: 'finance_ro',
      password: 'demo-ledger-password',
    },
  },
  {
    name: 'CRM API',
    space: 'Sales analytics',
    owner: 'max@example.com',
    datasourceID: 'rest',
    properties: {
      url: 'https://crm.example.com/api/v2/opportunities',
      auth: 'bearer',
      token: 'demo-crm-token',
    },
  },
  {
    name: 'Scratch database',
    owner: 'max@example.com',
    datasourceID: 'postgres',
    properties: {
      host: 'localhost',
      database: 'scratch',
      username: 'max',
      password: 'demo-scratch-password',
    },
  },
];

/**
 * Demo spaces, members and connections, made by the services the API uses; runs once, right after the demo users
 * and groups exist.
 */
export function seedDemoSpaces(ctx: TenantContext): void {
  const userId = (email: string) => ctx.identities.userByEmail(email)!.id;
  const groupId = (name: string) => ctx.identities.groupByName(name)!.id;
  ctx.db.transaction(() => {
    const spaces = new Map<string, SpaceRow>();
    for (const demo of DEMO_SPACES) {
      const owner = userId(demo.owner);
      const space = createSpace(ctx, owner, { type: demo.type, name: demo.name, description: demo.description });
      spaces.set(demo.name, space);
      for (const member of demo.members) {
        addAssignment(ctx, owner, ownerReach(space), {
          type: member.user ? 'user' : 'group',
          assigneeId: member.user ? userId(member.user) : groupId(member.group!),
          roles: member.roles,
        });
      }
    }
    for (const demo of DEMO_CONNECTIONS) {
      createConnection(ctx, userId(demo.owner), demo.space ? spaces.get(demo.space)! : undefined, {
        qName: demo.name,
        datasourceID: demo.datasourceID,
        connectionProperties: demo.properties,
      });
    }
  })();
}
