import type { TenantContext } from '../context';
import { appRightsIn, createApp, saveScript } from '../services/apps';

interface DemoApp {
  name: string;
  /** Space name; absent = the owner's personal space. */
  space?: string;
  owner: string;
  description: string;
  script: string;
}

/** Apps that load the demo files and connections, in the forms Qlik's script editor writes. */
export const DEMO_APPS: DemoApp[] = [
  {
    name: 'Sales dashboard',
    space: 'Sales analytics',
    owner: 'ada@example.com',
    description: 'Bookings and pipeline by region',
    script: `// Bookings and open pipeline
Bookings:
LOAD id, date, region, product, quantity, amount
FROM [lib://Sales analytics:DataFiles/bookings-2024.csv] (txt, utf8, embedded labels, delimiter is ',');

Opportunities:
LOAD * FROM [lib://DataFiles/pipeline/opportunities.csv] (txt, utf8, embedded labels, delimiter is ',');

LIB CONNECT TO 'Sales analytics:CRM API';
`,
  },
  {
    name: 'Orders pipeline',
    space: 'Sales analytics',
    owner: 'max@example.com',
    description: 'Joins raw orders with customers and regions',
    script: `LIB CONNECT TO 'Sales data:Sales warehouse';

Orders:
LOAD * FROM [lib://Sales data:DataFiles/raw/orders.csv] (txt, utf8, embedded labels, delimiter is ',');
Customers:
LOAD * FROM [lib://Sales data:DataFiles/raw/customers.json] (json);
Regions:
LOAD * FROM [lib://Sales data:DataFiles/reference/regions.csv] (txt, utf8, embedded labels, delimiter is ',');

STORE Orders INTO [lib://Sales analytics:DataFiles/bookings-2024.csv] (txt);
`,
  },
  {
    name: 'Budget review',
    space: 'Finance',
    owner: 'ada@example.com',
    description: 'Ledger against budget',
    script: `LIB CONNECT TO 'General ledger';
Ledger: SQL SELECT account, period, amount FROM gl.entries;
`,
  },
  {
    name: 'Scratch analysis',
    owner: 'ada@example.com',
    description: 'Personal experiments',
    script: `Scratch: LOAD * FROM [lib://DataFiles/scratch.csv] (txt, utf8, embedded labels, delimiter is ',');
Forecast: LOAD * FROM [lib://DataFiles/forecasts/q3.json] (json);
`,
  },
];

/** Demo apps with one script version each, made by the services the API uses (after the spaces and files). */
export function seedDemoApps(ctx: TenantContext): void {
  ctx.db.transaction(() => {
    for (const demo of DEMO_APPS) {
      const owner = ctx.identities.userByEmail(demo.owner);
      const space = demo.space ? ctx.spaces.byName(demo.space) : undefined;
      if (!owner || (demo.space && !space)) continue;
      const principal = { userId: owner.id, groupIds: [], seesAll: false, managesAll: false };
      const app = createApp(ctx, principal, { name: demo.name, description: demo.description, spaceId: space?.id ?? null });
      const rights = appRightsIn(ctx, app.space_key, principal, app.owner_id);
      saveScript(ctx, owner.id, app, rights, { script: demo.script, versionMessage: 'Demo script' });
    }
  })();
}
