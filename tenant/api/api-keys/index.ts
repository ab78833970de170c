import type { FastifyInstance } from 'fastify';
import { addGuards } from '../../auth/guards';
import { notFound } from '../../http/errors';
import { apiKeysConfig, patchApiKeysConfig } from '../../services/api-keys';
import { acceptJsonPatch, type ApiOptions } from '../plugin';
import { patchSchema } from '../users/changes';
import { API_KEYS_GUARDS } from './access';
import { apiKeysRoutes } from './keys';

/** The api-keys API: keys, and the tenant's configuration of them. */
export async function apiKeysApi(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { ctx } = options;
  addGuards(API_KEYS_GUARDS);
  acceptJsonPatch(app);
  await app.register(apiKeysRoutes, options);

  const ownTenant = (tenantId: string) => {
    if (tenantId !== ctx.tenant().id) throw notFound(`Tenant ${tenantId} not found.`, { source: { parameter: 'tenantId' } });
  };
  app.get<{ Params: { tenantId: string } }>('/api/v1/api-keys/configs/:tenantId', async (request) => {
    ownTenant(request.params.tenantId);
    return apiKeysConfig(ctx);
  });
  app.patch<{ Params: { tenantId: string }; Body: { op: string; path: string; value?: unknown }[] }>(
    '/api/v1/api-keys/configs/:tenantId',
    { schema: { body: patchSchema } },
    async (request, reply) => {
      ownTenant(request.params.tenantId);
      patchApiKeysConfig(ctx, request.caller, request.body);
      return reply.code(204).send();
    },
  );
}
