import type { FastifyInstance } from 'fastify';
import type { DataSet, JsonPatch } from '@qlik/api/data-sets';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { patchDataSet } from '../../services/catalog';
import { readableSet } from './access';
import { assetLookup, project, toDataSet } from './shape';
import { oneSchema, patchSchema, projectionsOf } from './schemas';

type SetParams = { dataSetId: string };

/** One data set: read it, or change its description, tags and fields' metadata. */
export async function dataSetRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: SetParams; Querystring: { projections?: string } }>(
    '/api/v1/data-sets/:dataSetId',
    { schema: oneSchema('dataSetId') },
    async (request): Promise<DataSet> => {
      const { row } = readableSet(ctx, request.params.dataSetId, contentPrincipal(request.caller));
      const set = toDataSet(row, assetLookup(ctx.catalog), ctx.tenant().id);
      return project(set, projectionsOf(request.query.projections));
    },
  );

  app.patch<{ Params: SetParams; Body: JsonPatch[] }>(
    '/api/v1/data-sets/:dataSetId',
    { schema: patchSchema },
    async (request): Promise<DataSet> => {
      const found = readableSet(ctx, request.params.dataSetId, contentPrincipal(request.caller));
      const lookup = assetLookup(ctx.catalog);
      const tenantId = ctx.tenant().id;
      const shown = toDataSet(found.row, lookup, tenantId);
      const updated = patchDataSet(ctx, request.caller.user.id, found, shown, request.body);
      return toDataSet(updated, lookup, tenantId);
    },
  );
}
