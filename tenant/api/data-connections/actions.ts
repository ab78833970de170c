import type { FastifyInstance } from 'fastify';
import type { BulkResponse, Error as ConnectionError } from '@qlik/api/data-connections';
import type { ApiOptions } from '../plugin';
import { requestOrigin } from '../../http/pagination';
import {
  deleteConnections,
  duplicateConnection,
  invalid,
  updateConnections,
} from '../../services/data-connections';
import type { ItemOutcome } from '../../services/outcomes';
import { findReadable, requireAdmin, rightsOn, targetSpace } from './access';
import { toCreated } from './shape';
import {
  bulkDeleteSchema,
  bulkUpdateSchema,
  duplicateSchema,
  type BulkDeleteBody,
  type BulkUpdateBody,
  type DuplicateBody,
} from './schemas';

/** Qlik's 207 body: each item's status, with its error when it failed. */
function bulkResponse(outcomes: ItemOutcome[]): BulkResponse {
  return {
    data: outcomes.map(({ id, error }) => {
      if (!error) return { id, status: 204 };
      const item = error.items[0]!;
      const itemError: ConnectionError = { code: item.code, title: item.title, detail: item.detail, status: error.status };
      return { id, status: error.status, error: itemError };
    }),
  };
}

/** Bulk delete and update (tenant admins) and duplicate. */
export async function actionRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  /** A tenant admin's action on many connections, each on its own, answered 207. */
  const bulkRoute = <Body extends BulkDeleteBody | BulkUpdateBody>(
    action: 'delete' | 'update',
    schema: object,
    run: (actorId: string, items: Body['connections']) => ItemOutcome[],
  ) =>
    app.post<{ Body: Body }>(`/api/v1/data-connections/actions/${action}`, { schema }, async (request, reply) => {
      requireAdmin(request.caller, `${action} connections in bulk`);
      const { connections } = request.body as Body;
      return reply.code(207).send(bulkResponse(run(request.caller.user.id, connections)));
    });
  bulkRoute<BulkDeleteBody>('delete', bulkDeleteSchema, (actorId, items) => deleteConnections(ctx, actorId, items));
  bulkRoute<BulkUpdateBody>('update', bulkUpdateSchema, (actorId, items) => updateConnections(ctx, actorId, items));

  app.post<{ Body: DuplicateBody }>(
    '/api/v1/data-connections/actions/duplicate',
    { schema: duplicateSchema },
    async (request, reply) => {
      const { caller, body } = request;
      const { row } = findReadable(ctx, request, body.id, {});
      if (row.is_datafiles) throw invalid('DataFiles connections cannot be duplicated.', '/id');
      const spaceId = body.spaceId === undefined ? (row.space_id ?? undefined) : body.spaceId || undefined;
      const space = targetSpace(ctx, caller, spaceId, '/spaceId');
      const copy = duplicateConnection(ctx, caller.user.id, row, space, body);
      const created = toCreated(copy, rightsOn(ctx, copy, caller), requestOrigin(request));
      return reply.code(201).header('location', created.links!.self.href).send(created);
    },
  );
}
