import type { TenantContext } from '../context';
import type { RoleType, SpaceType } from '../store/spaces';
import { addAssignment, createSpace, ownerReach } from '../services/spaces';
import { connectorFor, applyConnector } from '../store/data-connections';

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

/** Demo spaces, members and connections; runs once, right after the demo users and groups exist. */
export function seedDemoSpaces(ctx: TenantContext): void {
  const userId = (email: string) => ctx.identities.userByEmail(email)!.id;
  const groupId = (name: string) => ctx.identities.groupByName(name)!.id;
  const { connections } = ctx;
  ctx.db.transaction(() => {
    const ids = new Map<string, string>();
    for (const demo of DEMO_SPACES) {
      const owner = userId(demo.owner);
      const space = createSpace(ctx, owner, { type: demo.type, name: demo.name, description: demo.description });
      ids.set(demo.name, space.id);
      for (const member of demo.members) {
        addAssignment(ctx, owner, ownerReach(space), {
          type: member.user ? 'user' : 'group',
          assigneeId: member.user ? userId(member.user) : groupId(member.group!),
          roles: member.roles,
        });
      }
    }
    for (const demo of DEMO_CONNECTIONS) {
      const connector = connectorFor(demo.datasourceID)!;
      const applied = applyConnector(connector, demo.properties);
      connections.insert({
        name: demo.name,
        q_type: connector.qType,
        datasource_id: connector.datasourceID,
        connect_statement: applied.statement,
        architecture: 0,
        log_on: 0,
        separate_credentials: 0,
        properties: JSON.stringify(applied.properties),
        secrets: connections.seal(applied.secrets),
        tags: '[]',
        space_id: demo.space ? ids.get(demo.space)! : null,
        owner_id: userId(demo.owner),
      });
    }
  })();
}
