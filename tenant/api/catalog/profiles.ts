import type { FastifyInstance } from 'fastify';
import type { DataSetProfile, PageDataSetProfile } from '@qlik/api/data-sets';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { readableSet } from './access';
import { offsetPage, project } from './shape';
import { catalogSort, idParam, pageSchema, projectionsOf, type PageQuery } from './schemas';

const profilesSchema = {
  params: idParam('dataSetId'),
  querystring: { type: 'object', properties: { ...pageSchema, dataConnectionIds: { type: 'string', maxLength: 2000 } } },
};

/**
 * A data set's profile: one page with one profile, or 202 with a QUEUED/RUNNING placeholder while the catalog is
 * still computing it.
 */
export async function profileRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: { dataSetId: string }; Querystring: PageQuery & { dataConnectionIds?: string } }>(
    '/api/v1/data-sets/:dataSetId/profiles',
    { schema: profilesSchema },
    async (request, reply): Promise<PageDataSetProfile> => {
      const q = request.query;
      const { row } = readableSet(ctx, request.params.dataSetId, contentPrincipal(request.caller));
      catalogSort(q.sort, { name: '', dataSetId: '' }, 'name');
      const connections = projectionsOf(q.dataConnectionIds);
      const projections = projectionsOf(q.projections);
      if (connections.length && !connections.includes(row.connection_id ?? '')) return offsetPage(request, q, [], 0);
      const computing = row.profile_status === 'QUEUED' || row.profile_status === 'RUNNING';
      let profile: DataSetProfile;
      if (computing || !row.profile_json) {
        profile = {
          meta: {
            dataSetId: row.id,
            ...(row.connection_id ? { connectionId: row.connection_id } : {}),
            status: row.profile_status === 'RUNNING' ? 'RUNNING' : 'QUEUED',
          },
        };
        reply.code(202);
      } else {
        profile = JSON.parse(row.profile_json) as DataSetProfile;
      }
      const data = q.page === 0 ? [project(profile, projections)] : [];
      return offsetPage(request, q, data, 1);
    },
  );
}
