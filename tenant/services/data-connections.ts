import type { TenantContext } from '../context';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { outcomeOf, type ItemOutcome } from './outcomes';
import { hasControlCharacter } from '../http/text';
import {
  ConnectionInputError,
  applyConnector,
  connectorFor,
  takesProperty,
  type ConnectionRow,
  type Connector,
  type Properties,
  type Secrets,
} from '../store/data-connections';
import { DATAFILES_NAME, type SpaceRow } from '../store/spaces';

/**
 * Changes to data connections. Each runs in one transaction and records its event there (never with a secret in
 * it). The HTTP layer has found the connection, checked that the caller may change it and where it may go; these
 * functions validate the connection itself and keep names unique per space.
 */

/** A connection as a create or replace body describes it (ConnectionCreate / ConnectionUpdate). */
export interface ConnectionBody {
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

export type PatchOperation = { op?: unknown; path?: unknown; value?: unknown };

/** 400 in the data-connections API's form. */
export const invalid = (detail: string, pointer?: string) =>
  badRequest(detail, {
    code: 'DCERROR-0010',
    title: 'Bad or invalid request',
    ...(pointer ? { source: { pointer } } : {}),
  });
export const connectionNotFound = (id: string) =>
  notFound(`Data connection ${id} not found.`, { source: { parameter: 'qID' } });
export const dataFilesForbidden = () =>
  forbidden(
    'DataFiles connections belong to their space and are managed by the data-files service; they cannot be changed or deleted here.',
    { meta: { reason: 'datafiles' } },
  );

export const logOnOf = (v: unknown): 0 | 1 => (v === '1' || v === 1 || v === 'LOG_ON_CURRENT_USER' ? 1 : 0);

export function validConnectionName(raw: unknown, pointer = '/qName'): string {
  if (typeof raw !== 'string' || !raw.trim()) throw invalid('qName must not be blank.', pointer);
  const name = raw.trim();
  if (name.length > 256) throw invalid('qName must be at most 256 characters long.', pointer);
  if (name.includes('"')) throw invalid('qName must not contain quotes.', pointer);
  if (hasControlCharacter(raw))
    throw invalid('qName must not contain control characters (tabs, line breaks, NUL…).', pointer);
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

interface Stored {
  row: ConnectionRow;
  properties: Properties;
  secrets: Secrets;
}

const storedOf = (ctx: TenantContext, row: ConnectionRow): Stored => ({
  row,
  properties: JSON.parse(row.properties) as Properties,
  secrets: ctx.connections.open(row.secrets),
});

function wrapInput<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ConnectionInputError) throw invalid(error.message, error.pointer);
    throw error;
  }
}

/** A known datasource's connectionProperties (with qUsername/qPassword folded in), checked and split. */
function resolveProperties(
  body: ConnectionBody,
  connector: Connector,
  props: Record<string, unknown>,
  keptSecrets: Secrets,
) {
  const input = { ...props };
  if (typeof body.qUsername === 'string') {
    if (input.username !== undefined)
      throw invalid('Send the user name once: qUsername or connectionProperties.username.', '/qUsername');
    if (connector.fields.username) input.username = body.qUsername;
  }
  if (typeof body.qPassword === 'string') {
    if (!connector.passwordField) throw invalid(`Datasource ${connector.datasourceID} takes no password.`, '/qPassword');
    if (input[connector.passwordField] !== undefined) {
      throw invalid(
        `Send one credential form at a time: qPassword or connectionProperties.${connector.passwordField}.`,
        '/qPassword',
      );
    }
    input[connector.passwordField] = body.qPassword;
  }
  return wrapInput(() => applyConnector(connector, input, { properties: {}, secrets: { ...keptSecrets } }));
}

/**
 * Turns a create/PUT body into stored fields. Known datasources take connectionProperties (the statement is built
 * from the non-secret ones); others take qConnectStatement + qType as given.
 */
function resolveBody(body: ConnectionBody, stored?: Stored): Resolved {
  const name = validConnectionName(body.qName);
  const datasourceID =
    typeof body.datasourceID === 'string' && body.datasourceID ? body.datasourceID : stored?.row.datasource_id;
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
    const applied = resolveProperties(body, connector, props, keptSecrets);
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
    typeof body.qConnectStatement === 'string' ? body.qConnectStatement.trim() : stored?.row.connect_statement;
  if (!statement)
    throw invalid('qConnectStatement (or connectionProperties for a known datasource) is required.', '/qConnectStatement');
  const qType = connector?.qType ?? (typeof body.qType === 'string' && body.qType ? body.qType : stored?.row.q_type);
  if (!qType) throw invalid('qType is required.', '/qType');
  const secrets: Secrets = { ...keptSecrets, ...credentials };
  if (typeof body.qUsername === 'string') secrets.qUsername = body.qUsername;
  if (typeof body.qPassword === 'string') secrets.qPassword = body.qPassword;
  return { name, datasourceID, qType, statement, properties: {}, secrets };
}

/** Whether another connection of the space (or the owner's personal ones) has this name. */
function nameTaken(ctx: TenantContext, name: string, spaceId: string | null, ownerId: string, except?: string) {
  const clash = ctx.connections.byName(name, { spaceId: spaceId ?? undefined, ownerId });
  return Boolean(clash && clash.id !== except);
}
const nameConflict = (name: string) =>
  conflict(`A data connection named ${name} already exists in this space.`, { source: { pointer: '/qName' } });

const connectionData = (row: ConnectionRow) => ({
  id: row.id,
  name: row.name,
  type: row.q_type,
  datasourceId: row.datasource_id,
  spaceId: row.space_id,
  ownerId: row.owner_id,
  created: row.created,
  updated: row.updated,
});

function record(
  ctx: TenantContext,
  type: 'created' | 'updated' | 'deleted',
  actorId: string,
  row: ConnectionRow,
  previous?: ConnectionRow,
) {
  ctx.events.record({
    type: `com.qlik.data-connection.${type}`,
    actorId,
    resourceType: 'data-connection',
    resourceId: row.id,
    spaceId: row.space_id,
    data: connectionData(row),
    ...(previous ? { before: connectionData(previous) } : {}),
  });
}

/** A new connection owned by its creator, personal or in `space` (where the caller may create). */
export function createConnection(
  ctx: TenantContext,
  ownerId: string,
  space: SpaceRow | undefined,
  body: ConnectionBody,
): ConnectionRow {
  const resolved = resolveBody(body);
  return ctx.db.transaction(() => {
    if (nameTaken(ctx, resolved.name, space?.id ?? null, ownerId)) throw nameConflict(resolved.name);
    const row = ctx.connections.insert({
      name: resolved.name,
      q_type: resolved.qType,
      datasource_id: resolved.datasourceID,
      connect_statement: resolved.statement,
      architecture: body.qArchitecture === 1 ? 1 : 0,
      log_on: logOnOf(body.qLogOn),
      separate_credentials: body.qSeparateCredentials ? 1 : 0,
      properties: JSON.stringify(resolved.properties),
      secrets: ctx.connections.seal(resolved.secrets),
      tags: JSON.stringify(body.tags ?? []),
      space_id: space?.id ?? null,
      owner_id: ownerId,
    });
    record(ctx, 'created', ownerId, row);
    return row;
  })();
}

/** PUT: the connection replaced from its qConnectStatement (and moved to `spaceId`, checked by the caller). */
export function replaceConnection(
  ctx: TenantContext,
  actorId: string,
  row: ConnectionRow,
  spaceId: string | null,
  body: ConnectionBody,
): void {
  const resolved = resolveBody(body, storedOf(ctx, row));
  ctx.db.transaction(() => {
    if (nameTaken(ctx, resolved.name, spaceId, row.owner_id, row.id)) throw nameConflict(resolved.name);
    const updated = ctx.connections.update({
      ...row,
      name: resolved.name,
      q_type: resolved.qType,
      datasource_id: resolved.datasourceID,
      connect_statement: resolved.statement,
      architecture: body.qArchitecture === undefined ? row.architecture : body.qArchitecture === 1 ? 1 : 0,
      log_on: body.qLogOn === undefined ? row.log_on : logOnOf(body.qLogOn),
      separate_credentials:
        body.qSeparateCredentials === undefined ? row.separate_credentials : body.qSeparateCredentials ? 1 : 0,
      properties: JSON.stringify(resolved.properties),
      secrets: ctx.connections.seal(resolved.secrets),
      tags: body.tags === undefined ? row.tags : JSON.stringify(body.tags),
      space_id: spaceId,
    });
    record(ctx, 'updated', actorId, updated, row);
  })();
}

/** What a PATCH's operations ask for, gathered before Qlik's rules are checked on the whole. */
interface PatchState {
  next: ConnectionRow;
  propChanges: Record<string, unknown>;
  removed: Set<string>;
  secrets: Secrets;
  statementChanged: boolean;
  credentialsGiven: number;
  propertyPasswordGiven: boolean;
}

const REMOVABLE = ['/qPassword', '/qUsername', '/qConnectionSecret', '/tags'];

/** A credential operation (/qPassword, /qUsername, /qConnectionSecret) on the connector's own fields where it has them. */
function patchCredential(state: PatchState, op: PatchOperation, connector: Connector | undefined, value: () => string) {
  const key = (op.path as string).slice(1) as 'qPassword' | 'qUsername' | 'qConnectionSecret';
  const target =
    key === 'qPassword' && connector?.passwordField
      ? connector.passwordField
      : key === 'qUsername' && connector?.fields.username
        ? 'username'
        : key;
  if (op.op === 'remove') {
    if (target === 'username') state.removed.add('username');
    else delete state.secrets[target as keyof Secrets];
  } else if (target === 'username') state.propChanges.username = value();
  else {
    state.secrets[target as keyof Secrets] = value();
    if (key === 'qPassword') state.credentialsGiven++;
  }
}

/** One PATCH operation applied to the state; 400 naming the operation when it cannot apply. */
function patchOne(state: PatchState, op: PatchOperation, i: number, connector: Connector | undefined) {
  const at = (field: string) => `/${i}/${field}`;
  if (op.op !== 'add' && op.op !== 'replace' && op.op !== 'remove')
    throw invalid(`Operation ${i}: op must be add, replace or remove.`, at('op'));
  if (typeof op.path !== 'string') throw invalid(`Operation ${i}: path is required.`, at('path'));
  const { path, value } = op;
  const needString = () => {
    if (typeof value !== 'string') throw invalid(`Operation ${i}: value must be a string.`, at('value'));
    return value;
  };
  if (op.op === 'remove' && !REMOVABLE.includes(path) && !path.startsWith('/connectionProperties/')) {
    throw invalid(`Operation ${i}: ${path} cannot be removed.`, at('path'));
  }
  const { next } = state;
  if (path === '/qName') next.name = validConnectionName(needString(), at('value'));
  else if (path === '/qConnectStatement') {
    next.connect_statement = needString().trim();
    if (!next.connect_statement) throw invalid(`Operation ${i}: qConnectStatement must not be blank.`, at('value'));
    state.statementChanged = true;
  } else if (path === '/qPassword' || path === '/qUsername' || path === '/qConnectionSecret') {
    patchCredential(state, op, connector, needString);
  } else if (path.startsWith('/connectionProperties/')) {
    if (!connector)
      throw invalid(`Operation ${i}: datasource ${next.datasource_id} has no connection properties here.`, at('path'));
    const key = path.slice('/connectionProperties/'.length);
    if (!takesProperty(connector, key)) throw invalid(`Operation ${i}: unknown connection property '${key}'.`, at('path'));
    if (op.op === 'remove') state.removed.add(key);
    else state.propChanges[key] = value;
    if (key === connector.passwordField && op.op !== 'remove') {
      state.credentialsGiven++;
      state.propertyPasswordGiven = true;
    }
  } else if (path === '/tags') {
    if (op.op === 'remove') next.tags = '[]';
    else if (!Array.isArray(value) || value.length > 32 || value.some((t) => typeof t !== 'string')) {
      throw invalid(`Operation ${i}: tags must be a list of at most 32 strings.`, at('value'));
    } else next.tags = JSON.stringify(value);
  } else if (path === '/qLogOn') next.log_on = logOnOf(value);
  else if (path === '/qArchitecture') next.architecture = value === 1 || value === '1' ? 1 : 0;
  else if (path === '/qSeparateCredentials') next.separate_credentials = value === true || value === 'true' ? 1 : 0;
  else throw invalid(`Operation ${i}: path ${path} cannot be changed.`, at('path'));
}

/** Qlik's PATCH rules: one way of describing the connection, and credentials again when it points elsewhere. */
function checkPatchRules(state: PatchState, connector: Connector | undefined): void {
  const propsTouched = Object.keys(state.propChanges).length > 0 || state.removed.size > 0;
  if (state.statementChanged && propsTouched)
    throw invalid('Patch either qConnectStatement or connectionProperties, not both.', '/0/path');
  if (state.credentialsGiven > 1 || (state.propertyPasswordGiven && state.credentialsGiven > 1)) {
    throw invalid('Send one credential form at a time: qPassword or the datasource password property.', '/0/path');
  }
  const locationChanged =
    connector?.locationFields.some((f) => f in state.propChanges || state.removed.has(f)) ?? false;
  if ((state.statementChanged || locationChanged) && connector?.passwordField && state.credentialsGiven === 0) {
    throw invalid(
      'Changing where a connection points needs its credentials: include /qPassword or the password property.',
      '/0/path',
    );
  }
}

/** PATCH: JSON Patch operations on the connection's fields, properties and credentials. */
export function patchConnection(ctx: TenantContext, actorId: string, row: ConnectionRow, ops: PatchOperation[]): void {
  const current = storedOf(ctx, row);
  const connector = connectorFor(row.datasource_id);
  const state: PatchState = {
    next: { ...row },
    propChanges: {},
    removed: new Set(),
    secrets: { ...current.secrets },
    statementChanged: false,
    credentialsGiven: 0,
    propertyPasswordGiven: false,
  };
  ops.forEach((op, i) => patchOne(state, op, i, connector));
  checkPatchRules(state, connector);
  const { next, secrets, removed } = state;
  const propsTouched = Object.keys(state.propChanges).length > 0 || removed.size > 0;
  if (connector && propsTouched) {
    const base = { ...current.properties };
    for (const key of removed) delete base[key];
    for (const key of removed) if (key in secrets) delete secrets[key as keyof Secrets];
    const applied = wrapInput(() => applyConnector(connector, state.propChanges, { properties: base, secrets }));
    next.properties = JSON.stringify(applied.properties);
    next.connect_statement = applied.statement;
    Object.assign(secrets, applied.secrets);
  } else if (connector && state.statementChanged) {
    next.properties = '{}';
  }
  ctx.db.transaction(() => {
    if (next.name !== row.name && nameTaken(ctx, next.name, row.space_id, row.owner_id, row.id))
      throw nameConflict(next.name);
    next.secrets = ctx.connections.seal(secrets);
    record(ctx, 'updated', actorId, ctx.connections.update(next), row);
  })();
}

export function deleteConnection(ctx: TenantContext, actorId: string, row: ConnectionRow): void {
  ctx.db.transaction(() => {
    ctx.connections.delete(row.id);
    record(ctx, 'deleted', actorId, row);
  })();
}

/**
 * A copy of a connection, owned by the caller, in `space` (checked by the caller) or personal. Without a name it
 * is called "<name> - Copy" (then "… - Copy (2)", …). Credentials travel with a copy only for whoever owns them;
 * anyone else brings their own.
 */
export function duplicateConnection(
  ctx: TenantContext,
  actorId: string,
  row: ConnectionRow,
  space: SpaceRow | undefined,
  body: { name?: string; qUsername?: string; qPassword?: string },
): ConnectionRow {
  const spaceId = space?.id ?? null;
  return ctx.db.transaction(() => {
    let name: string;
    if (body.name !== undefined) {
      name = validConnectionName(body.name, '/name');
      if (nameTaken(ctx, name, spaceId, actorId)) throw nameConflict(name);
    } else {
      name = `${row.name} - Copy`;
      for (let n = 2; nameTaken(ctx, name, spaceId, actorId); n++) name = `${row.name} - Copy (${n})`;
    }
    const source = storedOf(ctx, row);
    const secrets: Secrets = row.owner_id === actorId ? { ...source.secrets } : {};
    const properties = { ...source.properties };
    const connector = connectorFor(row.datasource_id);
    if (body.qUsername !== undefined) {
      if (connector?.fields.username) properties.username = body.qUsername;
      else secrets.qUsername = body.qUsername;
    }
    if (body.qPassword !== undefined) secrets[(connector?.passwordField ?? 'qPassword') as keyof Secrets] = body.qPassword;
    const copy = ctx.connections.insert({
      ...row,
      id: undefined,
      name,
      properties: JSON.stringify(properties),
      secrets: ctx.connections.seal(secrets),
      space_id: spaceId,
      owner_id: actorId,
    });
    record(ctx, 'created', actorId, copy);
    return copy;
  })();
}

/** Each item in its own transaction: one failing item neither stops nor undoes the others (hence Qlik's 207). */
function bulk<T extends { id: string }>(ctx: TenantContext, items: T[], run: (item: T) => void): ItemOutcome[] {
  return items.map((item) => outcomeOf(item.id, () => ctx.db.transaction(() => run(item))()));
}

/** A standard connection by id for a bulk item (404, or 403 for a DataFiles connection). */
function standardConnection(ctx: TenantContext, id: string): ConnectionRow {
  const row = ctx.connections.byId(id);
  if (!row) throw connectionNotFound(id);
  if (row.is_datafiles) throw dataFilesForbidden();
  return row;
}

/** Deletes connections by id, each on its own (a tenant admin's bulk action). */
export function deleteConnections(ctx: TenantContext, actorId: string, items: { id: string }[]): ItemOutcome[] {
  return bulk(ctx, items, ({ id }) => {
    const row = standardConnection(ctx, id);
    ctx.connections.delete(id);
    record(ctx, 'deleted', actorId, row);
  });
}

export interface ConnectionReassignment {
  id: string;
  name?: string;
  ownerId?: string;
  spaceId?: string;
  spaceType?: string;
}

/** Renames, hands over or moves connections, each on its own (a tenant admin's bulk action). */
export function updateConnections(
  ctx: TenantContext,
  actorId: string,
  changes: ConnectionReassignment[],
): ItemOutcome[] {
  return bulk(ctx, changes, (change) => {
    const row = standardConnection(ctx, change.id);
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
        const space = ctx.spaces.byId(change.spaceId);
        if (!space) throw notFound(`Space ${change.spaceId} not found.`, { source: { pointer: '/spaceId' } });
        if (change.spaceType && change.spaceType !== space.type)
          throw invalid(`Space ${space.id} is a ${space.type} space.`, '/spaceType');
        next.space_id = space.id;
      }
    }
    if (nameTaken(ctx, next.name, next.space_id, next.owner_id, row.id)) throw nameConflict(next.name);
    record(ctx, 'updated', actorId, ctx.connections.update(next), row);
  });
}
