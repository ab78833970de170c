import { badRequest } from '../../http/errors';
import type { SortKey } from '../../store/catalog';

export const pageSchema = {
  page: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  sort: { type: 'string', maxLength: 300 },
  projections: { type: 'string', maxLength: 1000 },
} as const;

export interface PageQuery {
  page: number;
  limit: number;
  sort?: string;
  projections?: string;
}

export const idParam = (name: string) =>
  ({
    type: 'object',
    properties: { [name]: { type: 'string', minLength: 1, maxLength: 500 } },
    required: [name],
  }) as const;

const pageQuery = { type: 'object', properties: pageSchema } as const;
export const dataStoresSchema = { querystring: pageQuery };
export const dataAssetsSchema = { params: idParam('dataStoreId'), querystring: pageQuery };
export const dataSetsSchema = {
  params: {
    type: 'object',
    properties: {
      dataStoreId: { type: 'string', minLength: 1, maxLength: 500 },
      dataAssetId: { type: 'string', minLength: 1, maxLength: 500 },
    },
    required: ['dataStoreId', 'dataAssetId'],
  },
  querystring: { type: 'object', properties: { ...pageSchema, name: { type: 'string', maxLength: 1024 } } },
};

/** One object by id, with `projections`. */
export const oneSchema = (param: string) => ({
  params: idParam(param),
  querystring: { type: 'object', properties: { projections: pageSchema.projections } },
});

/** `name,-createdTime` against the fields an endpoint sorts by; ties are broken by id. */
export function catalogSort(raw: string | undefined, allowed: Record<string, string>, fallback: string): SortKey[] {
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
export function idList(raw: string, parameter: string): string[] | '*' {
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

/** A comma-separated list (projections, ids, types), trimmed, empty entries dropped. */
export const projectionsOf = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

export const patchSchema = {
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
};

export interface ItemsQuery {
  resourceType?: string;
  resourceSubType?: string;
  resourceId?: string;
  resourceIds?: string;
  resourceLink?: string;
  id?: string;
  name?: string;
  query?: string;
  spaceId?: string;
  spaceType?: string;
  ownerId?: string;
  notOwnerId?: string;
  createdByUserId?: string;
  notCreatedByUserId?: string;
  collectionId?: string;
  noActions?: boolean;
  sort?: string;
  limit: number;
  next?: string;
  prev?: string;
}

const str = (max = 1024) => ({ type: 'string', maxLength: max }) as const;

export const itemsSchema = {
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
};

/** Whether a `resourceType` filter (`app,dataset[qix-df]`) admits apps (which have no subtype). */
export function admitsApps(resourceType: string | undefined, resourceSubType: string | undefined): boolean {
  if (resourceSubType !== undefined) return false;
  if (resourceType === undefined || resourceType.trim() === '') return true;
  const tokens = resourceType.match(/[^,[\]]+(\[[^\]]*\])?/g) ?? [];
  return tokens.some((token) => /^\s*app\s*(?:\[[^\]]*\])?$/.test(token));
}

/** Whether a `resourceType` filter (`app,dataset[qix-df]`) admits data-file data sets. */
export function admitsDataSets(resourceType: string | undefined, resourceSubType: string | undefined): boolean {
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
}
