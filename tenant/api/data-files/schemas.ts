import { badRequest } from '../../http/errors';
import { decodeCursor } from '../../http/pagination';
import { dfError } from '../../services/data-file-names';

export interface IdParams {
  id: string;
}

export interface ListQuery {
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

export const listSchema = {
  querystring: {
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
  },
};

export interface ConnectionsQuery {
  includeSpaceStats: boolean;
  limit: number;
  name?: string;
  page?: string;
  personal: boolean;
  sort?: string;
  spaceId?: string;
}

export const connectionsSchema = {
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
};

/** Qlik's data-files cursors are one `page` parameter for both directions; the direction rides in the token. */
export function decodePage(raw: string) {
  const match = /^([np])\.(.+)$/.exec(raw);
  if (!match) {
    throw dfError(400, 'DF-001', "The cursor in 'page' is not valid. Follow the links the previous page returned.", 'page');
  }
  const cursor = decodeCursor(match[2]!, 'page', 'DF-001');
  return match[1] === 'n' ? { after: cursor } : { before: cursor };
}

/** The Json part of an upload (POST and PUT), as sent. */
export interface JsonPart {
  name?: unknown;
  connectionId?: unknown;
  folderId?: unknown;
  sourceId?: unknown;
  tempContentFileId?: unknown;
  folder?: unknown;
  appId?: unknown;
  folderMergeBehavior?: unknown;
}

/** An id field of the Json part: absent (undefined), empty (null) or a string. */
export function optionalString(value: unknown, pointer: string): string | undefined | null {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw badRequest(`${pointer.slice(1)} must be a string.`, { source: { pointer } });
  return value;
}

export const changeOwnerSchema = {
  body: {
    type: 'object',
    required: ['ownerId'],
    properties: { ownerId: { type: 'string', minLength: 1, maxLength: 200 } },
  },
};

const spaceId = { type: ['string', 'null'], maxLength: 200 } as const;

export const changeSpaceSchema = { body: { type: 'object', properties: { spaceId } } };

export type BatchChangeSpaceBody = { 'change-space': { id: string; spaceId?: string | null }[] };
export const batchChangeSpaceSchema = {
  body: {
    type: 'object',
    required: ['change-space'],
    properties: {
      'change-space': {
        type: 'array',
        maxItems: 1000,
        items: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 200 }, spaceId } },
      },
    },
  },
};

export interface BatchDeleteBody {
  delete: { id: string }[];
  deleteAllBySpace?: { id: string }[] | null;
  deleteAllFromPersonalSpace?: boolean | null;
}
const ids = (maxItems: number) => ({
  maxItems,
  items: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 200 } } },
});
export const batchDeleteSchema = {
  body: {
    type: 'object',
    // DataFileBatchDeleteRequest: `delete` is required (it may be empty beside deleteAllBySpace).
    required: ['delete'],
    properties: {
      delete: { type: 'array', ...ids(1000) },
      deleteAllBySpace: { type: ['array', 'null'], ...ids(100) },
      deleteAllFromPersonalSpace: { type: ['boolean', 'null'] },
    },
  },
};
