import { queryOptions } from '@tanstack/react-query';
import { getMyTenant, type Tenant } from '@qlik/api/tenants';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';

export const myTenantKeys = (tenantId: string) => tenantKeys(tenantId).resource('tenants');

/** The tenant itself (`GET /api/v1/tenants/me`). */
export function myTenantQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: myTenantKeys(tenant.id).detail('me'),
    queryFn: async ({ signal }): Promise<Tenant> => (await getMyTenant(apiOptions(tenant, signal))).data,
    staleTime: 5 * 60_000,
  });
}
