import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addGuards } from '../../auth/guards';
import { cursorLinks } from '../../http/pagination';
import {
  clientInReach,
  createClient,
  createClientSecret,
  deleteClient,
  deleteClientSecret,
  patchClient,
  toAdminShape,
  toReadShape,
  type CreateBody,
} from '../../services/oauth-clients';
import type { OAuthClientRow } from '../../store/oauth-clients';
import { badRequest } from '../../http/errors';
import { acceptJsonPatch, type ApiOptions } from '../plugin';
import { patchSchema } from '../users/changes';
import { OAUTH_CLIENTS_GUARDS } from './access';

const SORT_FIELDS = ['clientId', 'clientName', 'appType', 'tenantId', 'createdAt', 'updatedAt'] as const;
type SortField = (typeof SORT_FIELDS)[number];
const SORT_COLUMN: Record<SortField, keyof OAuthClientRow | null> = {
  clientId: 'client_id',
  clientName: 'client_name',
  appType: 'app_type',
  tenantId: null,
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

interface ListQuery {
  filter?: string;
  limit: number;
  next?: string;
  prev?: string;
  sort: string;
  totalResults?: boolean;
}

const listQuerySchema = {
  type: 'object',
  properties: {
    filter: { type: 'string', maxLength: 2000 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    next: { type: 'string', maxLength: 64 },
    prev: { type: 'string', maxLength: 64 },
    sort: { type: 'string', enum: SORT_FIELDS.flatMap((s) => [s, `+${s}`, `-${s}`]), default: '+createdAt' },
    totalResults: { type: 'boolean' },
  },
} as const;

const createSchema = {
  type: 'object',
  required: ['appType', 'clientName'],
  properties: {
    appType: { type: 'string', maxLength: 32 },
    clientName: { type: 'string', maxLength: 256 },
    description: { type: 'string', maxLength: 1024 },
    clientUri: { type: 'string', maxLength: 2000 },
    logoUri: { type: 'string', maxLength: 2000 },
    redirectUris: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 2000 } },
    allowedOrigins: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 2000 } },
    allowedScopes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } },
    allowedGrantTypes: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 200 } },
    allowedAuthMethods: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 200 } },
    connectionConfig: { type: 'object', properties: { consentMethod: { type: 'string', maxLength: 32 } } },
  },
} as const;

/** The list, filtered (SCIM on clientId, clientName, appType, tenantId, createdByType), sorted, paged by client id. */
function listClients(request: FastifyRequest<{ Querystring: ListQuery }>, { ctx }: ApiOptions) {
  const q = request.query;
  if (q.next && q.prev) throw badRequest('next and prev cannot be combined.', { source: { parameter: 'prev' } });
  const tenantId = ctx.tenant().id;
  const rows = q.filter ? ctx.oauthClients.matching(q.filter, tenantId) : ctx.oauthClients.all();
  const field = q.sort.replace(/^[+-]/, '') as SortField;
  const column = SORT_COLUMN[field];
  const sign = q.sort.startsWith('-') ? -1 : 1;
  rows.sort((a, b) => {
    const byField = column ? String(a[column]).localeCompare(String(b[column])) : 0;
    return sign * (byField || a.client_id.localeCompare(b.client_id));
  });
  let start = 0;
  if (q.next) start = rows.findIndex((r) => r.client_id === q.next) + 1;
  if (q.prev) start = Math.max(0, rows.findIndex((r) => r.client_id === q.prev) - q.limit);
  if ((q.next || q.prev) && start < 0) throw badRequest('The cursor names no client of this list.', { source: { parameter: q.next ? 'next' : 'prev' } });
  const page = rows.slice(start, start + q.limit);
  const shape = (row: OAuthClientRow) => (request.caller.isTenantAdmin ? toAdminShape(ctx, row) : toReadShape(row));
  return {
    data: page.map(shape),
    links: cursorLinks(request, {
      next: start + q.limit < rows.length ? page.at(-1)?.client_id : undefined,
      prev: start > 0 ? page[0]?.client_id : undefined,
    }),
    ...(q.totalResults ? { totalResults: rows.length } : {}),
  };
}

/** Qlik's OAuth clients API: list, create, get, change, delete (confirmed by header), and client secrets. */
export async function oauthClientsApi(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { ctx } = options;
  addGuards(OAUTH_CLIENTS_GUARDS);
  acceptJsonPatch(app);

  app.get<{ Querystring: ListQuery }>('/api/v1/oauth-clients', { schema: { querystring: listQuerySchema } }, async (request) => listClients(request, options));

  app.post<{ Body: CreateBody }>('/api/v1/oauth-clients', { schema: { body: createSchema } }, async (request, reply) =>
    reply.code(201).send(createClient(ctx, request.caller, request.body)),
  );

  app.get<{ Params: { id: string } }>('/api/v1/oauth-clients/:id', async (request) => {
    const row = clientInReach(ctx, request.params.id);
    return request.caller.isTenantAdmin ? toAdminShape(ctx, row) : toReadShape(row);
  });

  app.patch<{ Params: { id: string }; Body: { op: string; path: string; value?: unknown }[] }>(
    '/api/v1/oauth-clients/:id',
    { schema: { body: patchSchema } },
    async (request, reply) => {
      const { clientSecret } = patchClient(ctx, request.caller, request.params.id, request.body);
      return clientSecret ? reply.code(202).send({ clientSecret }) : reply.code(204).send();
    },
  );

  app.delete<{ Params: { id: string } }>('/api/v1/oauth-clients/:id', async (request, reply) => {
    const confirm = request.headers['qlik-confirm-delete'];
    deleteClient(ctx, request.caller, request.params.id, Array.isArray(confirm) ? confirm[0] : confirm);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/api/v1/oauth-clients/:id/client-secrets', async (request, reply) =>
    reply.code(201).send(createClientSecret(ctx, request.caller, request.params.id)),
  );

  app.delete<{ Params: { id: string; hint: string } }>('/api/v1/oauth-clients/:id/client-secrets/:hint', async (request, reply) => {
    deleteClientSecret(ctx, request.caller, request.params.id, request.params.hint);
    return reply.code(204).send();
  });
}
