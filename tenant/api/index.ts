import type { FastifyInstance } from 'fastify';
import type { TenantContext } from '../context';
import { platformApi } from './platform';
import { tenantsApi } from './tenants';
import { usersApi } from './users';
import { groupsApi } from './groups';
import { rolesApi } from './roles';
import { apiKeysApi } from './api-keys';
import { oauthClientsApi } from './oauth-clients';
import { spacesApi } from './spaces';
import { dataConnectionsApi } from './data-connections';
import { tempContentsApi } from './temp-contents';
import { dataFilesApi } from './data-files';
import { catalogApi } from './catalog';
import { auditsApi } from './audits';
import { appsApi } from './apps';
import { lineageGraphsApi } from './lineage-graphs';
import type { WindowLimit } from '../http/rate-limit';

/**
 * Registers the REST API, one plugin per area (each a folder of plugins per resource). Each area adds its rows to
 * the guard table as it registers; the server refuses to start if a route has none.
 */
export async function registerApi(
  app: FastifyInstance,
  ctx: TenantContext,
  options: {
    allowedOrigins: readonly string[];
    audits: { retentionDays: number; retentionSweepMs: number };
    lineageRateLimit: WindowLimit | false;
  },
): Promise<void> {
  await app.register(platformApi);
  await app.register(tenantsApi, { ctx });
  await app.register(usersApi, { ctx });
  await app.register(groupsApi, { ctx });
  await app.register(rolesApi, { ctx });
  await app.register(apiKeysApi, { ctx });
  await app.register(oauthClientsApi, { ctx });
  await app.register(spacesApi, { ctx });
  await app.register(dataConnectionsApi, { ctx });
  await app.register(tempContentsApi, { ctx, allowedOrigins: options.allowedOrigins });
  await app.register(dataFilesApi, { ctx });
  await app.register(catalogApi, { ctx });
  await app.register(auditsApi, { ctx, ...options.audits });
  await app.register(appsApi, { ctx });
  await app.register(lineageGraphsApi, { ctx, rateLimit: options.lineageRateLimit });
}
