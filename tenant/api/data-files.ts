import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { dataFileQri } from '../catalog/qri';
import type {
  ConnectionsResponse,
  DataFilePermission,
  DataFileUploadResponse,
  ErrorCode,
  FolderStatsResponse,
  GetConnectionsResponse,
  GetDataFileInfosResponse,
  LinksResponse,
  MultiStatusResponse,
  MultiStatusResponseItem,
  QuotaResponse,
} from '@qlik/api/data-files';
import type { TenantContext } from '../context';
import type { Caller } from '../auth/caller';
import { addGuards, type Guard } from '../auth/guards';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { nowIso } from '../http/ids';
import { decodeCursor, linkTo, parseSort } from '../http/pagination';
import {
  visibleSpacesSql,
  type SpaceAccess,
  type SpacePrincipal,
  type SpaceRow,
  type SpaceType,
} from '../store/spaces';
import { BlobTooLargeError, type TempBlob } from '../store/blobs';
import {
  DATA_FILE_SORTS,
  NotAFolderError,
  PERSONAL_CONNECT_STATEMENT,
  baseNameOf,
  emptyFolderStats,
  parentPath,
  personalConnectionId,
  personalKey,
  personalUserOf,
  visibleFilesSql,
  type DataFileRow,
  type DataFileSort,
} from '../store/data-files';
import { emitDataFileChanges, type DataFileChange } from '../store/data-file-events';
import { DATA_FILES_GUARD } from './temp-contents/access';
import { tempContentForImport } from '../services/temp-contents';

export const MAX_FOLDER_DEPTH = 16;
const MULTIPART_OVERHEAD = 1024 * 1024;

/**
 * Qlik's documented list (qlik.dev tutorial) plus formats Qlik Cloud loads today that the console's catalog
 * profiles: json, ndjson, parquet, tsv. `GET /data-files/quotas` publishes it.
 */
export const ALLOWED_EXTENSIONS: readonly string[] = [
  'csv',
  'dat',
  'fix',
  'htm',
  'html',
  'json',
  'kml',
  'log',
  'ndjson',
  'parquet',
  'php',
  'prn',
  'qvd',
  'qvo',
  'qvs',
  'qvx',
  'skv',
  'tab',
  'tsv',
  'txt',
  'xls',
  'xlsm',
  'xlsx',
  'xlw',
  'xml',
];
/** System files: accepted, hidden from lists unless `allowInternalFiles=true`. */
export const INTERNAL_EXTENSIONS: readonly string[] = ['dxf', 'gml', 'qrep'];

/**
 * Who may do what with files in a space (qlik.dev space-roles; data files have no scope of their own):
 * | space type | read / list            | upload, replace, rename, move, delete          | change owner        |
 * | shared     | any member, owner      | owner, facilitator, producer, codeveloper      | owner, facilitator  |
 * | managed    | any member, owner      | owner, facilitator, contributor                | owner, facilitator  |
 * | data       | any member, owner      | owner, facilitator, producer, operator         | owner, facilitator  |
 * | personal   | its user               | its user                                       | tenant admin        |
 * A tenant admin whose token has admin.spaces:read reads everything, with admin.spaces also writes everything.
 */
export const WRITE_ROLES: Record<SpaceType, readonly string[]> = {
  shared: ['facilitator', 'producer', 'codeveloper'],
  managed: ['facilitator', 'contributor'],
  data: ['facilitator', 'producer', 'operator'],
};

export const DATA_FILES_GUARDS: Record<string, Guard> = {
  'GET /api/v1/data-files': DATA_FILES_GUARD,
  'POST /api/v1/data-files': DATA_FILES_GUARD,
  'GET /api/v1/data-files/quotas': DATA_FILES_GUARD,
  'GET /api/v1/data-files/connections': DATA_FILES_GUARD,
  'GET /api/v1/data-files/connections/:id': DATA_FILES_GUARD,
  'POST /api/v1/data-files/actions/change-space': DATA_FILES_GUARD,
  'POST /api/v1/data-files/actions/delete': DATA_FILES_GUARD,
  'GET /api/v1/data-files/:id': DATA_FILES_GUARD,
  'PUT /api/v1/data-files/:id': DATA_FILES_GUARD,
  'DELETE /api/v1/data-files/:id': DATA_FILES_GUARD,
  'POST /api/v1/data-files/:id/actions/change-owner': DATA_FILES_GUARD,
  'POST /api/v1/data-files/:id/actions/change-space': DATA_FILES_GUARD,
};

type Code = Extract<ErrorCode, `DF-${string}`>;
const dfError = (status: number, code: Code, detail: string, parameter?: string) =>
  new ApiError(status, detail, { code, ...(parameter ? { source: { parameter } } : {}) });

/** Qlik's timestamps carry 7 fractional digits. */
const qlikDate = (iso: string) => iso.replace(/\.(\d{3})Z$/, '.$10000Z');

/** The data-files service answers by space roles; admin reach follows the token's admin.spaces scopes. */
function filesPrincipal(caller: Caller): SpacePrincipal {
  return {
    userId: caller.user.id,
    groupIds: caller.groupIds,
    seesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces:read'),
    managesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces'),
  };
}

/** A space as the data-files service sees it: its key in data_files and what the caller may do there. */
interface Place {
  key: string;
  spaceId: string | null;
  space?: SpaceRow;
  read: boolean;
  write: boolean;
  manage: boolean;
}

interface JsonPart {
  name?: unknown;
  connectionId?: unknown;
  folderId?: unknown;
  sourceId?: unknown;
  tempContentFileId?: unknown;
  folder?: unknown;
  appId?: unknown;
  folderMergeBehavior?: unknown;
}

const optionalString = (value: unknown, pointer: string): string | undefined | null => {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value !== 'string')
    throw badRequest(`${pointer.slice(1)} must be a string.`, { source: { pointer } });
  return value;
};

const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u001f\u007f\\<>:"|?*]/;

/** A name (or relative path) in canonical form, else DF-015; too many levels, DF-026. */
export function canonicalName(raw: unknown, code: 'DF-015' | 'DF-004' = 'DF-015', pointer = '/name'): string {
  const fail = (why: string) =>
    new ApiError(400, `The name is not in canonical form: ${why}.`, { code, source: { pointer } });
  if (typeof raw !== 'string' || raw.length === 0) throw fail('it is empty');
  if (raw.length > 1024) throw fail('it is longer than 1024 characters');
  if (BAD_CHARS.test(raw)) throw fail('it contains a control character or one of \\ < > : " | ? *');
  if (raw.startsWith('/') || raw.endsWith('/')) throw fail('it starts or ends with /');
  const segments = raw.split('/');
  for (const segment of segments) {
    if (!segment) throw fail('it has an empty path segment (//)');
    if (segment === '.' || segment === '..') throw fail('it contains a . or .. segment');
    if (segment.trim() !== segment) throw fail('a segment starts or ends with a space');
    if (RESERVED.test(segment)) throw fail(`${segment} is a reserved name`);
    if (segment.length > 255) throw fail('a segment is longer than 255 characters');
  }
  return raw;
}

const depthOf = (name: string) => name.split('/').length;
function checkDepth(name: string): void {
  if (depthOf(name) > MAX_FOLDER_DEPTH) {
    throw dfError(400, 'DF-026', `Folders nest at most ${MAX_FOLDER_DEPTH} levels deep.`);
  }
}

/** The extension of a file name, checked against the allow-lists; returns whether it is an internal file. */
function checkExtension(name: string): boolean {
  const base = baseNameOf(name);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (!ext) throw dfError(400, 'DF-011', `${base} has no file extension.`);
  if (INTERNAL_EXTENSIONS.includes(ext)) return true;
  if (!ALLOWED_EXTENSIONS.includes(ext)) {
    throw dfError(400, 'DF-010', `.${ext} files are not allowed. Allowed: ${ALLOWED_EXTENSIONS.join(', ')}.`);
  }
  return false;
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Error &&
  'code' in error &&
  String((error as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT');

const nameTaken = (name: string) =>
  conflict(`An item named ${name} already exists in this space.`, { source: { pointer: '/name' } });
const locked = (id: string) =>
  new ApiError(423, `${id} is being changed by another request. Try again when it has finished.`);

export function registerDataFilesApi(app: FastifyInstance, ctx: TenantContext): void {
  addGuards(DATA_FILES_GUARDS);
  const { maxFileSize, maxSize, maxLargeFileSize } = ctx.limits;
  const { dataFiles: files, spaces, blobs } = ctx;
  /** Items a request is changing right now (PUT streams content); other changes to them answer 423. */
  const busy = new Set<string>();

  // ------------------------------------------------------------------------------------------------- rights

  const placeOfSpace = (space: SpaceRow, access: SpaceAccess, principal: SpacePrincipal): Place => {
    const writer =
      principal.managesAll || access.isOwner || access.roles.some((r) => WRITE_ROLES[space.type].includes(r));
    return { key: space.id, spaceId: space.id, space, read: true, write: writer, manage: access.canManage };
  };

  const personalPlace = (userId: string, caller: Caller): Place => {
    const principal = filesPrincipal(caller);
    const own = userId === caller.user.id;
    return {
      key: personalKey(userId),
      spaceId: null,
      read: own || principal.seesAll,
      write: own || principal.managesAll,
      manage: principal.managesAll,
    };
  };

  /** Where a row lives and the caller's rights there (read false when the caller cannot see it). */
  const placeOfKey = (key: string, caller: Caller, cache?: Map<string, Place>): Place => {
    const cached = cache?.get(key);
    if (cached) return cached;
    const personalUser = personalUserOf(key);
    let place: Place;
    if (personalUser) place = personalPlace(personalUser, caller);
    else {
      const principal = filesPrincipal(caller);
      const found = spaces.access(key, principal);
      place = found
        ? placeOfSpace(found.space, found.access, principal)
        : { key, spaceId: key, read: false, write: false, manage: false };
    }
    cache?.set(key, place);
    return place;
  };

  /** The space behind a DataFiles connection id; absent = the caller's personal space. */
  const placeOfConnection = (connectionId: string | null | undefined, caller: Caller): Place => {
    if (!connectionId || connectionId === personalConnectionId(caller.user.id)) {
      return personalPlace(caller.user.id, caller);
    }
    const connection = files.connectionById(connectionId);
    if (!connection?.space_id) {
      throw dfError(400, 'DF-014', `DataFiles connection ${connectionId} was not found.`, 'connectionId');
    }
    const place = placeOfKey(connection.space_id, caller);
    if (!place.read)
      throw dfError(403, 'DF-013', `Access to the space of connection ${connectionId} is forbidden.`);
    return place;
  };

  const placeOfSpaceId = (spaceId: string | null | undefined, ownerId: string, caller: Caller): Place => {
    if (!spaceId) return personalPlace(ownerId, caller);
    if (!spaces.byId(spaceId)) throw dfError(404, 'DF-009', `Space ${spaceId} was not found.`);
    const place = placeOfKey(spaceId, caller);
    if (!place.read) throw dfError(403, 'DF-013', `Access to space ${spaceId} is forbidden.`);
    return place;
  };

  const requireWrite = (place: Place) => {
    if (!place.write) {
      throw forbidden(
        place.spaceId
          ? 'Adding or changing data files in this space needs the owner, Can manage, Can edit (or Can operate in a data space) role.'
          : 'Only the user of a personal space changes its data files.',
        { meta: { reason: 'role' } },
      );
    }
  };

  /** The row, if the caller can see it (404 otherwise, so ids in other spaces stay unknown). */
  const readableRow = (id: string, caller: Caller): { row: DataFileRow; place: Place } => {
    const row = files.byId(id);
    const place = row && placeOfKey(row.space_key, caller);
    if (!row || !place?.read)
      throw notFound(`Data file ${id} was not found.`, { source: { parameter: 'id' } });
    return { row, place };
  };

  const actionsOf = (place: Place): DataFilePermission[] => {
    const actions: DataFilePermission[] = ['list', 'read'];
    if (place.write) actions.push('update', 'delete', 'change_space');
    if (place.manage) actions.push('change_owner');
    return actions;
  };

  const toDataFile = (
    row: DataFileRow,
    place: Place,
    stats?: FolderStatsResponse,
  ): DataFileUploadResponse => ({
    id: row.id,
    name: row.name,
    baseName: row.base_name,
    folder: row.folder === 1,
    folderId: row.parent_id,
    folderPath: parentPath(row.name),
    size: row.size,
    ownerId: row.owner_id,
    spaceId: row.space_id,
    ...(row.app_id ? { appId: row.app_id } : {}),
    createdDate: qlikDate(row.created_date),
    modifiedDate: qlikDate(row.modified_date),
    contentUpdatedDate: row.content_updated_date ? qlikDate(row.content_updated_date) : null,
    qri: dataFileQri({ spaceId: row.space_id, userId: personalUserOf(row.space_key) ?? row.owner_id }, row.name),
    actions: actionsOf(place),
    folderStats: stats ?? emptyFolderStats(),
  });

  // ------------------------------------------------------------------------------------------------- input

  /** The parent folder given by id: it must exist, be a folder and live in `place`. */
  const folderIn = (folderId: string, place: Place, caller: Caller): DataFileRow => {
    const row = files.byId(folderId);
    if (!row || !placeOfKey(row.space_key, caller).read) {
      throw dfError(400, 'DF-005', `Folder ${folderId} was not found.`, 'folderId');
    }
    if (!row.folder) throw dfError(400, 'DF-008', `${folderId} is a file, not a folder.`, 'folderId');
    if (row.space_key !== place.key) {
      throw dfError(400, 'DF-020', `Folder ${folderId} is not in the target space.`, 'folderId');
    }
    return row;
  };

  /**
   * Reads a multipart request: the File part is streamed into the blob store's tmp area (hashed, size-limited),
   * the Json part parsed. Part names are matched case-insensitively; Json may come as a file part.
   */
  const readMultipart = async (request: FastifyRequest): Promise<{ json: JsonPart; temp?: TempBlob }> => {
    if (!request.isMultipart()) {
      throw badRequest('Send multipart/form-data with a Json part (and a File part for content).');
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxFileSize + MULTIPART_OVERHEAD) {
      throw new ApiError(413, `The file is larger than the limit of ${maxFileSize} bytes.`);
    }
    let json: JsonPart | undefined;
    let temp: TempBlob | undefined;
    const tooLarge = () => new ApiError(413, `The file is larger than the limit of ${maxFileSize} bytes.`);
    try {
      for await (const part of request.parts()) {
        const field = part.fieldname.toLowerCase();
        if (part.type === 'file') {
          if (temp) throw badRequest('Send one File part only.');
          // A client that goes away inside the part leaves the part's stream waiting for bytes that never come.
          const leftEarly = () => {
            if (!request.raw.complete) part.file.destroy(badRequest('The upload ended before the File part did.'));
          };
          request.raw.once('close', leftEarly);
          try {
            temp = await blobs.writeTemp(part.file, maxFileSize);
          } finally {
            request.raw.off('close', leftEarly);
          }
          if (part.file.truncated) throw tooLarge();
          continue;
        }
        if (field !== 'json') continue;
        let value = part.value;
        if (typeof value === 'string') {
          try {
            value = JSON.parse(value);
          } catch {
            throw badRequest('The Json part is not valid JSON.', { source: { parameter: 'Json' } });
          }
        }
        if (!value || typeof value !== 'object' || Array.isArray(value)) {
          throw badRequest('The Json part must be a JSON object.', { source: { parameter: 'Json' } });
        }
        json = value as JsonPart;
      }
    } catch (error) {
      blobs.discard(temp);
      if (error instanceof BlobTooLargeError) throw tooLarge();
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      if (error instanceof ApiError) throw error;
      // A failing disk is the tenant's fault; anything else the parser or the stream met is in the request.
      if ((error as NodeJS.ErrnoException).syscall) throw error;
      throw badRequest(`The multipart body could not be read: ${(error as Error).message}.`);
    }
    return { json: json ?? {}, temp };
  };

  const checkQuota = (caller: Caller, adding: number, replacing = 0) => {
    if (adding === 0) return;
    if (files.usageOf(caller.user.id) - replacing + adding > maxSize) {
      throw dfError(413, 'DF-016', `The data files quota of ${maxSize} bytes would be exceeded.`);
    }
  };

  /**
   * Content from a temp-contents upload, taken into the blob store without copying it: a hard link, fsynced, with
   * the SHA-256 computed as the upload arrived (or by reading it when that is not known). The temp content stays
   * readable and importable under its own name.
   */
  const importTemp = async (id: string, caller: Caller): Promise<TempBlob> => {
    const found = tempContentForImport(ctx, id, caller.user.id);
    if ('problem' in found) throw dfError(400, 'DF-012', found.problem, 'tempContentFileId');
    try {
      return await blobs.linkTemp(found.path, maxLargeFileSize, found.digest);
    } catch (error) {
      if (error instanceof BlobTooLargeError) {
        throw new ApiError(413, `The file is larger than the limit of ${maxLargeFileSize} bytes.`);
      }
      throw error;
    }
  };

  /** Copies a folder's subtree under `target` (merge: same names are replaced). Runs inside a transaction. */
  const copyTree = (
    source: DataFileRow,
    target: DataFileRow,
    place: Place,
    caller: Caller,
    now: string,
    events: DataFileChange[],
    released: (string | null)[],
  ) => {
    const parents = new Map<string, string>([[source.id, target.id]]);
    for (const child of files.descendants(source)) {
      const name = target.name + child.name.slice(source.name.length);
      checkDepth(name);
      const existing = files.byName(place.key, name);
      const parentId = parents.get(child.parent_id ?? '') ?? target.id;
      if (existing) {
        if (existing.folder !== child.folder) {
          throw dfError(400, 'DF-018', `${name} is a ${existing.folder ? 'folder' : 'file'} in the target.`);
        }
        if (!child.folder) {
          const next: DataFileRow = {
            ...existing,
            size: child.size,
            sha256: child.sha256,
            owner_id: caller.user.id,
            modified_date: now,
            content_updated_date: now,
          };
          files.update(next);
          released.push(existing.sha256);
          events.push({ kind: 'replaced', file: next, previous: existing, db: ctx.db });
        }
        parents.set(child.id, existing.id);
        continue;
      }
      const {
        id: _sourceId,
        base_name: _base,
        created_date: _created,
        modified_date: _modified,
        ...copied
      } = child;
      const row = files.insert(
        files.newRow({
          ...copied,
          space_key: place.key,
          space_id: place.spaceId,
          name,
          parent_id: parentId,
          owner_id: caller.user.id,
          content_updated_date: child.folder ? null : now,
          now,
        }),
      );
      parents.set(child.id, row.id);
      events.push({ kind: 'created', file: row, db: ctx.db });
    }
  };

  /** Commits tmp content, then runs `write` in a transaction; content is released again if the write fails. */
  const commitWith = <T>(temp: TempBlob | undefined, write: () => T): T => {
    const sha = temp ? blobs.commit(temp) : undefined;
    try {
      return ctx.db.transaction(write)();
    } catch (error) {
      if (sha) blobs.release([sha], files.isBlobReferenced);
      if (error instanceof NotAFolderError) {
        throw dfError(400, 'DF-022', `Cannot create the parent folders: ${error.message}`);
      }
      if (isUniqueViolation(error)) throw conflict('An item with this name already exists in this space.');
      throw error;
    }
  };

  // ------------------------------------------------------------------------------------------------- routes

  const listQuerySchema = {
    type: 'object',
    properties: {
      allowInternalFiles: { type: 'boolean', default: false },
      appId: { type: 'string', maxLength: 200 },
      baseNameWildcard: { type: 'string', maxLength: 1024 },
      connectionId: { type: 'string', maxLength: 200 },
      excludeFiles: { type: 'boolean', default: false },
      excludeSubFolders: { type: 'boolean', default: false },
      folderId: { type: 'string', maxLength: 200 },
      folderPath: { type: 'string', maxLength: 1024 },
      includeAllSpaces: { type: 'boolean', default: false },
      includeFolderStats: { type: 'boolean', default: false },
      includeFolders: { type: 'boolean', default: false },
      limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
      name: { type: 'string', maxLength: 1024 },
      notOwnerId: { type: 'string', maxLength: 200 },
      ownerId: { type: 'string', maxLength: 200 },
      page: { type: 'string', maxLength: 4000 },
      sort: { type: 'string', maxLength: 100 },
    },
    additionalProperties: true,
  } as const;

  interface ListQuery {
    allowInternalFiles: boolean;
    appId?: string;
    baseNameWildcard?: string;
    connectionId?: string;
    excludeFiles: boolean;
    excludeSubFolders: boolean;
    folderId?: string;
    folderPath?: string;
    includeAllSpaces: boolean;
    includeFolderStats: boolean;
    includeFolders: boolean;
    limit: number;
    name?: string;
    notOwnerId?: string;
    ownerId?: string;
    page?: string;
    sort?: string;
  }

  /** Qlik's data-files cursors are one `page` parameter for both directions; the direction rides in the token. */
  const decodePage = (raw: string) => {
    const match = /^([np])\.(.+)$/.exec(raw);
    if (!match) {
      throw dfError(
        400,
        'DF-001',
        "The cursor in 'page' is not valid. Follow the links the previous page returned.",
        'page',
      );
    }
    const cursor = decodeCursor(match[2]!, 'page', 'DF-001');
    return match[1] === 'n' ? { after: cursor } : { before: cursor };
  };

  /** Qlik's links: absolute; `next` and `prev` are always there (LinksResponse requires them), `href: null` at the ends. */
  const pageLinks = (request: FastifyRequest, page: { next?: string; prev?: string }): LinksResponse => ({
    self: { href: linkTo(request, {}) },
    next: { href: page.next ? linkTo(request, { page: `n.${page.next}` }) : null },
    prev: { href: page.prev ? linkTo(request, { page: `p.${page.prev}` }) : null },
  });

  app.get('/api/v1/data-files', { schema: { querystring: listQuerySchema } }, async (request) => {
    const q = request.query as ListQuery;
    const caller = request.caller;
    const principal = filesPrincipal(caller);
    if (q.folderId && q.folderPath) {
      throw dfError(400, 'DF-003', 'folderId and folderPath are mutually exclusive.', 'folderPath');
    }
    const { field, descending } = parseSort(
      q.sort,
      Object.keys(DATA_FILE_SORTS) as DataFileSort[],
      'name',
      'DF-002',
    );
    const where: { sql: string; params: unknown[] }[] = [];
    let place: Place | undefined;
    if (q.connectionId) {
      place = placeOfConnection(q.connectionId, caller);
      where.push({ sql: 'f.space_key = ?', params: [place.key] });
    } else if (q.includeAllSpaces || q.ownerId) {
      // every space the caller sees, their personal space, and (admins asking by owner) that owner's personal space
      const personal = [personalKey(caller.user.id)];
      if (q.ownerId && principal.seesAll) personal.push(personalKey(q.ownerId));
      where.push(visibleFilesSql(ctx.db, principal, personal));
    } else {
      place = personalPlace(caller.user.id, caller);
      where.push({ sql: 'f.space_key = ?', params: [place.key] });
    }
    let under: DataFileRow | null = null;
    if (q.folderId) {
      const folder = files.byId(q.folderId);
      if (!folder || !placeOfKey(folder.space_key, caller).read) {
        throw dfError(400, 'DF-005', `Folder ${q.folderId} was not found.`, 'folderId');
      }
      if (!folder.folder) throw dfError(400, 'DF-008', `${q.folderId} is a file, not a folder.`, 'folderId');
      if (place && folder.space_key !== place.key) {
        throw dfError(
          400,
          'DF-020',
          `Folder ${q.folderId} is not in the space of the connection.`,
          'folderId',
        );
      }
      under = folder;
    } else if (q.folderPath) {
      const path = canonicalName(q.folderPath, 'DF-004', '/folderPath');
      const folder = files.byName(place?.key ?? personalKey(caller.user.id), path);
      if (!folder || !folder.folder)
        throw dfError(400, 'DF-005', `Folder ${path} was not found.`, 'folderPath');
      under = folder;
    }
    const page = files.list({
      where,
      under,
      directOnly: q.excludeSubFolders,
      files: !q.excludeFiles,
      folders: q.includeFolders || q.excludeFiles,
      name: q.name,
      baseNameWildcard: q.baseNameWildcard,
      ownerId: q.ownerId,
      notOwnerId: q.notOwnerId,
      appId: q.appId,
      allowInternal: q.allowInternalFiles,
      sort: field,
      descending,
      limit: q.limit,
      ...(q.page ? decodePage(q.page) : {}),
    });
    // The rights of every space on the page at once: a tenant-wide page can span a hundred spaces.
    const places = new Map<string, Place>();
    const spaceKeys = page.rows.map((row) => row.space_key).filter((key) => !personalUserOf(key));
    for (const [key, found] of spaces.accessMany(spaceKeys, principal)) {
      places.set(key, placeOfSpace(found.space, found.access, principal));
    }
    const data = page.rows.map((row) =>
      toDataFile(
        row,
        placeOfKey(row.space_key, caller, places),
        q.includeFolderStats && row.folder ? files.folderStats(row) : undefined,
      ),
    );
    const body: GetDataFileInfosResponse = { data, links: pageLinks(request, page) };
    return body;
  });

  app.get('/api/v1/data-files/quotas', async (request) => {
    const quota: QuotaResponse = {
      size: files.usageOf(request.caller.user.id),
      maxSize,
      maxFileSize,
      maxLargeFileSize,
      allowedExtensions: [...ALLOWED_EXTENSIONS],
      allowedInternalExtensions: [...INTERNAL_EXTENSIONS],
    };
    return quota;
  });

  const toConnection = (
    row: { id: string; space_id: string | null; connect_statement: string },
    caller: Caller,
    withStats: boolean,
  ): ConnectionsResponse => ({
    id: row.id,
    name: 'DataFiles',
    type: 'qix-datafiles.exe',
    spaceId: row.space_id,
    connectStatement: row.connect_statement,
    ...(withStats ? { spaceStats: files.spaceStats(row.space_id ?? personalKey(caller.user.id)) } : {}),
  });

  app.get(
    '/api/v1/data-files/connections',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            appId: { type: 'string', maxLength: 200 },
            includeSpaceStats: { type: 'boolean', default: false },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
            name: { type: 'string', maxLength: 200 },
            page: { type: 'string', maxLength: 4000 },
            personal: { type: 'boolean', default: false },
            sort: { type: 'string', maxLength: 50 },
            spaceId: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query as {
        includeSpaceStats: boolean;
        limit: number;
        name?: string;
        page?: string;
        personal: boolean;
        sort?: string;
        spaceId?: string;
      };
      const { descending } = parseSort(q.sort, ['spaceId'], 'spaceId', 'DF-002');
      const caller = request.caller;
      if (q.name && q.name.toLowerCase() !== 'datafiles') {
        const empty: GetConnectionsResponse = { data: [], links: pageLinks(request, {}) };
        return empty;
      }
      const page = files.listConnections({
        userId: caller.user.id,
        visible: visibleSpacesSql(filesPrincipal(caller), 's'),
        personal: q.personal,
        spaceId: q.spaceId,
        descending,
        limit: q.limit,
        ...(q.page ? decodePage(q.page) : {}),
      });
      const body: GetConnectionsResponse = {
        data: page.rows.map((row) => toConnection(row, caller, q.includeSpaceStats)),
        links: pageLinks(request, page),
      };
      return body;
    },
  );

  app.get('/api/v1/data-files/connections/:id', async (request) => {
    const { id } = request.params as { id: string };
    const caller = request.caller;
    if (id === personalConnectionId(caller.user.id)) {
      return toConnection(
        { id, space_id: null, connect_statement: PERSONAL_CONNECT_STATEMENT },
        caller,
        false,
      );
    }
    const row = files.connectionById(id);
    if (!row) throw notFound(`DataFiles connection ${id} was not found.`, { source: { parameter: 'id' } });
    if (!placeOfKey(row.space_id!, caller).read) {
      throw dfError(403, 'DF-013', `Access to the space of connection ${id} is forbidden.`);
    }
    return toConnection(row, caller, false);
  });

  app.get('/api/v1/data-files/:id', async (request) => {
    const { id } = request.params as { id: string };
    const { row, place } = readableRow(id, request.caller);
    return toDataFile(row, place, row.folder ? files.folderStats(row) : undefined);
  });

  const deleteRow = (row: DataFileRow, events: DataFileChange[]) => {
    const subtree = row.folder ? [row, ...files.descendants(row)] : [row];
    const inUse = subtree.find((r) => busy.has(r.id));
    if (inUse) throw locked(inUse.id);
    const removed = ctx.db.transaction(() => files.deleteTree(row))();
    blobs.release(
      removed.map((r) => r.sha256),
      files.isBlobReferenced,
    );
    for (const r of removed) events.push({ kind: 'deleted', file: r, db: ctx.db });
  };

  /** Moves a root item (and a folder's subtree) to another space; `ownerId` also hands it over. */
  const moveToPlace = (
    row: DataFileRow,
    target: Place,
    now: string,
    events: DataFileChange[],
    ownerId?: string,
  ) => {
    if (row.parent_id) {
      throw badRequest(
        `${row.name} is inside a folder; only items at the root of a space change space or owner.`,
      );
    }
    const inUse = [row, ...(row.folder ? files.descendants(row) : [])].find((r) => busy.has(r.id));
    if (inUse) throw locked(inUse.id);
    if (target.key === row.space_key && !ownerId) return;
    const existing = files.byName(target.key, row.name);
    if (existing && existing.id !== row.id) throw nameTaken(row.name);
    const pairs = commitWith(undefined, () =>
      files.moveTree(
        row,
        { key: target.key, spaceId: target.spaceId, name: row.name, parentId: null, ownerId },
        now,
      ),
    );
    if (target.key !== row.space_key) {
      for (const [before, after] of pairs)
        events.push({ kind: 'moved', file: after, previous: before, db: ctx.db });
    }
  };

  const changeSpace = (
    id: string,
    spaceId: string | null | undefined,
    caller: Caller,
    events: DataFileChange[],
  ) => {
    const { row, place } = readableRow(id, caller);
    requireWrite(place);
    const target = placeOfSpaceId(spaceId, row.owner_id, caller);
    requireWrite(target);
    moveToPlace(row, target, nowIso(), events);
  };

  void app.register(async (scope) => {
    await scope.register(multipart, {
      // Only File/file carries content; Json may arrive as a (blob) file part and is read as a field then.
      isPartAFile: (fieldName) => fieldName?.toLowerCase() === 'file',
      throwFileSizeLimit: true,
      limits: { fileSize: maxFileSize, fieldSize: 1024 * 1024, fields: 20, parts: 30 },
    });

    scope.post('/api/v1/data-files', async (request, reply) => {
      const caller = request.caller;
      const { json, temp } = await readMultipart(request);
      let committed = false;
      try {
        const isFolder = json.folder === true;
        if (json.folder !== undefined && typeof json.folder !== 'boolean') {
          throw badRequest('folder must be a boolean.', { source: { pointer: '/folder' } });
        }
        if (json.name === undefined) throw badRequest('name is required.', { source: { pointer: '/name' } });
        const connectionId = optionalString(json.connectionId, '/connectionId');
        const folderId = optionalString(json.folderId, '/folderId');
        const sourceId = optionalString(json.sourceId, '/sourceId');
        const tempContentFileId = optionalString(json.tempContentFileId, '/tempContentFileId');
        const appId = optionalString(json.appId, '/appId');
        if (isFolder && appId)
          throw badRequest('Folders cannot be bound to an app.', { source: { pointer: '/appId' } });
        const place = placeOfConnection(connectionId, caller);
        requireWrite(place);
        const parent = folderId ? folderIn(folderId, place, caller) : null;
        const relative = canonicalName(json.name);
        const name = parent ? `${parent.name}/${relative}` : relative;
        checkDepth(name);
        const internal = isFolder ? false : checkExtension(name);
        const sources = [temp, sourceId, tempContentFileId].filter(Boolean).length;
        if (isFolder && (temp || tempContentFileId)) {
          throw badRequest('A folder has no content: send no File part and no tempContentFileId.');
        }
        if (!isFolder && sources !== 1) {
          throw badRequest('Send exactly one of: a File part, sourceId or tempContentFileId.');
        }
        let source: DataFileRow | undefined;
        if (sourceId) {
          const found = files.byId(sourceId);
          if (!found || !placeOfKey(found.space_key, caller).read) {
            throw dfError(400, 'DF-017', `Source ${sourceId} was not found.`, 'sourceId');
          }
          if (Boolean(found.folder) !== isFolder) {
            throw dfError(
              400,
              'DF-018',
              'The source and the new item must both be files or both be folders.',
            );
          }
          source = found;
        }
        if (files.byName(place.key, name)) throw nameTaken(name);
        const content = tempContentFileId ? await importTemp(tempContentFileId, caller) : temp;
        const size = content?.size ?? (source && !source.folder ? source.size : 0);
        try {
          checkQuota(caller, size);
        } catch (error) {
          if (content !== temp) blobs.discard(content);
          throw error;
        }
        const now = nowIso();
        const events: DataFileChange[] = [];
        const row = commitWith(content, () => {
          const parents = files.ensureFolders(
            { key: place.key, spaceId: place.spaceId },
            parentPath(name),
            caller.user.id,
            now,
          );
          for (const created of parents.created) events.push({ kind: 'created', file: created, db: ctx.db });
          if (files.byName(place.key, name)) throw nameTaken(name);
          const inserted = files.insert(
            files.newRow({
              space_key: place.key,
              space_id: place.spaceId,
              name,
              parent_id: parents.folder?.id ?? null,
              folder: isFolder ? 1 : 0,
              internal: internal ? 1 : 0,
              size,
              sha256: content?.sha256 ?? source?.sha256 ?? null,
              owner_id: caller.user.id,
              app_id: appId ?? null,
              content_updated_date: isFolder ? null : now,
              now,
            }),
          );
          events.push({ kind: 'created', file: inserted, db: ctx.db });
          if (source?.folder) copyTree(source, inserted, place, caller, now, events, []);
          return inserted;
        });
        committed = true;
        emitDataFileChanges(events);
        return reply.code(201).send(toDataFile(row, place));
      } finally {
        if (!committed) blobs.discard(temp);
      }
    });

    scope.put('/api/v1/data-files/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      const caller = request.caller;
      const { row, place } = readableRow(id, caller);
      requireWrite(place);
      if (busy.has(id)) throw locked(id);
      busy.add(id);
      let temp: TempBlob | undefined;
      let committed = false;
      try {
        const parsed = await readMultipart(request);
        temp = parsed.temp;
        const json = parsed.json;
        const connectionId = optionalString(json.connectionId, '/connectionId');
        const folderId = optionalString(json.folderId, '/folderId');
        const sourceId = optionalString(json.sourceId, '/sourceId');
        const tempContentFileId = optionalString(json.tempContentFileId, '/tempContentFileId');
        const merge = json.folderMergeBehavior ?? 'merge';
        if (merge !== 'merge' && merge !== 'replace') {
          throw badRequest('folderMergeBehavior must be merge or replace.', {
            source: { pointer: '/folderMergeBehavior' },
          });
        }
        // An absent connectionId keeps the item where it is (a re-upload must not move it by accident).
        const target = connectionId === undefined ? place : placeOfConnection(connectionId, caller);
        requireWrite(target);
        const parent = folderId ? folderIn(folderId, target, caller) : null;
        let name: string;
        if (json.name !== undefined && json.name !== null) {
          const relative = canonicalName(json.name);
          name = parent ? `${parent.name}/${relative}` : relative;
        } else if (folderId) name = `${parent!.name}/${row.base_name}`;
        else if (folderId === null) name = row.base_name;
        else name = row.name;
        checkDepth(name);
        const subtree = row.folder ? files.descendants(row) : [];
        if (row.folder) {
          const deepest = subtree.reduce((d, r) => Math.max(d, depthOf(r.name)), depthOf(row.name));
          if (deepest - depthOf(row.name) + depthOf(name) > MAX_FOLDER_DEPTH) {
            throw dfError(400, 'DF-026', `Folders nest at most ${MAX_FOLDER_DEPTH} levels deep.`);
          }
          if (target.key === row.space_key && (name === row.name ? false : name.startsWith(`${row.name}/`))) {
            throw dfError(400, 'DF-019', 'A folder cannot be moved into itself or one of its subfolders.');
          }
        }
        const internal = row.folder ? false : checkExtension(name);
        if (subtree.some((r) => busy.has(r.id))) throw locked(id);
        const existing = files.byName(target.key, name);
        if (existing && existing.id !== row.id) throw nameTaken(name);
        if (row.folder && (temp || tempContentFileId)) {
          throw badRequest('A folder has no content: send no File part and no tempContentFileId.');
        }
        if ([temp, sourceId, tempContentFileId].filter(Boolean).length > 1) {
          throw badRequest('Send at most one of: a File part, sourceId or tempContentFileId.');
        }
        let source: DataFileRow | undefined;
        if (sourceId) {
          const found = files.byId(sourceId);
          if (!found || !placeOfKey(found.space_key, caller).read) {
            throw dfError(400, 'DF-017', `Source ${sourceId} was not found.`, 'sourceId');
          }
          if (found.folder !== row.folder) {
            throw dfError(400, 'DF-018', 'The source and the target must both be files or both be folders.');
          }
          if (
            row.folder &&
            (found.id === row.id || found.name.startsWith(`${row.name}/`)) &&
            found.space_key === row.space_key
          ) {
            throw dfError(400, 'DF-019', 'A folder cannot be copied into itself.');
          }
          source = found;
        }
        if (tempContentFileId) temp = await importTemp(tempContentFileId, caller);
        const newContent = temp
          ? { size: temp.size, sha256: temp.sha256 }
          : source && !source.folder
            ? source
            : undefined;
        if (newContent) checkQuota(caller, newContent.size, row.owner_id === caller.user.id ? row.size : 0);
        const now = nowIso();
        const events: DataFileChange[] = [];
        const released: (string | null)[] = [];
        const updated = commitWith(temp, () => {
          let current = row;
          const parentPathOfName = parentPath(name);
          const parents = files.ensureFolders(
            { key: target.key, spaceId: target.spaceId },
            parentPathOfName,
            caller.user.id,
            now,
          );
          for (const created of parents.created) events.push({ kind: 'created', file: created, db: ctx.db });
          const parentId = parents.folder?.id ?? null;
          if (name !== row.name || target.key !== row.space_key || parentId !== row.parent_id) {
            const kind = target.key !== row.space_key || parentId !== row.parent_id ? 'moved' : 'renamed';
            const pairs = files.moveTree(
              row,
              { key: target.key, spaceId: target.spaceId, name, parentId },
              now,
            );
            for (const [before, after] of pairs)
              events.push({ kind, file: after, previous: before, db: ctx.db });
            current = pairs[0]![1];
          }
          if (internal !== Boolean(current.internal)) {
            ctx.db
              .prepare('UPDATE data_files SET internal = ? WHERE id = ?')
              .run(internal ? 1 : 0, current.id);
            current = { ...current, internal: internal ? 1 : 0 };
          }
          if (newContent) {
            const previous = current;
            current = files.update({
              ...current,
              size: newContent.size,
              sha256: newContent.sha256,
              owner_id: caller.user.id,
              modified_date: now,
              content_updated_date: now,
            });
            released.push(previous.sha256);
            events.push({ kind: 'replaced', file: current, previous, db: ctx.db });
          }
          if (source?.folder) {
            if (merge === 'replace') {
              for (const child of files.descendants(current).reverse()) {
                files.deleteTree(child).forEach((r) => {
                  released.push(r.sha256);
                  events.push({ kind: 'deleted', file: r, db: ctx.db });
                });
              }
            }
            copyTree(source, current, target, caller, now, events, released);
          }
          return current;
        });
        committed = true;
        blobs.release(released, files.isBlobReferenced);
        emitDataFileChanges(events);
        return reply.code(201).send(toDataFile(updated, target));
      } finally {
        busy.delete(id);
        if (!committed) blobs.discard(temp);
      }
    });
  });

  app.delete('/api/v1/data-files/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const { row, place } = readableRow(id, request.caller);
    requireWrite(place);
    const events: DataFileChange[] = [];
    deleteRow(row, events);
    emitDataFileChanges(events);
    return reply.code(204).send();
  });

  app.post(
    '/api/v1/data-files/:id/actions/change-owner',
    {
      schema: {
        body: {
          type: 'object',
          required: ['ownerId'],
          properties: { ownerId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { ownerId } = request.body as { ownerId: string };
      const caller = request.caller;
      const { row, place } = readableRow(id, caller);
      if (!place.manage) {
        throw forbidden(
          'Changing the owner of a data file needs Can manage in its space, or a tenant admin.',
          {
            meta: { reason: 'role' },
          },
        );
      }
      const owner = ctx.identities.userById(ownerId);
      if (!owner) throw dfError(400, 'DF-006', `User ${ownerId} was not found.`);
      const events: DataFileChange[] = [];
      const now = nowIso();
      if (!row.space_id) {
        // in a personal space the owner is the space: the item moves to the new owner's personal space
        moveToPlace(row, personalPlace(ownerId, caller), now, events, ownerId);
      } else {
        if (busy.has(row.id)) throw locked(row.id);
        files.update({ ...row, owner_id: ownerId, modified_date: now });
      }
      emitDataFileChanges(events);
      return reply.code(204).send();
    },
  );

  const spaceIdSchema = { type: ['string', 'null'], maxLength: 200 } as const;
  app.post(
    '/api/v1/data-files/:id/actions/change-space',
    { schema: { body: { type: 'object', properties: { spaceId: spaceIdSchema } } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const events: DataFileChange[] = [];
      changeSpace(id, (request.body as { spaceId?: string | null }).spaceId, request.caller, events);
      emitDataFileChanges(events);
      return reply.code(204).send();
    },
  );

  /** One 207 item per operation; ApiErrors become that item's status, anything else a 500 item. */
  const runItem = (id: string, run: () => void): MultiStatusResponseItem => {
    try {
      run();
      return { id, status: 204, code: 'HTTP-204', title: 'No Content' };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const item = error.items[0]!;
      return {
        id,
        status: error.status,
        code: item.code as ErrorCode,
        title: item.title,
        detail: item.detail,
      };
    }
  };

  app.post(
    '/api/v1/data-files/actions/change-space',
    {
      schema: {
        body: {
          type: 'object',
          required: ['change-space'],
          properties: {
            'change-space': {
              type: 'array',
              maxItems: 1000,
              items: {
                type: 'object',
                required: ['id'],
                properties: { id: { type: 'string', maxLength: 200 }, spaceId: spaceIdSchema },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { 'change-space': { id: string; spaceId?: string | null }[] };
      const events: DataFileChange[] = [];
      const data = body['change-space'].map((item) =>
        runItem(item.id, () => changeSpace(item.id, item.spaceId, request.caller, events)),
      );
      emitDataFileChanges(events);
      const result: MultiStatusResponse = { data };
      return reply.code(207).send(result);
    },
  );

  app.post(
    '/api/v1/data-files/actions/delete',
    {
      schema: {
        body: {
          type: 'object',
          // DataFileBatchDeleteRequest: `delete` is required (it may be empty beside deleteAllBySpace).
          required: ['delete'],
          properties: {
            delete: {
              type: 'array',
              maxItems: 1000,
              items: {
                type: 'object',
                required: ['id'],
                properties: { id: { type: 'string', maxLength: 200 } },
              },
            },
            deleteAllBySpace: {
              type: ['array', 'null'],
              maxItems: 100,
              items: {
                type: 'object',
                required: ['id'],
                properties: { id: { type: 'string', maxLength: 200 } },
              },
            },
            deleteAllFromPersonalSpace: { type: ['boolean', 'null'] },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body as {
        delete: { id: string }[];
        deleteAllBySpace?: { id: string }[] | null;
        deleteAllFromPersonalSpace?: boolean | null;
      };
      const caller = request.caller;
      const events: DataFileChange[] = [];
      const data: MultiStatusResponseItem[] = [];
      for (const item of body.delete) {
        data.push(
          runItem(item.id, () => {
            const { row, place } = readableRow(item.id, caller);
            requireWrite(place);
            // already gone with a folder deleted earlier in this batch
            if (files.byId(row.id)) deleteRow(row, events);
          }),
        );
      }
      const deleteRoots = (place: Place) => {
        const roots = ctx.db
          .prepare('SELECT * FROM data_files WHERE space_key = ? AND parent_id IS NULL')
          .all(place.key) as DataFileRow[];
        for (const root of roots) deleteRow(root, events);
      };
      for (const item of body.deleteAllBySpace ?? []) {
        data.push(
          runItem(item.id, () => {
            const place = placeOfSpaceId(item.id, caller.user.id, caller);
            requireWrite(place);
            deleteRoots(place);
          }),
        );
      }
      if (body.deleteAllFromPersonalSpace) {
        data.push(
          runItem(personalConnectionId(caller.user.id), () =>
            deleteRoots(personalPlace(caller.user.id, caller)),
          ),
        );
      }
      emitDataFileChanges(events);
      const result: MultiStatusResponse = { data };
      return reply.code(207).send(result);
    },
  );
}
