import type { FastifyInstance } from 'fastify';
import type { MultiStatusResponse } from '@qlik/api/data-files';
import type { ApiOptions } from '../plugin';
import { changeSpaces, deleteItems } from '../../services/data-files';
import { fileRights } from './access';
import { toStatusItem } from './shape';
import {
  batchChangeSpaceSchema,
  batchDeleteSchema,
  type BatchChangeSpaceBody,
  type BatchDeleteBody,
} from './schemas';

/** Batch moves and deletes: each item on its own, answered 207 with a status per item. */
export async function actionRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.post<{ Body: BatchChangeSpaceBody }>(
    '/api/v1/data-files/actions/change-space',
    { schema: batchChangeSpaceSchema },
    async (request, reply) => {
      const outcomes = changeSpaces(ctx, fileRights(ctx, request), request.body['change-space']);
      const result: MultiStatusResponse = { data: outcomes.map(toStatusItem) };
      return reply.code(207).send(result);
    },
  );

  app.post<{ Body: BatchDeleteBody }>(
    '/api/v1/data-files/actions/delete',
    { schema: batchDeleteSchema },
    async (request, reply) => {
      const body = request.body;
      const outcomes = deleteItems(ctx, fileRights(ctx, request), {
        items: body.delete,
        spaces: body.deleteAllBySpace ?? [],
        personalSpace: Boolean(body.deleteAllFromPersonalSpace),
      });
      const result: MultiStatusResponse = { data: outcomes.map(toStatusItem) };
      return reply.code(207).send(result);
    },
  );
}
