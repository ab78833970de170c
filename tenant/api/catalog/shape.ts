import type { FastifyRequest } from 'fastify';
import type { DataAsset } from '@qlik/api/data-assets';
import type { DataStore } from '@qlik/api/data-stores';
import type { DataSet, Links, Schema } from '@qlik/api/data-sets';
import type { ItemResultResponseBody } from '@qlik/api/items';
import { dataFileQri } from '../../catalog/qri';
import { linkTo } from '../../http/pagination';
import { personalUserOf } from '../../store/data-files';
import type { CatalogStore, DataAssetRow, DataSetWithOwner, DataStoreRow } from '../../store/catalog';
import type { PageQuery } from './schemas';
import type { Rights } from './access';

const DATA_FILES_STORE_TYPE = 'qix-datafiles';
/** Qlik sets this from the `com.qlik.datafile.created` event that made the set. */
const OPERATIONAL_STATUS = 'com.qlik.datafile.created';

/** Qlik's plaintext (legacy) and hashed QRIs of a data-file data set. */
function dataSetQris(
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

/** Only the requested top-level fields, as Qlik's `projections`; without any, the whole object. */
export function project<T extends object>(value: T, projections: readonly string[]): T {
  if (projections.length === 0) return value;
  const out: Record<string, unknown> = {};
  for (const key of projections) {
    if (Object.hasOwn(value, key)) out[key] = (value as Record<string, unknown>)[key];
  }
  return out as T;
}

/** Qlik's catalog page: 0-based `page`, `limit`, `total`, `pages` and absolute first/last/next/prev/self links. */
export function offsetPage<T>(request: FastifyRequest, q: PageQuery, data: T[], total: number) {
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

const storeInfo = (row: DataStoreRow) => ({ id: row.id, name: row.name, type: row.type });

export const toDataStore = (row: DataStoreRow, tenantId: string): DataStore => ({
  id: row.id,
  name: row.name,
  technicalName: row.technical_name,
  type: row.type,
  tenantId,
  description: '',
  technicalDescription: '',
  tags: [],
  properties: {},
  version: 1,
  createdTime: row.created_time,
  lastModifiedTime: row.last_modified_time,
});

/** A data asset; `stores` looks its store up (once per request). */
export const toDataAsset = (row: DataAssetRow, stores: StoreLookup, tenantId: string): DataAsset => {
  const store = stores(row.data_store_id);
  return {
    id: row.id,
    name: row.name,
    technicalName: row.technical_name,
    appType: row.app_type,
    ...(row.space_id ? { spaceId: row.space_id } : {}),
    ...(row.owner_id ? { ownerId: row.owner_id } : {}),
    tenantId,
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

export type StoreLookup = (storeId: string) => DataStoreRow | undefined;
export type AssetLookup = (assetId: string) => { asset?: DataAssetRow; store?: DataStoreRow };

/** A request's look-up of data stores, each read once. */
export function storeLookup(catalog: CatalogStore): StoreLookup {
  const stores = new Map<string, DataStoreRow | undefined>();
  return (storeId) => {
    if (!stores.has(storeId)) stores.set(storeId, catalog.storeById(storeId));
    return stores.get(storeId);
  };
}

/** A request's look-up of data assets and their store, shared by a page of sets. */
export function assetLookup(catalog: CatalogStore): AssetLookup {
  const assets = new Map<string, DataAssetRow | undefined>();
  const stores = storeLookup(catalog);
  return (assetId) => {
    if (!assets.has(assetId)) assets.set(assetId, catalog.assetById(assetId));
    const asset = assets.get(assetId);
    return { asset, store: asset ? stores(asset.data_store_id) : undefined };
  };
}

const EMPTY_SCHEMA: Schema = { dataFields: [], loadOptions: {}, anomalies: [] };

export const toDataSet = (row: DataSetWithOwner, lookup: AssetLookup, tenantId: string): DataSet => {
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

export const toItem = (
  row: DataSetWithOwner,
  origin: string,
  actions: string[],
  tenantId: string,
): ItemResultResponseBody => {
  const { qri, secureQri } = dataSetQris(tenantId, row);
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
    tenantId,
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


export const itemActions = (rights: Rights) => (rights.write ? ['read', 'update'] : ['read']);
