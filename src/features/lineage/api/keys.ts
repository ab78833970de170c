import { tenantKeys } from '@/lib/query-keys';

export const appKeys = (tenantId: string) => tenantKeys(tenantId).resource('apps');
export const lineageKeys = (tenantId: string) => tenantKeys(tenantId).resource('lineage-graphs');
