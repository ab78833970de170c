import { describe, expect, it } from 'vitest';
import type { ConnectionGet } from '@qlik/api/data-connections';
import {
  batchDeletePermission,
  connectionFormSchema,
  connectionRights,
  createInSpace,
  emptyFormValues,
  fieldForPointer,
  formValuesFromConnection,
  toCreateBody,
  toPatchOps,
  type ConnectionFormValues,
  type DatasourceId,
} from './model';

const errorsOf = (
  values: ConnectionFormValues,
  mode: Parameters<typeof connectionFormSchema>[0] = { kind: 'create' },
) => {
  const result = connectionFormSchema(mode).safeParse(values);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
};

const valid: Record<DatasourceId, ConnectionFormValues> = {
  postgres: {
    ...emptyFormValues('postgres'),
    qName: 'Warehouse',
    host: 'db.example.com',
    database: 'sales',
    username: 'reporter',
    password: 'pg-secret',
  },
  sqlserver: {
    ...emptyFormValues('sqlserver'),
    qName: 'Ledger',
    host: 'sql.example.com',
    database: 'gl',
    username: 'finance',
    password: 'sql-secret',
    encrypt: false,
  },
  rest: {
    ...emptyFormValues('rest'),
    qName: 'CRM',
    url: 'https://crm.example.com/api',
    auth: 'bearer',
    token: 'rest-token',
  },
  amazons3: {
    ...emptyFormValues('amazons3'),
    qName: 'Landing',
    bucket: 'landing-bucket',
    region: 'eu-west-1',
    accessKey: 'AKIAEXAMPLE',
    secretKey: 's3-secret',
  },
};

describe('connection form validation per type', () => {
  it.each(Object.keys(valid) as DatasourceId[])('accepts a complete %s connection', (type) => {
    expect(errorsOf(valid[type])).toEqual({});
  });

  it('PostgreSQL: requires host, database, user name and password; checks host and port', () => {
    const errors = errorsOf({ ...emptyFormValues('postgres'), qName: 'x', port: 70000, host: 'bad host' });
    expect(Object.keys(errors).sort()).toEqual(['database', 'host', 'password', 'port', 'username']);
    expect(errors.host).toMatch(/host name/);
    expect(errors.port).toMatch(/between 1 and 65535/);
  });

  it('SQL Server: the same required fields, default port 1433', () => {
    expect(emptyFormValues('sqlserver').port).toBe(1433);
    expect(Object.keys(errorsOf({ ...valid.sqlserver, database: '', password: '' })).sort()).toEqual([
      'database',
      'password',
    ]);
  });

  it('REST: a valid URL, and the credentials of the chosen authentication', () => {
    expect(errorsOf({ ...valid.rest, url: 'ftp://x' }).url).toMatch(/http/);
    expect(Object.keys(errorsOf({ ...valid.rest, token: '' }))).toEqual(['token']);
    expect(Object.keys(errorsOf({ ...valid.rest, auth: 'basic', token: '' })).sort()).toEqual([
      'password',
      'username',
    ]);
    expect(errorsOf({ ...valid.rest, auth: 'none', token: '' })).toEqual({});
  });

  it('Amazon S3: bucket and region formats, both keys', () => {
    const errors = errorsOf({ ...valid.amazons3, bucket: 'Bad_Bucket', region: 'europe', accessKey: '' });
    expect(Object.keys(errors).sort()).toEqual(['accessKey', 'bucket', 'region']);
  });

  it('names: not blank, no quotes, not the reserved DataFiles', () => {
    expect(errorsOf({ ...valid.postgres, qName: '  ' }).qName).toMatch(/Enter a name/);
    expect(errorsOf({ ...valid.postgres, qName: 'a"b' }).qName).toMatch(/quotes/);
    expect(errorsOf({ ...valid.postgres, qName: 'datafiles' }).qName).toMatch(/reserved/);
    expect(errorsOf({ ...valid.postgres, qName: '<b>bold</b>' })).toEqual({});
  });

  it('refuses characters that would change the connect statement', () => {
    expect(errorsOf({ ...valid.postgres, database: 'sales;drop' }).database).toMatch(/semicolons/);
    // Secrets are not part of the statement: anything goes.
    expect(errorsOf({ ...valid.postgres, password: 'p;a"s\'s' })).toEqual({});
  });
});

describe('requests', () => {
  it('create sends the properties of the chosen type only, secrets inside connectionProperties', () => {
    const body = toCreateBody({
      ...valid.rest,
      username: 'leftover',
      password: 'leftover',
      space: 'space-1',
    });
    expect(body).toEqual({
      qName: 'CRM',
      datasourceID: 'rest',
      space: 'space-1',
      connectionProperties: {
        url: 'https://crm.example.com/api',
        method: 'GET',
        auth: 'bearer',
        token: 'rest-token',
      },
    });
    expect(toCreateBody(valid.postgres).connectionProperties).toEqual({
      host: 'db.example.com',
      port: 5432,
      database: 'sales',
      username: 'reporter',
      password: 'pg-secret',
    });
    expect(toCreateBody(valid.postgres)).not.toHaveProperty('space');
  });

  const stored: ConnectionGet = {
    qID: 'c1',
    qEngineObjectID: 'c1',
    qName: 'Warehouse',
    qType: 'QvOdbcConnectorPackage.exe',
    qConnectStatement: 'CUSTOM CONNECT TO "…"',
    qArchitecture: 0,
    qLogOn: 0,
    datasourceID: 'postgres',
    space: 'space-1',
    tenant: 't',
    privileges: ['list', 'read', 'update', 'delete'],
    links: { self: { href: 'x' } },
    connectionProperties: { host: 'db.example.com', port: 5432, database: 'sales', username: 'reporter' },
  };

  it('edit starts with every secret empty and sends no secret while it stays untouched', () => {
    const initial = formValuesFromConnection(stored)!;
    expect(initial).toMatchObject({ qName: 'Warehouse', host: 'db.example.com', port: 5432, password: '' });
    expect(errorsOf(initial, { kind: 'edit', initial })).toEqual({});
    expect(toPatchOps(initial, initial)).toEqual([]);
    const renamed = toPatchOps(initial, { ...initial, qName: 'Warehouse 2', database: 'sales2' });
    expect(renamed).toEqual([
      { op: 'replace', path: '/qName', value: 'Warehouse 2' },
      { op: 'replace', path: '/connectionProperties/database', value: 'sales2' },
    ]);
    expect(JSON.stringify(renamed)).not.toMatch(/password/);
  });

  it('edit sends a secret only once typed, and asks for it when the host changes', () => {
    const initial = formValuesFromConnection(stored)!;
    const moved = { ...initial, host: 'db2.example.com' };
    expect(errorsOf(moved, { kind: 'edit', initial }).password).toMatch(/needed when the host changes/);
    const ops = toPatchOps(initial, { ...moved, password: 'new-secret' });
    expect(ops).toEqual([
      { op: 'replace', path: '/connectionProperties/host', value: 'db2.example.com' },
      { op: 'replace', path: '/connectionProperties/password', value: 'new-secret' },
    ]);
  });

  it('maps tenant error pointers to form fields, including PATCH operation indexes', () => {
    const ops = toPatchOps(formValuesFromConnection(stored)!, {
      ...formValuesFromConnection(stored)!,
      qName: 'New',
      port: 6543,
    });
    expect(fieldForPointer('/qName')).toBe('qName');
    expect(fieldForPointer('/connectionProperties/host')).toBe('host');
    expect(fieldForPointer('/space')).toBe('space');
    expect(fieldForPointer('/1/value', ops)).toBe('port');
    expect(fieldForPointer('/0/value', ops)).toBe('qName');
    expect(fieldForPointer('/whatever')).toBeUndefined();
  });
});

describe('rights', () => {
  const base = { qType: 'QvOdbcConnectorPackage.exe', datasourceID: 'postgres', space: 's1' };

  it('follows the connection privileges, with the reason when not allowed', () => {
    const reader = connectionRights({ ...base, privileges: ['list', 'read'] }, true);
    expect(reader.edit.allowed).toBe(false);
    expect(reader.delete.reason).toMatch(/producer/);
    expect(reader.duplicate.allowed).toBe(false);
    const editor = connectionRights({ ...base, privileges: ['list', 'read', 'update', 'delete'] }, true);
    expect([editor.edit.allowed, editor.delete.allowed, editor.duplicate.allowed]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('DataFiles connections cannot be edited or deleted, whatever the caller may do', () => {
    const rights = connectionRights(
      { qType: 'qix-datafiles.exe', datasourceID: 'qix-datafiles', space: 's1', privileges: ['read'] },
      true,
    );
    expect(rights.edit.reason).toMatch(/DataFiles/);
    expect(rights.delete.allowed).toBe(false);
  });

  it('without the data-connections scope nothing is allowed, and the scope is named', () => {
    const rights = connectionRights({ ...base, privileges: ['update', 'delete'] }, false);
    expect(rights.delete.reason).toMatch(/data-connections scope/);
    expect(createInSpace(undefined, { canWrite: false, isTenantAdmin: true }).allowed).toBe(false);
  });

  it('creating in a space needs producer or facilitator (or TenantAdmin); batch delete needs TenantAdmin', () => {
    const consumer = { meta: { roles: ['consumer'] } };
    expect(createInSpace(consumer, { canWrite: true, isTenantAdmin: false }).reason).toMatch(/Can edit/);
    expect(
      createInSpace({ meta: { roles: ['producer'] } }, { canWrite: true, isTenantAdmin: false }).allowed,
    ).toBe(true);
    expect(createInSpace(consumer, { canWrite: true, isTenantAdmin: true }).allowed).toBe(true);
    expect(batchDeletePermission({ canWrite: true, isTenantAdmin: false }).reason).toMatch(/TenantAdmin/);
    expect(batchDeletePermission({ canWrite: true, isTenantAdmin: true }).allowed).toBe(true);
  });
});
