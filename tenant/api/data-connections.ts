import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {
  BulkResponse,
  ConnectionCreateResponse,
  ConnectionGet,
  Connections,
  Error as ConnectionError,
  Privilege,
} from '@qlik/api/data-connections';
import type { TenantContext } from '../context';
import type { Caller } from '../auth/caller';
import { addGuards, type Guard } from '../auth/guards';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { compileScim } from '../http/scim';
import { hasControlCharacter } from '../http/text';
import { decodeCursor, linkTo, parseSort, requestOrigin } from '../http/pagination';
import {
  accessOf,
  visibleSpacesSql,
  type SpaceAccess,
  type SpacePrincipal,
  type SpaceRow,
} from '../store/spaces';
import {
  connectorFor,
  takesProperty,
  ConnectionInputError,
  DATAFILES_NAME,
  applyConnector,
  type ConnectionQuery,
  type ConnectionRow,
  type ConnectionSort,
  type Properties,
  type Secrets,
} from '../store/data-connections';

const READ: Guard = { anyOf: ['data-connections:read'] };
const WRITE: Guard = { anyOf: ['data-connections'] };

/**
 * Data-connections endpoints need the data-connections scopes; rights inside a space come from the caller's space
 * roles (owner/producer/facilitator edit), and the bulk actions from the TenantAdmin role.
 */
export const DATA_CONNECTIONS_GUARDS: Record<string, Guard> = {
  'GET /api/v1/data-connections': READ,
  'GET /api/v1/data-connections/:qID': READ,
  'POST /api/v1/data-connections': WRITE,
  'PUT /api/v1/data-connections/:qID': WRITE,
  'PATCH /api/v1/data-connections/:qID': WRITE,
  'DELETE /api/v1/data-connections/:qID': WRITE,
  'POST /api/v1/data-connections/actions/delete': WRITE,
  'POST /api/v1/data-connections/actions/duplicate': WRITE,
  'POST /api/v1/data-connections/actions/update': WRITE,
};

/**
 * The data-connections service answers by roles, not by the admin.spaces scopes: a tenant admin sees and manages
 * the connections of every space (and another user's personal ones when asking by userId).
 */
function connectionPrincipal(caller: Caller): SpacePrincipal {
  return {
    userId: caller.user.id,
    groupIds: caller.groupIds,
    seesAll: caller.isTenantAdmin,
    managesAll: caller.isTenantAdmin,
  };
}

const invalid = (detail: string, pointer?: string) =>
  badRequest(detail, {
    code: 'DCERROR-0010',
    title: 'Bad or invalid request',
    ...(pointer ? { source: { pointer } } : {}),
  });
const connectionNotFound = (id: string) =>
  notFound(`Data connection ${id} not found.`, { source: { parameter: 'qID' } });
const roleForbidden = (detail: string) => forbidden(detail, { meta: { reason: 'role' } });
const dataFilesForbidden = () =>
  forbidden(
    'DataFiles connections belong to their space and are managed by the data-files service; they cannot be changed or deleted here.',
    {
      meta: { reason: 'datafiles' },
    },
  );

const EDITOR_ROLES = new Set(['producer', 'facilitator']);

interface Rights {
  read: boolean;
  edit: boolean;
  admin: boolean;
}

type LogOnInput = '0' | '1' | 'LOG_ON_SERVICE_USER' | 'LOG_ON_CURRENT_USER';
const logOnOf = (v: unknown): 0 | 1 => (v === '1' || v === 1 || v === 'LOG_ON_CURRENT_USER' ? 1 : 0);
const logOnText = (v: 0 | 1): LogOnInput => (v ? '1' : '0');

interface ConnectionBody {
  qName?: unknown;
  datasourceID?: unknown;
  qType?: unknown;
  qConnectStatement?: unknown;
  connectionProperties?: unknown;
  space?: unknown;
  qUsername?: unknown;
  qPassword?: unknown;
  qConnectionSecret?: unknown;
  qLogOn?: unknown;
  qArchitecture?: unknown;
  qSeparateCredentials?: unknown;
  tags?: unknown;
  qID?: unknown;
  qEngineObjectID?: unknown;
}

const connectionBodySchema = {
  type: 'object',
  properties: {
    qName: { type: 'string', maxLength: 256 },
    datasourceID: { type: 'string', maxLength: 100 },
    qType: { type: 'string', maxLength: 200 },
    qConnectStatement: { type: 'string', maxLength: 8000 },
    connectionProperties: { type: 'object' },
    space: { type: 'string', maxLength: 100 },
    qUsername: { type: 'string', maxLength: 1000 },
    qPassword: { type: 'string', maxLength: 4000 },
    qConnectionSecret: { type: 'string', maxLength: 8000 },
    qLogOn: { anyOf: [{ type: 'string', maxLength: 30 }, { type: 'integer' }] },
    qArchitecture: { type: 'integer', enum: [0, 1] },
    qSeparateCredentials: { type: 'boolean' },
    tags: { type: 'array', maxItems: 32, items: { type: 'string', maxLength: 200 } },
    qID: { type: 'string', maxLength: 100 },
    qEngineObjectID: { type: 'string', maxLength: 100 },
  },
  required: ['qName'],
} as const;

function validConnectionName(raw: unknown, pointer = '/qName'): string {
  if (typeof raw !== 'string' || !raw.trim()) throw invalid('qName must not be blank.', pointer);
  const name = raw.trim();
  if (name.length > 256) throw invalid('qName must be at most 256 characters long.', pointer);
  if (name.includes('"')) throw invalid('qName must not contain quotes.', pointer);
  if (hasControlCharacter(raw)) throw invalid('qName must not contain control characters (tabs, line breaks, NUL…).', pointer);
  if (name.toLowerCase() === DATAFILES_NAME.toLowerCase())
    throw invalid(`${DATAFILES_NAME} is reserved for the built-in connection of each space.`, pointer);
  return name;
}

/** What a create or a full update resolves to, before it is stored. */
interface Resolved {
  name: string;
  datasourceID: string;
  qType: string;
  statement: string;
  properties: Properties;
  secrets: Secrets;
}

/**
 * Turns a create/PUT body into stored fields. Known datasources take connectionProperties (the statement is built
 * from the non-secret ones); others take qConnectStatement + qType as given.
 */
function resolveBody(
  body: ConnectionBody,
  stored?: { row: ConnectionRow; properties: Properties; secrets: Secrets },
): Resolved {
  const name = validConnectionName(body.qName);
  const datasourceID =
    typeof body.datasourceID === 'string' && body.datasourceID
      ? body.datasourceID
      : stored?.row.datasource_id;
  if (!datasourceID) throw invalid('datasourceID is required.', '/datasourceID');
  const connector = connectorFor(datasourceID);
  const props = body.connectionProperties as Record<string, unknown> | undefined;
  if (props === undefined && (typeof body.qType !== 'string' || !body.qType)) {
    // ConnectionCreate and ConnectionUpdate both require qType; only the connectionProperties form goes without.
    throw invalid('qType is required with qConnectStatement.', '/qType');
  }
  if (props !== undefined && body.qConnectStatement !== undefined) {
    throw invalid('Send either qConnectStatement or connectionProperties, not both.', '/qConnectStatement');
  }
  if (connector && typeof body.qType === 'string' && body.qType !== connector.qType) {
    throw invalid(`qType for datasource ${datasourceID} must be ${connector.qType}.`, '/qType');
  }
  const keptSecrets: Secrets = stored && stored.row.datasource_id === datasourceID ? stored.secrets : {};
  const credentials: Secrets = {};
  if (typeof body.qConnectionSecret === 'string') credentials.qConnectionSecret = body.qConnectionSecret;

  if (props !== undefined) {
    if (!connector) {
      throw invalid(
        `Datasource ${datasourceID} takes no connectionProperties here; send qConnectStatement and qType.`,
        '/connectionProperties',
      );
    }
    const input = { ...props };
    if (typeof body.qUsername === 'string') {
      if (input.username !== undefined)
        throw invalid('Send the user name once: qUsername or connectionProperties.username.', '/qUsername');
      if (connector.fields.username) input.username = body.qUsername;
    }
    if (typeof body.qPassword === 'string') {
      if (!connector.passwordField)
        throw invalid(`Datasource ${datasourceID} takes no password.`, '/qPassword');
      if (input[connector.passwordField] !== undefined) {
        throw invalid(
          `Send one credential form at a time: qPassword or connectionProperties.${connector.passwordField}.`,
          '/qPassword',
        );
      }
      input[connector.passwordField] = body.qPassword;
    }
    const applied = wrapInput(() =>
      applyConnector(connector, input, { properties: {}, secrets: { ...keptSecrets } }),
    );
    return {
      name,
      datasourceID,
      qType: connector.qType,
      statement: applied.statement,
      properties: applied.properties,
      secrets: { ...applied.secrets, ...credentials },
    };
  }

  const statement =
    typeof body.qConnectStatement === 'string'
      ? body.qConnectStatement.trim()
      : stored?.row.connect_statement;
  if (!statement)
    throw invalid(
      'qConnectStatement (or connectionProperties for a known datasource) is required.',
      '/qConnectStatement',
    );
  const qType =
    connector?.qType ?? (typeof body.qType === 'string' && body.qType ? body.qType : stored?.row.q_type);
  if (!qType) throw invalid('qType is required.', '/qType');
  const secrets: Secrets = { ...keptSecrets, ...credentials };
  if (typeof body.qUsername === 'string') secrets.qUsername = body.qUsername;
  if (typeof body.qPassword === 'string') secrets.qPassword = body.qPassword;
  return { name, datasourceID, qType, statement, properties: {}, secrets };
}

function wrapInput<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ConnectionInputError) throw invalid(error.message, error.pointer);
    throw error;
  }
}

export function registerDataConnectionsApi(app: FastifyInstance, ctx: TenantContext): void {
  addGuards(DATA_CONNECTIONS_GUARDS);
  const store = ctx.connections;
  const spaces = ctx.spaces;

  /** Rights on a connection; `known` is the caller's access to its space when a list has already loaded it. */
  const rightsOn = (row: ConnectionRow, caller: Caller, known?: SpaceAccess): Rights => {
    const admin = caller.isTenantAdmin;
    if (!row.space_id) {
      const own = row.owner_id === caller.user.id;
      return { read: own || admin, edit: own || admin, admin };
    }
    const access = known ?? spaces.access(row.space_id, connectionPrincipal(caller))?.access;
    if (!access) return { read: false, edit: false, admin };
    return { read: true, edit: admin || access.roles.some((r) => EDITOR_ROLES.has(r)), admin };
  };

  const privilegesOf = (row: ConnectionRow, rights: Rights): Privilege[] => {
    if (row.is_datafiles) return ['read'];
    const out: Privilege[] = ['list', 'read'];
    if (rights.edit) out.push('update', 'delete', 'change_space');
    if (rights.admin) out.push('change_owner');
    return out;
  };

  const toConnection = (
    row: ConnectionRow,
    rights: Rights,
    origin: string,
    parse = false,
  ): ConnectionGet => ({
    qID: row.id,
    qEngineObjectID: row.id,
    qName: row.name,
    qType: row.q_type,
    qConnectStatement: row.connect_statement,
    qArchitecture: row.architecture,
    qLogOn: row.log_on,
    qSeparateCredentials: Boolean(row.separate_credentials),
    datasourceID: row.datasource_id,
    ...(row.space_id ? { space: row.space_id } : {}),
    user: row.owner_id,
    tenant: ctx.tenant().id,
    created: row.created,
    updated: row.updated,
    privileges: privilegesOf(row, rights),
    tags: JSON.parse(row.tags) as string[],
    links: { self: { href: `${origin}/api/v1/data-connections/${row.id}` } },
    ...(parse ? { connectionProperties: JSON.parse(row.properties) as Properties } : {}),
  });

  const toCreated = (row: ConnectionRow, rights: Rights, origin: string): ConnectionCreateResponse => ({
    qID: row.id,
    qEngineObjectID: row.id,
    qName: row.name,
    qType: row.q_type,
    qConnectStatement: row.connect_statement,
    qArchitecture: row.architecture,
    qLogOn: logOnText(row.log_on),
    qSeparateCredentials: Boolean(row.separate_credentials),
    ...(row.space_id ? { space: row.space_id } : {}),
    user: row.owner_id,
    created: row.created,
    updated: row.updated,
    privileges: privilegesOf(row, rights),
    links: { self: { href: `${origin}/api/v1/data-connections/${row.id}` } },
  });

  /** By id, or by name with `?type=connectionname[&spaceId=]`; 404 unless the caller may read it. */
  const findReadable = (request: FastifyRequest, qID: string, q: { type?: string; spaceId?: string }) => {
    const row =
      q.type === 'connectionname'
        ? store.byName(qID, { spaceId: q.spaceId || undefined, ownerId: request.caller.user.id })
        : store.byId(qID);
    if (!row) throw connectionNotFound(qID);
    const rights = rightsOn(row, request.caller);
    if (!rights.read) throw connectionNotFound(qID);
    return { row, rights };
  };

  const findEditable = (
    request: FastifyRequest,
    qID: string,
    q: { type?: string; spaceId?: string },
    verb: string,
  ) => {
    const found = findReadable(request, qID, q);
    if (found.row.is_datafiles) throw dataFilesForbidden();
    if (!found.rights.edit) {
      throw roleForbidden(
        `Only the space owner, a member with Can edit (producer) or Can manage (facilitator), or a tenant admin can ${verb} this connection.`,
      );
    }
    return found;
  };

  /** Where a connection may be created or moved to: personal, or a space where the caller edits. */
  const targetSpace = (
    caller: Caller,
    spaceId: string | undefined,
    pointer: string,
  ): SpaceRow | undefined => {
    if (!spaceId) return undefined;
    const found = spaces.access(spaceId, connectionPrincipal(caller));
    const edits = found && (caller.isTenantAdmin || found.access.roles.some((r) => EDITOR_ROLES.has(r)));
    if (!found || !edits) {
      throw forbidden(
        `You cannot create data connections in space ${spaceId}: it needs the owner, Can edit (producer) or Can manage (facilitator) role there.`,
        {
          meta: { reason: 'role' },
          source: { pointer },
        },
      );
    }
    return found.space;
  };

  const nameTaken = (name: string, spaceId: string | null, ownerId: string, except?: string) => {
    const clash = store.byName(name, { spaceId: spaceId ?? undefined, ownerId });
    return Boolean(clash && clash.id !== except);
  };
  const nameConflict = (name: string) =>
    conflict(`A data connection named ${name} already exists in this space.`, {
      source: { pointer: '/qName' },
    });

  const stored = (row: ConnectionRow) => ({
    row,
    properties: JSON.parse(row.properties) as Properties,
    secrets: store.open(row.secrets),
  });

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/json-patch+json',
      { parseAs: 'string' },
      scope.getDefaultJsonParser('error', 'error'),
    );

    scope.get<{
      Querystring: {
        spaceId?: string;
        personal?: boolean;
        ownedByMe?: boolean;
        userId?: string;
        noDatafiles?: boolean;
        filter?: string;
        sort?: string;
        limit?: number;
        page?: string;
        caseinsensitive?: boolean;
        dataName?: string;
      };
    }>(
      '/api/v1/data-connections',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: {
              spaceId: { type: 'string', maxLength: 100 },
              personal: { type: 'boolean' },
              ownedByMe: { type: 'boolean' },
              userId: { type: 'string', maxLength: 100 },
              noDatafiles: { type: 'boolean' },
              filter: { type: 'string', maxLength: 2000 },
              sort: { type: 'string', maxLength: 20 },
              limit: { type: 'integer', minimum: 1, maximum: 100 },
              page: { type: 'string', maxLength: 2000 },
              caseinsensitive: { type: 'boolean' },
              dataName: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,49}$' },
            },
          },
        },
      },
      async (request) => {
        const { caller } = request;
        const q = request.query;
        if (q.userId && q.userId !== caller.user.id && !caller.isTenantAdmin) {
          throw roleForbidden('Only a tenant admin can list the connections of another user.');
        }
        const principal = connectionPrincipal(caller);
        const personalOwner = q.userId && caller.isTenantAdmin ? q.userId : caller.user.id;
        const visible = visibleSpacesSql(principal, 's');
        const where: ConnectionQuery['where'] = [
          {
            sql: `(c.space_id IS NULL AND c.owner_id = ?) OR (c.space_id IS NOT NULL AND ${visible.sql})`,
            params: [personalOwner, ...visible.params],
          },
        ];
        if (q.spaceId) where.push({ sql: 'c.space_id = ?', params: [q.spaceId] });
        else if (q.personal) where.push({ sql: 'c.space_id IS NULL', params: [] });
        if (q.ownedByMe) where.push({ sql: 'c.owner_id = ?', params: [caller.user.id] });
        if (q.userId) where.push({ sql: 'c.owner_id = ?', params: [q.userId] });
        if (q.noDatafiles) where.push({ sql: 'c.is_datafiles = 0', params: [] });
        const query: ConnectionQuery = {
          where,
          ...(q.filter
            ? {
                standardOnly: compileScim(q.filter, {
                  qName: 'c.name',
                  qType: 'c.q_type',
                  datasourceID: 'c.datasource_id',
                  space: 'c.space_id',
                  created: 'c.created',
                  updated: 'c.updated',
                  qID: 'c.id',
                }),
              }
            : {}),
        };

        let rows: ConnectionRow[];
        let count: number;
        const links: NonNullable<Connections['links']> = { self: { href: linkTo(request, {}) } };
        if (q.limit === undefined) {
          rows = store.all(query);
          count = rows.length;
        } else {
          const { field, descending } = parseSort(
            q.sort?.trim() || undefined,
            ['qName', 'created', 'updated', '_id'] as ConnectionSort[],
            'created',
          );
          // Qlik's page cursor is one parameter for both directions, so the direction travels inside it.
          const cursor = q.page
            ? { dir: q.page.slice(0, 2), ...decodeCursor(q.page.slice(2), 'page', 'DCERROR-0010') }
            : undefined;
          if (cursor && cursor.dir !== 'n.' && cursor.dir !== 'p.') {
            throw badRequest(
              "The cursor in 'page' is not valid. Follow the links the previous page returned.",
              { code: 'DCERROR-0010', source: { parameter: 'page' } },
            );
          }
          const page = store.page(query, {
            sort: field,
            descending,
            caseInsensitive: Boolean(q.caseinsensitive),
            limit: q.limit,
            after: cursor?.dir === 'n.' ? cursor : undefined,
            before: cursor?.dir === 'p.' ? cursor : undefined,
          });
          rows = page.rows;
          count = store.count(query);
          if (page.next) links.next = { href: linkTo(request, { page: `n.${page.next}` }) };
          if (page.prev) links.prev = { href: linkTo(request, { page: `p.${page.prev}` }) };
        }

        // Rights per row from one query for all the spaces on the page.
        const spaceIds = [...new Set(rows.map((r) => r.space_id).filter((id): id is string => Boolean(id)))];
        const assigned = spaces.assignedRoles(spaceIds, principal);
        const origin = requestOrigin(request);
        const data = rows.map((row) => {
          const access =
            row.space_id && row.space_type && row.space_owner
              ? accessOf(
                  { type: row.space_type, owner_id: row.space_owner },
                  principal,
                  assigned.get(row.space_id) ?? [],
                )
              : undefined;
          return toConnection(row, rightsOn(row, caller, access), origin);
        });
        const body: Connections = { data, meta: { count }, links };
        if (q.dataName && q.dataName !== 'data') return { [q.dataName]: data, meta: body.meta, links };
        return body;
      },
    );

    scope.get<{
      Params: { qID: string };
      Querystring: { type?: 'connectionname'; spaceId?: string; parseConnection?: boolean };
    }>(
      '/api/v1/data-connections/:qID',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: {
              type: { type: 'string', enum: ['connectionname'] },
              spaceId: { type: 'string', maxLength: 100 },
              parseConnection: { type: 'boolean' },
            },
          },
        },
      },
      async (request): Promise<ConnectionGet> => {
        const { row, rights } = findReadable(request, request.params.qID, request.query);
        return toConnection(row, rights, requestOrigin(request), Boolean(request.query.parseConnection));
      },
    );

    scope.post<{ Body: ConnectionBody }>(
      '/api/v1/data-connections',
      { schema: { body: { ...connectionBodySchema, required: ['qName', 'datasourceID'] } } },
      async (request, reply) => {
        const { caller } = request;
        const body = request.body;
        const space = targetSpace(
          caller,
          typeof body.space === 'string' && body.space ? body.space : undefined,
          '/space',
        );
        const resolved = resolveBody(body);
        if (nameTaken(resolved.name, space?.id ?? null, caller.user.id)) throw nameConflict(resolved.name);
        const row = store.insert({
          name: resolved.name,
          q_type: resolved.qType,
          datasource_id: resolved.datasourceID,
          connect_statement: resolved.statement,
          architecture: body.qArchitecture === 1 ? 1 : 0,
          log_on: logOnOf(body.qLogOn),
          separate_credentials: body.qSeparateCredentials ? 1 : 0,
          properties: JSON.stringify(resolved.properties),
          secrets: store.seal(resolved.secrets),
          tags: JSON.stringify(body.tags ?? []),
          space_id: space?.id ?? null,
          owner_id: caller.user.id,
        });
        const created = toCreated(row, rightsOn(row, caller), requestOrigin(request));
        return reply.code(201).header('location', created.links!.self.href).send(created);
      },
    );

    scope.put<{
      Params: { qID: string };
      Querystring: { type?: 'connectionname'; spaceId?: string };
      Body: ConnectionBody;
    }>(
      '/api/v1/data-connections/:qID',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: {
              type: { type: 'string', enum: ['connectionname'] },
              spaceId: { type: 'string', maxLength: 100 },
            },
          },
          // ConnectionUpdate: a full replacement, given as qConnectStatement (properties change through PATCH).
          body: {
            ...connectionBodySchema,
            required: ['qName', 'qConnectStatement', 'qType', 'qID', 'qEngineObjectID'],
          },
        },
      },
      async (request, reply) => {
        const { caller } = request;
        const { row } = findEditable(request, request.params.qID, request.query, 'change');
        const body = request.body;
        if (body.connectionProperties !== undefined) {
          throw invalid('PUT replaces a connection from its qConnectStatement; change connectionProperties with PATCH.', '/connectionProperties');
        }
        for (const key of ['qID', 'qEngineObjectID'] as const) {
          if (body[key] !== undefined && body[key] !== row.id)
            throw invalid(`${key} must be the id of the connection being updated.`, `/${key}`);
        }
        let spaceId = row.space_id;
        if (body.space !== undefined && (body.space || null) !== row.space_id) {
          spaceId = targetSpace(caller, body.space ? String(body.space) : undefined, '/space')?.id ?? null;
        }
        const resolved = resolveBody(body, stored(row));
        if (nameTaken(resolved.name, spaceId, row.owner_id, row.id)) throw nameConflict(resolved.name);
        store.update({
          ...row,
          name: resolved.name,
          q_type: resolved.qType,
          datasource_id: resolved.datasourceID,
          connect_statement: resolved.statement,
          architecture:
            body.qArchitecture === undefined ? row.architecture : body.qArchitecture === 1 ? 1 : 0,
          log_on: body.qLogOn === undefined ? row.log_on : logOnOf(body.qLogOn),
          separate_credentials:
            body.qSeparateCredentials === undefined
              ? row.separate_credentials
              : body.qSeparateCredentials
                ? 1
                : 0,
          properties: JSON.stringify(resolved.properties),
          secrets: store.seal(resolved.secrets),
          tags: body.tags === undefined ? row.tags : JSON.stringify(body.tags),
          space_id: spaceId,
        });
        return reply.code(204).send();
      },
    );

    scope.patch<{
      Params: { qID: string };
      Querystring: { type?: 'connectionname'; spaceId?: string };
      Body: { op?: unknown; path?: unknown; value?: unknown }[];
    }>(
      '/api/v1/data-connections/:qID',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: {
              type: { type: 'string', enum: ['connectionname'] },
              spaceId: { type: 'string', maxLength: 100 },
            },
          },
          body: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'object' } },
        },
      },
      async (request, reply) => {
        const { row } = findEditable(request, request.params.qID, request.query, 'change');
        const current = stored(row);
        const connector = connectorFor(row.datasource_id);
        const next = { ...row };
        const propChanges: Record<string, unknown> = {};
        const removed = new Set<string>();
        const secrets: Secrets = { ...current.secrets };
        let statementChanged = false;
        let credentialsGiven = 0;
        let propertyPasswordGiven = false;

        request.body.forEach((op, i) => {
          const at = (field: string) => `/${i}/${field}`;
          if (op.op !== 'add' && op.op !== 'replace' && op.op !== 'remove')
            throw invalid(`Operation ${i}: op must be add, replace or remove.`, at('op'));
          if (typeof op.path !== 'string') throw invalid(`Operation ${i}: path is required.`, at('path'));
          const path = op.path;
          const value = op.value;
          const needString = () => {
            if (typeof value !== 'string')
              throw invalid(`Operation ${i}: value must be a string.`, at('value'));
            return value;
          };
          if (
            op.op === 'remove' &&
            !['/qPassword', '/qUsername', '/qConnectionSecret', '/tags'].includes(path) &&
            !path.startsWith('/connectionProperties/')
          ) {
            throw invalid(`Operation ${i}: ${path} cannot be removed.`, at('path'));
          }
          if (path === '/qName') next.name = validConnectionName(needString(), at('value'));
          else if (path === '/qConnectStatement') {
            next.connect_statement = needString().trim();
            if (!next.connect_statement)
              throw invalid(`Operation ${i}: qConnectStatement must not be blank.`, at('value'));
            statementChanged = true;
          } else if (path === '/qPassword' || path === '/qUsername' || path === '/qConnectionSecret') {
            const key = path.slice(1) as 'qPassword' | 'qUsername' | 'qConnectionSecret';
            const target =
              key === 'qPassword' && connector?.passwordField
                ? connector.passwordField
                : key === 'qUsername' && connector?.fields.username
                  ? 'username'
                  : key;
            if (op.op === 'remove') {
              if (target === 'username') removed.add('username');
              else delete secrets[target as keyof Secrets];
            } else if (target === 'username') propChanges.username = needString();
            else {
              secrets[target as keyof Secrets] = needString();
              if (key === 'qPassword') credentialsGiven++;
            }
          } else if (path.startsWith('/connectionProperties/')) {
            if (!connector)
              throw invalid(
                `Operation ${i}: datasource ${row.datasource_id} has no connection properties here.`,
                at('path'),
              );
            const key = path.slice('/connectionProperties/'.length);
            if (!takesProperty(connector, key))
              throw invalid(`Operation ${i}: unknown connection property '${key}'.`, at('path'));
            if (op.op === 'remove') removed.add(key);
            else propChanges[key] = value;
            if (key === connector.passwordField && op.op !== 'remove') {
              credentialsGiven++;
              propertyPasswordGiven = true;
            }
          } else if (path === '/tags') {
            if (op.op === 'remove') next.tags = '[]';
            else if (!Array.isArray(value) || value.length > 32 || value.some((t) => typeof t !== 'string')) {
              throw invalid(`Operation ${i}: tags must be a list of at most 32 strings.`, at('value'));
            } else next.tags = JSON.stringify(value);
          } else if (path === '/qLogOn') next.log_on = logOnOf(value);
          else if (path === '/qArchitecture') next.architecture = value === 1 || value === '1' ? 1 : 0;
          else if (path === '/qSeparateCredentials')
            next.separate_credentials = value === true || value === 'true' ? 1 : 0;
          else throw invalid(`Operation ${i}: path ${path} cannot be changed.`, at('path'));
        });

        const propsTouched = Object.keys(propChanges).length > 0 || removed.size > 0;
        // Qlik's PATCH rules: one way of describing the connection, and credentials again when it points elsewhere.
        if (statementChanged && propsTouched)
          throw invalid('Patch either qConnectStatement or connectionProperties, not both.', '/0/path');
        if (credentialsGiven > 1 || (propertyPasswordGiven && credentialsGiven > 1)) {
          throw invalid(
            'Send one credential form at a time: qPassword or the datasource password property.',
            '/0/path',
          );
        }
        const locationChanged =
          connector?.locationFields.some((f) => f in propChanges || removed.has(f)) ?? false;
        if ((statementChanged || locationChanged) && connector?.passwordField && credentialsGiven === 0) {
          throw invalid(
            'Changing where a connection points needs its credentials: include /qPassword or the password property.',
            '/0/path',
          );
        }
        if (connector && propsTouched) {
          const base = { ...current.properties };
          for (const key of removed) delete base[key];
          for (const key of removed) if (key in secrets) delete secrets[key as keyof Secrets];
          const applied = wrapInput(() =>
            applyConnector(connector, propChanges, { properties: base, secrets }),
          );
          next.properties = JSON.stringify(applied.properties);
          next.connect_statement = applied.statement;
          Object.assign(secrets, applied.secrets);
        } else if (connector && statementChanged) {
          next.properties = '{}';
        }
        if (next.name !== row.name && nameTaken(next.name, row.space_id, row.owner_id, row.id))
          throw nameConflict(next.name);
        next.secrets = store.seal(secrets);
        store.update(next);
        return reply.code(204).send();
      },
    );

    scope.delete<{ Params: { qID: string }; Querystring: { type?: 'connectionname'; spaceId?: string } }>(
      '/api/v1/data-connections/:qID',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: {
              type: { type: 'string', enum: ['connectionname'] },
              spaceId: { type: 'string', maxLength: 100 },
            },
          },
        },
      },
      async (request, reply) => {
        const { row } = findEditable(request, request.params.qID, request.query, 'delete');
        store.delete(row.id);
        return reply.code(204).send();
      },
    );

    // ---- actions ---------------------------------------------------------------------------------------------

    const requireAdmin = (caller: Caller, what: string) => {
      if (!caller.isTenantAdmin) throw roleForbidden(`Only a tenant admin can ${what}.`);
    };
    const itemError = (error: ApiError): ConnectionError => {
      const item = error.items[0]!;
      return { code: item.code, title: item.title, detail: item.detail, status: error.status };
    };
    /** Each item on its own: one failing item neither stops nor undoes the others (hence 207). */
    const bulk = <T extends { id: string }>(items: T[], run: (item: T) => void): BulkResponse => ({
      data: items.map((item) => {
        const id = item.id;
        try {
          ctx.db.transaction(() => run(item))();
          return { id, status: 204 };
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          return { id, status: error.status, error: itemError(error) };
        }
      }),
    });
    const bulkSchema = (item: Record<string, unknown>) => ({
      body: {
        type: 'object',
        properties: {
          connections: {
            type: 'array',
            minItems: 1,
            maxItems: 100,
            items: { type: 'object', properties: item, required: ['id'] },
          },
        },
        required: ['connections'],
      },
    });

    scope.post<{ Body: { connections: { id: string; name?: string }[] } }>(
      '/api/v1/data-connections/actions/delete',
      {
        schema: bulkSchema({
          id: { type: 'string', maxLength: 100 },
          name: { type: 'string', maxLength: 256 },
        }),
      },
      async (request, reply) => {
        requireAdmin(request.caller, 'delete connections in bulk');
        const body = bulk(request.body.connections, ({ id }) => {
          const row = store.byId(id);
          if (!row) throw connectionNotFound(id);
          if (row.is_datafiles) throw dataFilesForbidden();
          store.delete(id);
        });
        return reply.code(207).send(body);
      },
    );

    scope.post<{
      Body: {
        connections: { id: string; name?: string; ownerId?: string; spaceId?: string; spaceType?: string }[];
      };
    }>(
      '/api/v1/data-connections/actions/update',
      {
        schema: bulkSchema({
          id: { type: 'string', maxLength: 100 },
          name: { type: 'string', maxLength: 256 },
          ownerId: { type: 'string', maxLength: 100 },
          spaceId: { type: 'string', maxLength: 100 },
          spaceType: { type: 'string', enum: ['personal', 'shared', 'managed', 'data'] },
        }),
      },
      async (request, reply) => {
        requireAdmin(request.caller, 'update connections in bulk');
        const body = bulk(request.body.connections, (change) => {
          const id = change.id;
          const row = store.byId(id);
          if (!row) throw connectionNotFound(id);
          if (row.is_datafiles) throw dataFilesForbidden();
          const next = { ...row };
          if (change.name !== undefined) next.name = validConnectionName(change.name, '/name');
          if (change.ownerId !== undefined) {
            const user = ctx.identities.userById(change.ownerId);
            if (!user || user.is_service)
              throw notFound(`User ${change.ownerId} not found.`, { source: { pointer: '/ownerId' } });
            next.owner_id = user.id;
          }
          if (change.spaceId !== undefined) {
            if (change.spaceId === '') {
              if (change.spaceType && change.spaceType !== 'personal')
                throw invalid('spaceType must be personal when spaceId is empty.', '/spaceType');
              next.space_id = null;
            } else {
              const space = spaces.byId(change.spaceId);
              if (!space)
                throw notFound(`Space ${change.spaceId} not found.`, { source: { pointer: '/spaceId' } });
              if (change.spaceType && change.spaceType !== space.type)
                throw invalid(`Space ${space.id} is a ${space.type} space.`, '/spaceType');
              next.space_id = space.id;
            }
          }
          if (nameTaken(next.name, next.space_id, next.owner_id, row.id)) throw nameConflict(next.name);
          store.update(next);
        });
        return reply.code(207).send(body);
      },
    );

    scope.post<{
      Body: { id: string; name?: string; spaceId?: string; qUsername?: string; qPassword?: string };
    }>(
      '/api/v1/data-connections/actions/duplicate',
      {
        schema: {
          body: {
            type: 'object',
            properties: {
              id: { type: 'string', maxLength: 100 },
              name: { type: 'string', maxLength: 256 },
              spaceId: { type: 'string', maxLength: 100 },
              qUsername: { type: 'string', maxLength: 1000 },
              qPassword: { type: 'string', maxLength: 4000 },
            },
            required: ['id'],
          },
        },
      },
      async (request, reply) => {
        const { caller } = request;
        const body = request.body;
        const { row } = findReadable(request, body.id, {});
        if (row.is_datafiles) throw invalid('DataFiles connections cannot be duplicated.', '/id');
        const spaceId = body.spaceId === undefined ? (row.space_id ?? undefined) : body.spaceId || undefined;
        const space = targetSpace(caller, spaceId, '/spaceId');
        let name: string;
        if (body.name !== undefined) {
          name = validConnectionName(body.name, '/name');
          if (nameTaken(name, space?.id ?? null, caller.user.id)) throw nameConflict(name);
        } else {
          name = `${row.name} - Copy`;
          for (let n = 2; nameTaken(name, space?.id ?? null, caller.user.id); n++)
            name = `${row.name} - Copy (${n})`;
        }
        const source = stored(row);
        // Credentials travel with a copy only for whoever owns them; anyone else brings their own.
        const secrets: Secrets = row.owner_id === caller.user.id ? { ...source.secrets } : {};
        const properties = { ...source.properties };
        const connector = connectorFor(row.datasource_id);
        if (body.qUsername !== undefined) {
          if (connector?.fields.username) properties.username = body.qUsername;
          else secrets.qUsername = body.qUsername;
        }
        if (body.qPassword !== undefined)
          secrets[(connector?.passwordField ?? 'qPassword') as keyof Secrets] = body.qPassword;
        const copy = store.insert({
          ...row,
          id: undefined,
          name,
          properties: JSON.stringify(properties),
          secrets: store.seal(secrets),
          space_id: space?.id ?? null,
          owner_id: caller.user.id,
        });
        const created = toCreated(copy, rightsOn(copy, caller), requestOrigin(request));
        return reply.code(201).header('location', created.links!.self.href).send(created);
      },
    );
  });
}
