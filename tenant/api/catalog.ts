import type { FastifyInstance, FastifyRequest } from 'fastify';
import { dataFileQri } from '../catalog/qri';
import type { DataAsset } from '@qlik/api/data-assets';
import type { DataStore, PageDataAsset, PageDataSet, PageDataStore } from '@qlik/api/data-stores';
import type {
  DataSet,
  DataSetProfile,
  JsonPatch,
  Links,
  PageDataSetProfile,
  Schema,
} from '@qlik/api/data-sets';
import type { ItemResultResponseBody, ItemsListItemsResponseBody } from '@qlik/api/items';
import type { TenantContext } from '../context';
import type { Caller } from '../auth/caller';
import { addGuards, type Guard } from '../auth/guards';
import { badRequest, forbidden, notFound } from '../http/errors';
import { cursorLinks, decodeCursor, linkTo, parseSort, requestOrigin } from '../http/pagination';
import { spacesStore, type SpaceType } from '../store/spaces';
import { personalKey, personalUserOf } from '../store/data-files';
import {
  DATA_ASSET_SORTS,
  DATA_SET_SORTS,
  DATA_STORE_SORTS,
  ITEM_SORTS,
  catalogStore,
  visibleAssetsSql,
  visibleSetsSql,
  type CatalogPrincipal,
  type DataAssetRow,
  type DataSetWithOwner,
  type DataStoreRow,
  type ItemSort,
  type SortKey,
} from '../store/catalog';
import { WRITE_ROLES } from './data-files';
import { editDataSet } from '../catalog/data-set-edit';

/**
 * Qlik's catalog for data files: data stores → data assets → data sets (qlik.dev data-stores, data-assets,
 * data-sets) and data sets as items (`GET /items?resourceType=dataset`). Reads follow the rights on the file's
 * space: members of a space read its sets, a tenant admin whose token has admin.spaces:read reads every space's,
 * and a personal space's sets are its user's only (admins included). Changing a set (PATCH) needs the rights
 * that change the file: owner, the space type's editing roles (see WRITE_ROLES), or admin.spaces.
 */

/** `dataset` is implied by `user_default`; a token with only `dataset` reads the catalog too. */
const CATALOG: Guard = { anyOf: ['dataset'] };

export const CATALOG_GUARDS: Record<string, Guard> = {
  'GET /api/v1/data-stores': CATALOG,
  'GET /api/v1/data-stores/:dataStoreId': CATALOG,
  'GET /api/v1/data-stores/:dataStoreId/data-assets': CATALOG,
  'GET /api/v1/data-stores/:dataStoreId/data-assets/:dataAssetId/data-sets': CATALOG,
  'GET /api/v1/data-assets/:dataAssetId': CATALOG,
  'GET /api/v1/data-sets/:dataSetId': CATALOG,
  'PATCH /api/v1/data-sets/:dataSetId': CATALOG,
  'GET /api/v1/data-sets/:dataSetId/profiles': CATALOG,
  'GET /api/v1/items': CATALOG,
  'GET /api/v1/items/:itemId': CATALOG,
};

const DATA_FILES_STORE_TYPE = 'qix-datafiles';
/** Qlik sets this from the `com.qlik.datafile.created` event that made the set. */
const OPERATIONAL_STATUS = 'com.qlik.datafile.created';

export function catalogPrincipal(caller: Caller): CatalogPrincipal {
  return {
    userId: caller.user.id,
    groupIds: caller.groupIds,
    seesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces:read'),
    managesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces'),
  };
}


/** Qlik's plaintext (legacy) and hashed QRIs of a data-file data set. */
export function dataSetQris(
  tenantId: string,
  row: Pick<DataSetWithOwner, 'space_id' | 'space_key' | 'technical_name' | 'file_id'>,
) {
  const userId = personalUserOf(row.space_key) ?? '';
  const where = row.space_id ? `sid@${row.space_id}` : `uid@${userId}`;
  return {
    qri: `qdf:${DATA_FILES_STORE_TYPE}:${tenantId}:${where}:${row.technical_name}`,
    secureQri: dataFileQri({ spaceId: row.space_id, userId }, row.technical_name),
  };
}

// ----------------------------------------------------------------------------------------------- query helpers

const pageSchema = {
  page: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  sort: { type: 'string', maxLength: 300 },
  projections: { type: 'string', maxLength: 1000 },
} as const;

interface PageQuery {
  page: number;
  limit: number;
  sort?: string;
  projections?: string;
}

const idParam = (name: string) =>
  ({
    type: 'object',
    properties: { [name]: { type: 'string', minLength: 1, maxLength: 500 } },
    required: [name],
  }) as const;

/** `name,-createdTime` against the fields an endpoint sorts by; ties are broken by id. */
function catalogSort(raw: string | undefined, allowed: Record<string, string>, fallback: string): SortKey[] {
  const parts = (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return [{ column: allowed[fallback]!, descending: false }];
  if (parts.length > 5) throw badRequest('Sort by at most 5 fields.', { source: { parameter: 'sort' } });
  return parts.map((part) => {
    const descending = part.startsWith('-');
    const field = part.replace(/^[+-]/, '');
    const column = Object.hasOwn(allowed, field) ? allowed[field] : undefined;
    if (!column) {
      throw badRequest(
        `Invalid sort field '${field}'. Allowed: ${Object.keys(allowed).join(', ')} (prefix with - for descending).`,
        { source: { parameter: 'sort' } },
      );
    }
    return { column, descending };
  });
}

/** `a,b` or `*` from a path segment. */
function idList(raw: string, parameter: string): string[] | '*' {
  if (raw.trim() === '*') return '*';
  const ids = [
    ...new Set(
      raw
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length === 0 || ids.includes('*')) {
    throw badRequest(`${parameter} must be * or a comma-separated list of ids.`, { source: { parameter } });
  }
  if (ids.length > 100) throw badRequest(`${parameter} names more than 100 ids.`, { source: { parameter } });
  return ids;
}

const projectionsOf = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** Only the requested top-level fields, as Qlik's `projections`; without any, the whole object. */
function project<T extends object>(value: T, projections: readonly string[]): T {
  if (projections.length === 0) return value;
  const out: Record<string, unknown> = {};
  for (const key of projections) {
    if (Object.hasOwn(value, key)) out[key] = (value as Record<string, unknown>)[key];
  }
  return out as T;
}

/** Qlik's catalog page: 0-based `page`, `limit`, `total`, `pages` and absolute first/last/next/prev/self links. */
function offsetPage<T>(request: FastifyRequest, q: PageQuery, data: T[], total: number) {
  const pages = Math.ceil(total / q.limit);
  const last = Math.max(pages - 1, 0);
  const at = (page: number) => ({ href: linkTo(request, { page: String(page), limit: String(q.limit) }) });
  const links: Links = {
    self: { href: linkTo(request, {}) },
    first: at(0),
    last: at(last),
    ...(q.page < last ? { next: at(q.page + 1) } : {}),
    ...(q.page > 0 ? { prev: at(Math.min(q.page - 1, last)) } : {}),
  };
  return { data, page: q.page, limit: q.limit, pages, total, links };
}

const setNotFound = (id: string) =>
  notFound(`Data set ${id} was not found.`, { source: { parameter: 'dataSetId' } });

// ------------------------------------------------------------------------------------------------------ routes

export function registerCatalogApi(app: FastifyInstance, ctx: TenantContext): void {
  addGuards(CATALOG_GUARDS);
  const catalog = catalogStore(ctx.db);
  const spaces = spacesStore(ctx.db);

  // -------------------------------------------------------------------------------------------------- rights

  interface Rights {
    read: boolean;
    write: boolean;
  }

  const rightsIn = (spaceKey: string, principal: CatalogPrincipal, cache?: Map<string, Rights>): Rights => {
    const cached = cache?.get(spaceKey);
    if (cached) return cached;
    let rights: Rights;
    const personalUser = personalUserOf(spaceKey);
    if (personalUser) {
      const own = personalUser === principal.userId;
      rights = { read: own, write: own };
    } else {
      const found = spaces.access(spaceKey, principal);
      rights = found
        ? {
            read: true,
            write:
              principal.managesAll ||
              found.access.isOwner ||
              found.access.roles.some((r) => WRITE_ROLES[found.space.type].includes(r)),
          }
        : { read: false, write: false };
    }
    cache?.set(spaceKey, rights);
    return rights;
  };

  const readableSet = (id: string, principal: CatalogPrincipal) => {
    const row = catalog.setById(id);
    if (!row) throw setNotFound(id);
    const rights = rightsIn(row.space_key, principal);
    if (!rights.read) throw setNotFound(id);
    return { row, rights };
  };

  // -------------------------------------------------------------------------------------------------- shapes

  const storeInfo = (row: DataStoreRow) => ({ id: row.id, name: row.name, type: row.type });

  const toDataStore = (row: DataStoreRow): DataStore => ({
    id: row.id,
    name: row.name,
    technicalName: row.technical_name,
    type: row.type,
    tenantId: ctx.tenant().id,
    description: '',
    technicalDescription: '',
    tags: [],
    properties: {},
    version: 1,
    createdTime: row.created_time,
    lastModifiedTime: row.last_modified_time,
  });

  const toDataAsset = (row: DataAssetRow, stores: Map<string, DataStoreRow | undefined>): DataAsset => {
    if (!stores.has(row.data_store_id)) stores.set(row.data_store_id, catalog.storeById(row.data_store_id));
    const store = stores.get(row.data_store_id);
    return {
      id: row.id,
      name: row.name,
      technicalName: row.technical_name,
      appType: row.app_type,
      ...(row.space_id ? { spaceId: row.space_id } : {}),
      ...(row.owner_id ? { ownerId: row.owner_id } : {}),
      tenantId: ctx.tenant().id,
      description: '',
      technicalDescription: '',
      tags: [],
      properties: {},
      dataStoreInfo: store ? storeInfo(store) : { id: row.data_store_id },
      version: row.version,
      ...(row.created_by ? { createdBy: row.created_by } : {}),
      createdTime: row.created_time,
      ...(row.last_modified_by ? { lastModifiedBy: row.last_modified_by } : {}),
      lastModifiedTime: row.last_modified_time,
    };
  };

  /** Per-request lookups of assets (and their store) shared by a page of sets. */
  const assetLookup = () => {
    const assets = new Map<string, DataAssetRow | undefined>();
    const stores = new Map<string, DataStoreRow | undefined>();
    return (assetId: string) => {
      if (!assets.has(assetId)) assets.set(assetId, catalog.assetById(assetId));
      const asset = assets.get(assetId);
      if (asset && !stores.has(asset.data_store_id))
        stores.set(asset.data_store_id, catalog.storeById(asset.data_store_id));
      return { asset, store: asset ? stores.get(asset.data_store_id) : undefined };
    };
  };

  const EMPTY_SCHEMA: Schema = { dataFields: [], loadOptions: {}, anomalies: [] };

  const toDataSet = (row: DataSetWithOwner, lookup: ReturnType<typeof assetLookup>): DataSet => {
    const tenantId = ctx.tenant().id;
    const { asset, store } = lookup(row.data_asset_id);
    const base = row.name.replace(/\.[^.]*$/, '');
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      tags: JSON.parse(row.tags) as string[],
      type: row.type,
      technicalName: row.technical_name,
      technicalDescription: '',
      ...dataSetQris(tenantId, row),
      ...(row.space_id ? { spaceId: row.space_id } : {}),
      ownerId: row.owner_id,
      tenantId,
      createdBy: row.created_by,
      createdTime: row.created_time,
      lastModifiedBy: row.last_modified_by,
      lastModifiedTime: row.last_modified_time,
      version: row.version,
      ...(row.connection_id ? { createdByConnectionId: row.connection_id } : {}),
      dataAssetInfo: {
        id: row.data_asset_id,
        ...(asset ? { name: asset.name } : {}),
        ...(store ? { dataStoreInfo: storeInfo(store) } : {}),
      },
      operational: {
        size: row.size,
        ...(row.row_count !== null ? { rowCount: row.row_count } : {}),
        status: OPERATIONAL_STATUS,
        ...(row.content_updated ? { lastLoadTime: row.content_updated } : {}),
        lastUpdateTime: row.inferred_time ?? row.last_modified_time,
        location: row.file_id,
        contentUpdated: true,
        tableConnectionInfo: { tableName: base },
      },
      schema: row.schema_json ? (JSON.parse(row.schema_json) as Schema) : EMPTY_SCHEMA,
      additionalSchemas: row.additional_schemas_json
        ? (JSON.parse(row.additional_schemas_json) as Schema[])
        : [],
      properties: JSON.parse(row.properties) as Record<string, unknown>,
    };
  };

  const toItem = (row: DataSetWithOwner, origin: string, actions: string[]): ItemResultResponseBody => {
    const { qri, secureQri } = dataSetQris(ctx.tenant().id, row);
    const tags = JSON.parse(row.tags) as string[];
    return {
      id: row.item_id,
      name: row.name,
      description: row.description,
      resourceId: row.id,
      resourceType: 'dataset',
      resourceSubType: 'qix-df',
      resourceAttributes: {
        appType: 'QIX-DF',
        dataStoreName: 'DataFilesStore',
        dataStoreType: DATA_FILES_STORE_TYPE,
        dataAssetId: row.data_asset_id,
        qri,
        secureQri,
        sourceSystemId: `QIX-DF_${row.file_id}`,
        technicalName: row.technical_name,
        type: row.type,
        size: row.size,
        version: String(row.version),
      },
      resourceCustomAttributes: null,
      resourceCreatedAt: row.created_time,
      resourceUpdatedAt: row.last_modified_time,
      createdAt: row.created_time,
      updatedAt: row.last_modified_time,
      creatorId: row.created_by,
      updaterId: row.last_modified_by,
      ownerId: row.owner_id,
      ...(row.space_id ? { spaceId: row.space_id } : {}),
      tenantId: ctx.tenant().id,
      collectionIds: [],
      isFavorited: false,
      actions,
      meta: { actions, collections: [], isFavorited: false, tags: tags.map((t) => ({ id: t, name: t })) },
      links: {
        self: { href: `${origin}/api/v1/items/${row.item_id}` },
        open: { href: `${origin}/api/v1/data-sets/${row.id}` },
      },
    };
  };

  const itemActions = (rights: Rights) => (rights.write ? ['read', 'update'] : ['read']);

  // -------------------------------------------------------------------------------------------------- routes

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/json-patch+json',
      { parseAs: 'string' },
      scope.getDefaultJsonParser('error', 'error'),
    );

    scope.get(
      '/api/v1/data-stores',
      { schema: { querystring: { type: 'object', properties: pageSchema } } },
      async (request): Promise<PageDataStore> => {
        const q = request.query as PageQuery;
        const sort = catalogSort(q.sort, DATA_STORE_SORTS, 'name');
        const { rows, total } = catalog.listStores(sort, q.page * q.limit, q.limit);
        const projections = projectionsOf(q.projections);
        return offsetPage(
          request,
          q,
          rows.map((r) => project(toDataStore(r), projections)),
          total,
        );
      },
    );

    scope.get(
      '/api/v1/data-stores/:dataStoreId',
      {
        schema: {
          params: idParam('dataStoreId'),
          querystring: { type: 'object', properties: { projections: pageSchema.projections } },
        },
      },
      async (request): Promise<DataStore> => {
        const { dataStoreId } = request.params as { dataStoreId: string };
        const row = catalog.storeById(dataStoreId);
        if (!row) {
          throw notFound(`Data store ${dataStoreId} was not found.`, {
            source: { parameter: 'dataStoreId' },
          });
        }
        return project(
          toDataStore(row),
          projectionsOf((request.query as { projections?: string }).projections),
        );
      },
    );

    scope.get(
      '/api/v1/data-stores/:dataStoreId/data-assets',
      { schema: { params: idParam('dataStoreId'), querystring: { type: 'object', properties: pageSchema } } },
      async (request): Promise<PageDataAsset> => {
        const q = request.query as PageQuery;
        const { dataStoreId } = request.params as { dataStoreId: string };
        const storeIds = idList(dataStoreId, 'dataStoreIds');
        const sort = catalogSort(q.sort, DATA_ASSET_SORTS, 'name');
        const principal = catalogPrincipal(request.caller);
        const { rows, total } = catalog.listAssets(
          { storeIds, visible: visibleAssetsSql(principal, 'a') },
          sort,
          q.page * q.limit,
          q.limit,
        );
        const stores = new Map<string, DataStoreRow | undefined>();
        const projections = projectionsOf(q.projections);
        return offsetPage(
          request,
          q,
          rows.map((r) => project(toDataAsset(r, stores), projections)),
          total,
        );
      },
    );

    scope.get(
      '/api/v1/data-stores/:dataStoreId/data-assets/:dataAssetId/data-sets',
      {
        schema: {
          params: {
            type: 'object',
            properties: {
              dataStoreId: { type: 'string', minLength: 1, maxLength: 500 },
              dataAssetId: { type: 'string', minLength: 1, maxLength: 500 },
            },
            required: ['dataStoreId', 'dataAssetId'],
          },
          querystring: {
            type: 'object',
            properties: { ...pageSchema, name: { type: 'string', maxLength: 1024 } },
          },
        },
      },
      async (request): Promise<PageDataSet> => {
        const q = request.query as PageQuery & { name?: string };
        const { dataStoreId, dataAssetId } = request.params as { dataStoreId: string; dataAssetId: string };
        const storeIds = idList(dataStoreId, 'dataStoreIds');
        const assetIds = idList(dataAssetId, 'dataAssetIds');
        const sort = catalogSort(q.sort, DATA_SET_SORTS, 'name');
        const principal = catalogPrincipal(request.caller);
        const { rows, total } = catalog.listSets(
          { storeIds, assetIds, visible: visibleSetsSql(principal, 'ds'), nameContains: q.name || undefined },
          sort,
          q.page * q.limit,
          q.limit,
        );
        const lookup = assetLookup();
        const projections = projectionsOf(q.projections);
        return offsetPage(
          request,
          q,
          rows.map((r) => project(toDataSet(r, lookup), projections)),
          total,
        );
      },
    );

    scope.get(
      '/api/v1/data-assets/:dataAssetId',
      {
        schema: {
          params: idParam('dataAssetId'),
          querystring: { type: 'object', properties: { projections: pageSchema.projections } },
        },
      },
      async (request): Promise<DataAsset> => {
        const { dataAssetId } = request.params as { dataAssetId: string };
        const row = catalog.assetById(dataAssetId);
        const principal = catalogPrincipal(request.caller);
        const visible =
          row && (row.space_id ? rightsIn(row.space_id, principal).read : row.owner_id === principal.userId);
        if (!row || !visible) {
          throw notFound(`Data asset ${dataAssetId} was not found.`, {
            source: { parameter: 'dataAssetId' },
          });
        }
        return project(
          toDataAsset(row, new Map()),
          projectionsOf((request.query as { projections?: string }).projections),
        );
      },
    );

    scope.get(
      '/api/v1/data-sets/:dataSetId',
      {
        schema: {
          params: idParam('dataSetId'),
          querystring: { type: 'object', properties: { projections: pageSchema.projections } },
        },
      },
      async (request): Promise<DataSet> => {
        const { dataSetId } = request.params as { dataSetId: string };
        const { row } = readableSet(dataSetId, catalogPrincipal(request.caller));
        return project(
          toDataSet(row, assetLookup()),
          projectionsOf((request.query as { projections?: string }).projections),
        );
      },
    );

    scope.patch(
      '/api/v1/data-sets/:dataSetId',
      {
        schema: {
          params: idParam('dataSetId'),
          body: {
            type: 'array',
            minItems: 1,
            maxItems: 100,
            items: {
              type: 'object',
              required: ['op', 'path'],
              properties: {
                op: { type: 'string', enum: ['add', 'remove', 'replace', 'move', 'copy', 'test'] },
                path: { type: 'string', maxLength: 200 },
                from: { type: 'string', maxLength: 200 },
              },
            },
          },
        },
      },
      async (request): Promise<DataSet> => {
        const { dataSetId } = request.params as { dataSetId: string };
        const principal = catalogPrincipal(request.caller);
        const { row, rights } = readableSet(dataSetId, principal);
        if (!rights.write) {
          throw forbidden(
            row.space_id
              ? 'Changing a data set needs the owner, Can manage or Can edit role in its space (or admin.spaces).'
              : 'Only the user of a personal space changes its data sets.',
            { meta: { reason: 'role' } },
          );
        }
        const ops = request.body as JsonPatch[];
        const updated = editDataSet(ctx.db, row, toDataSet(row, assetLookup()), ops, request.caller.user.id);
        return toDataSet(updated, assetLookup());
      },
    );

    scope.get(
      '/api/v1/data-sets/:dataSetId/profiles',
      {
        schema: {
          params: idParam('dataSetId'),
          querystring: {
            type: 'object',
            properties: { ...pageSchema, dataConnectionIds: { type: 'string', maxLength: 2000 } },
          },
        },
      },
      async (request, reply): Promise<PageDataSetProfile> => {
        const q = request.query as PageQuery & { dataConnectionIds?: string };
        const { dataSetId } = request.params as { dataSetId: string };
        const { row } = readableSet(dataSetId, catalogPrincipal(request.caller));
        catalogSort(q.sort, { name: '', dataSetId: '' }, 'name');
        const connections = projectionsOf(q.dataConnectionIds);
        const projections = projectionsOf(q.projections);
        if (connections.length && !connections.includes(row.connection_id ?? '')) {
          return offsetPage(request, q, [], 0);
        }
        const computing = row.profile_status === 'QUEUED' || row.profile_status === 'RUNNING';
        let profile: DataSetProfile;
        if (computing || !row.profile_json) {
          profile = {
            meta: {
              dataSetId: row.id,
              ...(row.connection_id ? { connectionId: row.connection_id } : {}),
              status: row.profile_status === 'RUNNING' ? 'RUNNING' : 'QUEUED',
            },
          };
          reply.code(202);
        } else {
          profile = JSON.parse(row.profile_json) as DataSetProfile;
        }
        const data = q.page === 0 ? [project(profile, projections)] : [];
        return offsetPage(request, q, data, 1);
      },
    );

    // ------------------------------------------------------------------------------------------------ items

    interface ItemsQuery {
      resourceType?: string;
      resourceSubType?: string;
      resourceId?: string;
      resourceIds?: string;
      id?: string;
      name?: string;
      query?: string;
      spaceId?: string;
      spaceType?: string;
      ownerId?: string;
      notOwnerId?: string;
      createdByUserId?: string;
      notCreatedByUserId?: string;
      noActions?: boolean;
      sort?: string;
      limit: number;
      next?: string;
      prev?: string;
    }

    const str = (max = 1024) => ({ type: 'string', maxLength: max }) as const;

    /** Whether a `resourceType` filter (`app,dataset[qix-df]`) admits data-file data sets. */
    const admitsDataSets = (resourceType: string | undefined, resourceSubType: string | undefined) => {
      if (resourceSubType !== undefined && !projectionsOf(resourceSubType).includes('qix-df')) return false;
      if (resourceType === undefined || resourceType.trim() === '') return true;
      const tokens = resourceType.match(/[^,[\]]+(\[[^\]]*\])?/g) ?? [];
      return tokens.some((token) => {
        const match = /^\s*([^[\s]+)\s*(?:\[([^\]]*)\])?$/.exec(token);
        if (!match || match[1] !== 'dataset') return false;
        return (
          match[2] === undefined ||
          match[2]
            .split(',')
            .map((s) => s.trim())
            .includes('qix-df')
        );
      });
    };

    scope.get(
      '/api/v1/items',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: {
              resourceType: str(500),
              resourceSubType: str(500),
              resourceId: str(200),
              resourceIds: str(5000),
              resourceLink: str(1000),
              id: str(200),
              name: str(),
              query: str(),
              spaceId: str(200),
              spaceType: str(200),
              ownerId: str(200),
              notOwnerId: str(200),
              createdByUserId: str(200),
              notCreatedByUserId: str(200),
              collectionId: str(200),
              noActions: { type: 'boolean' },
              sort: str(50),
              limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
              next: str(2000),
              prev: str(2000),
            },
          },
        },
      },
      async (request): Promise<ItemsListItemsResponseBody> => {
        const q = request.query as ItemsQuery & { resourceLink?: string; collectionId?: string };
        if (q.next && q.prev) {
          throw badRequest('Provide either next or prev, not both.', { source: { parameter: 'prev' } });
        }
        const rawSort = q.sort?.trim().replace(/recentlyUsed$/, 'updatedAt');
        const { field, descending } = parseSort(rawSort, Object.keys(ITEM_SORTS) as ItemSort[], 'createdAt');
        const after = q.next ? decodeCursor(q.next, 'next') : undefined;
        const before = q.prev ? decodeCursor(q.prev, 'prev') : undefined;
        const resourceIds = projectionsOf(q.resourceIds);
        if (resourceIds.length > 100) {
          throw badRequest('resourceIds takes at most 100 ids.', { source: { parameter: 'resourceIds' } });
        }
        if ((q.resourceId || resourceIds.length) && !q.resourceType) {
          throw badRequest('resourceType is required with resourceId or resourceIds.', {
            source: { parameter: 'resourceType' },
          });
        }
        const empty: ItemsListItemsResponseBody = { data: [], links: cursorLinks(request, {}) };
        // items here are data-file data sets only: other types, links and collections hold nothing
        if (!admitsDataSets(q.resourceType, q.resourceSubType) || q.resourceLink || q.collectionId)
          return empty;

        const principal = catalogPrincipal(request.caller);
        const where: { sql: string; params: unknown[] }[] = [visibleSetsSql(principal, 'ds')];
        if (q.name) where.push({ sql: 'ds.name = ? COLLATE NOCASE', params: [q.name] });
        if (q.query) {
          const like = `%${q.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          where.push({
            sql: "(ds.name LIKE ? ESCAPE '\\' OR ds.description LIKE ? ESCAPE '\\')",
            params: [like, like],
          });
        }
        if (q.resourceId) where.push({ sql: 'ds.id = ?', params: [q.resourceId] });
        if (resourceIds.length) {
          where.push({ sql: `ds.id IN (${resourceIds.map(() => '?').join(', ')})`, params: resourceIds });
        }
        if (q.id) where.push({ sql: 'ds.item_id = ?', params: [q.id] });
        if (q.spaceId === 'personal')
          where.push({ sql: 'ds.space_key = ?', params: [personalKey(principal.userId)] });
        else if (q.spaceId) where.push({ sql: 'ds.space_id = ?', params: [q.spaceId] });
        if (q.spaceType) {
          const types = projectionsOf(q.spaceType);
          const spaceTypes = types.filter(
            (t): t is SpaceType => t === 'shared' || t === 'managed' || t === 'data',
          );
          const parts: string[] = [];
          const params: unknown[] = [];
          if (types.includes('personal')) parts.push('ds.space_id IS NULL');
          if (spaceTypes.length) {
            parts.push(
              `ds.space_id IN (SELECT id FROM spaces WHERE type IN (${spaceTypes.map(() => '?').join(', ')}))`,
            );
            params.push(...spaceTypes);
          }
          where.push({ sql: parts.length ? `(${parts.join(' OR ')})` : '0', params });
        }
        if (q.ownerId) where.push({ sql: 'f.owner_id = ?', params: [q.ownerId] });
        if (q.notOwnerId) where.push({ sql: 'f.owner_id <> ?', params: [q.notOwnerId] });
        if (q.createdByUserId) where.push({ sql: 'ds.created_by = ?', params: [q.createdByUserId] });
        if (q.notCreatedByUserId) where.push({ sql: 'ds.created_by <> ?', params: [q.notCreatedByUserId] });

        const page = catalog.listItems({ where, sort: field, descending, limit: q.limit, after, before });
        const origin = requestOrigin(request);
        const rights = new Map<string, Rights>();
        return {
          data: page.rows.map((row) =>
            toItem(row, origin, q.noActions ? [] : itemActions(rightsIn(row.space_key, principal, rights))),
          ),
          links: cursorLinks(request, page),
        };
      },
    );

    scope.get(
      '/api/v1/items/:itemId',
      { schema: { params: idParam('itemId') } },
      async (request): Promise<ItemResultResponseBody> => {
        const { itemId } = request.params as { itemId: string };
        const principal = catalogPrincipal(request.caller);
        const row = catalog.setByItemId(itemId);
        const rights = row && rightsIn(row.space_key, principal);
        if (!row || !rights?.read)
          throw notFound(`Item ${itemId} was not found.`, { source: { parameter: 'itemId' } });
        return toItem(row, requestOrigin(request), itemActions(rights));
      },
    );
  });
}
