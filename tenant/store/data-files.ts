import { createHash } from 'node:crypto';
import type { FolderStatsResponse } from '@qlik/api/data-files';
import type { Db } from './db';
import {
  keysetPage,
  keysetSql,
  type KeysetOptions,
  type KeysetPage,
  type SortValue,
} from '../http/pagination';
import { visibleSpacesSql, type SpacePrincipal } from './spaces';
import { SYSTEM_RUNTIME, type Runtime } from '../runtime';

/** One data file or folder. `space_key` is the space id, or `personal:<userId>` for a personal space. */
export interface DataFileRow {
  id: string;
  space_key: string;
  space_id: string | null;
  /** Full name including the folder path (`a/b/file.csv`). */
  name: string;
  base_name: string;
  parent_id: string | null;
  folder: 0 | 1;
  /** System file (allowedInternalExtensions): hidden from lists unless asked for. */
  internal: 0 | 1;
  size: number;
  /** Content address in the blob store; null for folders. */
  sha256: string | null;
  owner_id: string;
  app_id: string | null;
  created_date: string;
  modified_date: string;
  content_updated_date: string | null;
}

export const PERSONAL_PREFIX = 'personal:';
export const personalKey = (userId: string) => `${PERSONAL_PREFIX}${userId}`;
export const spaceKeyOf = (spaceId: string | null, personalUserId: string) =>
  spaceId ?? personalKey(personalUserId);
export const personalUserOf = (spaceKey: string) =>
  spaceKey.startsWith(PERSONAL_PREFIX) ? spaceKey.slice(PERSONAL_PREFIX.length) : undefined;

/**
 * The id of a user's personal-space DataFiles connection. Qlik has one per user; here it is derived from the user
 * id (UUID-shaped, stable across restarts) instead of being stored, since nothing about it can change.
 */
export function personalConnectionId(userId: string): string {
  const hex = createHash('sha256').update(`personal-datafiles:${userId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
export const PERSONAL_CONNECT_STATEMENT = 'CUSTOM CONNECT TO "provider=qix-datafiles.exe;path=mydatafiles;"';

/** `a/b/c.csv` → `a/b`; null at the root. */
export const parentPath = (name: string): string | null =>
  name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : null;
export const baseNameOf = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/** SQL range that selects every descendant of folder `name` through the (space_key, name) index. */
const DESCENDANTS = (alias: string) => `${alias}.name > ? AND ${alias}.name < ?`;
const descendantBounds = (name: string) => [`${name}/`, `${name}0`]; // '0' is the character after '/'

export type DataFileSort = 'name' | 'size' | 'modifiedDate' | 'folder' | 'baseName';
export const DATA_FILE_SORTS: Record<DataFileSort, { column: string; value: (r: DataFileRow) => SortValue }> =
  {
    name: { column: 'f.name', value: (r) => r.name },
    baseName: { column: 'f.base_name', value: (r) => r.base_name },
    size: { column: 'f.size', value: (r) => r.size },
    modifiedDate: { column: 'f.modified_date', value: (r) => r.modified_date },
    // files (0) before folders (1) ascending, by name within each group
    folder: { column: "f.folder || '/' || f.name", value: (r) => `${r.folder}/${r.name}` },
  };

export interface DataFileQuery {
  /** Where to look: one space, or any row matching a visibility condition on alias `f`. */
  where: { sql: string; params: unknown[] }[];
  /** Folder to list under; null = the space root. Only with a single space. */
  under?: DataFileRow | null;
  directOnly: boolean;
  files: boolean;
  folders: boolean;
  name?: string;
  /** `*` and `?` wildcards on the base name, case-insensitive. */
  baseNameWildcard?: string;
  ownerId?: string;
  notOwnerId?: string;
  /** undefined = files bound to no app; '*' = every app-bound file; else that app's files. */
  appId?: string;
  allowInternal: boolean;
  sort: DataFileSort;
  descending: boolean;
  limit: number;
  after?: { v: SortValue; id: string };
  before?: { v: SortValue; id: string };
}

const EMPTY_STATS: FolderStatsResponse = {
  aggregateAppScopedFileSize: 0,
  aggregateFileSize: 0,
  aggregateInternalFileSize: 0,
  directAppScopedFileCount: 0,
  directFileCount: 0,
  directFolderCount: 0,
  directInternalFileCount: 0,
  totalAppScopedFileCount: 0,
  totalFileCount: 0,
  totalFolderCount: 0,
  totalInternalFileCount: 0,
};
export const emptyFolderStats = (): FolderStatsResponse => ({ ...EMPTY_STATS });

const STATS_COLUMNS = `
  COALESCE(SUM(folder = 0 AND internal = 0 AND app_id IS NULL), 0) AS totalFileCount,
  COALESCE(SUM(folder = 0 AND internal = 0 AND app_id IS NULL AND parent_id IS @parent), 0) AS directFileCount,
  COALESCE(SUM(folder = 1), 0) AS totalFolderCount,
  COALESCE(SUM(folder = 1 AND parent_id IS @parent), 0) AS directFolderCount,
  COALESCE(SUM(CASE WHEN folder = 0 AND internal = 0 AND app_id IS NULL THEN size ELSE 0 END), 0) AS aggregateFileSize,
  COALESCE(SUM(folder = 0 AND internal = 1), 0) AS totalInternalFileCount,
  COALESCE(SUM(folder = 0 AND internal = 1 AND parent_id IS @parent), 0) AS directInternalFileCount,
  COALESCE(SUM(CASE WHEN folder = 0 AND internal = 1 THEN size ELSE 0 END), 0) AS aggregateInternalFileSize,
  COALESCE(SUM(folder = 0 AND internal = 0 AND app_id IS NOT NULL), 0) AS totalAppScopedFileCount,
  COALESCE(SUM(folder = 0 AND internal = 0 AND app_id IS NOT NULL AND parent_id IS @parent), 0) AS directAppScopedFileCount,
  COALESCE(SUM(CASE WHEN folder = 0 AND internal = 0 AND app_id IS NOT NULL THEN size ELSE 0 END), 0) AS aggregateAppScopedFileSize`;

/** Escapes LIKE's own wildcards, then maps Qlik's `*` / `?` onto them. */
export function wildcardToLike(pattern: string): string {
  return pattern
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

/**
 * The data-files repository of a database: files and folders of every space and personal space, and the DataFiles
 * connections the data-files service lists. The tenant builds it once, in createContext; tests that inspect a
 * database build their own.
 */
export function dataFilesStore(db: Db, runtime: Runtime = SYSTEM_RUNTIME) {
  const { ids } = runtime;
  const byId = db.prepare('SELECT * FROM data_files WHERE id = ?');
  const byName = db.prepare('SELECT * FROM data_files WHERE space_key = ? AND name = ? COLLATE NOCASE');
  const insert = db.prepare(
    `INSERT INTO data_files (id, space_key, space_id, name, base_name, parent_id, folder, internal, size, sha256, owner_id,
       app_id, created_date, modified_date, content_updated_date)
     VALUES (@id, @space_key, @space_id, @name, @base_name, @parent_id, @folder, @internal, @size, @sha256, @owner_id,
       @app_id, @created_date, @modified_date, @content_updated_date)`,
  );
  const update = db.prepare(
    `UPDATE data_files SET space_key = @space_key, space_id = @space_id, name = @name, base_name = @base_name,
       parent_id = @parent_id, size = @size, sha256 = @sha256, owner_id = @owner_id, app_id = @app_id,
       modified_date = @modified_date, content_updated_date = @content_updated_date
     WHERE id = @id`,
  );
  const descendants = db.prepare(
    `SELECT * FROM data_files f WHERE f.space_key = ? AND ${DESCENDANTS('f')} ORDER BY f.name`,
  );
  const remove = db.prepare('DELETE FROM data_files WHERE id = ?');
  const shaUse = db.prepare('SELECT 1 FROM data_files WHERE sha256 = ? LIMIT 1');
  const usage = db.prepare(
    'SELECT COALESCE(SUM(size), 0) AS n FROM data_files WHERE owner_id = ? AND folder = 0',
  );
  const inSpace = db.prepare('SELECT COUNT(*) AS n FROM data_files WHERE space_id = ?');
  const folderStatsStmt = db.prepare(
    `SELECT ${STATS_COLUMNS} FROM data_files WHERE space_key = @key AND name > @lo AND name < @hi`,
  );
  const spaceStatsStmt = db.prepare(`SELECT ${STATS_COLUMNS} FROM data_files WHERE space_key = @key`);
  const roots = db.prepare('SELECT * FROM data_files WHERE space_key = ? AND parent_id IS NULL');
  const setInternal = db.prepare('UPDATE data_files SET internal = ? WHERE id = ?');
  const connectionById = db.prepare(DATAFILES_CONNECTION_BY_ID);
  const connectionOfSpace = db.prepare(DATAFILES_CONNECTION_OF_SPACE);

  const store = {
    byId: (id: string) => byId.get(id) as DataFileRow | undefined,
    /** Names are unique per space regardless of case. */
    byName: (spaceKey: string, name: string) => byName.get(spaceKey, name) as DataFileRow | undefined,
    /** Every item below a folder, parents before children. */
    descendants: (folder: Pick<DataFileRow, 'space_key' | 'name'>) =>
      descendants.all(folder.space_key, ...descendantBounds(folder.name)) as DataFileRow[],
    isBlobReferenced: (sha256: string) => shaUse.get(sha256) !== undefined,
    referencedBlobs: () =>
      new Set(
        db
          .prepare('SELECT DISTINCT sha256 FROM data_files WHERE sha256 IS NOT NULL')
          .pluck()
          .all() as string[],
      ),
    /** The items at the root of a space. */
    roots: (spaceKey: string) => roots.all(spaceKey) as DataFileRow[],
    /** The spaces (and personal spaces) holding files: where a file's secure QRI may point. */
    fileSpaces: () =>
      db.prepare('SELECT DISTINCT space_key, space_id FROM data_files WHERE folder = 0').all() as Pick<DataFileRow, 'space_key' | 'space_id'>[],
    /** Every file (no folders) of a space. */
    filesIn: (spaceKey: string) =>
      db.prepare('SELECT * FROM data_files WHERE space_key = ? AND folder = 0').all(spaceKey) as DataFileRow[],
    /** Bytes of file content the user uploaded last (Qlik's quota `size`). */
    usageOf: (userId: string) => (usage.get(userId) as { n: number }).n,
    countInSpace: (spaceId: string) => (inSpace.get(spaceId) as { n: number }).n,

    insert(row: DataFileRow): DataFileRow {
      insert.run(row);
      return row;
    },
    update(row: DataFileRow): DataFileRow {
      update.run(row);
      return row;
    },
    /** Whether a file is a system file (its extension decides; a rename can change it). */
    setInternal(row: DataFileRow, internal: boolean): DataFileRow {
      setInternal.run(internal ? 1 : 0, row.id);
      return { ...row, internal: internal ? 1 : 0 };
    },

    /** A new row's defaults. */
    newRow(
      input: Omit<DataFileRow, 'id' | 'base_name' | 'created_date' | 'modified_date'> & {
        now: string;
        id?: string;
      },
    ): DataFileRow {
      const { now, ...rest } = input;
      return {
        ...rest,
        id: input.id ?? ids.uuid(),
        base_name: baseNameOf(input.name),
        created_date: now,
        modified_date: now,
      };
    },

    /**
     * Makes sure every folder of `path` exists in the space (creating the missing ones, owned by `ownerId`) and
     * returns the deepest one with the rows it created. Returns null for the root. Throws `NotAFolderError` when a
     * segment names a file. Run inside the caller's transaction.
     */
    ensureFolders(
      space: { key: string; spaceId: string | null },
      path: string | null,
      ownerId: string,
      now: string,
    ): { folder: DataFileRow | null; created: DataFileRow[] } {
      const created: DataFileRow[] = [];
      if (!path) return { folder: null, created };
      let parent: DataFileRow | null = null;
      let prefix = '';
      for (const segment of path.split('/')) {
        const name: string = prefix ? `${prefix}/${segment}` : segment;
        let row = store.byName(space.key, name);
        if (row && !row.folder) throw new NotAFolderError(row);
        if (!row) {
          row = store.insert(
            store.newRow({
              space_key: space.key,
              space_id: space.spaceId,
              name,
              parent_id: parent?.id ?? null,
              folder: 1,
              internal: 0,
              size: 0,
              sha256: null,
              owner_id: ownerId,
              app_id: null,
              content_updated_date: null,
              now,
            }),
          );
          created.push(row);
        }
        parent = row;
        prefix = row.name;
      }
      return { folder: parent, created };
    },

    /** Deletes an item and, for a folder, everything below it; returns the rows, children first. */
    deleteTree(row: DataFileRow): DataFileRow[] {
      const rows = row.folder ? [row, ...store.descendants(row)] : [row];
      // deepest first, so no statement ever leaves a child pointing at a deleted parent
      const ordered = rows.sort((a, b) => b.name.split('/').length - a.name.split('/').length);
      for (const r of ordered) remove.run(r.id);
      return ordered;
    },

    /**
     * Renames and/or moves an item (and a folder's whole subtree) to `target`. Returns [before, after] pairs,
     * parents first. Run inside the caller's transaction, after checking for name collisions.
     */
    moveTree(
      row: DataFileRow,
      target: {
        key: string;
        spaceId: string | null;
        name: string;
        parentId: string | null;
        ownerId?: string;
      },
      now: string,
    ): [DataFileRow, DataFileRow][] {
      const pairs: [DataFileRow, DataFileRow][] = [];
      const subtree = row.folder ? store.descendants(row) : [];
      const moved: DataFileRow = {
        ...row,
        space_key: target.key,
        space_id: target.spaceId,
        name: target.name,
        base_name: baseNameOf(target.name),
        parent_id: target.parentId,
        owner_id: target.ownerId ?? row.owner_id,
        modified_date: now,
      };
      store.update(moved);
      pairs.push([row, moved]);
      for (const child of subtree) {
        const name = target.name + child.name.slice(row.name.length);
        const next: DataFileRow = {
          ...child,
          space_key: target.key,
          space_id: target.spaceId,
          name,
          base_name: baseNameOf(name),
          owner_id: target.ownerId ?? child.owner_id,
          modified_date: now,
        };
        store.update(next);
        pairs.push([child, next]);
      }
      return pairs;
    },

    folderStats(folder: DataFileRow): FolderStatsResponse {
      const [lo, hi] = descendantBounds(folder.name);
      return folderStatsStmt.get({ key: folder.space_key, lo, hi, parent: folder.id }) as FolderStatsResponse;
    },
    spaceStats(spaceKey: string): FolderStatsResponse {
      return spaceStatsStmt.get({ key: spaceKey, parent: null }) as FolderStatsResponse;
    },

    /** A space's DataFiles connection by its id (the personal one has no row; see personalConnectionId). */
    connectionById: (id: string) => connectionById.get(id) as DataFilesConnectionRow | undefined,
    connectionOfSpace: (spaceId: string) => connectionOfSpace.get(spaceId) as DataFilesConnectionRow | undefined,
    /** One page of the DataFiles connections a user sees: their personal one, then one per visible space. */
    listConnections: (o: DataFilesConnectionsQuery) => listDataFilesConnections(db, o),

    /**
     * One keyset page of items in one space, or across the spaces a principal sees plus the personal spaces named
     * (see visibleFilesSql).
     */
    listIn: (scope: DataFileScope, q: Omit<DataFileQuery, 'where'>): KeysetPage<DataFileRow> =>
      keysetPage(
        listOptions({
          ...q,
          where: [
            'spaceKey' in scope
              ? { sql: 'f.space_key = ?', params: [scope.spaceKey] }
              : visibleFilesSql(db, scope.principal, scope.personalKeys),
          ],
        }),
      ),

    /** One keyset page of items. */
    list: (q: DataFileQuery): KeysetPage<DataFileRow> => keysetPage(listOptions(q)),
    /** The statement `list` runs, to check its query plan. */
    listSql: (q: DataFileQuery) => keysetSql(listOptions(q)),
  };

  function listOptions(q: DataFileQuery): KeysetOptions<DataFileRow> {
    const where = q.where.map((w) => w.sql);
    const params = q.where.flatMap((w) => w.params);
    if (q.under !== undefined) {
      if (q.under === null) {
        if (q.directOnly) where.push('f.parent_id IS NULL');
      } else if (q.directOnly) {
        where.push('f.parent_id = ?');
        params.push(q.under.id);
      } else {
        where.push(`f.space_key = ? AND ${DESCENDANTS('f')}`);
        params.push(q.under.space_key, ...descendantBounds(q.under.name));
      }
    }
    if (!q.files && !q.folders) where.push('0');
    else if (!q.files) where.push('f.folder = 1');
    else if (!q.folders) where.push('f.folder = 0');
    if (q.name !== undefined) {
      where.push('f.name = ?');
      params.push(q.name);
    }
    if (q.baseNameWildcard !== undefined) {
      where.push("f.base_name LIKE ? ESCAPE '\\'");
      params.push(wildcardToLike(q.baseNameWildcard));
    }
    if (q.ownerId !== undefined) {
      where.push('f.owner_id = ?');
      params.push(q.ownerId);
    }
    if (q.notOwnerId !== undefined) {
      where.push('f.owner_id <> ?');
      params.push(q.notOwnerId);
    }
    if (q.appId === undefined) where.push('f.app_id IS NULL');
    else if (q.appId === '*') where.push('f.app_id IS NOT NULL');
    else {
      where.push('f.app_id = ?');
      params.push(q.appId);
    }
    if (!q.allowInternal) where.push('f.internal = 0');
    const sort = DATA_FILE_SORTS[q.sort];
    return {
      db,
      select: 'SELECT f.* FROM data_files f',
      where,
      params,
      sortColumn: sort.column,
      sortValue: sort.value,
      idColumn: 'f.id',
      idValue: (r) => r.id,
      descending: q.descending,
      limit: q.limit,
      after: q.after,
      before: q.before,
    };
  }
  return store;
}

/**
 * The rows (alias `f`) of a listing across spaces: the personal spaces named and every space the principal sees.
 * Phrased for the plan SQLite should pick. An admin's list walks the sort index and stops at the limit, with no
 * look-up of spaces at all. A caller who sees a fair share of the spaces does the same, testing each row against
 * their spaces (no index on space_id, so SQLite cannot seek through it instead). A caller who sees only a few
 * seeks the (space_key, …) indexes of just those spaces (space_key is the space id there) and sorts what it
 * finds: walking the sort index would read past thousands of rows they may not see.
 */
export function visibleFilesSql(
  db: Db,
  principal: SpacePrincipal,
  personalKeys: readonly string[],
): { sql: string; params: unknown[] } {
  const keys = personalKeys.map(() => '?').join(', ');
  if (principal.seesAll && !principal.types) {
    // The foreign key makes every non-null space_id an existing space, and this principal sees them all.
    return { sql: `(f.space_key IN (${keys}) OR f.space_id IS NOT NULL)`, params: [...personalKeys] };
  }
  const visible = visibleSpacesSql(principal, 's');
  const seen = db
    .prepare(`SELECT COUNT(*) FROM spaces s WHERE ${visible.sql}`)
    .pluck()
    .get(...visible.params) as number;
  const all = db.prepare('SELECT COUNT(*) FROM spaces').pluck().get() as number;
  if (seen * FEW_SPACES_SHARE >= all) {
    return {
      sql: `(f.space_key IN (${keys}) OR f.space_id IN (SELECT s.id FROM spaces s WHERE ${visible.sql}))`,
      params: [...personalKeys, ...visible.params],
    };
  }
  return {
    sql: `f.space_key IN (${personalKeys.map(() => 'SELECT ? UNION ALL ').join('')}SELECT s.id FROM spaces s WHERE ${visible.sql})`,
    params: [...personalKeys, ...visible.params],
  };
}
/** Seeing fewer than 1 in this many spaces counts as few (see visibleFilesSql). */
const FEW_SPACES_SHARE = 20;

/** A path segment that should be a folder names a file. */
export class NotAFolderError extends Error {
  constructor(readonly row: DataFileRow) {
    super(`${row.name} is a file, not a folder.`);
  }
}

export type DataFilesStore = ReturnType<typeof dataFilesStore>;

// -------------------------------------------------------------------------------------------------------------
// DataFiles connections as the data-files service lists them: the caller's personal one plus one per space.
// The space connections live in the data-connections table (owned by the spaces repository).

export interface DataFilesConnectionRow {
  id: string;
  space_id: string | null;
  connect_statement: string;
  /** Sort key: '' for the personal connection (it sorts first), else the space id. */
  sort_key: string;
}

const DATAFILES_CONNECTION_BY_ID = `SELECT id, space_id, connect_statement, space_id AS sort_key FROM data_connections
  WHERE id = ? AND is_datafiles = 1 AND space_id IS NOT NULL`;
const DATAFILES_CONNECTION_OF_SPACE = `SELECT id, space_id, connect_statement, space_id AS sort_key FROM data_connections
  WHERE space_id = ? AND is_datafiles = 1`;

/** A space's DataFiles connection, read straight from a database (tests; the tenant asks its store). */
export function dataFilesConnectionOfSpace(db: Db, spaceId: string): DataFilesConnectionRow | undefined {
  return db.prepare(DATAFILES_CONNECTION_OF_SPACE).get(spaceId) as DataFilesConnectionRow | undefined;
}

/** Where a listing looks: one space (or personal space), or everything a principal sees. */
export type DataFileScope = { spaceKey: string } | { principal: SpacePrincipal; personalKeys: readonly string[] };

interface DataFilesConnectionsQuery {
  userId: string;
  principal: SpacePrincipal;
  personal?: boolean;
  spaceId?: string;
  descending: boolean;
  limit: number;
  after?: { v: SortValue; id: string };
  before?: { v: SortValue; id: string };
}

function listDataFilesConnections(db: Db, o: DataFilesConnectionsQuery): KeysetPage<DataFilesConnectionRow> {
  const visible = visibleSpacesSql(o.principal, 's');
  const select = `SELECT x.* FROM (
      SELECT ? AS id, NULL AS space_id, ? AS connect_statement, '' AS sort_key
      UNION ALL
      SELECT c.id, c.space_id, c.connect_statement, c.space_id AS sort_key
        FROM data_connections c JOIN spaces s ON s.id = c.space_id
        WHERE c.is_datafiles = 1 AND ${visible.sql}
    ) x`;
  const where: string[] = [];
  const params: unknown[] = [personalConnectionId(o.userId), PERSONAL_CONNECT_STATEMENT, ...visible.params];
  if (o.personal) where.push('x.space_id IS NULL');
  if (o.spaceId !== undefined) {
    where.push('x.space_id = ?');
    params.push(o.spaceId);
  }
  return keysetPage<DataFilesConnectionRow>({
    db,
    select,
    where,
    params,
    sortColumn: 'x.sort_key',
    sortValue: (r) => r.sort_key,
    idColumn: 'x.id',
    idValue: (r) => r.id,
    descending: o.descending,
    limit: o.limit,
    after: o.after,
    before: o.before,
  });
}

// -------------------------------------------------------------------------------------------------------------
// temp-contents: uploads kept for a TTL, imported into data files by id. Content lives in <dataDir>/temp-contents.

export interface TempContentRow {
  id: string;
  kind: 'simple' | 'tus';
  name: string;
  creator_id: string;
  /** Bytes declared (tus Upload-Length) or written (simple upload). */
  size: number;
  complete: 0 | 1;
  ttl_seconds: number;
  created_at: string;
  updated_at: string;
  expires_at: string;
  /** Content removed after expiry; the row stays a while so that the id answers 410, not 404. */
  purged: 0 | 1;
}

/** The temp-contents repository of a database; the tenant builds it once, in createContext. */
export function tempContentsStore(db: Db) {
  const byId = db.prepare('SELECT * FROM temp_contents WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO temp_contents (id, kind, name, creator_id, size, complete, ttl_seconds, created_at, updated_at, expires_at)
     VALUES (@id, @kind, @name, @creator_id, @size, @complete, @ttl_seconds, @created_at, @updated_at, @expires_at)`,
  );
  return {
    byId: (id: string) => byId.get(id) as TempContentRow | undefined,
    insert: (row: Omit<TempContentRow, 'purged'>) => insert.run(row),
    remove: (id: string) => db.prepare('DELETE FROM temp_contents WHERE id = ?').run(id),
    touch: (id: string, now: string) =>
      db.prepare('UPDATE temp_contents SET updated_at = ? WHERE id = ?').run(now, id),
    complete: (id: string, size: number, now: string) =>
      db
        .prepare('UPDATE temp_contents SET complete = 1, size = ?, updated_at = ? WHERE id = ?')
        .run(size, now, id),
    /** Rows past their expiry whose content is still on disk. */
    expired: (now: string) =>
      db
        .prepare('SELECT * FROM temp_contents WHERE purged = 0 AND expires_at <= ?')
        .all(now) as TempContentRow[],
    markPurged: (id: string) => db.prepare('UPDATE temp_contents SET purged = 1 WHERE id = ?').run(id),
    /** Forgets expired ids for good once `before` has passed. */
    forget: (before: string) =>
      db.prepare('DELETE FROM temp_contents WHERE purged = 1 AND expires_at < ?').run(before),
    /** tus uploads not marked complete (a crash can leave every byte on disk with the row still incomplete). */
    unfinishedTus: () =>
      db
        .prepare("SELECT id, size FROM temp_contents WHERE kind = 'tus' AND complete = 0 AND purged = 0")
        .all() as { id: string; size: number }[],
    liveIds: () =>
      new Set(db.prepare('SELECT id FROM temp_contents WHERE purged = 0').pluck().all() as string[]),
  };
}

export type TempContentsStore = ReturnType<typeof tempContentsStore>;
