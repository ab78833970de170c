import { tenantKeys } from '@/lib/query-keys';

export const dataStoreKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-stores');
export const dataAssetKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-assets');
export const dataSetKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-sets');
export const dataSetProfileKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-set-profiles');
export const itemKeys = (tenantId: string) => tenantKeys(tenantId).resource('items');

/**
 * @qlik/api runs every query value through `encodeURIComponent(decodeURIComponent(value))`, so a raw `%` in
 * user input (a search, a file name) throws before the request is sent. Encoding first makes that a no-op.
 */
export const queryText = (value: string) => encodeURIComponent(value);
