import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiOptions } from '../plugin';
import { badRequest } from '../../http/errors';
import { requestOrigin } from '../../http/pagination';
import { createApiKey, deleteApiKey, describeApiKey, keyInReach, toApiKey } from '../../services/api-keys';
import type { ApiKeyListQuery, ApiKeySort } from '../../store/api-keys';
import { patchSchema } from '../users/changes';

const SORTS = ['createdByUser', 'sub', 'status', 'description', 'created'] as const;

interface ListQuery {
  createdByUser?: string;
  sub?: string;
  status?: 'active' | 'expired' | 'revoked';
  limit: number;
  sort: string;
  startingAfter?: string;
  endingBefore?: string;
}

const listQuerySchema = {
  type: 'object',
  properties: {
    createdByUser: { type: 'string', maxLength: 200 },
    sub: { type: 'string', maxLength: 200 },
    status: { type: 'string', enum: ['active', 'expired', 'revoked'] },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    sort: { type: 'string', enum: SORTS.flatMap((s) => [s, `+${s}`, `-${s}`]), default: '-created' },
    startingAfter: { type: 'string', maxLength: 200 },
    endingBefore: { type: 'string', maxLength: 200 },
  },
} as const;

const createSchema = {
  type: 'object',
  required: ['description'],
  properties: {
    description: { type: 'string', maxLength: 256 },
    expiry: { type: 'string', maxLength: 64 },
    sub: { type: 'string', maxLength: 200 },
    subType: { type: 'string', enum: ['user'] },
  },
} as const;

/** Qlik's `links` for a page: the cursor of its last key onwards, of its first key backwards. */
function pageLinks(request: FastifyRequest<{ Querystring: ListQuery }>, ids: string[], more: { next: boolean; prev: boolean }) {
  const base = `${requestOrigin(request)}/api/v1/api-keys`;
  const query = (cursor?: [string, string]) => {
    const params = new URLSearchParams(
      Object.entries(request.query).filter(([k, v]) => v !== undefined && k !== 'startingAfter' && k !== 'endingBefore').map(([k, v]) => [k, String(v)]),
    );
    if (cursor) params.set(cursor[0], cursor[1]);
    return `${base}?${params}`;
  };
  return {
    self: { href: query() },
    ...(more.next && ids.length ? { next: { href: query(['startingAfter', ids.at(-1)!]) } } : {}),
    ...(more.prev && ids.length ? { prev: { href: query(['endingBefore', ids[0]!]) } } : {}),
  };
}

/** API keys: the list (own keys; every key for a TenantAdmin), create (token once), get, describe, delete/revoke. */
export async function apiKeysRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Querystring: ListQuery }>('/api/v1/api-keys', { schema: { querystring: listQuerySchema } }, async (request) => {
    const q = request.query;
    if (q.startingAfter && q.endingBefore) {
      throw badRequest('startingAfter and endingBefore cannot be combined.', { source: { parameter: 'endingBefore' } });
    }
    const field = q.sort.replace(/^[+-]/, '') as ApiKeySort;
    const query: ApiKeyListQuery = {
      sub: request.caller.isTenantAdmin ? q.sub : request.caller.user.id,
      createdByUser: q.createdByUser,
      status: q.status,
      sort: { field, descending: q.sort.startsWith('-') },
      limit: q.limit,
      startingAfter: q.startingAfter,
      endingBefore: q.endingBefore,
    };
    if (!request.caller.isTenantAdmin && q.sub && q.sub !== request.caller.user.id) return { data: [], links: pageLinks(request, [], { next: false, prev: false }) };
    const { rows, hasMore } = ctx.apiKeys.list(query);
    const backwards = q.endingBefore !== undefined;
    const more = { next: backwards ? true : hasMore, prev: backwards ? hasMore : q.startingAfter !== undefined };
    return { data: rows.map((row) => toApiKey(ctx, row)), links: pageLinks(request, rows.map((r) => r.id), more) };
  });

  app.post<{ Body: { description: string; expiry?: string; sub?: string } }>('/api/v1/api-keys', { schema: { body: createSchema } }, async (request, reply) =>
    reply.code(201).send(createApiKey(ctx, request.caller, request.body)),
  );

  app.get<{ Params: { id: string } }>('/api/v1/api-keys/:id', async (request) => toApiKey(ctx, keyInReach(ctx, request.caller, request.params.id)));

  app.patch<{ Params: { id: string }; Body: { op: string; path: string; value?: unknown }[] }>(
    '/api/v1/api-keys/:id',
    { schema: { body: patchSchema } },
    async (request, reply) => {
      describeApiKey(ctx, request.caller, request.params.id, request.body);
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { id: string } }>('/api/v1/api-keys/:id', async (request, reply) => {
    deleteApiKey(ctx, request.caller, request.params.id);
    return reply.code(204).send();
  });
}
