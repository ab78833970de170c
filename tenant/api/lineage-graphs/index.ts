import type { FastifyInstance } from 'fastify';
import { addGuards } from '../../auth/guards';
import { fixedWindows, type WindowLimit } from '../../http/rate-limit';
import type { ApiOptions } from '../plugin';
import { LINEAGE_GUARDS } from './access';
import { impactRoutes } from './impact';
import { nodeRoutes } from './nodes';

/** Qlik's special limit on the lineage-graphs GET endpoints: 20 requests a minute per caller (POST overview is Tier 2). */
export const QLIK_LINEAGE_RATE_LIMIT: WindowLimit = { limit: 20, windowMs: 60_000 };

export interface LineageGraphsOptions extends ApiOptions {
  /** The limit per caller over every lineage endpoint; false = none. */
  rateLimit: WindowLimit | false;
}

/** The lineage-graphs API: lineage (upstream) and impact (downstream) graphs of apps, data files and connections. */
export async function lineageGraphsApi(app: FastifyInstance, options: LineageGraphsOptions): Promise<void> {
  addGuards(LINEAGE_GUARDS);
  if (options.rateLimit) {
    const windows = fixedWindows(options.rateLimit);
    app.addHook('preHandler', async (request, reply) => {
      if (request.method === 'POST') return;
      reply.header('x-ratelimit-remaining', String(windows.count(request.caller.user.id)));
    });
  }
  await app.register(nodeRoutes, options);
  await app.register(impactRoutes, options);
}
