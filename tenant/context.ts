import type { Db } from './store/db';
import type { Identities } from './store/identities';
import type { TenantRow } from './store/tenant';

/** What every API module is given: storage, identities and the tenant it serves. */
export interface TenantContext {
  db: Db;
  identities: Identities;
  tenant: () => TenantRow;
  dataDir: string;
}
