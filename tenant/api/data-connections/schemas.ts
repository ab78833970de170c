import type { ConnectionBody, ConnectionReassignment, PatchOperation } from '../../services/data-connections';
import type { ConnectionLookup } from './access';

export interface ListQuery {
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
}

export interface ItemParams {
  qID: string;
}
export type { ConnectionBody, ConnectionLookup, PatchOperation };

export interface DuplicateBody {
  id: string;
  name?: string;
  spaceId?: string;
  qUsername?: string;
  qPassword?: string;
}

export const listSchema = {
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
};

const lookupQuery = {
  type: { type: 'string', enum: ['connectionname'] },
  spaceId: { type: 'string', maxLength: 100 },
} as const;

export const readSchema = {
  querystring: { type: 'object', properties: { ...lookupQuery, parseConnection: { type: 'boolean' } } },
};

/** PUT, PATCH and DELETE name the connection as a read does, without parseConnection. */
const lookupSchema = { querystring: { type: 'object', properties: lookupQuery } };
export const deleteSchema = lookupSchema;

const connectionBody = {
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

export const createSchema = { body: { ...connectionBody, required: ['qName', 'datasourceID'] } };

export const replaceSchema = {
  ...lookupSchema,
  // ConnectionUpdate: a full replacement, given as qConnectStatement (properties change through PATCH).
  body: { ...connectionBody, required: ['qName', 'qConnectStatement', 'qType', 'qID', 'qEngineObjectID'] },
};

export const patchSchema = {
  ...lookupSchema,
  body: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'object' } },
};

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

export type BulkDeleteBody = { connections: { id: string; name?: string }[] };
export const bulkDeleteSchema = bulkSchema({
  id: { type: 'string', maxLength: 100 },
  name: { type: 'string', maxLength: 256 },
});

export type BulkUpdateBody = { connections: ConnectionReassignment[] };
export const bulkUpdateSchema = bulkSchema({
  id: { type: 'string', maxLength: 100 },
  name: { type: 'string', maxLength: 256 },
  ownerId: { type: 'string', maxLength: 100 },
  spaceId: { type: 'string', maxLength: 100 },
  spaceType: { type: 'string', enum: ['personal', 'shared', 'managed', 'data'] },
});

export const duplicateSchema = {
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
};
