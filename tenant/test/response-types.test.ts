// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeErrors } from './type-check';
import { api, signIn, startTenant, type TestTenant } from './harness';
import { whenCatalogIdle } from '../catalog/data-sets';
import { qriHash } from '../catalog/qri';
import { scaledTimeout } from './timeouts';

/**
 * Shapes, checked by the compiler: a response of every endpoint the console calls is captured from the local
 * tenant and written out as a literal typed with @qlik/api's own response type for that call
 * (`GetSpacesHttpResponse['data']`, …), then type-checked. An object literal also fails on a property the type does
 * not declare, so a field too many, too few or of the wrong type fails `npm test`.
 */
interface Capture {
  /** An @qlik/api module, or a path from tenant/test/ for an endpoint of ours. */
  module: string;
  response: string;
  method?: string;
  path: string;
  body?: unknown;
  contentType?: string;
  /** The status the call must answer (the type is for that status). */
  status: number;
}

let t: TestTenant;
let admin = '';
const captured: { capture: Capture; json: unknown }[] = [];

const one = (sql: string) => (t.db.prepare(sql).get() as { id: string }).id;

async function capture(c: Capture) {
  const response = await api(t, admin, c.path, {
    method: c.method ?? 'GET',
    ...(c.body !== undefined
      ? {
          headers: { 'content-type': c.contentType ?? 'application/json' },
          body: c.body instanceof FormData ? c.body : JSON.stringify(c.body),
        }
      : {}),
  });
  const text = await response.text();
  expect(response.status, `${c.method ?? 'GET'} ${c.path}: ${text.slice(0, 300)}`).toBe(c.status);
  captured.push({ capture: c, json: text ? JSON.parse(text) : undefined });
}

/** Every lineage-graphs endpoint about the demo's Orders pipeline: upstream files and a connection, downstream a file and an app. */
function lineageCaptures(appId: string): Capture[] {
  const qri = encodeURIComponent(`qri:app:sense://${appId}`);
  const filter = encodeURIComponent('label co "orders" or label co "id"');
  const graph = (response: string, path: string): Capture => ({ module: 'lineage-graphs', response, path: `/api/v1/lineage-graphs/${path}`, status: 200 });
  return [
    graph('GetLineageGraphNodeHttpResponse', `nodes/${qri}?level=all&up=-1`),
    graph('GetLineageGraphNodeHttpResponse', `nodes/${qri}?level=field`),
    graph('ExpandLineageGraphNodeHttpResponse', `nodes/${qri}/actions/expand?node=${qri}&level=table`),
    graph('SearchLineageGraphNodeHttpResponse', `nodes/${qri}/actions/search?filter=${filter}`),
    graph('GetLineageGraphImpactOverviewHttpResponse', `impact/${qri}/overview?down=-1`),
    graph('ExpandLineageGraphImpactHttpResponse', `impact/${qri}/actions/expand?node=${qri}&level=field`),
    graph('SearchLineageGraphImpactHttpResponse', `impact/${qri}/actions/search?filter=${filter}`),
    graph('GetLineageGraphImpactSourceHttpResponse', `impact/${qri}/source`),
    ...[200, 207].map((status) => ({
      module: 'lineage-graphs',
      response: `CreateLineageGraphNodeOverview${status}HttpResponse`,
      method: 'POST',
      path: `/api/v1/lineage-graphs/nodes/${qri}/overview?up=-1`,
      // Orders (the app's table) has the fields of raw/orders.csv; a made-up field makes the answer per field
      body: [`qri:app:sense://${appId}#${qriHash('Orders')}#${qriHash('id')}`, ...(status === 207 ? [`qri:app:sense://${appId}#x#y`] : [])],
      status,
    })),
  ];
}

beforeAll(async () => {
  t = await startTenant();
  admin = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
  // the demo files' profiles run in slices between requests: only a finished one has a schema to edit
  await whenCatalogIdle(t.db);
  const space = one("SELECT id FROM spaces WHERE type = 'shared' AND name = 'Sales analytics'");
  const assignment = one(`SELECT id FROM space_assignments WHERE space_id = '${space}' LIMIT 1`);
  const user = one("SELECT id FROM users WHERE email = 'max@example.com'");
  const group = one('SELECT id FROM groups WHERE system = 0 LIMIT 1');
  const connection = one("SELECT id FROM data_connections WHERE datasource_id = 'postgres' LIMIT 1");
  const file = one('SELECT id FROM data_files WHERE folder = 0 AND space_id IS NOT NULL LIMIT 1');
  const dataFilesConnection = one(
    `SELECT id FROM data_connections WHERE is_datafiles = 1 AND space_id = '${space}'`,
  );
  const store = one('SELECT id FROM data_stores LIMIT 1');
  const asset = one(`SELECT id FROM data_assets WHERE space_id = '${space}'`);
  const dataSet = one("SELECT id FROM data_sets WHERE profile_status = 'FINISHED' LIMIT 1");
  const app = one("SELECT id FROM apps WHERE name = 'Orders pipeline'");
  const form = new FormData();
  form.append('File', new Blob(['a,b\n1,2\n']), 'typed.csv');
  form.append('Json', JSON.stringify({ name: 'typed.csv', connectionId: dataFilesConnection }));

  const webClient = (
    (await (
      await api(t, admin, '/api/v1/oauth-clients', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appType: 'web', clientName: 'Typed M2M', allowedGrantTypes: ['client_credentials'] }),
      })
    ).json()) as { clientId: string }
  ).clientId;
  const calls: Capture[] = [
    { module: 'users', response: 'GetMyUserHttpResponse', path: '/api/v1/users/me', status: 200 },
    {
      module: 'users',
      response: 'GetUsersHttpResponse',
      path: '/api/v1/users?limit=5&totalResults=true',
      status: 200,
    },
    { module: 'users', response: 'GetUserHttpResponse', path: `/api/v1/users/${user}`, status: 200 },
    {
      module: 'users',
      response: 'CreateUserHttpResponse',
      method: 'POST',
      path: '/api/v1/users',
      body: { subject: 'idp|typed', email: 'typed@example.com', name: 'Typed', assignedRoles: [{ name: 'SharedSpaceCreator' }] },
      status: 201,
    },
    { module: 'users', response: 'CountUsersHttpResponse', path: '/api/v1/users/actions/count', status: 200 },
    {
      module: 'users',
      response: 'PatchUser207HttpResponse',
      method: 'PATCH',
      path: `/api/v1/users/${user}`,
      body: [{ op: 'replace', path: '/email', value: 'other@example.com' }],
      status: 207,
    },
    {
      module: 'groups',
      response: 'CreateGroupHttpResponse',
      method: 'POST',
      path: '/api/v1/groups',
      body: { name: 'Typed group', description: 'typed', assignedRoles: [{ name: 'DataAdmin' }] },
      status: 201,
    },
    {
      module: 'api-keys',
      response: 'CreateApiKeyHttpResponse',
      method: 'POST',
      path: '/api/v1/api-keys',
      body: { description: 'typed key', expiry: 'PT1H' },
      status: 201,
    },
    { module: 'api-keys', response: 'GetApiKeysHttpResponse', path: '/api/v1/api-keys?limit=5', status: 200 },
    {
      module: 'api-keys',
      response: 'GetApiKeysConfigHttpResponse',
      path: `/api/v1/api-keys/configs/${one('SELECT id FROM tenant')}`,
      status: 200,
    },
    {
      module: 'oauth-clients',
      response: 'CreateOAuthClientHttpResponse',
      method: 'POST',
      path: '/api/v1/oauth-clients',
      body: { appType: 'spa', clientName: 'Typed SPA', redirectUris: ['http://localhost:5173/oauth-callback.html'], allowedOrigins: ['http://localhost:5173'], allowedScopes: ['user_default'], connectionConfig: { consentMethod: 'trusted' } },
      status: 201,
    },
    { module: 'oauth-clients', response: 'GetOAuthClientsHttpResponse', path: '/api/v1/oauth-clients?limit=5&totalResults=true', status: 200 },
    { module: 'oauth-clients', response: 'GetOAuthClientHttpResponse', path: `/api/v1/oauth-clients/${webClient}`, status: 200 },
    {
      module: 'oauth-clients',
      response: 'CreateOAuthClientSecretHttpResponse',
      method: 'POST',
      path: `/api/v1/oauth-clients/${webClient}/client-secrets`,
      status: 201,
    },
    { module: 'groups', response: 'GetGroupsHttpResponse', path: '/api/v1/groups?limit=5', status: 200 },
    { module: 'groups', response: 'GetGroupHttpResponse', path: `/api/v1/groups/${group}`, status: 200 },
    { module: 'roles', response: 'GetRolesHttpResponse', path: '/api/v1/roles?limit=5', status: 200 },
    { module: 'tenants', response: 'GetMyTenantHttpResponse', path: '/api/v1/tenants/me', status: 200 },
    { module: 'spaces', response: 'GetSpacesHttpResponse', path: '/api/v1/spaces?limit=2', status: 200 },
    { module: 'spaces', response: 'GetSpaceTypesHttpResponse', path: '/api/v1/spaces/types', status: 200 },
    { module: 'spaces', response: 'GetSpaceHttpResponse', path: `/api/v1/spaces/${space}`, status: 200 },
    {
      module: 'spaces',
      response: 'GetSpaceAssignmentsHttpResponse',
      path: `/api/v1/spaces/${space}/assignments`,
      status: 200,
    },
    {
      module: 'spaces',
      response: 'GetSpaceAssignmentHttpResponse',
      path: `/api/v1/spaces/${space}/assignments/${assignment}`,
      status: 200,
    },
    {
      module: 'spaces',
      response: 'CreateSpaceHttpResponse',
      method: 'POST',
      path: '/api/v1/spaces',
      body: { name: 'Typed space', type: 'shared' },
      status: 201,
    },
    {
      module: 'spaces',
      response: 'PatchSpaceHttpResponse',
      method: 'PATCH',
      path: `/api/v1/spaces/${space}`,
      body: [{ op: 'replace', path: '/description', value: 'typed' }],
      status: 200,
    },
    {
      module: 'data-connections',
      response: 'GetDataConnectionsHttpResponse',
      path: '/api/v1/data-connections?limit=3',
      status: 200,
    },
    {
      module: 'data-connections',
      response: 'GetDataConnectionHttpResponse',
      path: `/api/v1/data-connections/${connection}`,
      status: 200,
    },
    {
      module: 'data-connections',
      response: 'CreateDataConnectionHttpResponse',
      method: 'POST',
      path: '/api/v1/data-connections',
      body: {
        qName: 'Typed',
        datasourceID: 'postgres',
        space,
        connectionProperties: {
          host: 'db.example.com',
          port: 5432,
          database: 'x',
          username: 'u',
          password: 'p',
        },
      },
      status: 201,
    },
    {
      module: 'data-connections',
      response: 'DuplicateDataAConnectionHttpResponse',
      method: 'POST',
      path: '/api/v1/data-connections/actions/duplicate',
      body: { id: connection },
      status: 201,
    },
    {
      module: 'data-connections',
      response: 'DeleteDataConnectionsHttpResponse',
      method: 'POST',
      path: '/api/v1/data-connections/actions/delete',
      body: { connections: [{ id: 'missing-one' }] },
      status: 207,
    },
    {
      module: 'data-files',
      response: 'GetDataFilesHttpResponse',
      path: '/api/v1/data-files?limit=3',
      status: 200,
    },
    {
      module: 'data-files',
      response: 'GetDataFileHttpResponse',
      path: `/api/v1/data-files/${file}`,
      status: 200,
    },
    {
      module: 'data-files',
      response: 'GetDataFilesConnectionsHttpResponse',
      path: '/api/v1/data-files/connections?limit=3',
      status: 200,
    },
    {
      module: 'data-files',
      response: 'GetDataFilesQuotasHttpResponse',
      path: '/api/v1/data-files/quotas',
      status: 200,
    },
    {
      module: 'data-files',
      response: 'UploadDataFileHttpResponse',
      method: 'POST',
      path: '/api/v1/data-files',
      body: form,
      status: 201,
    },
    {
      module: 'data-files',
      response: 'DeleteDataFilesHttpResponse',
      method: 'POST',
      path: '/api/v1/data-files/actions/delete',
      body: { delete: [{ id: 'missing-one' }] },
      status: 207,
    },
    {
      module: 'data-stores',
      response: 'GetDataStoresHttpResponse',
      path: '/api/v1/data-stores',
      status: 200,
    },
    {
      module: 'data-stores',
      response: 'GetDataStoreDataAssetsHttpResponse',
      path: `/api/v1/data-stores/${store}/data-assets?limit=2`,
      status: 200,
    },
    {
      module: 'data-stores',
      response: 'GetDataStoreDataAssetDataSetsHttpResponse',
      path: `/api/v1/data-stores/${store}/data-assets/${asset}/data-sets?limit=2`,
      status: 200,
    },
    {
      module: 'data-assets',
      response: 'GetDataAssetHttpResponse',
      path: `/api/v1/data-assets/${asset}`,
      status: 200,
    },
    {
      module: 'data-sets',
      response: 'GetDataSetHttpResponse',
      path: `/api/v1/data-sets/${dataSet}`,
      status: 200,
    },
    {
      module: 'data-sets',
      response: 'GetDataSetProfilesHttpResponse',
      path: `/api/v1/data-sets/${dataSet}/profiles`,
      status: 200,
    },
    {
      module: 'data-sets',
      response: 'PatchDataSetHttpResponse',
      method: 'PATCH',
      path: `/api/v1/data-sets/${dataSet}`,
      body: [{ op: 'replace', path: '/description', value: 'typed' }],
      status: 200,
    },
    {
      module: 'data-sets',
      response: 'PatchDataSetHttpResponse',
      method: 'PATCH',
      path: `/api/v1/data-sets/${dataSet}`,
      contentType: 'application/json-patch+json',
      body: [
        { op: 'test', path: '/version', value: 2 },
        { op: 'add', path: '/schema/dataFields/0/alias', value: 'Typed alias' },
        { op: 'add', path: '/schema/dataFields/0/description', value: 'typed' },
        { op: 'replace', path: '/schema/dataFields/0/sensitive', value: true },
        { op: 'replace', path: '/schema/dataFields/0/primaryKey', value: true },
        { op: 'add', path: '/schema/dataFields/0/userTags', value: [{ name: 'typed' }] },
        { op: 'add', path: '/schema/dataFields/0/properties', value: { personalInformation: true } },
      ],
      status: 200,
    },
    {
      module: 'data-sets',
      response: 'PatchDataSetHttpError',
      method: 'PATCH',
      path: `/api/v1/data-sets/${dataSet}`,
      body: [{ op: 'test', path: '/version', value: 1 }],
      status: 409,
    },
    {
      // ours (Qlik documents no schema history): typed with the tenant's own type
      module: '../api/catalog/schema-versions',
      response: 'GetDataSetSchemaVersionsHttpResponse',
      path: `/api/v1/data-sets/${dataSet}/schema-versions`,
      status: 200,
    },
    {
      module: 'items',
      response: 'GetItemsHttpResponse',
      path: '/api/v1/items?resourceType=dataset&limit=2',
      status: 200,
    },
    { module: 'items', response: 'GetItemsHttpResponse', path: '/api/v1/items?resourceType=app&limit=2', status: 200 },
    {
      module: 'apps',
      response: 'CreateAppHttpResponse',
      method: 'POST',
      path: '/api/v1/apps',
      body: { attributes: { name: 'Typed app', spaceId: space } },
      status: 200,
    },
    { module: 'apps', response: 'GetAppInfoHttpResponse', path: `/api/v1/apps/${app}`, status: 200 },
    { module: 'apps', response: 'GetAppScriptHistoryHttpResponse', path: `/api/v1/apps/${app}/scripts`, status: 200 },
    { module: 'apps', response: 'GetAppScriptHttpResponse', path: `/api/v1/apps/${app}/scripts/current`, status: 200 },
    { module: 'apps', response: 'GetAppDataLineageHttpResponse', path: `/api/v1/apps/${app}/data/lineage`, status: 200 },
    ...lineageCaptures(app),
  ];
  // The seed's first events, archived, so the archive has a day to serve.
  t.ctx.audits.archiveBefore(`${(t.db.prepare('SELECT MIN(event_time) AS t FROM audit_events').get() as { t: string }).t}Z`);
  const day = (t.db.prepare('SELECT day FROM audit_archive LIMIT 1').get() as { day: string }).day;
  const audit = one('SELECT id FROM audit_events ORDER BY event_time DESC LIMIT 1');
  calls.push(
    // after the PATCH above, so the first page holds an event with updates
    { module: 'audits', response: 'GetAuditsHttpResponse', path: '/api/v1/audits?limit=3', status: 200 },
    { module: 'audits', response: 'GetAuditHttpResponse', path: `/api/v1/audits/${audit}`, status: 200 },
    { module: 'audits', response: 'GetAuditTypesHttpResponse', path: '/api/v1/audits/types', status: 200 },
    { module: 'audits', response: 'GetAuditSourcesHttpResponse', path: '/api/v1/audits/sources', status: 200 },
    { module: 'audits', response: 'GetAuditsSettingsHttpResponse', path: '/api/v1/audits/settings', status: 200 },
    { module: 'audits', response: 'GetArchivedAuditsHttpResponse', path: `/api/v1/audits/archive?date=${day}`, status: 200 },
  );
  for (const call of calls) {
    if (call.body instanceof FormData) {
      const response = await api(t, admin, call.path, { method: 'POST', body: call.body });
      const text = await response.text();
      expect(response.status, text).toBe(call.status);
      captured.push({ capture: call, json: JSON.parse(text) });
    } else await capture(call);
  }
}, scaledTimeout(60));

afterAll(async () => {
  await t.stop();
});

describe('responses of every endpoint the console calls have @qlik/api shapes', () => {
  it('type-check against their @qlik/api response types', () => {
    const imports = new Map<string, Set<string>>();
    const lines: string[] = [];
    captured.forEach(({ capture: c, json }, i) => {
      imports.set(c.module, (imports.get(c.module) ?? new Set()).add(c.response));
      lines.push(`// ${c.method ?? 'GET'} ${c.path.split('?')[0]}`);
      lines.push(`export const response${i}: ${c.response}['data'] = ${JSON.stringify(json, null, 1)};`);
    });
    const source = [
      ...[...imports].map(
        ([module, names]) =>
          `import type { ${[...names].join(', ')} } from '${module.startsWith('.') ? module : `@qlik/api/${module}`}';`,
      ),
      ...lines,
    ].join('\n');
    const errors = typeErrors(source);
    const context = (message: string) => {
      const line = Number(/^line (\d+)/.exec(message)?.[1] ?? 0);
      const call = source
        .split('\n')
        .slice(0, line)
        .reverse()
        .find((l) => l.startsWith('// '));
      return `${call ?? ''}: ${message}`;
    };
    expect(errors.map(context)).toEqual([]);
    expect(captured.length).toBeGreaterThanOrEqual(30);
  }, scaledTimeout(60));
});
