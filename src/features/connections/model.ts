import { z } from 'zod/mini';
import type {
  ConnectionGet,
  DcaasConnectionCreate,
  PatchRequest,
  Privilege,
} from '@qlik/api/data-connections';
import type { Permission } from '@/components/guarded-action';

/**
 * The datasources the console edits field by field. They mirror what the tenant stores for each datasource
 * (`connectionProperties`, from which it builds `qConnectStatement`); anything else is shown read-only.
 */
export const DATASOURCE_IDS = ['postgres', 'sqlserver', 'rest', 'amazons3'] as const;
export type DatasourceId = (typeof DATASOURCE_IDS)[number];

export const DATAFILES_DATASOURCE = 'qix-datafiles';
export const DATAFILES_QTYPE = 'qix-datafiles.exe';

export const DATASOURCE_LABELS: Record<string, string> = {
  postgres: 'PostgreSQL',
  sqlserver: 'Microsoft SQL Server',
  rest: 'REST',
  amazons3: 'Amazon S3',
  [DATAFILES_DATASOURCE]: 'DataFiles',
};

export const TYPE_FILTER_OPTIONS = [...DATASOURCE_IDS, DATAFILES_DATASOURCE] as const;
export type TypeFilter = (typeof TYPE_FILTER_OPTIONS)[number];

export function isDatasourceId(value: unknown): value is DatasourceId {
  return typeof value === 'string' && (DATASOURCE_IDS as readonly string[]).includes(value);
}

export function isDataFiles(connection: Pick<ConnectionGet, 'qType' | 'datasourceID'>): boolean {
  return connection.qType === DATAFILES_QTYPE || connection.datasourceID === DATAFILES_DATASOURCE;
}

export function typeLabel(connection: Pick<ConnectionGet, 'qType' | 'datasourceID'>): string {
  if (isDataFiles(connection)) return 'DataFiles';
  return (connection.datasourceID && DATASOURCE_LABELS[connection.datasourceID]) || connection.qType;
}

export type SecretField = 'password' | 'token' | 'accessKey' | 'secretKey';
export type PlainField =
  'host' | 'port' | 'database' | 'username' | 'encrypt' | 'url' | 'method' | 'auth' | 'bucket' | 'region';
export type PropertyField = PlainField | SecretField;

export const SECRET_FIELDS: readonly SecretField[] = ['password', 'token', 'accessKey', 'secretKey'];
export const isSecretField = (field: string): field is SecretField =>
  (SECRET_FIELDS as readonly string[]).includes(field);

export interface ConnectionFormValues {
  qName: string;
  /** Space ID; empty for a personal connection. */
  space: string;
  datasourceID: DatasourceId;
  host: string;
  port: number | '';
  database: string;
  username: string;
  encrypt: boolean;
  url: string;
  method: 'GET' | 'POST';
  auth: 'none' | 'basic' | 'bearer';
  bucket: string;
  region: string;
  password: string;
  token: string;
  accessKey: string;
  secretKey: string;
}

const DEFAULT_PORTS: Partial<Record<DatasourceId, number>> = { postgres: 5432, sqlserver: 1433 };

/** The password-like property whose value Qlik demands again when the connection points elsewhere. */
const PASSWORD_FIELD: Record<DatasourceId, SecretField> = {
  postgres: 'password',
  sqlserver: 'password',
  rest: 'password',
  amazons3: 'secretKey',
};

/** Properties that say where a connection points (Qlik's PATCH rule: changing them needs credentials). */
const LOCATION_FIELDS: Record<DatasourceId, readonly PlainField[]> = {
  postgres: ['host'],
  sqlserver: ['host'],
  rest: ['url'],
  amazons3: ['bucket'],
};

/** The properties a datasource stores, in form order; REST credentials depend on the chosen authentication. */
export function fieldsOf(
  values: Pick<ConnectionFormValues, 'datasourceID' | 'auth'>,
): readonly PropertyField[] {
  switch (values.datasourceID) {
    case 'postgres':
      return ['host', 'port', 'database', 'username', 'password'];
    case 'sqlserver':
      return ['host', 'port', 'database', 'username', 'password', 'encrypt'];
    case 'rest':
      return [
        'url',
        'method',
        'auth',
        ...(values.auth === 'basic' ? (['username', 'password'] as const) : []),
        ...(values.auth === 'bearer' ? (['token'] as const) : []),
      ];
    case 'amazons3':
      return ['bucket', 'region', 'accessKey', 'secretKey'];
  }
}

export function emptyFormValues(datasourceID: DatasourceId = 'postgres', space = ''): ConnectionFormValues {
  return {
    qName: '',
    space,
    datasourceID,
    host: '',
    port: DEFAULT_PORTS[datasourceID] ?? '',
    database: '',
    username: '',
    encrypt: true,
    url: '',
    method: 'GET',
    auth: 'none',
    bucket: '',
    region: '',
    password: '',
    token: '',
    accessKey: '',
    secretKey: '',
  };
}

/** Form values for editing: stored properties filled in, every secret empty (they are write-only). */
export function formValuesFromConnection(connection: ConnectionGet): ConnectionFormValues | undefined {
  const datasourceID = connection.datasourceID;
  if (!isDatasourceId(datasourceID) || isDataFiles(connection)) return undefined;
  const props = (connection.connectionProperties ?? {}) as Record<string, unknown>;
  const base = emptyFormValues(datasourceID, connection.space ?? '');
  const text = (key: string, fallback: string) =>
    typeof props[key] === 'string' ? (props[key] as string) : fallback;
  const port = Number(props.port);
  return {
    ...base,
    qName: connection.qName,
    host: text('host', ''),
    port: Number.isInteger(port) && port > 0 ? port : base.port,
    database: text('database', ''),
    username: text('username', ''),
    encrypt: typeof props.encrypt === 'boolean' ? props.encrypt : props.encrypt !== 'false',
    url: text('url', ''),
    method: text('method', 'GET') === 'POST' ? 'POST' : 'GET',
    auth: (['none', 'basic', 'bearer'] as const).find((a) => a === props.auth) ?? 'none',
    bucket: text('bucket', ''),
    region: text('region', ''),
  };
}

// ---- validation ------------------------------------------------------------------------------------------

const HOST = /^[A-Za-z0-9.-]{1,253}$/;
const URL_PATTERN = /^https?:\/\/[^\s]+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** The tenant writes plain values into CONNECT TO "…;…", where these characters would change the statement. */
const STATEMENT_BREAKERS = /["';\r\n]/;

const FIELD_LABELS: Record<PropertyField, string> = {
  host: 'Host',
  port: 'Port',
  database: 'Database',
  username: 'User name',
  encrypt: 'Encrypt',
  url: 'URL',
  method: 'Method',
  auth: 'Authentication',
  bucket: 'Bucket',
  region: 'Region',
  password: 'Password',
  token: 'Bearer token',
  accessKey: 'Access key ID',
  secretKey: 'Secret access key',
};

export function fieldLabel(field: PropertyField, datasourceID?: DatasourceId): string {
  if (field === 'host' && datasourceID === 'sqlserver') return 'Server';
  return FIELD_LABELS[field];
}

export type FormMode = { kind: 'create' } | { kind: 'edit'; initial: ConnectionFormValues };

const REQUIRED_PLAIN: Record<DatasourceId, readonly PlainField[]> = {
  postgres: ['host', 'database', 'username'],
  sqlserver: ['host', 'database', 'username'],
  rest: ['url'],
  amazons3: ['bucket', 'region'],
};

function requiredSecrets(values: ConnectionFormValues): SecretField[] {
  switch (values.datasourceID) {
    case 'postgres':
    case 'sqlserver':
      return ['password'];
    case 'rest':
      return values.auth === 'basic' ? ['password'] : values.auth === 'bearer' ? ['token'] : [];
    case 'amazons3':
      return ['accessKey', 'secretKey'];
  }
}

function locationChanged(values: ConnectionFormValues, initial: ConnectionFormValues): boolean {
  return LOCATION_FIELDS[values.datasourceID].some((field) => values[field] !== initial[field]);
}

/** Client-side checks that mirror the tenant's own, so most mistakes are caught before a round trip. */
export function connectionFormSchema(mode: FormMode) {
  return z
    .object({
      qName: z.string(),
      space: z.string(),
      datasourceID: z.enum(DATASOURCE_IDS),
      host: z.string(),
      port: z.union([z.number(), z.literal('')]),
      database: z.string(),
      username: z.string(),
      encrypt: z.boolean(),
      url: z.string(),
      method: z.enum(['GET', 'POST']),
      auth: z.enum(['none', 'basic', 'bearer']),
      bucket: z.string(),
      region: z.string(),
      password: z.string(),
      token: z.string(),
      accessKey: z.string(),
      secretKey: z.string(),
    })
    .check(
      z.superRefine((values, ctx) => {
        const fail = (path: keyof ConnectionFormValues, message: string) =>
          ctx.addIssue({ code: 'custom', path: [path], message });
        const name = values.qName.trim();
        if (!name) fail('qName', 'Enter a name.');
        else if (name.length > 256) fail('qName', 'Use at most 256 characters.');
        else if (/["\r\n]/.test(name)) fail('qName', 'A name cannot contain quotes or line breaks.');
        else if (name.toLowerCase() === 'datafiles')
          fail('qName', 'DataFiles is reserved for the built-in connection of each space.');

        const fields = fieldsOf(values);
        for (const field of REQUIRED_PLAIN[values.datasourceID]) {
          if (String(values[field]).trim() === '')
            fail(field, `Enter the ${fieldLabel(field).toLowerCase()}.`);
        }
        if (values.datasourceID === 'rest' && values.auth === 'basic' && !values.username.trim())
          fail('username', 'Enter the user name for basic authentication.');
        for (const field of fields) {
          const value = values[field];
          if (typeof value !== 'string' || isSecretField(field) || value === '') continue;
          if (STATEMENT_BREAKERS.test(value))
            fail(field, 'Quotes, semicolons and line breaks are not allowed here.');
          else if (value.length > 2000) fail(field, 'Too long.');
        }
        if (fields.includes('host') && values.host && !HOST.test(values.host))
          fail('host', 'Use a host name or IP address: letters, digits, dots and hyphens.');
        if (fields.includes('port') && values.port !== '') {
          if (!Number.isInteger(values.port) || values.port < 1 || values.port > 65535)
            fail('port', 'Use a port between 1 and 65535.');
        }
        if (values.datasourceID === 'rest' && values.url && !URL_PATTERN.test(values.url))
          fail('url', 'Use an http:// or https:// URL without spaces.');
        if (values.datasourceID === 'amazons3') {
          if (values.bucket && !BUCKET.test(values.bucket))
            fail('bucket', 'Use 3–63 lowercase letters, digits, dots or hyphens.');
          if (values.region && !REGION.test(values.region))
            fail('region', 'Use an AWS region such as eu-west-1.');
        }

        if (mode.kind === 'create') {
          for (const secret of requiredSecrets(values)) {
            if (!values[secret]) fail(secret, `Enter the ${fieldLabel(secret).toLowerCase()}.`);
          }
          return;
        }
        const { initial } = mode;
        // Qlik refuses to repoint a connection without its password, so say so before sending.
        if (initial.datasourceID === values.datasourceID && locationChanged(values, initial)) {
          const passwordField = PASSWORD_FIELD[values.datasourceID];
          if (!fields.includes(passwordField)) {
            fail(
              LOCATION_FIELDS[values.datasourceID][0]!,
              'Qlik needs the password again to change this, and this authentication has none. Create a new connection instead.',
            );
          } else if (!values[passwordField]) {
            fail(
              passwordField,
              `Type the ${fieldLabel(passwordField).toLowerCase()} again: it is needed when the ${fieldLabel(LOCATION_FIELDS[values.datasourceID][0]!, values.datasourceID).toLowerCase()} changes.`,
            );
          }
        }
      }),
    );
}

// ---- requests --------------------------------------------------------------------------------------------

type PropertyValue = string | number | boolean;

function propertiesOf(values: ConnectionFormValues): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const field of fieldsOf(values)) {
    const value = values[field];
    if (value === '') continue;
    if (isSecretField(field)) {
      // Secrets are write-only: an empty box means "not given", never "clear it".
      if (value) out[field] = value;
    } else if (typeof value === 'string') {
      if (value.trim() !== '') out[field] = value.trim();
    } else out[field] = value;
  }
  return out;
}

/** `POST /data-connections` body: known datasources send properties, the tenant builds the statement. */
export function toCreateBody(values: ConnectionFormValues): DcaasConnectionCreate {
  return {
    qName: values.qName.trim(),
    datasourceID: values.datasourceID,
    ...(values.space ? { space: values.space } : {}),
    connectionProperties: propertiesOf(values),
  };
}

/**
 * JSON-Patch for an edit: only what changed, and a secret only when something was typed into its box, so an
 * untouched password stays as stored.
 */
export function toPatchOps(initial: ConnectionFormValues, values: ConnectionFormValues): PatchRequest {
  const ops: PatchRequest = [];
  if (values.qName.trim() !== initial.qName.trim())
    ops.push({ op: 'replace', path: '/qName', value: values.qName.trim() });
  for (const field of fieldsOf(values)) {
    const value = values[field];
    if (isSecretField(field)) {
      if (value) ops.push({ op: 'replace', path: `/connectionProperties/${field}`, value });
      continue;
    }
    const next = typeof value === 'string' ? value.trim() : value;
    const before = typeof initial[field] === 'string' ? (initial[field] as string).trim() : initial[field];
    if (next === before || next === '') continue;
    ops.push({ op: 'replace', path: `/connectionProperties/${field}`, value: next });
  }
  return ops;
}

/**
 * The form field a tenant error points at (`source.pointer`): `/qName`, `/connectionProperties/host`, `/space`,
 * or `/<i>/value` into the PATCH operations that were sent.
 */
export function fieldForPointer(
  pointer: string | undefined,
  ops: PatchRequest = [],
): keyof ConnectionFormValues | undefined {
  if (!pointer) return undefined;
  const opIndex = /^\/(\d+)\//.exec(pointer);
  if (opIndex) return fieldForPointer(ops[Number(opIndex[1])]?.path);
  if (pointer === '/qName' || pointer === '/name') return 'qName';
  if (pointer === '/space' || pointer === '/spaceId') return 'space';
  if (pointer === '/qPassword') return 'password';
  const prop = /^\/connectionProperties\/(\w+)$/.exec(pointer)?.[1];
  if (prop && (prop in FIELD_LABELS || prop === 'password')) return prop as PropertyField;
  return undefined;
}

// ---- rights ----------------------------------------------------------------------------------------------

export type { Permission };

const allow: Permission = { allowed: true };
const deny = (reason: string): Permission => ({ allowed: false, reason });

export const NO_WRITE_SCOPE =
  'Your sign-in lacks the data-connections scope; sign in again with a preset that includes it.';

export interface ConnectionRights {
  edit: Permission;
  delete: Permission;
  duplicate: Permission;
}

const has = (privileges: readonly Privilege[] | undefined, p: Privilege) => Boolean(privileges?.includes(p));

/** What the caller may do with one connection: scope first, then DataFiles, then the connection's privileges. */
export function connectionRights(
  connection: Pick<ConnectionGet, 'qType' | 'datasourceID' | 'privileges' | 'space'>,
  canWrite: boolean,
): ConnectionRights {
  if (!canWrite)
    return { edit: deny(NO_WRITE_SCOPE), delete: deny(NO_WRITE_SCOPE), duplicate: deny(NO_WRITE_SCOPE) };
  if (isDataFiles(connection)) {
    const reason =
      'DataFiles connections are built into their space and managed by the data-files service; they cannot be edited, duplicated or deleted.';
    return { edit: deny(reason), delete: deny(reason), duplicate: deny(reason) };
  }
  const role =
    'Needs the space owner, Can edit (producer) or Can manage (facilitator) role in its space, or the TenantAdmin role.';
  const editable = isDatasourceId(connection.datasourceID);
  return {
    edit: !has(connection.privileges, 'update')
      ? deny(`You cannot edit this connection. ${role}`)
      : editable
        ? allow
        : deny('The console edits PostgreSQL, SQL Server, REST and Amazon S3 connections only.'),
    delete: has(connection.privileges, 'delete') ? allow : deny(`You cannot delete this connection. ${role}`),
    // A copy lands in the same space, which needs the same rights as editing there; personal copies are yours.
    duplicate:
      !connection.space || has(connection.privileges, 'update')
        ? allow
        : deny(`You cannot create connections in this space. ${role}`),
  };
}

/** Whether the caller may create connections in a space, from its `meta.roles` (and the TenantAdmin role). */
export function createInSpace(
  space: { meta?: { roles?: readonly string[] } } | undefined,
  { canWrite, isTenantAdmin }: { canWrite: boolean; isTenantAdmin: boolean },
): Permission {
  if (!canWrite) return deny(NO_WRITE_SCOPE);
  if (!space) return allow;
  if (isTenantAdmin) return allow;
  const roles = space.meta?.roles ?? [];
  if (roles.includes('producer') || roles.includes('facilitator')) return allow;
  return deny(
    'You cannot create connections in this space: it needs the owner, Can edit (producer) or Can manage (facilitator) role there.',
  );
}

export function batchDeletePermission({
  canWrite,
  isTenantAdmin,
}: {
  canWrite: boolean;
  isTenantAdmin: boolean;
}): Permission {
  if (!canWrite) return deny(NO_WRITE_SCOPE);
  if (!isTenantAdmin) return deny('Deleting several connections at once needs the TenantAdmin role.');
  return allow;
}
