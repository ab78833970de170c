import type { FastifyInstance } from 'fastify';
import type { GetConnectionsResponse } from '@qlik/api/data-files';
import type { ApiOptions } from '../plugin';
import { notFound } from '../../http/errors';
import { parseSort } from '../../http/pagination';
import { PERSONAL_CONNECT_STATEMENT, personalConnectionId, personalKey } from '../../store/data-files';
import { dfError } from '../../services/data-file-names';
import { fileRights } from './access';
import { contentPrincipal } from '../principal';
import { pageLinks, toFilesConnection } from './shape';
import { connectionsSchema, decodePage, type ConnectionsQuery, type IdParams } from './schemas';

/** The DataFiles connections the caller sees: their personal one, then one per visible space. */
export async function connectionRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Querystring: ConnectionsQuery }>(
    '/api/v1/data-files/connections',
    { schema: connectionsSchema },
    async (request): Promise<GetConnectionsResponse> => {
      const q = request.query;
      const { descending } = parseSort(q.sort, ['spaceId'], 'spaceId', 'DF-002');
      const caller = request.caller;
      if (q.name && q.name.toLowerCase() !== 'datafiles') return { data: [], links: pageLinks(request, {}) };
      const page = ctx.dataFiles.listConnections({
        userId: caller.user.id,
        principal: contentPrincipal(caller),
        personal: q.personal,
        spaceId: q.spaceId,
        descending,
        limit: q.limit,
        ...(q.page ? decodePage(q.page) : {}),
      });
      const stats = (spaceId: string | null) =>
        q.includeSpaceStats ? ctx.dataFiles.spaceStats(spaceId ?? personalKey(caller.user.id)) : undefined;
      return {
        data: page.rows.map((row) => toFilesConnection(row, stats(row.space_id))),
        links: pageLinks(request, page),
      };
    },
  );

  app.get<{ Params: IdParams }>('/api/v1/data-files/connections/:id', async (request) => {
    const { id } = request.params;
    if (id === personalConnectionId(request.caller.user.id)) {
      return toFilesConnection({ id, space_id: null, connect_statement: PERSONAL_CONNECT_STATEMENT });
    }
    const row = ctx.dataFiles.connectionById(id);
    if (!row) throw notFound(`DataFiles connection ${id} was not found.`, { source: { parameter: 'id' } });
    if (!fileRights(ctx, request).ofKey(row.space_id!).read) {
      throw dfError(403, 'DF-013', `Access to the space of connection ${id} is forbidden.`);
    }
    return toFilesConnection(row);
  });
}
