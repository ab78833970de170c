// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GUARDS } from '../auth/guards';
import { expandScopes } from '../auth/scopes';
import { DEMO_ACCOUNTS } from '../seed/demo';
import { DEMO_SPACES } from '../seed/demo-spaces';
import { spacesStore, type RoleType, type SpaceType } from '../store/spaces';
import { dataFilesConnectionOfSpace } from '../store/data-files';
import { identities } from '../store/identities';
import { apiKeysStore } from '../store/api-keys';
import { appsStore } from '../store/apps';
import { oauthClientsStore } from '../store/oauth-clients';
import { SYSTEM_RUNTIME } from '../runtime';
import { dataFileQri } from '../catalog/qri';
import { DEFAULT_SCOPES, SCOPE_PRESETS } from '../../src/features/auth/tenant-config';
import { api, signIn, startTenant, type TestTenant } from './harness';
import { scaledTimeout } from './timeouts';

/**
 * The access walk: every guarded /api/v1 route (taken from the guard table, so a new route without a case here
 * fails the walk) × every demo user × every scope preset the console offers, plus a token with no relevant scope.
 * The expected answer is derived independently of the handlers: from the guard table and the token's granted
 * scopes (→ 403 naming the scopes), and from the seed's space roles (→ 403/404, never 2xx). Allowed calls must
 * succeed, so a handler that refuses too much fails the walk as well. Refused writes must leave the data as it was.
 */

type Who = 'ada' | 'max' | 'rita';
const WHO: Who[] = ['ada', 'max', 'rita'];
/** A user's relation to a space: what the handlers' space-role checks decide on. */
type Rel = 'owner' | 'producer' | 'consumer' | 'none';
const RELATIONS: Rel[] = ['owner', 'producer', 'consumer', 'none'];

const SCOPE_SETS: { id: string; scopes: string }[] = [
  ...SCOPE_PRESETS.map((p) => ({ id: p.id, scopes: p.scopes })),
  { id: 'local-default', scopes: DEFAULT_SCOPES },
  // Signs in fine but opens none of the API modules below (only /users/me, /tenants, boot).
  { id: 'no-relevant-scope', scopes: 'identity.email:read' },
];

interface CallerCtx {
  who: Who;
  preset: string;
  token: string;
  userId: string;
  isAdmin: boolean;
  roles: string[];
  scopes: Set<string>;
  seesAll: boolean;
  managesAll: boolean;
}

/** What the walk expects: 2xx, a scope refusal naming the scopes, or a space-role refusal (403/404). */
type Expectation = { kind: 'allow' } | { kind: 'scope'; scopes: readonly string[] } | { kind: 'deny' };
const allow: Expectation = { kind: 'allow' };
const deny: Expectation = { kind: 'deny' };
const when = (ok: boolean): Expectation => (ok ? allow : deny);

interface Req {
  path: string;
  method?: string;
  json?: unknown;
  contentType?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** The route answers 207 per item: the expectation applies to the (only) item. */
  multiStatus?: boolean;
}

interface Case {
  label: string;
  expect: Expectation;
  request: Req;
  /** For writes: the state that must not change when the call is refused. */
  watch?: () => unknown;
  /** For allowed lists: why the answer shows something the caller must not see (undefined = fine). */
  check?: (body: unknown) => string | undefined;
}

let t: TestTenant;
const callers: CallerCtx[] = [];
const ids: Record<string, string> = {};
const seedSpaces = new Map<string, { id: string; type: SpaceType; rel: Record<Who, Rel> }>();
let adminToken = '';
let fixtureCount = 0;
const stats = {
  calls: 0,
  routes: new Set<string>(),
  callers: new Set<string>(),
  byKind: { allow: 0, scope: 0, deny: 0 },
};

const row = (sql: string, ...params: unknown[]) =>
  t.db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
const rows = (sql: string, ...params: unknown[]) =>
  t.db.prepare(sql).all(...params) as Record<string, unknown>[];
const count = (table: string) => (row(`SELECT COUNT(*) AS n FROM ${table}`) as { n: number }).n;

/** Rows a refused write must leave alone (content tables only: oauth and profiles move on their own). */
const WATCHED = [
  'spaces',
  'space_assignments',
  'data_connections',
  'data_files',
  'data_sets',
  'temp_contents',
  'apps',
  'app_scripts',
  'users',
  'groups',
];
const tableCounts = () => Object.fromEntries(WATCHED.map((name) => [name, count(name)]));

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

// ------------------------------------------------------------------------------------------------ seed relations

function seedRelation(space: (typeof DEMO_SPACES)[number], who: Who): Rel {
  const email = `${who}@example.com`;
  if (space.owner === email) return 'owner';
  const groupsOf = (name: string) =>
    rows(
      'SELECT u.email FROM group_members m JOIN groups g ON g.id = m.group_id JOIN users u ON u.id = m.user_id WHERE g.name = ?',
      name,
    ).map((r) => r.email);
  const held = space.members
    .filter((m) => (m.user ? m.user === email : groupsOf(m.group!).includes(email)))
    .flatMap((m) => m.roles);
  if (held.some((r) => r === 'producer' || r === 'facilitator')) return 'producer';
  return held.length ? 'consumer' : 'none';
}

/** The caller's relation to any space as its rows say: owner, or the roles of the user and their groups. */
function relFromDb(c: CallerCtx, spaceId: string): Rel {
  const space = row('SELECT owner_id FROM spaces WHERE id = ?', spaceId);
  if (!space) throw new Error(`no space ${spaceId}`);
  if (space.owner_id === c.userId) return 'owner';
  const held = rows(
    'SELECT roles FROM space_assignments WHERE space_id = ? AND (assignee_id = ? OR assignee_id IN (SELECT group_id FROM group_members WHERE user_id = ?))',
    spaceId,
    c.userId,
    c.userId,
  ).flatMap((r) => JSON.parse(String(r.roles)) as string[]);
  if (held.some((r) => r === 'producer' || r === 'facilitator')) return 'producer';
  return held.length ? 'consumer' : 'none';
}

/** A check that every item of a list answer is one the caller may read. */
function listCheck<T>(readable: (item: T) => boolean, describe: (item: T) => string) {
  return (body: unknown) => {
    const items = (body as { data?: T[] }).data;
    if (!Array.isArray(items)) return 'the answer has no data list';
    const leaked = items.filter((item) => !readable(item));
    return leaked.length
      ? `shows ${leaked.length} item(s) the caller may not read, e.g. ${describe(leaked[0]!)}`
      : undefined;
  };
}

// ------------------------------------------------------------------------------------------ throwaway fixtures

/** A fresh shared space where `who` has relation `rel` (owned by Grace otherwise), with one member to manage. */
function fixtureSpace(who: Who, rel: Rel): { id: string; rel: Rel } {
  const spaces = spacesStore(t.db);
  const owner = rel === 'owner' ? ids[who]! : ids.grace!;
  const space = spaces.create({
    type: 'shared',
    name: `walk ${++fixtureCount}`,
    description: '',
    ownerId: owner,
    createdBy: owner,
  });
  spaces.addAssignment({
    spaceId: space.id,
    type: 'user',
    assigneeId: ids.edsger!,
    roles: ['consumer'],
    by: owner,
  });
  if (rel === 'producer' || rel === 'consumer') {
    spaces.addAssignment({
      spaceId: space.id,
      type: 'user',
      assigneeId: ids[who]!,
      roles: [rel as RoleType],
      by: owner,
    });
  }
  return { id: space.id, rel };
}

/** A user and a group nobody relies on, for the identity writes. */
const fixtureUser = () =>
  identities(t.db).createUser({ name: `walk user ${++fixtureCount}`, email: `walk-user-${fixtureCount}@example.com` });
const fixtureGroup = () => identities(t.db).createGroup({ name: `walk fixture group ${++fixtureCount}` });

/** An API key row of `owner` (its token is never used: the walk calls the API about it, not with it). */
const fixtureKey = (owner: string) =>
  apiKeysStore(t.db, SYSTEM_RUNTIME).insert({
    id: `walk-key-${++fixtureCount}`,
    description: 'walk fixture',
    sub: owner,
    expiry: new Date(Date.now() + 3_600_000).toISOString(),
    createdByUser: owner,
    tokenHash: '00',
  }).id;

/** An OAuth client row with one secret hint, for the client and secret routes (nobody signs in with it). */
const fixtureClient = () => {
  const store = oauthClientsStore(t.db, SYSTEM_RUNTIME);
  const id = `walkclient${String(++fixtureCount).padStart(22, '0')}`;
  store.insert(id, {
    appType: 'web',
    clientName: `walk client ${fixtureCount}`,
    description: '',
    clientUri: '',
    logoUri: '',
    redirectUris: ['https://walk.example/cb'],
    allowedOrigins: [],
    allowedScopes: [],
    allowedGrantTypes: [],
    allowedAuthMethods: ['client_secret'],
    consentMethod: 'required',
  }, null);
  store.insertSecret({ clientId: id, hint: 'walk1', salt: '00', hash: '00', createdBy: null });
  return id;
};
const clientRow = (id: string) => [row('SELECT * FROM oauth_clients WHERE client_id = ?', id), rows('SELECT * FROM oauth_client_secrets WHERE client_id = ?', id)];

async function fixtureConnection(spaceId: string): Promise<string> {
  const response = await api(t, adminToken, '/api/v1/data-connections', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      qName: `walk conn ${++fixtureCount}`,
      datasourceID: 'rest',
      space: spaceId,
      connectionProperties: { url: 'https://example.com/api' },
    }),
  });
  if (response.status !== 201)
    throw new Error(`fixture connection: ${response.status} ${await response.text()}`);
  return (await json<{ qID: string }>(response)).qID;
}

/** An app of Grace's in a space, with one script version (the walk calls the API about it, as a member or not). */
function fixtureApp(spaceId: string): string {
  const apps = appsStore(t.db, SYSTEM_RUNTIME);
  const app = apps.insert({ name: `walk app ${++fixtureCount}`, description: '', spaceId, ownerId: ids.grace! });
  apps.saveScript(app, { script: 'LOAD 1 AS a AUTOGENERATE 1;', versionMessage: 'walk', modifierId: ids.grace!, references: [] });
  return app.id;
}

async function fixtureFile(spaceId: string): Promise<string> {
  const form = new FormData();
  form.append('File', new Blob(['id,amount\n1,2\n']), 'walk.csv');
  form.append(
    'Json',
    JSON.stringify({
      name: `walk-${++fixtureCount}.csv`,
      connectionId: dataFilesConnectionOfSpace(t.db, spaceId)!.id,
    }),
  );
  const response = await api(t, adminToken, '/api/v1/data-files', { method: 'POST', body: form });
  if (response.status !== 201) throw new Error(`fixture file: ${response.status} ${await response.text()}`);
  return (await json<{ id: string }>(response)).id;
}

async function dataSetOf(fileId: string): Promise<{ id: string; item_id: string }> {
  for (let i = 0; i < 200; i++) {
    const set = row('SELECT id, item_id FROM data_sets WHERE file_id = ?', fileId) as
      { id: string; item_id: string } | undefined;
    if (set) return set;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no data set for ${fileId}`);
}

async function fixtureTemp(token: string): Promise<string> {
  const response = await api(t, token, '/api/v1/temp-contents?filename=walk.csv', {
    method: 'POST',
    body: 'a,b\n1,2\n',
  });
  if (response.status !== 201) throw new Error(`fixture temp: ${response.status} ${await response.text()}`);
  return response.headers.get('location')!.split('/').pop()!;
}

async function fixtureTus(token: string, length = 4): Promise<string> {
  const response = await api(t, token, '/api/v1/temp-contents/files', {
    method: 'POST',
    headers: { 'tus-resumable': '1.0.0', 'upload-length': String(length) },
  });
  if (response.status !== 201) throw new Error(`fixture tus: ${response.status} ${await response.text()}`);
  return new URL(response.headers.get('location')!).pathname;
}

// ---------------------------------------------------------------------------------------------- the expectations

/** Space rights as the spaces API states them: read by membership (or admin.spaces:read), manage by owner or admin.spaces. */
const spaceRead = (c: CallerCtx, rel: Rel, type: SpaceType = 'shared') =>
  (c.seesAll || rel !== 'none') && (c.seesAll || c.scopes.has(`spaces.${type}:read`));
const spaceManage = (c: CallerCtx, rel: Rel) =>
  c.scopes.has('spaces.shared') || c.scopes.has('admin.spaces') ? rel === 'owner' || c.managesAll : false;
/** Data files and the catalog follow the file's space: admin reach by the admin.spaces scopes. */
const filesRead = (c: CallerCtx, rel: Rel) => c.seesAll || rel !== 'none';
const filesWrite = (c: CallerCtx, rel: Rel) => c.managesAll || rel === 'owner' || rel === 'producer';
const filesManage = (c: CallerCtx, rel: Rel) => c.managesAll || rel === 'owner';
/** Data connections answer by roles: a tenant admin reaches every space's connections whatever the scopes. */
const connRead = (c: CallerCtx, rel: Rel) => c.isAdmin || rel !== 'none';
const connEdit = (c: CallerCtx, rel: Rel) => c.isAdmin || rel === 'owner' || rel === 'producer';

/** Refused as unknown (404) when unreadable, as forbidden (403) when readable but not writable: both are 'deny'. */
const writeOn = (read: boolean, write: boolean) => when(read && write);

function snapshotOf(spaceId: string, extra: () => unknown = () => null) {
  return () => ({
    counts: tableCounts(),
    space: row('SELECT * FROM spaces WHERE id = ?', spaceId),
    assignments: rows('SELECT * FROM space_assignments WHERE space_id = ? ORDER BY id', spaceId),
    connections: rows(
      'SELECT id, name, space_id, owner_id, properties, updated FROM data_connections WHERE space_id = ? ORDER BY id',
      spaceId,
    ),
    files: rows(
      'SELECT id, name, space_key, owner_id, sha256, modified_date FROM data_files WHERE space_key = ? ORDER BY id',
      spaceId,
    ),
    sets: rows('SELECT id, name, description, tags FROM data_sets WHERE space_key = ? ORDER BY id', spaceId),
    extra: extra(),
  });
}

type CaseBuilder = (c: CallerCtx) => Promise<Case[]>;

const seedList = () => [...seedSpaces.entries()];

/** GET cases on every seed space, with the relation the seed gives the caller. */
const onSeedSpaces = async (
  c: CallerCtx,
  make: (
    space: { id: string; type: SpaceType; name: string },
    rel: Rel,
  ) => Promise<Case | undefined> | Case | undefined,
) => {
  const out: Case[] = [];
  for (const [name, space] of seedList()) {
    const made = await make({ ...space, name }, space.rel[c.who]);
    if (made) out.push(made);
  }
  return out;
};

/** Write cases on fresh spaces, one per relation. */
const onFixtures = async (c: CallerCtx, make: (space: { id: string; rel: Rel }) => Promise<Case>) => {
  const out: Case[] = [];
  for (const rel of RELATIONS) out.push(await make(fixtureSpace(c.who, rel)));
  return out;
};

const seedConnections = () =>
  rows(
    "SELECT id, name, space_id, owner_id FROM data_connections WHERE is_datafiles = 0 AND name NOT LIKE 'walk%'",
  ) as { id: string; name: string; space_id: string | null; owner_id: string }[];
const seedFiles = () =>
  rows(
    "SELECT f.id, f.space_id, f.space_key, s.id AS set_id, s.item_id, s.data_asset_id FROM data_files f JOIN data_sets s ON s.file_id = f.id WHERE f.folder = 0 AND f.name NOT LIKE 'walk-%'",
  ) as {
    id: string;
    space_id: string | null;
    space_key: string;
    set_id: string;
    item_id: string;
    data_asset_id: string;
  }[];

function relOfSeedSpace(
  c: CallerCtx,
  spaceId: string | null,
  ownerId?: string,
): Rel | 'personal-own' | 'personal-other' {
  if (!spaceId) return ownerId === c.userId ? 'personal-own' : 'personal-other';
  const found = [...seedSpaces.values()].find((s) => s.id === spaceId);
  if (!found) throw new Error(`not a seed space: ${spaceId}`);
  return found.rel[c.who];
}

const dataStoreId = () =>
  (row("SELECT id FROM data_stores WHERE type = 'qix-datafiles'") as { id: string }).id;

function auditsSpecs(): Record<string, CaseBuilder> {
  const reads = (c: CallerCtx) => when(c.roles.includes('TenantAdmin') || c.roles.includes('AuditAdmin'));
  const one = (label: string, path: () => string): CaseBuilder => async (c) => [{ label, expect: reads(c), request: { path: path() } }];
  return {
    'GET /api/v1/audits': one('list', () => '/api/v1/audits?limit=5'),
    'GET /api/v1/audits/:id': one('newest', () => `/api/v1/audits/${String(row('SELECT id FROM audit_events LIMIT 1')!.id)}`),
    'GET /api/v1/audits/types': one('types', () => '/api/v1/audits/types'),
    'GET /api/v1/audits/sources': one('sources', () => '/api/v1/audits/sources'),
    'GET /api/v1/audits/settings': one('settings', () => '/api/v1/audits/settings'),
    'GET /api/v1/audits/archive': one('a day', () => {
      const day = String(row('SELECT day FROM audit_archive LIMIT 1')!.day);
      return `/api/v1/audits/archive?date=${day}`;
    }),
  };
}

const SPECS: Record<string, CaseBuilder> = {
  // ---- identity, tenant, boot: the guard alone decides
  'GET /api/v1/users/me': async () => [{ label: 'me', expect: allow, request: { path: '/api/v1/users/me' } }],
  'GET /api/v1/users': async () => [{ label: 'list', expect: allow, request: { path: '/api/v1/users' } }],
  'GET /api/v1/users/:userId': async () => [
    { label: 'grace', expect: allow, request: { path: `/api/v1/users/${ids.grace}` } },
  ],
  'GET /api/v1/groups': async () => [{ label: 'list', expect: allow, request: { path: '/api/v1/groups' } }],
  'GET /api/v1/groups/:groupId': async () => [
    { label: 'finance', expect: allow, request: { path: `/api/v1/groups/${ids.financeGroup}` } },
  ],
  'GET /api/v1/roles': async () => [{ label: 'list', expect: allow, request: { path: '/api/v1/roles' } }],
  // ---- user and group administration: a TenantAdmin with admin.users, on throwaway users and groups
  'GET /api/v1/users/actions/count': async () => [
    { label: 'count', expect: allow, request: { path: '/api/v1/users/actions/count' } },
  ],
  'POST /api/v1/users': async (c) => [
    {
      label: 'invite',
      expect: when(c.isAdmin),
      request: { path: '/api/v1/users', method: 'POST', json: { subject: `walk|${++fixtureCount}`, email: `walk${fixtureCount}@example.com` } },
      watch: () => tableCounts(),
    },
  ],
  'PATCH /api/v1/users/:userId': async (c) => {
    const id = fixtureUser();
    return [
      {
        label: 'rename and role',
        expect: when(c.isAdmin),
        request: {
          path: `/api/v1/users/${id}`,
          method: 'PATCH',
          json: [{ op: 'replace', path: '/name', value: 'walked' }, { op: 'add', path: '/assignedRoles/-', value: { name: 'SharedSpaceCreator' } }],
        },
        watch: () => [row('SELECT name FROM users WHERE id = ?', id), rows('SELECT * FROM user_roles WHERE user_id = ?', id)],
      },
    ];
  },
  'DELETE /api/v1/users/:userId': async (c) => [
    { label: 'throwaway', expect: when(c.isAdmin), request: { path: `/api/v1/users/${fixtureUser()}`, method: 'DELETE' }, watch: () => tableCounts() },
  ],
  'POST /api/v1/groups': async (c) => [
    {
      label: 'custom',
      expect: when(c.isAdmin),
      request: { path: '/api/v1/groups', method: 'POST', json: { name: `walk group ${++fixtureCount}` } },
      watch: () => tableCounts(),
    },
  ],
  'PATCH /api/v1/groups/:groupId': async (c) => {
    const id = fixtureGroup();
    return [
      {
        label: 'roles',
        expect: when(c.isAdmin),
        request: { path: `/api/v1/groups/${id}`, method: 'PATCH', json: [{ op: 'replace', path: 'assignedRoles', value: [{ name: 'DataAdmin' }] }] },
        watch: () => rows('SELECT * FROM group_roles WHERE group_id = ?', id),
      },
    ];
  },
  'DELETE /api/v1/groups/:groupId': async (c) => [
    { label: 'throwaway', expect: when(c.isAdmin), request: { path: `/api/v1/groups/${fixtureGroup()}`, method: 'DELETE' }, watch: () => tableCounts() },
  ],
  // ---- API keys: no OAuth scope; own keys for everyone, others' for a TenantAdmin
  'GET /api/v1/api-keys': async (c) => [
    {
      label: 'list',
      expect: allow,
      request: { path: '/api/v1/api-keys?limit=100' },
      check: listCheck<{ sub: string }>((k) => c.isAdmin || k.sub === c.userId, (k) => `a key of ${k.sub}`),
    },
  ],
  'POST /api/v1/api-keys': async () => [
    { label: 'own', expect: allow, request: { path: '/api/v1/api-keys', method: 'POST', json: { description: 'walk', expiry: 'PT1H' } } },
  ],
  'GET /api/v1/api-keys/:id': async (c) => [
    { label: 'own', expect: allow, request: { path: `/api/v1/api-keys/${fixtureKey(c.userId)}` } },
    { label: 'grace', expect: when(c.isAdmin), request: { path: `/api/v1/api-keys/${fixtureKey(ids.grace!)}` } },
  ],
  'PATCH /api/v1/api-keys/:id': async (c) =>
    [c.userId, ids.grace!].map((owner) => {
      const id = fixtureKey(owner);
      return {
        label: owner === c.userId ? 'own' : 'grace',
        expect: when(owner === c.userId || c.isAdmin),
        request: { path: `/api/v1/api-keys/${id}`, method: 'PATCH', json: [{ op: 'replace', path: '/description', value: 'walked' }] },
        watch: () => row('SELECT * FROM api_keys WHERE id = ?', id),
      };
    }),
  'DELETE /api/v1/api-keys/:id': async (c) =>
    [c.userId, ids.grace!].map((owner) => {
      const id = fixtureKey(owner);
      return {
        label: owner === c.userId ? 'own' : 'grace',
        expect: when(owner === c.userId || c.isAdmin),
        request: { path: `/api/v1/api-keys/${id}`, method: 'DELETE' },
        watch: () => row('SELECT * FROM api_keys WHERE id = ?', id),
      };
    }),
  'GET /api/v1/api-keys/configs/:tenantId': async () => [
    { label: 'own tenant', expect: allow, request: { path: `/api/v1/api-keys/configs/${ids.tenant}` } },
  ],
  'PATCH /api/v1/api-keys/configs/:tenantId': async (c) => [
    {
      label: 'max keys',
      expect: when(c.isAdmin),
      request: { path: `/api/v1/api-keys/configs/${ids.tenant}`, method: 'PATCH', json: [{ op: 'replace', path: '/max_keys_per_user', value: 1000 - fixtureCount++ % 2 }] },
      watch: () => row("SELECT value FROM settings WHERE key = 'api-keys.config'"),
    },
  ],
  // ---- OAuth clients: everyone reads (plain shape), a TenantAdmin with admin_classic changes
  'GET /api/v1/oauth-clients': async (c) => [
    {
      label: 'list',
      expect: allow,
      request: { path: '/api/v1/oauth-clients?limit=100' },
      check: listCheck<{ redirectUris?: unknown }>((k) => c.isAdmin || k.redirectUris === undefined, () => 'an admin shape'),
    },
  ],
  'POST /api/v1/oauth-clients': async (c) => [
    {
      label: 'spa',
      expect: when(c.isAdmin),
      request: { path: '/api/v1/oauth-clients', method: 'POST', json: { appType: 'spa', clientName: 'walk', redirectUris: ['https://walk.example/cb'] } },
      watch: () => count('oauth_clients'),
    },
  ],
  'GET /api/v1/oauth-clients/:id': async () => [{ label: 'one', expect: allow, request: { path: `/api/v1/oauth-clients/${fixtureClient()}` } }],
  'PATCH /api/v1/oauth-clients/:id': async (c) => {
    const id = fixtureClient();
    return [
      {
        label: 'rename',
        expect: when(c.isAdmin),
        request: { path: `/api/v1/oauth-clients/${id}`, method: 'PATCH', json: [{ op: 'replace', path: '/clientName', value: 'walked' }] },
        watch: () => clientRow(id),
      },
    ];
  },
  'DELETE /api/v1/oauth-clients/:id': async (c) => {
    const id = fixtureClient();
    return [
      {
        label: 'confirmed',
        expect: when(c.isAdmin),
        request: { path: `/api/v1/oauth-clients/${id}`, method: 'DELETE', headers: { 'qlik-confirm-delete': id } },
        watch: () => clientRow(id),
      },
    ];
  },
  'POST /api/v1/oauth-clients/:id/client-secrets': async (c) => {
    const id = fixtureClient();
    return [{ label: 'new', expect: when(c.isAdmin), request: { path: `/api/v1/oauth-clients/${id}/client-secrets`, method: 'POST' }, watch: () => clientRow(id) }];
  },
  'DELETE /api/v1/oauth-clients/:id/client-secrets/:hint': async (c) => {
    const id = fixtureClient();
    return [{ label: 'hint', expect: when(c.isAdmin), request: { path: `/api/v1/oauth-clients/${id}/client-secrets/walk1`, method: 'DELETE' }, watch: () => clientRow(id) }];
  },
  'GET /api/v1/tenants/me': async () => [
    { label: 'me', expect: allow, request: { path: '/api/v1/tenants/me' } },
  ],
  'GET /api/v1/tenants/:tenantId': async () => [
    { label: 'own', expect: allow, request: { path: `/api/v1/tenants/${ids.tenant}` } },
  ],
  'GET /api/v1/boot/core-init': async () => [
    { label: 'boot', expect: allow, request: { path: '/api/v1/boot/core-init' } },
  ],

  // ---- audits: tenant admins (and Audit Admins) read every event; others are refused for their role
  ...auditsSpecs(),

  // ---- spaces
  'GET /api/v1/spaces': async (c) => [
    {
      label: 'list',
      expect: allow,
      request: { path: '/api/v1/spaces?limit=100' },
      check: listCheck<{ id: string; type: SpaceType; name: string }>(
        (s) => spaceRead(c, relFromDb(c, s.id), s.type),
        (s) => s.name,
      ),
    },
  ],
  'GET /api/v1/spaces/types': async () => [
    { label: 'types', expect: allow, request: { path: '/api/v1/spaces/types' } },
  ],
  'GET /api/v1/spaces/:spaceId': (c) =>
    onSeedSpaces(c, (s, rel) => ({
      label: `${s.name} (${rel})`,
      expect: when(spaceRead(c, rel, s.type)),
      request: { path: `/api/v1/spaces/${s.id}` },
    })),
  'GET /api/v1/spaces/:spaceId/assignments': (c) =>
    onSeedSpaces(c, (s, rel) => ({
      label: `${s.name} (${rel})`,
      expect: when(spaceRead(c, rel, s.type)),
      request: { path: `/api/v1/spaces/${s.id}/assignments` },
    })),
  'GET /api/v1/spaces/:spaceId/assignments/:assignmentId': (c) =>
    onSeedSpaces(c, (s, rel) => {
      const assignment = row('SELECT id FROM space_assignments WHERE space_id = ? LIMIT 1', s.id) as
        { id: string } | undefined;
      if (!assignment) return undefined;
      return {
        label: `${s.name} (${rel})`,
        expect: when(spaceRead(c, rel, s.type)),
        request: { path: `/api/v1/spaces/${s.id}/assignments/${assignment.id}` },
      };
    }),
  'POST /api/v1/spaces': async (c) => [
    {
      label: 'shared',
      // Creating needs the type's create scope (or admin.spaces) and the SharedSpaceCreator role (or tenant admin).
      expect: when(
        (c.scopes.has('spaces.shared:create') || c.scopes.has('admin.spaces')) &&
          (c.isAdmin || c.roles.includes('SharedSpaceCreator')),
      ),
      request: {
        path: '/api/v1/spaces',
        method: 'POST',
        json: { type: 'shared', name: `walk new ${++fixtureCount}` },
      },
      watch: () => tableCounts(),
    },
  ],
  'PUT /api/v1/spaces/:spaceId': (c) =>
    onFixtures(c, async (s) => ({
      label: s.rel,
      expect: writeOn(spaceRead(c, s.rel), spaceManage(c, s.rel)),
      request: { path: `/api/v1/spaces/${s.id}`, method: 'PUT', json: { description: 'walked' } },
      watch: snapshotOf(s.id),
    })),
  'PATCH /api/v1/spaces/:spaceId': (c) =>
    onFixtures(c, async (s) => ({
      label: s.rel,
      expect: writeOn(spaceRead(c, s.rel), spaceManage(c, s.rel)),
      request: {
        path: `/api/v1/spaces/${s.id}`,
        method: 'PATCH',
        json: [{ op: 'replace', path: '/description', value: 'walked' }],
        contentType: 'application/json-patch+json',
      },
      watch: snapshotOf(s.id),
    })),
  'DELETE /api/v1/spaces/:spaceId': (c) =>
    onFixtures(c, async (s) => ({
      label: s.rel,
      expect: writeOn(spaceRead(c, s.rel), spaceManage(c, s.rel)),
      request: { path: `/api/v1/spaces/${s.id}`, method: 'DELETE' },
      watch: snapshotOf(s.id),
    })),
  'POST /api/v1/spaces/:spaceId/assignments': (c) =>
    onFixtures(c, async (s) => ({
      label: s.rel,
      expect: writeOn(spaceRead(c, s.rel), spaceManage(c, s.rel)),
      request: {
        path: `/api/v1/spaces/${s.id}/assignments`,
        method: 'POST',
        json: { type: 'user', assigneeId: ids.alan, roles: ['consumer'] },
      },
      watch: snapshotOf(s.id),
    })),
  'PUT /api/v1/spaces/:spaceId/assignments/:assignmentId': (c) =>
    onFixtures(c, async (s) => {
      const assignment = row(
        'SELECT id FROM space_assignments WHERE space_id = ? AND assignee_id = ?',
        s.id,
        ids.edsger,
      ) as { id: string };
      return {
        label: s.rel,
        expect: writeOn(spaceRead(c, s.rel), spaceManage(c, s.rel)),
        request: {
          path: `/api/v1/spaces/${s.id}/assignments/${assignment.id}`,
          method: 'PUT',
          json: { roles: ['consumer', 'producer'] },
        },
        watch: snapshotOf(s.id),
      };
    }),
  'DELETE /api/v1/spaces/:spaceId/assignments/:assignmentId': (c) =>
    onFixtures(c, async (s) => {
      const assignment = row(
        'SELECT id FROM space_assignments WHERE space_id = ? AND assignee_id = ?',
        s.id,
        ids.edsger,
      ) as { id: string };
      return {
        label: s.rel,
        expect: writeOn(spaceRead(c, s.rel), spaceManage(c, s.rel)),
        request: { path: `/api/v1/spaces/${s.id}/assignments/${assignment.id}`, method: 'DELETE' },
        watch: snapshotOf(s.id),
      };
    }),

  // ---- data connections
  'GET /api/v1/data-connections': async (c) => [
    {
      label: 'list',
      expect: allow,
      request: { path: '/api/v1/data-connections?limit=100' },
      check: listCheck<{ qName: string; space?: string; user: string }>(
        (conn) => (conn.space ? connRead(c, relFromDb(c, conn.space)) : conn.user === c.userId || c.isAdmin),
        (conn) => conn.qName,
      ),
    },
  ],
  'GET /api/v1/data-connections/:qID': async (c) =>
    seedConnections().map((conn) => {
      const rel = relOfSeedSpace(c, conn.space_id, conn.owner_id);
      const read = rel === 'personal-own' ? true : rel === 'personal-other' ? c.isAdmin : connRead(c, rel);
      return {
        label: `${conn.name} (${rel})`,
        expect: when(read),
        request: { path: `/api/v1/data-connections/${conn.id}` },
      };
    }),
  'POST /api/v1/data-connections': (c) =>
    onFixtures(c, async (s) => ({
      label: s.rel,
      expect: when(connEdit(c, s.rel)),
      request: {
        path: '/api/v1/data-connections',
        method: 'POST',
        json: {
          qName: `walk made ${++fixtureCount}`,
          datasourceID: 'rest',
          space: s.id,
          connectionProperties: { url: 'https://example.com/x' },
        },
      },
      watch: snapshotOf(s.id),
    })),
  'PUT /api/v1/data-connections/:qID': (c) =>
    onFixtures(c, async (s) => {
      const qID = await fixtureConnection(s.id);
      return {
        label: s.rel,
        expect: writeOn(connRead(c, s.rel), connEdit(c, s.rel)),
        request: {
          path: `/api/v1/data-connections/${qID}`,
          method: 'PUT',
          // a full ConnectionUpdate, as Qlik documents PUT
          json: {
            qID,
            qEngineObjectID: qID,
            qName: `walk edited ${++fixtureCount}`,
            qType: 'QvRestConnector.exe',
            qConnectStatement: 'CUSTOM CONNECT TO "provider=QvRestConnector.exe;url=https://example.com/walk;"',
          },
        },
        watch: snapshotOf(s.id),
      };
    }),
  'PATCH /api/v1/data-connections/:qID': (c) =>
    onFixtures(c, async (s) => {
      const qID = await fixtureConnection(s.id);
      return {
        label: s.rel,
        expect: writeOn(connRead(c, s.rel), connEdit(c, s.rel)),
        request: {
          path: `/api/v1/data-connections/${qID}`,
          method: 'PATCH',
          json: [{ op: 'replace', path: '/qName', value: `walk patched ${++fixtureCount}` }],
          contentType: 'application/json-patch+json',
        },
        watch: snapshotOf(s.id),
      };
    }),
  'DELETE /api/v1/data-connections/:qID': (c) =>
    onFixtures(c, async (s) => {
      const qID = await fixtureConnection(s.id);
      return {
        label: s.rel,
        expect: writeOn(connRead(c, s.rel), connEdit(c, s.rel)),
        request: { path: `/api/v1/data-connections/${qID}`, method: 'DELETE' },
        watch: snapshotOf(s.id),
      };
    }),
  'POST /api/v1/data-connections/actions/delete': (c) =>
    onFixtures(c, async (s) => {
      const qID = await fixtureConnection(s.id);
      // Bulk actions are for tenant admins only, whatever the space role.
      return {
        label: s.rel,
        expect: when(c.isAdmin),
        request: {
          path: '/api/v1/data-connections/actions/delete',
          method: 'POST',
          json: { connections: [{ id: qID }] },
          multiStatus: c.isAdmin,
        },
        watch: snapshotOf(s.id),
      };
    }),
  'POST /api/v1/data-connections/actions/update': (c) =>
    onFixtures(c, async (s) => {
      const qID = await fixtureConnection(s.id);
      return {
        label: s.rel,
        expect: when(c.isAdmin),
        request: {
          path: '/api/v1/data-connections/actions/update',
          method: 'POST',
          json: { connections: [{ id: qID, name: `walk bulk ${++fixtureCount}` }] },
          multiStatus: c.isAdmin,
        },
        watch: snapshotOf(s.id),
      };
    }),
  'POST /api/v1/data-connections/actions/duplicate': (c) =>
    onFixtures(c, async (s) => {
      const qID = await fixtureConnection(s.id);
      return {
        label: s.rel,
        expect: writeOn(connRead(c, s.rel), connEdit(c, s.rel)),
        request: { path: '/api/v1/data-connections/actions/duplicate', method: 'POST', json: { id: qID } },
        watch: snapshotOf(s.id),
      };
    }),

  // ---- temp contents: each upload is its creator's only
  'POST /api/v1/temp-contents': async () => [
    {
      label: 'own',
      expect: allow,
      request: { path: '/api/v1/temp-contents?filename=walk.csv', method: 'POST', body: 'x,y\n1,2\n' },
      watch: () => tableCounts(),
    },
  ],
  'GET /api/v1/temp-contents/:id': async (c) => [
    {
      label: 'own',
      expect: allow,
      request: {
        path: `/api/v1/temp-contents/${await fixtureTemp(c.scopes.has('user_default') || c.scopes.has('admin_classic') ? c.token : adminToken)}`,
      },
    },
    {
      label: 'other user',
      expect: when(false),
      request: { path: `/api/v1/temp-contents/${await fixtureTemp(otherToken(c))}` },
    },
  ],
  'GET /api/v1/temp-contents/:id/details': async (c) => [
    {
      label: 'own',
      expect: allow,
      request: {
        path: `/api/v1/temp-contents/${await fixtureTemp(c.scopes.has('user_default') || c.scopes.has('admin_classic') ? c.token : adminToken)}/details`,
      },
    },
    {
      label: 'other user',
      expect: deny,
      request: { path: `/api/v1/temp-contents/${await fixtureTemp(otherToken(c))}/details` },
    },
  ],
  'POST /api/v1/temp-contents/files': async () => [
    {
      label: 'create',
      expect: allow,
      request: {
        path: '/api/v1/temp-contents/files',
        method: 'POST',
        headers: { 'tus-resumable': '1.0.0', 'upload-length': '4' },
      },
      watch: () => tableCounts(),
    },
  ],
  'PATCH /api/v1/temp-contents/files/:id': async (c) => {
    const tusPatch = (path: string): Req => ({
      path,
      method: 'PATCH',
      body: 'abcd',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
    });
    const own = await fixtureTus(hasFilesScope(c) ? c.token : adminToken);
    const other = await fixtureTus(otherToken(c));
    return [
      { label: 'own', expect: allow, request: tusPatch(own), watch: () => tusState(own) },
      { label: 'other user', expect: deny, request: tusPatch(other), watch: () => tusState(other) },
    ];
  },
  'GET /api/v1/temp-contents/files/:id': async (c) => {
    const own = await fixtureTus(hasFilesScope(c) ? c.token : adminToken);
    const other = await fixtureTus(otherToken(c));
    return [
      {
        label: 'HEAD own',
        expect: allow,
        request: { path: own, method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } },
      },
      {
        label: 'HEAD other user',
        expect: deny,
        request: { path: other, method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } },
      },
    ];
  },

  // ---- data files
  'GET /api/v1/data-files': async (c) => [
    {
      label: 'all spaces',
      expect: allow,
      request: { path: '/api/v1/data-files?includeAllSpaces=true&limit=100' },
      check: listCheck<{ name: string; spaceId: string | null; ownerId: string }>(
        (f) => (f.spaceId ? filesRead(c, relFromDb(c, f.spaceId)) : f.ownerId === c.userId || c.seesAll),
        (f) => f.name,
      ),
    },
  ],
  'GET /api/v1/data-files/quotas': async () => [
    { label: 'quotas', expect: allow, request: { path: '/api/v1/data-files/quotas' } },
  ],
  'GET /api/v1/data-files/connections': async () => [
    { label: 'list', expect: allow, request: { path: '/api/v1/data-files/connections' } },
  ],
  'GET /api/v1/data-files/connections/:id': (c) =>
    onSeedSpaces(c, (s, rel) => ({
      label: `${s.name} (${rel})`,
      expect: when(filesRead(c, rel)),
      request: { path: `/api/v1/data-files/connections/${dataFilesConnectionOfSpace(t.db, s.id)!.id}` },
    })),
  'GET /api/v1/data-files/:id': async (c) =>
    seedFiles().map((f) => {
      const rel = relOfSeedSpace(c, f.space_id, f.space_key.replace(/^personal:/, ''));
      const read = rel === 'personal-own' ? true : rel === 'personal-other' ? c.seesAll : filesRead(c, rel);
      return {
        label: `${f.id} (${rel})`,
        expect: when(read),
        request: { path: `/api/v1/data-files/${f.id}` },
      };
    }),
  'POST /api/v1/data-files': (c) =>
    onFixtures(c, async (s) => {
      const form = new FormData();
      form.append('File', new Blob(['a,b\n1,2\n']), 'walk.csv');
      form.append(
        'Json',
        JSON.stringify({
          name: `walk-new-${++fixtureCount}.csv`,
          connectionId: dataFilesConnectionOfSpace(t.db, s.id)!.id,
        }),
      );
      return {
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: { path: '/api/v1/data-files', method: 'POST', body: form },
        watch: snapshotOf(s.id),
      };
    }),
  'PUT /api/v1/data-files/:id': (c) =>
    onFixtures(c, async (s) => {
      const id = await fixtureFile(s.id);
      const form = new FormData();
      form.append('File', new Blob(['a,b\n3,4\n']), 'walk.csv');
      return {
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: { path: `/api/v1/data-files/${id}`, method: 'PUT', body: form },
        watch: snapshotOf(s.id),
      };
    }),
  'DELETE /api/v1/data-files/:id': (c) =>
    onFixtures(c, async (s) => {
      const id = await fixtureFile(s.id);
      return {
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: { path: `/api/v1/data-files/${id}`, method: 'DELETE' },
        watch: snapshotOf(s.id),
      };
    }),
  'POST /api/v1/data-files/:id/actions/change-owner': (c) =>
    onFixtures(c, async (s) => {
      const id = await fixtureFile(s.id);
      return {
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesManage(c, s.rel)),
        request: {
          path: `/api/v1/data-files/${id}/actions/change-owner`,
          method: 'POST',
          json: { ownerId: ids.grace },
        },
        watch: snapshotOf(s.id),
      };
    }),
  'POST /api/v1/data-files/:id/actions/change-space': (c) =>
    onFixtures(c, async (s) => {
      const id = await fixtureFile(s.id);
      const home = fixtureSpace(c.who, 'owner');
      return {
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: {
          path: `/api/v1/data-files/${id}/actions/change-space`,
          method: 'POST',
          json: { spaceId: home.id },
        },
        watch: snapshotOf(s.id, snapshotOf(home.id)),
      };
    }),
  'POST /api/v1/data-files/actions/change-space': (c) =>
    onFixtures(c, async (s) => {
      const id = await fixtureFile(s.id);
      const home = fixtureSpace(c.who, 'owner');
      return {
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: {
          path: '/api/v1/data-files/actions/change-space',
          method: 'POST',
          json: { 'change-space': [{ id, spaceId: home.id }] },
          multiStatus: true,
        },
        watch: snapshotOf(s.id, snapshotOf(home.id)),
      };
    }),
  'POST /api/v1/data-files/actions/delete': (c) =>
    onFixtures(c, async (s) => {
      const id = await fixtureFile(s.id);
      return {
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: {
          path: '/api/v1/data-files/actions/delete',
          method: 'POST',
          json: { delete: [{ id }] },
          multiStatus: true,
        },
        watch: snapshotOf(s.id),
      };
    }),

  // ---- catalog (follows the data files' spaces)
  'GET /api/v1/data-stores': async () => [
    { label: 'list', expect: allow, request: { path: '/api/v1/data-stores' } },
  ],
  'GET /api/v1/data-stores/:dataStoreId': async () => [
    { label: 'files store', expect: allow, request: { path: `/api/v1/data-stores/${dataStoreId()}` } },
  ],
  'GET /api/v1/data-stores/:dataStoreId/data-assets': async () => [
    {
      label: 'files store',
      expect: allow,
      request: { path: `/api/v1/data-stores/${dataStoreId()}/data-assets` },
    },
  ],
  'GET /api/v1/data-stores/:dataStoreId/data-assets/:dataAssetId/data-sets': (c) =>
    onSeedSpaces(c, (s, rel) => {
      const asset = row('SELECT id FROM data_assets WHERE space_id = ?', s.id) as { id: string };
      // A list filtered by asset: a hidden space's sets are left out rather than refused.
      const sets = count(`data_sets WHERE space_id = '${s.id}'`);
      return {
        label: `${s.name} (${rel})`,
        expect: allow,
        request: { path: `/api/v1/data-stores/${dataStoreId()}/data-assets/${asset.id}/data-sets?limit=100` },
        check: (body) => {
          const shown = (body as { data: unknown[] }).data.length;
          const want = filesRead(c, rel) ? sets : 0;
          return shown === want ? undefined : `shows ${shown} data sets, expected ${want}`;
        },
      };
    }),
  'GET /api/v1/data-assets/:dataAssetId': (c) =>
    onSeedSpaces(c, (s, rel) => {
      const asset = row('SELECT id FROM data_assets WHERE space_id = ?', s.id) as { id: string };
      return {
        label: `${s.name} (${rel})`,
        expect: when(filesRead(c, rel)),
        request: { path: `/api/v1/data-assets/${asset.id}` },
      };
    }),
  'GET /api/v1/data-sets/:dataSetId': async (c) => catalogReads(c, (f) => `/api/v1/data-sets/${f.set_id}`),
  'GET /api/v1/data-sets/:dataSetId/profiles': async (c) =>
    catalogReads(c, (f) => `/api/v1/data-sets/${f.set_id}/profiles`),
  'GET /api/v1/data-sets/:dataSetId/schema-versions': async (c) =>
    catalogReads(c, (f) => `/api/v1/data-sets/${f.set_id}/schema-versions`),
  'GET /api/v1/items': async (c) => [
    {
      label: 'datasets',
      expect: allow,
      request: { path: '/api/v1/items?resourceType=dataset&limit=100' },
      check: listCheck<{ name: string; spaceId?: string; ownerId: string }>(
        (item) => (item.spaceId ? filesRead(c, relFromDb(c, item.spaceId)) : item.ownerId === c.userId),
        (item) => item.name,
      ),
    },
    {
      label: 'apps',
      expect: allow,
      request: { path: '/api/v1/items?resourceType=app&limit=100' },
      check: listCheck<{ name: string; spaceId?: string; ownerId: string }>(
        (item) => (item.spaceId ? filesRead(c, relFromDb(c, item.spaceId)) : item.ownerId === c.userId),
        (item) => item.name,
      ),
    },
  ],
  'GET /api/v1/items/:itemId': async (c) => catalogReads(c, (f) => `/api/v1/items/${f.item_id}`),
  ...appsSpecs(),
  ...lineageSpecs(),
  'PATCH /api/v1/data-sets/:dataSetId': (c) =>
    onFixtures(c, async (s) => {
      const set = await dataSetOf(await fixtureFile(s.id));
      return {
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: {
          path: `/api/v1/data-sets/${set.id}`,
          method: 'PATCH',
          json: [{ op: 'replace', path: '/description', value: 'walked' }],
        },
        watch: snapshotOf(s.id),
      };
    }),
};

/** Apps follow their space as its files do: read by membership, create and script by editors, delete by managers. */
function appsSpecs(): Record<string, CaseBuilder> {
  const appsOf = (spaceId: string) => () => rows('SELECT a.*, (SELECT COUNT(*) FROM app_scripts s WHERE s.app_id = a.id) AS scripts FROM apps a WHERE a.space_id = ? ORDER BY a.id', spaceId);
  const read = (path: (appId: string) => string): CaseBuilder => (c) =>
    onFixtures(c, async (s) => ({ label: s.rel, expect: when(filesRead(c, s.rel)), request: { path: path(fixtureApp(s.id)) } }));
  return {
    'POST /api/v1/apps': (c) =>
      onFixtures(c, async (s) => ({
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: { path: '/api/v1/apps', method: 'POST', json: { attributes: { name: 'walk app', spaceId: s.id } } },
        watch: appsOf(s.id),
      })),
    'GET /api/v1/apps/:appId': read((id) => `/api/v1/apps/${id}`),
    'GET /api/v1/apps/:appId/data/lineage': read((id) => `/api/v1/apps/${id}/data/lineage`),
    'GET /api/v1/apps/:appId/scripts': read((id) => `/api/v1/apps/${id}/scripts`),
    'GET /api/v1/apps/:appId/scripts/:id': read((id) => `/api/v1/apps/${id}/scripts/current`),
    'POST /api/v1/apps/:appId/scripts': (c) =>
      onFixtures(c, async (s) => ({
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesWrite(c, s.rel)),
        request: { path: `/api/v1/apps/${fixtureApp(s.id)}/scripts`, method: 'POST', json: { script: 'LOAD 2 AS b AUTOGENERATE 1;' } },
        watch: appsOf(s.id),
      })),
    'DELETE /api/v1/apps/:appId': (c) =>
      onFixtures(c, async (s) => ({
        label: s.rel,
        expect: writeOn(filesRead(c, s.rel), filesManage(c, s.rel)),
        request: { path: `/api/v1/apps/${fixtureApp(s.id)}`, method: 'DELETE' },
        watch: appsOf(s.id),
      })),
  };
}

/**
 * Lineage graphs follow the caller's read access to the base node (an app or a data file of a fixture space);
 * impact graphs are for tenant admins only, on top of that.
 */
function lineageSpecs(): Record<string, CaseBuilder> {
  const appQri = (spaceId: string) => encodeURIComponent(`qri:app:sense://${fixtureApp(spaceId)}`);
  const lineage = (path: (qri: string) => string, impact = false): CaseBuilder => (c) =>
    onFixtures(c, async (s) => ({
      label: s.rel,
      expect: when(filesRead(c, s.rel) && (!impact || c.isAdmin)),
      request: { path: `/api/v1/lineage-graphs/${path(appQri(s.id))}` },
    }));
  const ofFile: CaseBuilder = async (c) => [
    ...(await lineage((qri) => `nodes/${qri}`)(c)),
    ...(await onFixtures(c, async (s) => {
      const file = row('SELECT name FROM data_files WHERE id = ?', await fixtureFile(s.id)) as { name: string };
      const qri = encodeURIComponent(dataFileQri({ spaceId: s.id, userId: '' }, file.name));
      return { label: `file ${s.rel}`, expect: when(filesRead(c, s.rel)), request: { path: `/api/v1/lineage-graphs/nodes/${qri}?level=all` } };
    })),
  ];
  const search = `filter=${encodeURIComponent('label co "walk"')}`;
  return {
    'GET /api/v1/lineage-graphs/nodes/:id': ofFile,
    'GET /api/v1/lineage-graphs/nodes/:id/actions/expand': lineage((qri) => `nodes/${qri}/actions/expand?node=${qri}&level=table`),
    'GET /api/v1/lineage-graphs/nodes/:id/actions/search': lineage((qri) => `nodes/${qri}/actions/search?${search}`),
    'POST /api/v1/lineage-graphs/nodes/:id/overview': (c) =>
      onFixtures(c, async (s) => ({
        label: s.rel,
        expect: when(filesRead(c, s.rel)),
        request: { path: `/api/v1/lineage-graphs/nodes/${appQri(s.id)}/overview`, method: 'POST', json: [] },
      })),
    'GET /api/v1/lineage-graphs/impact/:id/overview': lineage((qri) => `impact/${qri}/overview`, true),
    'GET /api/v1/lineage-graphs/impact/:id/actions/expand': lineage((qri) => `impact/${qri}/actions/expand?node=${qri}&level=field`, true),
    'GET /api/v1/lineage-graphs/impact/:id/actions/search': lineage((qri) => `impact/${qri}/actions/search?${search}`, true),
    'GET /api/v1/lineage-graphs/impact/:id/source': lineage((qri) => `impact/${qri}/source`, true),
  };
}

function catalogReads(c: CallerCtx, path: (f: ReturnType<typeof seedFiles>[number]) => string): Case[] {
  return seedFiles().map((f) => {
    const rel = relOfSeedSpace(c, f.space_id, f.space_key.replace(/^personal:/, ''));
    // A personal space's sets are its user's only, admins included.
    const read = rel === 'personal-own' ? true : rel === 'personal-other' ? false : filesRead(c, rel);
    return { label: `${f.id} (${rel})`, expect: when(read), request: { path: path(f) } };
  });
}

/** A tus upload's row and the bytes it holds on disk. */
const tusState = (path: string) => {
  const id = path.split('/').pop()!;
  const file = join(t.dataDir, 'temp-contents', id);
  return {
    row: row('SELECT * FROM temp_contents WHERE id = ?', id),
    bytes: existsSync(file) ? statSync(file).size : -1,
  };
};

const hasFilesScope = (c: CallerCtx) => c.scopes.has('user_default') || c.scopes.has('admin_classic');
/** A full-scope token of another demo user, to own content the caller must not reach. */
const otherTokens: Partial<Record<Who, string>> = {};
const otherToken = (c: CallerCtx) => otherTokens[c.who === 'max' ? 'rita' : 'max']!;

// --------------------------------------------------------------------------------------------------- the walk

beforeAll(async () => {
  // the walk calls each lineage route for every scope set of a user: Qlik's 20 a minute would refuse it
  t = await startTenant({ lineageRateLimit: false });
  for (const r of rows('SELECT id, email FROM users')) ids[String(r.email).split('@')[0]!] = String(r.id);
  ids.financeGroup = String(row("SELECT id FROM groups WHERE name = 'Finance analysts'")!.id);
  ids.tenant = String(row('SELECT id FROM tenant')!.id);
  for (const space of DEMO_SPACES) {
    const found = row('SELECT id, type FROM spaces WHERE name = ?', space.name) as {
      id: string;
      type: SpaceType;
    };
    seedSpaces.set(space.name, {
      ...found,
      rel: {
        ada: seedRelation(space, 'ada'),
        max: seedRelation(space, 'max'),
        rita: seedRelation(space, 'rita'),
      },
    });
  }
  // One archived event, so the archive has a day to serve.
  t.ctx.audits.archiveBefore(String(row('SELECT MIN(event_time) AS t FROM audit_events')!.t) + 'Z', 1);
  adminToken = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
  // Every caller makes keys and gets fixture keys: the per-user maximum (5 by default) is not what the walk tests.
  t.db.prepare("INSERT INTO settings (key, value) VALUES ('api-keys.config', '{\"max_keys_per_user\":1000}')").run();
  otherTokens.max = (await signIn(t, 'max', 'user_default')).access_token;
  otherTokens.rita = (await signIn(t, 'rita', 'user_default')).access_token;
  for (const who of WHO) {
    const account = DEMO_ACCOUNTS.find((a) => a.email.startsWith(who))!;
    for (const set of SCOPE_SETS) {
      const token = await signIn(t, who, set.scopes);
      const scopes = expandScopes(token.scope.split(' ').filter(Boolean));
      const isAdmin = account.roles.includes('TenantAdmin');
      callers.push({
        who,
        preset: set.id,
        token: token.access_token,
        userId: ids[who]!,
        isAdmin,
        roles: account.roles,
        scopes,
        seesAll: isAdmin && scopes.has('admin.spaces:read'),
        managesAll: isAdmin && scopes.has('admin.spaces'),
      });
    }
  }
}, scaledTimeout(60));

afterAll(async () => {
  await t?.stop();
});

function errorItem(text: string): { detail: string; meta?: { reason?: string } } | undefined {
  try {
    return (JSON.parse(text) as { errors: { detail: string; meta?: { reason?: string } }[] }).errors[0];
  } catch {
    return undefined;
  }
}

async function send(c: CallerCtx, req: Req): Promise<Response> {
  const headers: Record<string, string> = { ...req.headers };
  let body = req.body;
  if (req.json !== undefined) {
    headers['content-type'] = req.contentType ?? 'application/json';
    body = JSON.stringify(req.json);
  }
  return api(t, c.token, req.path, { method: req.method ?? 'GET', headers, body });
}

describe('access walk over the guard table', () => {
  it('has a case for every guarded route', () => {
    const missing = Object.keys(GUARDS).filter((key) => !SPECS[key]);
    expect(missing, 'routes in the guard table without a walk case').toEqual([]);
    const stale = Object.keys(SPECS).filter((key) => !GUARDS[key]);
    expect(stale, 'walk cases for routes that are no longer guarded').toEqual([]);
  });

  it('answers every user × scope preset as the guard table and the space roles say', async () => {
    const failures: string[] = [];
    for (const c of callers) {
      for (const [key, guard] of Object.entries(GUARDS)) {
        const scopeMissing = guard.anyOf.length > 0 && !guard.anyOf.some((s) => c.scopes.has(s));
        const cases = await SPECS[key]!(c);
        expect(cases.length, `${key} has no case`).toBeGreaterThan(0);
        for (const one of cases) {
          const expected: Expectation = scopeMissing ? { kind: 'scope', scopes: guard.anyOf } : one.expect;
          const before = one.watch?.();
          const response = await send(c, one.request);
          const text = await response.text();
          stats.calls++;
          stats.routes.add(key);
          stats.callers.add(`${c.who}/${c.preset}`);
          stats.byKind[expected.kind]++;
          const method = one.request.method ?? 'GET';
          const where = `${c.who}/${c.preset} ${key} [${one.label}] → ${response.status} ${text.slice(0, 240)}`;
          let status = response.status;
          if (one.request.multiStatus && status === 207 && expected.kind !== 'scope') {
            status = (JSON.parse(text) as { data: { status: number }[] }).data[0]!.status;
          }
          if (expected.kind === 'allow') {
            if (status < 200 || status >= 300) failures.push(`expected 2xx: ${where}`);
            else if (one.check) {
              const problem = one.check(JSON.parse(text));
              if (problem) failures.push(`${problem}: ${where}`);
            }
            continue;
          }
          if (status >= 200 && status < 300) failures.push(`expected a refusal (${expected.kind}): ${where}`);
          else if (expected.kind === 'scope') {
            const detail = method !== 'HEAD' ? errorItem(text) : undefined;
            if (response.status !== 403) failures.push(`expected 403 for the missing scope: ${where}`);
            else if (
              method !== 'HEAD' &&
              (detail?.meta?.reason !== 'scope' || !expected.scopes.every((s) => detail.detail.includes(s)))
            )
              failures.push(`403 does not name the scopes ${expected.scopes.join(', ')}: ${where}`);
          } else if (status !== 403 && status !== 404)
            failures.push(`expected 403/404 for the space role: ${where}`);
          if (before !== undefined) {
            const after = one.watch!();
            try {
              expect(after).toEqual(before);
            } catch {
              failures.push(`refused write changed data: ${where}`);
            }
          }
        }
      }
    }
    const routes = Object.keys(GUARDS).length;
    console.info(
      `access walk: ${stats.routes.size}/${routes} routes × ${stats.callers.size} callers (3 users × ${SCOPE_SETS.length} scope sets): ` +
        `${stats.calls} calls — ${stats.byKind.allow} allowed, ${stats.byKind.scope} refused for scope, ${stats.byKind.deny} refused by space role; ${failures.length} wrong`,
    );
    expect(failures).toEqual([]);
    expect(stats.routes.size).toBe(routes);
  }, scaledTimeout(240));
});
