import type { FastifyInstance } from 'fastify';
import type { DataAsset } from '@qlik/api/data-assets';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { notFound } from '../../http/errors';
import { rightsIn } from './access';
import { project, storeLookup, toDataAsset } from './shape';
import { oneSchema, projectionsOf } from './schemas';

/** One data asset: a space's, read by whoever reads the space, or a user's personal one, read by that user. */
export async function dataAssetRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: { dataAssetId: string }; Querystring: { projections?: string } }>(
    '/api/v1/data-assets/:dataAssetId',
    { schema: oneSchema('dataAssetId') },
    async (request): Promise<DataAsset> => {
      const { dataAssetId } = request.params;
      const row = ctx.catalog.assetById(dataAssetId);
      const principal = contentPrincipal(request.caller);
      const visible =
        row && (row.space_id ? rightsIn(ctx, row.space_id, principal).read : row.owner_id === principal.userId);
      if (!row || !visible) {
        throw notFound(`Data asset ${dataAssetId} was not found.`, { source: { parameter: 'dataAssetId' } });
      }
      const asset = toDataAsset(row, storeLookup(ctx.catalog), ctx.tenant().id);
      return project(asset, projectionsOf(request.query.projections));
    },
  );
}
