import type { Db } from './db';
import type { SortValue } from '../http/pagination';
import { SYSTEM_RUNTIME, type Runtime } from '../runtime';
import { visibleSpacesSql, type SpacePrincipal } from './spaces';
import { personalKey, type DataFileRow } from './data-files';

/**
 * The catalog's SQL: the DataFilesStore (migration 2), one data asset per space (kept by the spaces repository)
 * plus one "Personal" asset per user (created here with the user's first personal data set), and one data set
 * per data file (migration 4). A data set's owner is always its file's owner, read through a join, so that a
 * change of owner needs no event.
 */

export const DATA_FILES_APP_TYPE = 'QIX-DF';
export const PERSONAL_ASSET_NAME = 'Personal';

export interface DataStoreRow {
  id: string;
  name: string;
  technical_name: string;
  type: string;
  created_time: string;
  last_modified_time: string;
}

export interface DataAssetRow {
  id: string;
  name: string;
  technical_name: string;
  space_id: string | null;
  app_type: string;
  data_store_id: string;
  owner_id: string | null;
  created_by: string | null;
  created_time: string;
  last_modified_by: string | null;
  last_modified_time: string;
  version: number;
}

export type ProfileStatus = 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED';

/** A data set as stored (`owner_id` comes from the file). JSON columns hold @qlik/api shapes. */
export interface DataSetRow {
  id: string;
  item_id: string;
  file_id: string;
  data_asset_id: string;
  space_key: string;
  space_id: string | null;
  name: string;
  technical_name: string;
  type: string;
  description: string;
  tags: string;
  properties: string;
  connection_id: string | null;
  created_by: string;
  created_time: string;
  last_modified_by: string;
  last_modified_time: string;
  version: number;
  sha256: string | null;
  size: number;
  content_updated: string | null;
  generation: number;
  profile_status: ProfileStatus;
  row_count: number | null;
  schema_json: string | null;
  additional_schemas_json: string | null;
  profile_json: string | null;
  inferred_time: string | null;
}

export type StoredDataSet = Omit<DataSetRow, 'owner_id'>;

/** A field as a schema version keeps it: what a re-upload can change. */
export interface SchemaVersionField {
  name: string;
  type: string;
}

/** One schema version of a data set: the fields of one content of its file (one `generation`). */
export interface SchemaVersionRow {
  data_set_id: string;
  generation: number;
  version: number;
  created_by: string;
  created_time: string;
  row_count: number | null;
  size: number;
  /** JSON SchemaVersionField[] */
  fields: string;
}
export type DataSetWithOwner = DataSetRow & { owner_id: string };

/** Who the catalog answers: space rights as everywhere, and personal content for its user only. */
export type CatalogPrincipal = Pick<SpacePrincipal, 'userId' | 'groupIds' | 'seesAll' | 'managesAll'>;

/** SQL condition on a row with `space_key`/`space_id` columns (alias given) that the principal may read. */
export function visibleSetsSql(
  principal: CatalogPrincipal,
  alias: string,
): { sql: string; params: unknown[] } {
  const spaces = visibleSpacesSql(principal, 's');
  return {
    sql: `(${alias}.space_key = ? OR ${alias}.space_id IN (SELECT s.id FROM spaces s WHERE ${spaces.sql}))`,
    params: [personalKey(principal.userId), ...spaces.params],
  };
}

/** SQL condition on data assets (alias given) that the principal may read. */
export function visibleAssetsSql(
  principal: CatalogPrincipal,
  alias: string,
): { sql: string; params: unknown[] } {
  const spaces = visibleSpacesSql(principal, 's');
  return {
    sql: `((${alias}.space_id IS NULL AND ${alias}.owner_id = ?) OR ${alias}.space_id IN (SELECT s.id FROM spaces s WHERE ${spaces.sql}))`,
    params: [principal.userId, ...spaces.params],
  };
}

export interface SortKey {
  column: string;
  descending: boolean;
}

export interface OffsetPage<Row> {
  rows: Row[];
  total: number;
}

export const DATA_SET_SORTS: Record<string, string> = {
  name: 'ds.name COLLATE NOCASE',
  technicalName: 'ds.technical_name COLLATE NOCASE',
  createdTime: 'ds.created_time',
  lastModifiedTime: 'ds.last_modified_time',
  type: 'ds.type',
  version: 'ds.version',
  spaceId: 'ds.space_id',
  id: 'ds.id',
};
export const DATA_ASSET_SORTS: Record<string, string> = {
  name: 'a.name COLLATE NOCASE',
  technicalName: 'a.technical_name COLLATE NOCASE',
  createdTime: 'a.created_time',
  lastModifiedTime: 'a.last_modified_time',
  spaceId: 'a.space_id',
  id: 'a.id',
};
export const DATA_STORE_SORTS: Record<string, string> = {
  name: 'd.name COLLATE NOCASE',
  technicalName: 'd.technical_name COLLATE NOCASE',
  type: 'd.type',
  createdTime: 'd.created_time',
  lastModifiedTime: 'd.last_modified_time',
  id: 'd.id',
};

export type ItemSort = 'createdAt' | 'updatedAt' | 'name';

/** What the items list asks for (data-file data sets as items), as Qlik's query parameters say it. */
export interface ItemFilter {
  principal: CatalogPrincipal;
  name?: string;
  /** Part of the name or description. */
  query?: string;
  resourceId?: string;
  resourceIds: readonly string[];
  id?: string;
  /** A space id, or `personal`. */
  spaceId?: string;
  /** Space types (`shared`, `managed`, `data`, `personal`); unknown ones match nothing. */
  spaceTypes?: readonly string[];
  ownerId?: string;
  notOwnerId?: string;
  createdByUserId?: string;
  notCreatedByUserId?: string;
}

/**
 * The conditions of an items list on one kind of item (data sets `ds`, whose owner is their file's; apps `a`):
 * the items the principal reads, narrowed by the filter.
 */
export function itemConditions(
  f: ItemFilter,
  columns: { alias: string; owner: string } = { alias: 'ds', owner: 'f.owner_id' },
): { sql: string; params: unknown[] }[] {
  const t = columns.alias;
  const where: { sql: string; params: unknown[] }[] = [visibleSetsSql(f.principal, t)];
  if (f.name) where.push({ sql: `${t}.name = ? COLLATE NOCASE`, params: [f.name] });
  if (f.query) {
    const like = `%${escapeLike(f.query)}%`;
    where.push({ sql: `(${t}.name LIKE ? ESCAPE '\\' OR ${t}.description LIKE ? ESCAPE '\\')`, params: [like, like] });
  }
  if (f.resourceId) where.push({ sql: `${t}.id = ?`, params: [f.resourceId] });
  if (f.resourceIds.length) {
    where.push({ sql: `${t}.id IN (${f.resourceIds.map(() => '?').join(', ')})`, params: [...f.resourceIds] });
  }
  if (f.id) where.push({ sql: `${t}.item_id = ?`, params: [f.id] });
  if (f.spaceId === 'personal') where.push({ sql: `${t}.space_key = ?`, params: [personalKey(f.principal.userId)] });
  else if (f.spaceId) where.push({ sql: `${t}.space_id = ?`, params: [f.spaceId] });
  if (f.spaceTypes) {
    const spaceTypes = f.spaceTypes.filter((type) => type === 'shared' || type === 'managed' || type === 'data');
    const parts: string[] = [];
    const params: unknown[] = [];
    if (f.spaceTypes.includes('personal')) parts.push(`${t}.space_id IS NULL`);
    if (spaceTypes.length) {
      parts.push(`${t}.space_id IN (SELECT id FROM spaces WHERE type IN (${spaceTypes.map(() => '?').join(', ')}))`);
      params.push(...spaceTypes);
    }
    where.push({ sql: parts.length ? `(${parts.join(' OR ')})` : '0', params });
  }
  if (f.ownerId) where.push({ sql: `${columns.owner} = ?`, params: [f.ownerId] });
  if (f.notOwnerId) where.push({ sql: `${columns.owner} <> ?`, params: [f.notOwnerId] });
  if (f.createdByUserId) where.push({ sql: `${t}.created_by = ?`, params: [f.createdByUserId] });
  if (f.notCreatedByUserId) where.push({ sql: `${t}.created_by <> ?`, params: [f.notCreatedByUserId] });
  return where;
}

export const ITEM_SORTS: Record<ItemSort, { column: string; value: (r: DataSetWithOwner) => SortValue }> = {
  createdAt: { column: 'ds.created_time', value: (r) => r.created_time },
  updatedAt: { column: 'ds.last_modified_time', value: (r) => r.last_modified_time },
  name: { column: 'ds.name COLLATE NOCASE', value: (r) => r.name },
};

const orderBy = (sort: readonly SortKey[], idColumn: string) =>
  [...sort.map((s) => `${s.column} ${s.descending ? 'DESC' : 'ASC'}`), `${idColumn} ASC`].join(', ');

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const SET_SELECT =
  'SELECT ds.*, f.owner_id AS owner_id FROM data_sets ds JOIN data_files f ON f.id = ds.file_id';

/** `a/b/orders.CSV` → `csv`; '' without an extension. */
export function fileType(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Files that get a data set: not folders, not system (internal) files. */
export const hasDataSet = (file: Pick<DataFileRow, 'folder' | 'internal'>) => !file.folder && !file.internal;

/**
 * The catalog repository of a database: data stores, data assets and data sets. The tenant builds it once, in
 * createContext; tests that inspect a database build their own.
 */
export function catalogStore(db: Db, runtime: Runtime = SYSTEM_RUNTIME) {
  const { ids } = runtime;
  const storeByName = db.prepare("SELECT * FROM data_stores WHERE name = 'DataFilesStore'");
  const storeById = db.prepare('SELECT * FROM data_stores WHERE id = ?');
  const assetById = db.prepare('SELECT * FROM data_assets WHERE id = ?');
  const assetOfSpace = db.prepare("SELECT * FROM data_assets WHERE space_id = ? AND app_type = 'QIX-DF'");
  const personalAsset = db.prepare('SELECT * FROM data_assets WHERE space_id IS NULL AND owner_id = ?');
  const insertAsset = db.prepare(
    `INSERT INTO data_assets (id, name, technical_name, space_id, app_type, data_store_id, owner_id, created_by,
       created_time, last_modified_by, last_modified_time)
     VALUES (@id, @name, @name, NULL, @appType, @storeId, @ownerId, @ownerId, @now, @ownerId, @now)`,
  );
  const setById = db.prepare(`${SET_SELECT} WHERE ds.id = ?`);
  const setByItemId = db.prepare(`${SET_SELECT} WHERE ds.item_id = ?`);
  const setByFile = db.prepare('SELECT * FROM data_sets WHERE file_id = ?');
  const columns = [
    'id',
    'item_id',
    'file_id',
    'data_asset_id',
    'space_key',
    'space_id',
    'name',
    'technical_name',
    'type',
    'description',
    'tags',
    'properties',
    'connection_id',
    'created_by',
    'created_time',
    'last_modified_by',
    'last_modified_time',
    'version',
    'sha256',
    'size',
    'content_updated',
    'generation',
    'profile_status',
    'row_count',
    'schema_json',
    'additional_schemas_json',
    'profile_json',
    'inferred_time',
  ] as const;
  const insertSet = db.prepare(
    `INSERT INTO data_sets (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const updateSet = db.prepare(
    `UPDATE data_sets SET ${columns
      .filter((c) => c !== 'id')
      .map((c) => `${c} = @${c}`)
      .join(', ')} WHERE id = @id`,
  );
  const deleteSet = db.prepare('DELETE FROM data_sets WHERE id = ?');
  const deleteSetOfFile = db.prepare('DELETE FROM data_sets WHERE file_id = ?');
  const setStatus = db.prepare('UPDATE data_sets SET profile_status = ? WHERE id = ? AND generation = ?');
  const saveInference = db.prepare(
    `UPDATE data_sets SET profile_status = @status, row_count = @rowCount, schema_json = @schema,
       additional_schemas_json = @additional, profile_json = @profile, inferred_time = @now,
       last_modified_time = @now, properties = @properties
     WHERE id = @id AND generation = @generation`,
  );

  const saveMetadata = db.prepare(
    `UPDATE data_sets SET description = @description, tags = @tags, schema_json = @schema,
       additional_schemas_json = @additional, version = version + 1, last_modified_by = @userId,
       last_modified_time = @now
     WHERE id = @id AND version = @version`,
  );

  // numbered 1, 2, … per set; a generation inferred twice (a restart mid-profile) keeps its first version
  const insertSchemaVersion = db.prepare(
    `INSERT OR IGNORE INTO data_set_schema_versions
       (data_set_id, generation, version, created_by, created_time, row_count, size, fields)
     VALUES (@setId, @generation,
       COALESCE((SELECT MAX(version) FROM data_set_schema_versions WHERE data_set_id = @setId), 0) + 1,
       @createdBy, @createdTime, @rowCount, @size, @fields)`,
  );
  const schemaVersions = db.prepare(
    'SELECT * FROM data_set_schema_versions WHERE data_set_id = ? ORDER BY version DESC LIMIT ? OFFSET ?',
  );
  const schemaVersionCount = db
    .prepare('SELECT COUNT(*) FROM data_set_schema_versions WHERE data_set_id = ?')
    .pluck();

  const toStored = (row: StoredDataSet | DataSetWithOwner): StoredDataSet => {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c] = (row as unknown as Record<string, unknown>)[c];
    return out as unknown as StoredDataSet;
  };

  const offsetList = <Row>(
    select: string,
    where: { sql: string; params: unknown[] }[],
    sort: readonly SortKey[],
    idColumn: string,
    offset: number,
    limit: number,
  ): OffsetPage<Row> => {
    const conditions = where.map((w) => w.sql);
    const params = where.flatMap((w) => w.params);
    const whereSql = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const fromIndex = select.search(/\sFROM\s/i);
    const total = (
      db.prepare(`SELECT COUNT(*) AS n ${select.slice(fromIndex)} ${whereSql}`).get(...params) as {
        n: number;
      }
    ).n;
    const rows = db
      .prepare(`${select} ${whereSql} ORDER BY ${orderBy(sort, idColumn)} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Row[];
    return { rows, total };
  };

  const idsCondition = (column: string, ids: readonly string[] | '*') =>
    ids === '*'
      ? { sql: '1', params: [] }
      : { sql: `${column} IN (${ids.map(() => '?').join(', ') || 'NULL'})`, params: [...ids] };

  const store = {
    dataFilesStore: () => storeByName.get() as DataStoreRow,
    storeById: (id: string) => storeById.get(id) as DataStoreRow | undefined,
    assetById: (id: string) => assetById.get(id) as DataAssetRow | undefined,
    assetOfSpace: (spaceId: string) => assetOfSpace.get(spaceId) as DataAssetRow | undefined,
    personalAsset: (userId: string) => personalAsset.get(userId) as DataAssetRow | undefined,

    /** The user's "Personal" data asset, created on first use. */
    ensurePersonalAsset(userId: string, now: string): DataAssetRow {
      const existing = store.personalAsset(userId);
      if (existing) return existing;
      insertAsset.run({
        id: ids.objectId(),
        name: PERSONAL_ASSET_NAME,
        appType: DATA_FILES_APP_TYPE,
        storeId: store.dataFilesStore().id,
        ownerId: userId,
        now,
      });
      return store.personalAsset(userId)!;
    },

    listStores: (sort: readonly SortKey[], offset: number, limit: number) =>
      offsetList<DataStoreRow>('SELECT d.* FROM data_stores d', [], sort, 'd.id', offset, limit),

    /** Data assets of the stores named that the principal reads. */
    listAssets(
      o: { storeIds: readonly string[] | '*'; principal: CatalogPrincipal },
      sort: readonly SortKey[],
      offset: number,
      limit: number,
    ): OffsetPage<DataAssetRow> {
      return offsetList<DataAssetRow>(
        'SELECT a.* FROM data_assets a',
        [idsCondition('a.data_store_id', o.storeIds), visibleAssetsSql(o.principal, 'a')],
        sort,
        'a.id',
        offset,
        limit,
      );
    },

    setById: (id: string) => setById.get(id) as DataSetWithOwner | undefined,
    setByItemId: (id: string) => setByItemId.get(id) as DataSetWithOwner | undefined,
    setByFile: (fileId: string) => setByFile.get(fileId) as StoredDataSet | undefined,

    /** Data sets of the stores and assets named that the principal reads. */
    listSets(
      o: {
        storeIds: readonly string[] | '*';
        assetIds: readonly string[] | '*';
        principal: CatalogPrincipal;
        nameContains?: string;
      },
      sort: readonly SortKey[],
      offset: number,
      limit: number,
    ): OffsetPage<DataSetWithOwner> {
      const where = [
        idsCondition('ds.data_asset_id', o.assetIds),
        o.storeIds === '*'
          ? { sql: '1', params: [] }
          : {
              sql: `ds.data_asset_id IN (SELECT a.id FROM data_assets a WHERE ${idsCondition('a.data_store_id', o.storeIds).sql})`,
              params: [...o.storeIds],
            },
        visibleSetsSql(o.principal, 'ds'),
      ];
      if (o.nameContains) {
        where.push({ sql: "ds.name LIKE ? ESCAPE '\\'", params: [`%${escapeLike(o.nameContains)}%`] });
      }
      return offsetList<DataSetWithOwner>(SET_SELECT, where, sort, 'ds.id', offset, limit);
    },

    insertSet(row: StoredDataSet): void {
      insertSet.run(toStored(row));
    },
    updateSet(row: StoredDataSet | DataSetWithOwner): void {
      updateSet.run(toStored(row));
    },
    deleteSet: (id: string) => deleteSet.run(id).changes > 0,
    deleteSetOfFile: (fileId: string) => deleteSetOfFile.run(fileId).changes > 0,

    /** Marks a profile computation; ignored when the set has moved on to a newer generation. */
    setProfileStatus: (id: string, generation: number, status: ProfileStatus) =>
      setStatus.run(status, id, generation).changes > 0,

    /** Stores an inference result, unless the set changed (or went) since the computation started. */
    saveInference(input: {
      id: string;
      generation: number;
      status: ProfileStatus;
      rowCount: number | null;
      schema: unknown;
      additionalSchemas: unknown;
      profile: unknown;
      properties: Record<string, unknown>;
      now: string;
    }): boolean {
      return (
        saveInference.run({
          id: input.id,
          generation: input.generation,
          status: input.status,
          rowCount: input.rowCount,
          schema: input.schema === undefined ? null : JSON.stringify(input.schema),
          additional: input.additionalSchemas === undefined ? null : JSON.stringify(input.additionalSchemas),
          profile: input.profile === undefined ? null : JSON.stringify(input.profile),
          properties: JSON.stringify(input.properties),
          now: input.now,
        }).changes > 0
      );
    },

    /**
     * Saves what a user edited (description, tags, the fields' metadata in the schemas) as the next version,
     * only if the set is still at `version`; false when it moved on meanwhile.
     */
    saveMetadata(input: {
      id: string;
      version: number;
      description: string;
      tags: string[];
      schema: unknown;
      additionalSchemas: unknown;
      userId: string;
      now: string;
    }): boolean {
      return (
        saveMetadata.run({
          id: input.id,
          version: input.version,
          description: input.description,
          tags: JSON.stringify(input.tags),
          schema: input.schema === null ? null : JSON.stringify(input.schema),
          additional: input.additionalSchemas === null ? null : JSON.stringify(input.additionalSchemas),
          userId: input.userId,
          now: input.now,
        }).changes > 0
      );
    },

    /** Keeps the fields of a set's newly inferred content as its next schema version. */
    addSchemaVersion(input: {
      setId: string;
      generation: number;
      createdBy: string;
      createdTime: string;
      rowCount: number | null;
      size: number;
      fields: readonly SchemaVersionField[];
    }): void {
      insertSchemaVersion.run({ ...input, fields: JSON.stringify(input.fields) });
    },

    /** A set's schema versions, newest first. */
    schemaVersions(setId: string, offset: number, limit: number): OffsetPage<SchemaVersionRow> {
      return {
        rows: schemaVersions.all(setId, limit, offset) as SchemaVersionRow[],
        total: schemaVersionCount.get(setId) as number,
      };
    },

    /** Sets whose profile still has to be computed (e.g. after a restart). */
    pending: () =>
      db
        .prepare(
          "SELECT id, generation FROM data_sets WHERE profile_status IN ('QUEUED', 'RUNNING') ORDER BY created_time, id",
        )
        .all() as { id: string; generation: number }[],

    /**
     * Files whose data set is missing or out of step with them (a change event can be lost in a crash between the
     * commit and the listener), and sets of files that should have none.
     */
    outOfStep(): { files: DataFileRow[]; orphanSetIds: string[] } {
      const files = db
        .prepare(
          `SELECT f.* FROM data_files f LEFT JOIN data_sets ds ON ds.file_id = f.id
           WHERE f.folder = 0 AND f.internal = 0 AND (ds.id IS NULL OR ds.space_key <> f.space_key
             OR ds.technical_name <> f.name OR ds.sha256 IS NOT f.sha256)`,
        )
        .all() as DataFileRow[];
      const orphanSetIds = db
        .prepare(
          `SELECT ds.id FROM data_sets ds JOIN data_files f ON f.id = ds.file_id WHERE f.folder = 1 OR f.internal = 1`,
        )
        .pluck()
        .all() as string[];
      return { files, orphanSetIds };
    },
  };
  return store;
}

export type CatalogStore = ReturnType<typeof catalogStore>;
