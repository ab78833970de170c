import type { TenantContext } from '../context';
import { personalKey } from '../store/data-files';
import { FileChanges, insertItem } from '../services/data-files';

/** Small deterministic generator (LCG), so the demo content is byte-identical on every machine. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const REGIONS = ['North', 'South', 'East', 'West'];
const PRODUCTS = ['Widget', 'Gadget', 'Gizmo', 'Doohickey', 'Sprocket'];
const pick = <T>(next: () => number, list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const day = (offset: number) =>
  new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

function table(seed: number, rows: number, separator: string): string {
  const next = random(seed);
  const lines = [['id', 'date', 'region', 'product', 'quantity', 'amount'].join(separator)];
  for (let i = 1; i <= rows; i++) {
    const quantity = 1 + Math.floor(next() * 20);
    const amount = (quantity * (5 + next() * 95)).toFixed(2);
    lines.push(
      [i, day(Math.floor(next() * 365)), pick(next, REGIONS), pick(next, PRODUCTS), quantity, amount].join(
        separator,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function customers(seed: number, count: number): string {
  const next = random(seed);
  const list = Array.from({ length: count }, (_, i) => ({
    id: `C${String(i + 1).padStart(4, '0')}`,
    name: `${pick(next, ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay'])} ${pick(next, ['Ltd', 'Inc', 'GmbH', 'AB'])}`,
    region: pick(next, REGIONS),
    since: day(Math.floor(next() * 1000) - 900),
    active: next() > 0.2,
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

const REGIONS_CSV = `region,manager,target\nNorth,Grace Hopper,120000\nSouth,Alan Turing,95000\nEast,Katherine Johnson,110000\nWest,Edsger Dijkstra,80000\n`;

interface DemoFile {
  /** Space name, or 'personal:<email>'. */
  where: string;
  owner: string;
  name: string;
  content: string;
}

export const DEMO_FILES: DemoFile[] = [
  {
    where: 'Sales analytics',
    owner: 'ada@example.com',
    name: 'bookings-2024.csv',
    content: table(11, 200, ','),
  },
  {
    where: 'Sales analytics',
    owner: 'max@example.com',
    name: 'pipeline/opportunities.csv',
    content: table(12, 120, ','),
  },
  {
    where: 'Sales analytics',
    owner: 'max@example.com',
    name: 'pipeline/accounts.tsv',
    content: table(13, 60, '\t'),
  },
  { where: 'Sales data', owner: 'ada@example.com', name: 'raw/orders.csv', content: table(21, 500, ',') },
  { where: 'Sales data', owner: 'ada@example.com', name: 'raw/customers.json', content: customers(22, 40) },
  { where: 'Sales data', owner: 'ada@example.com', name: 'reference/regions.csv', content: REGIONS_CSV },
  {
    where: 'personal:ada@example.com',
    owner: 'ada@example.com',
    name: 'scratch.csv',
    content: table(31, 25, ','),
  },
  {
    where: 'personal:ada@example.com',
    owner: 'ada@example.com',
    name: 'forecasts/q3.json',
    content: customers(32, 5),
  },
];

/**
 * Demo data files, added as uploads add them (FileChanges.commit + insertItem): content through the blob store
 * first, then the rows, by the users who own them. Seeded content is not held to the upload quota.
 */
export function seedDemoFiles(ctx: TenantContext): void {
  const userId = (email: string) => ctx.identities.userByEmail(email)?.id;
  const now = ctx.clock.iso();
  const all: FileChanges[] = [];
  for (const file of DEMO_FILES) {
    const owner = userId(file.owner);
    const personal = file.where.startsWith('personal:') ? userId(file.where.slice('personal:'.length)) : undefined;
    const space = personal ? undefined : ctx.spaces.byName(file.where);
    if (!owner || (!personal && !space)) continue;
    const place = { key: personal ? personalKey(personal) : space!.id, spaceId: space?.id ?? null };
    const content = ctx.blobs.writeTempSync(file.content);
    const changes = new FileChanges(ctx, owner);
    changes.commit(content, () =>
      insertItem(ctx, changes, place, file.name, { folder: false, internal: false, size: content.size, sha256: content.sha256, appId: null }, now),
    );
    all.push(changes);
  }
  for (const changes of all) changes.announce();
}
