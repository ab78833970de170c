import { tenantKeys } from '@/lib/query-keys';

export const dataStoreKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-stores');
export const dataAssetKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-assets');
export const dataSetKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-sets');
export const dataSetProfileKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-set-profiles');
export const itemKeys = (tenantId: string) => tenantKeys(tenantId).resource('items');

export { queryText } from '@/lib/qlik-host';
