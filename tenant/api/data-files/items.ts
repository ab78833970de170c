import type { FastifyInstance } from 'fastify';
import type { ApiOptions } from '../plugin';
import { changeOwner, changeSpace, deleteItem } from '../../services/data-files';
import { fileRights } from './access';
import { toDataFile } from './shape';
import { changeOwnerSchema, changeSpaceSchema, type IdParams } from './schemas';

/** One data file or folder: read, delete, hand over, move to another space. */
export async function itemRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: IdParams }>('/api/v1/data-files/:id', async (request) => {
    const { row, place } = fileRights(ctx, request).readable(request.params.id);
    return toDataFile(row, place, row.folder ? ctx.dataFiles.folderStats(row) : undefined);
  });

  app.delete<{ Params: IdParams }>('/api/v1/data-files/:id', async (request, reply) => {
    deleteItem(ctx, fileRights(ctx, request), request.params.id);
    return reply.code(204).send();
  });

  app.post<{ Params: IdParams; Body: { ownerId: string } }>(
    '/api/v1/data-files/:id/actions/change-owner',
    { schema: changeOwnerSchema },
    async (request, reply) => {
      changeOwner(ctx, fileRights(ctx, request), request.params.id, request.body.ownerId);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: IdParams; Body: { spaceId?: string | null } }>(
    '/api/v1/data-files/:id/actions/change-space',
    { schema: changeSpaceSchema },
    async (request, reply) => {
      changeSpace(ctx, fileRights(ctx, request), request.params.id, request.body.spaceId);
      return reply.code(204).send();
    },
  );
}
