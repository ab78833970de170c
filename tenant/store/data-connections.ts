import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SpaceType } from '@qlik/api/spaces';
import type { Db } from './db';
import { SYSTEM_RUNTIME, type Runtime } from '../runtime';
import { keysetPage, type SortValue } from '../http/pagination';
import { settingsStore, type SettingsStore } from './settings';
import { compileScim } from '../http/scim';
import { visibleSpacesSql, type SpacePrincipal } from './spaces';

export interface ConnectionRow {
  id: string;
  name: string;
  q_type: string;
  datasource_id: string;
  connect_statement: string;
  architecture: 0 | 1;
  log_on: 0 | 1;
  separate_credentials: 0 | 1;
  /** JSON of the non-secret connection properties. */
  properties: string;
  /** Encrypted JSON of every write-only value; never leaves the repository in clear. */
  secrets: string | null;
  tags: string;
  space_id: string | null;
  owner_id: string;
  is_datafiles: 0 | 1;
  created: string;
  updated: string;
  /** The space's type and owner, joined in by the read queries (rights are computed from them). */
  space_type?: SpaceType | null;
  space_owner?: string | null;
}


// ---------------------------------------------------------------------------------------------------------------
// Connectors: the datasources this tenant understands field by field. Anything else is stored as given
// (qConnectStatement + qType), as Qlik does for connectors it only passes through.

export type PropertyValue = string | number | boolean;
export type Properties = Record<string, PropertyValue>;
export type Secrets = Partial<
  Record<
    'password' | 'token' | 'secretKey' | 'accessKey' | 'qUsername' | 'qPassword' | 'qConnectionSecret',
    string
  >
>;

interface FieldSpec {
  type: 'string' | 'integer' | 'boolean';
  secret?: boolean;
  enum?: readonly string[];
  default?: PropertyValue;
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** Required on create; `(props) => boolean` when it depends on other fields. */
  required?: boolean | ((props: Properties) => boolean);
}

export interface Connector {
  datasourceID: string;
  qType: string;
  fields: Record<string, FieldSpec>;
  /** Fields whose change needs credentials again (Qlik's PATCH rule for host/server/url). */
  locationFields: readonly string[];
  /** The secret property that is this datasource's password (qPassword maps onto it). */
  passwordField?: string;
  statement: (props: Properties) => string;
}

const HOST = /^[A-Za-z0-9.-]{1,253}$/;

export const CONNECTORS: Record<string, Connector> = {
  postgres: {
    datasourceID: 'postgres',
    qType: 'QvOdbcConnectorPackage.exe',
    fields: {
      host: { type: 'string', required: true, pattern: HOST },
      port: { type: 'integer', default: 5432, min: 1, max: 65535 },
      database: { type: 'string', required: true },
      username: { type: 'string', required: true },
      password: { type: 'string', secret: true, required: true },
    },
    locationFields: ['host'],
    passwordField: 'password',
    statement: (p) =>
      `CUSTOM CONNECT TO "provider=QvOdbcConnectorPackage.exe;driver=postgres;host=${p.host};port=${p.port};db=${p.database};"`,
  },
  sqlserver: {
    datasourceID: 'sqlserver',
    qType: 'QvOdbcConnectorPackage.exe',
    fields: {
      host: { type: 'string', required: true, pattern: HOST },
      port: { type: 'integer', default: 1433, min: 1, max: 65535 },
      database: { type: 'string', required: true },
      username: { type: 'string', required: true },
      password: { type: 'string', secret: true, required: true },
      encrypt: { type: 'boolean', default: true },
    },
    locationFields: ['host'],
    passwordField: 'password',
    statement: (p) =>
      `CUSTOM CONNECT TO "provider=QvOdbcConnectorPackage.exe;driver=sqlserver;host=${p.host};port=${p.port};db=${p.database};Encrypt=${p.encrypt};"`,
  },
  rest: {
    datasourceID: 'rest',
    qType: 'QvRestConnector.exe',
    fields: {
      url: { type: 'string', required: true, pattern: /^https?:\/\/[^\s]+$/ },
      method: { type: 'string', enum: ['GET', 'POST'], default: 'GET' },
      auth: { type: 'string', enum: ['none', 'basic', 'bearer'], default: 'none' },
      username: { type: 'string', required: (p) => p.auth === 'basic' },
      password: { type: 'string', secret: true, required: (p) => p.auth === 'basic' },
      token: { type: 'string', secret: true, required: (p) => p.auth === 'bearer' },
    },
    locationFields: ['url'],
    passwordField: 'password',
    statement: (p) =>
      `CUSTOM CONNECT TO "provider=QvRestConnector.exe;url=${p.url};timeout=30;method=${p.method};httpProtocol=1.1;isKeepAlive=true;authSchema=${p.auth};"`,
  },
  amazons3: {
    datasourceID: 'amazons3',
    qType: 'File_AmazonS3ConnectorV2',
    fields: {
      bucket: { type: 'string', required: true, pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/ },
      region: { type: 'string', required: true, pattern: /^[a-z]{2}(-[a-z]+)+-\d$/ },
      accessKey: { type: 'string', secret: true, required: true },
      secretKey: { type: 'string', secret: true, required: true },
    },
    locationFields: ['bucket'],
    passwordField: 'secretKey',
    statement: (p) =>
      `CUSTOM CONNECT TO "provider=File_AmazonS3ConnectorV2;bucketName=${p.bucket};region=${p.region};"`,
  },
};

/** The connector of a datasource id, by its own name only (`constructor` is not a datasource). */
export function connectorFor(datasourceID: string): Connector | undefined {
  return Object.hasOwn(CONNECTORS, datasourceID) ? CONNECTORS[datasourceID] : undefined;
}

/** Whether a connector takes a property, by its own name only. */
export function takesProperty(connector: Connector, key: string): boolean {
  return Object.hasOwn(connector.fields, key);
}

/** Write-only names, whether they come as top-level fields or inside connectionProperties. */
export const SECRET_NAMES: ReadonlySet<string> = new Set([
  'password',
  'token',
  'secretKey',
  'accessKey',
  'qPassword',
  'qConnectionSecret',
  'qUsername',
]);

/** Bad input, with a JSON pointer into the request body; the HTTP layer turns it into a 400. */
export class ConnectionInputError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
  }
}

/**
 * Checks a connector's properties (merged over the stored ones on update) and splits them into what may be shown
 * and what is write-only. Messages name fields, never values.
 */
export function applyConnector(
  connector: Connector,
  input: Record<string, unknown>,
  stored: { properties: Properties; secrets: Secrets } = { properties: {}, secrets: {} },
): { properties: Properties; secrets: Secrets; statement: string } {
  for (const key of Object.keys(input)) {
    if (!takesProperty(connector, key)) {
      throw new ConnectionInputError(
        `Unknown property '${key}' for datasource ${connector.datasourceID}. Allowed: ${Object.keys(connector.fields).join(', ')}.`,
        `/connectionProperties/${key}`,
      );
    }
  }
  const properties: Properties = { ...stored.properties };
  const secrets: Secrets = { ...stored.secrets };
  for (const [key, spec] of Object.entries(connector.fields)) {
    const pointer = `/connectionProperties/${key}`;
    let value = input[key];
    if (value === undefined || value === null) {
      if (!spec.secret && properties[key] === undefined && spec.default !== undefined)
        properties[key] = spec.default;
      continue;
    }
    if (spec.type === 'integer' && typeof value === 'string' && /^\d+$/.test(value)) value = Number(value);
    if (spec.type === 'boolean' && (value === 'true' || value === 'false')) value = value === 'true';
    const ok =
      (spec.type === 'string' && typeof value === 'string') ||
      (spec.type === 'integer' && Number.isInteger(value)) ||
      (spec.type === 'boolean' && typeof value === 'boolean');
    if (!ok)
      throw new ConnectionInputError(
        `'${key}' must be ${spec.type === 'integer' ? 'an integer' : `a ${spec.type}`}.`,
        pointer,
      );
    if (typeof value === 'string') {
      if (spec.enum && !spec.enum.includes(value))
        throw new ConnectionInputError(`'${key}' must be one of ${spec.enum.join(', ')}.`, pointer);
      if (spec.pattern && !spec.pattern.test(value))
        throw new ConnectionInputError(`'${key}' is not a valid ${key}.`, pointer);
      if (value.length > 2000) throw new ConnectionInputError(`'${key}' is too long.`, pointer);
      // The value ends up inside CONNECT TO "…;…"; a quote or semicolon would change the statement.
      if (!spec.secret && /["';\r\n]/.test(value))
        throw new ConnectionInputError(
          `'${key}' must not contain quotes, semicolons or line breaks.`,
          pointer,
        );
    }
    if (
      typeof value === 'number' &&
      ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))
    ) {
      throw new ConnectionInputError(`'${key}' must be between ${spec.min} and ${spec.max}.`, pointer);
    }
    if (spec.secret) secrets[key as keyof Secrets] = String(value);
    else properties[key] = value as PropertyValue;
  }
  for (const [key, spec] of Object.entries(connector.fields)) {
    const required = typeof spec.required === 'function' ? spec.required(properties) : spec.required;
    const present = spec.secret
      ? Boolean(secrets[key as keyof Secrets])
      : properties[key] !== undefined && properties[key] !== '';
    if (required && !present) {
      throw new ConnectionInputError(
        `'${key}' is required for datasource ${connector.datasourceID}.`,
        `/connectionProperties/${key}`,
      );
    }
  }
  return { properties, secrets, statement: connector.statement(properties) };
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets at rest: AES-256-GCM with a per-tenant key kept in the settings table.

const SECRET_KEY_SETTING = 'data-connections.secret-key';

function sealWith(key: Buffer, secrets: Secrets): string | null {
  const present = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== undefined && v !== ''));
  if (!Object.keys(present).length) return null;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(present), 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

function openWith(key: Buffer, sealed: string | null): Secrets {
  if (!sealed) return {};
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) return {};
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
  return JSON.parse(plain) as Secrets;
}

// ---------------------------------------------------------------------------------------------------------------

export type ConnectionSort = 'qName' | 'created' | 'updated' | '_id';
const SORT_COLUMNS: Record<ConnectionSort, { column: string; value: (r: ConnectionRow) => string }> = {
  qName: { column: 'c.name', value: (r) => r.name },
  created: { column: 'c.created', value: (r) => r.created },
  updated: { column: 'c.updated', value: (r) => r.updated },
  _id: { column: 'c.id', value: (r) => r.id },
};

export interface ConnectionQuery {
  /** Conditions on `c` (data_connections) and `s` (its space, NULL for personal connections). */
  where: { sql: string; params: unknown[] }[];
  /** Applies to standard connections only; DataFiles connections pass through (as in Qlik). */
  standardOnly?: { sql: string; params: unknown[] };
}

/** What the connections list asks for, as Qlik's query parameters say it. */
export interface ConnectionListFilter {
  principal: SpacePrincipal;
  /** Whose personal connections are in reach: the caller's, or (for a tenant admin) the user asked about. */
  personalOwner: string;
  spaceId?: string;
  personal?: boolean;
  ownerId?: string;
  userId?: string;
  noDatafiles?: boolean;
  /** SCIM filter on standard connections. */
  filter?: string;
}

/** Qlik's filter attributes of a connection. */
const FILTER_COLUMNS = {
  qName: 'c.name',
  qType: 'c.q_type',
  datasourceID: 'c.datasource_id',
  space: 'c.space_id',
  created: 'c.created',
  updated: 'c.updated',
  qID: 'c.id',
};

/** The query of a connections list: the caller's personal connections and those of the spaces they see. */
export function connectionListQuery(f: ConnectionListFilter): ConnectionQuery {
  const visible = visibleSpacesSql(f.principal, 's');
  const where: ConnectionQuery['where'] = [
    {
      sql: `(c.space_id IS NULL AND c.owner_id = ?) OR (c.space_id IS NOT NULL AND ${visible.sql})`,
      params: [f.personalOwner, ...visible.params],
    },
  ];
  if (f.spaceId) where.push({ sql: 'c.space_id = ?', params: [f.spaceId] });
  else if (f.personal) where.push({ sql: 'c.space_id IS NULL', params: [] });
  if (f.ownerId) where.push({ sql: 'c.owner_id = ?', params: [f.ownerId] });
  if (f.userId) where.push({ sql: 'c.owner_id = ?', params: [f.userId] });
  if (f.noDatafiles) where.push({ sql: 'c.is_datafiles = 0', params: [] });
  return { where, ...(f.filter ? { standardOnly: compileScim(f.filter, FILTER_COLUMNS) } : {}) };
}

const FROM = 'FROM data_connections c LEFT JOIN spaces s ON s.id = c.space_id';
const COLUMNS = 'c.*, s.type AS space_type, s.owner_id AS space_owner';

function conditions(q: ConnectionQuery): { sql: string[]; params: unknown[] } {
  const sql = q.where.map((w) => `(${w.sql})`);
  const params = q.where.flatMap((w) => w.params);
  if (q.standardOnly) {
    sql.push(`(c.is_datafiles = 1 OR (${q.standardOnly.sql}))`);
    params.push(...q.standardOnly.params);
  }
  return { sql, params };
}

/**
 * The data-connections repository of a database: standard connections (a space's DataFiles connection is kept by
 * the spaces repository) and the vault their secrets are sealed with. The tenant builds it once, in createContext.
 */
export function connectionsStore(
  db: Db,
  runtime: Runtime = SYSTEM_RUNTIME,
  settings: SettingsStore = settingsStore(db),
) {
  const { clock, ids } = runtime;
  let secretKey: Buffer | undefined;
  /** The vault key, made the first time a secret is sealed or opened. */
  const key = () =>
    (secretKey ??= Buffer.from(
      settings.ensure(SECRET_KEY_SETTING, () => randomBytes(32).toString('base64url')),
      'base64url',
    ));
  const byId = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE c.id = ?`);
  const byName = db.prepare(
    `SELECT ${COLUMNS} ${FROM} WHERE COALESCE(c.space_id, 'personal:' || c.owner_id) = ? AND c.name = ? COLLATE NOCASE`,
  );
  const insert = db.prepare(
    `INSERT INTO data_connections (id, name, q_type, datasource_id, connect_statement, architecture, log_on, separate_credentials,
       properties, secrets, tags, space_id, owner_id, is_datafiles, created, updated)
     VALUES (@id, @name, @q_type, @datasource_id, @connect_statement, @architecture, @log_on, @separate_credentials,
       @properties, @secrets, @tags, @space_id, @owner_id, 0, @created, @updated)`,
  );
  const update = db.prepare(
    `UPDATE data_connections SET name = @name, q_type = @q_type, datasource_id = @datasource_id, connect_statement = @connect_statement,
       architecture = @architecture, log_on = @log_on, separate_credentials = @separate_credentials, properties = @properties,
       secrets = @secrets, tags = @tags, space_id = @space_id, owner_id = @owner_id, updated = @updated
     WHERE id = @id AND is_datafiles = 0`,
  );
  const remove = db.prepare('DELETE FROM data_connections WHERE id = ? AND is_datafiles = 0');
  const inSpace = db.prepare('SELECT COUNT(*) AS n FROM data_connections WHERE space_id = ? AND is_datafiles = 0');

  return {
    /** Write-only values sealed for the `secrets` column (null when there are none). */
    seal: (secrets: Secrets) => sealWith(key(), secrets),
    open: (sealed: string | null) => openWith(key(), sealed),

    /** Connections in a space other than its own DataFiles connection (they keep the space from being deleted). */
    countInSpace: (spaceId: string) => (inSpace.get(spaceId) as { n: number }).n,

    byId: (id: string) => byId.get(id) as ConnectionRow | undefined,
    /** Ids of the connections of one datasource (a connection's lineage QRI names its datasource). */
    idsOf: (datasourceId: string) =>
      (db.prepare('SELECT id FROM data_connections WHERE datasource_id = ?').all(datasourceId) as { id: string }[]).map((r) => r.id),
    /** By name in a space, or among an owner's personal connections when spaceId is undefined. */
    byName: (name: string, scope: { spaceId?: string; ownerId: string }) =>
      byName.get(scope.spaceId ?? `personal:${scope.ownerId}`, name) as ConnectionRow | undefined,

    insert(
      row: Omit<ConnectionRow, 'id' | 'created' | 'updated' | 'is_datafiles'> & { id?: string },
    ): ConnectionRow {
      const now = clock.iso();
      const { space_type: _type, space_owner: _owner, ...fields } = row as ConnectionRow;
      const full: ConnectionRow = {
        ...fields,
        id: row.id ?? ids.uuid(),
        is_datafiles: 0,
        created: now,
        updated: now,
      };
      insert.run(full);
      return full;
    },

    update(row: ConnectionRow): ConnectionRow {
      const { space_type: _type, space_owner: _owner, ...next } = { ...row, updated: clock.iso() };
      update.run(next);
      return next;
    },

    delete: (id: string) => remove.run(id).changes > 0,

    /** Everything that matches, standard connections first (Qlik's unpaged list). */
    all(q: ConnectionQuery): ConnectionRow[] {
      const { sql, params } = conditions(q);
      return db
        .prepare(
          `SELECT ${COLUMNS} ${FROM} ${sql.length ? `WHERE ${sql.join(' AND ')}` : ''} ORDER BY c.is_datafiles, c.created, c.rowid`,
        )
        .all(...params) as ConnectionRow[];
    },

    count(q: ConnectionQuery): number {
      const { sql, params } = conditions(q);
      return (
        db
          .prepare(`SELECT COUNT(*) AS n ${FROM} ${sql.length ? `WHERE ${sql.join(' AND ')}` : ''}`)
          .get(...params) as { n: number }
      ).n;
    },

    /**
     * One keyset page. DataFiles connections always come after standard ones whatever the direction: the sort key
     * is prefixed with a segment digit that sorts them last in either order.
     */
    page(
      q: ConnectionQuery,
      o: {
        sort: ConnectionSort;
        descending: boolean;
        caseInsensitive: boolean;
        limit: number;
        after?: { v: SortValue; id: string };
        before?: { v: SortValue; id: string };
      },
    ) {
      const { sql, params } = conditions(q);
      const sort = SORT_COLUMNS[o.sort];
      const [first, last] = o.descending ? ['1', '0'] : ['0', '1'];
      const column = `(CASE WHEN c.is_datafiles = 1 THEN '${last}' ELSE '${first}' || ${sort.column} END)${o.caseInsensitive ? ' COLLATE NOCASE' : ''}`;
      return keysetPage<ConnectionRow>({
        db,
        select: `SELECT ${COLUMNS} ${FROM}`,
        where: sql,
        params,
        sortColumn: column,
        sortValue: (r) => (r.is_datafiles ? last : first + sort.value(r)),
        idColumn: 'c.id',
        idValue: (r) => r.id,
        descending: o.descending,
        limit: o.limit,
        after: o.after,
        before: o.before,
      });
    },
  };
}

export type ConnectionsStore = ReturnType<typeof connectionsStore>;
