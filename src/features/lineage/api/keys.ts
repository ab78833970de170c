import { tenantKeys } from '@/lib/query-keys';

export const appKeys = (tenantId: string) => tenantKeys(tenantId).resource('apps');
