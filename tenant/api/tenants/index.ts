import type { FastifyInstance } from 'fastify';
import type { Tenant } from '@qlik/api/tenants';
import type { ApiOptions } from '../plugin';
import { ApiError } from '../../http/errors';
import { requestOrigin } from '../../http/pagination';
import type { TenantRow } from '../../store/tenant';

function toTenant(row: TenantRow, origin: string): Tenant {
  return {
    id: row.id,
    name: row.name,
    hostnames: [new URL(origin).host, row.hostname].filter((h, i, all) => all.indexOf(h) === i),
    region: row.region,
    datacenter: row.datacenter,
    status: row.status,
    created: row.created,
    lastUpdated: row.last_updated,
    createdByUser: row.created_by_user ?? undefined,
    enableAnalyticCreation: true,
    enableAppOpeningFeedback: false,
    autoAssignCreateSharedSpacesRoleToProfessionals: true,
    autoAssignDataServicesContributorRoleToProfessionals: true,
    autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: true,
    links: { self: { href: `${origin}/api/v1/tenants/${row.id}` } },
  };
}

/** The tenants API: the tenant this server is, by `me` or by id. */
export async function tenantsApi(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get('/api/v1/tenants/me', async (request) => toTenant(ctx.tenant(), requestOrigin(request)));

  app.get<{ Params: { tenantId: string } }>('/api/v1/tenants/:tenantId', async (request) => {
    const tenant = ctx.tenant();
    if (request.params.tenantId !== tenant.id) {
      throw new ApiError(404, `Tenant ${request.params.tenantId} not found.`, { code: 'TENANTS-8', title: 'Not found' });
    }
    return toTenant(tenant, requestOrigin(request));
  });
}
