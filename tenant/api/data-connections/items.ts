import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConnectionGet } from '@qlik/api/data-connections';
import type { TenantContext } from '../../context';
import type { ApiOptions } from '../plugin';
import { requestOrigin } from '../../http/pagination';
import {
  createConnection,
  deleteConnection,
  invalid,
  patchConnection,
  replaceConnection,
} from '../../services/data-connections';
import { findEditable, findReadable, rightsOn, targetSpace } from './access';
import { toConnection, toCreated } from './shape';
import {
  createSchema,
  deleteSchema,
  patchSchema,
  readSchema,
  replaceSchema,
  type ConnectionBody,
  type ConnectionLookup,
  type ItemParams,
  type PatchOperation,
} from './schemas';

type Named = { Params: ItemParams; Querystring: ConnectionLookup };

/** One data connection: create, read, replace, patch, delete. */
export async function itemRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: ItemParams; Querystring: ConnectionLookup & { parseConnection?: boolean } }>(
    '/api/v1/data-connections/:qID',
    { schema: readSchema },
    async (request): Promise<ConnectionGet> => {
      const { row, rights } = findReadable(ctx, request, request.params.qID, request.query);
      return toConnection(row, rights, requestOrigin(request), ctx.tenant().id, Boolean(request.query.parseConnection));
    },
  );
  app.post<{ Body: ConnectionBody }>('/api/v1/data-connections', { schema: createSchema }, (request, reply) =>
    postConnection(ctx, request, reply),
  );
  app.put<Named & { Body: ConnectionBody }>(
    '/api/v1/data-connections/:qID',
    { schema: replaceSchema },
    (request, reply) => putConnection(ctx, request, reply),
  );
  app.patch<Named & { Body: PatchOperation[] }>(
    '/api/v1/data-connections/:qID',
    { schema: patchSchema },
    async (request, reply) => {
      const { row } = findEditable(ctx, request, request.params.qID, request.query, 'change');
      patchConnection(ctx, request.caller.user.id, row, request.body);
      return reply.code(204).send();
    },
  );
  app.delete<Named>('/api/v1/data-connections/:qID', { schema: deleteSchema }, async (request, reply) => {
    const { row } = findEditable(ctx, request, request.params.qID, request.query, 'delete');
    deleteConnection(ctx, request.caller.user.id, row);
    return reply.code(204).send();
  });
}

async function postConnection(
  ctx: TenantContext,
  request: FastifyRequest<{ Body: ConnectionBody }>,
  reply: FastifyReply,
) {
  const { caller, body } = request;
  const space = targetSpace(ctx, caller, typeof body.space === 'string' && body.space ? body.space : undefined, '/space');
  const row = createConnection(ctx, caller.user.id, space, body);
  const created = toCreated(row, rightsOn(ctx, row, caller), requestOrigin(request));
  return reply.code(201).header('location', created.links!.self.href).send(created);
}

async function putConnection(
  ctx: TenantContext,
  request: FastifyRequest<Named & { Body: ConnectionBody }>,
  reply: FastifyReply,
) {
  const { caller, body } = request;
  const { row } = findEditable(ctx, request, request.params.qID, request.query, 'change');
  if (body.connectionProperties !== undefined) {
    throw invalid(
      'PUT replaces a connection from its qConnectStatement; change connectionProperties with PATCH.',
      '/connectionProperties',
    );
  }
  for (const key of ['qID', 'qEngineObjectID'] as const) {
    if (body[key] !== undefined && body[key] !== row.id)
      throw invalid(`${key} must be the id of the connection being updated.`, `/${key}`);
  }
  let spaceId = row.space_id;
  if (body.space !== undefined && (body.space || null) !== row.space_id) {
    spaceId = targetSpace(ctx, caller, body.space ? String(body.space) : undefined, '/space')?.id ?? null;
  }
  replaceConnection(ctx, caller.user.id, row, spaceId, body);
  return reply.code(204).send();
}
