import type { Db } from './db';
import { SYSTEM_RUNTIME, type Runtime } from '../runtime';

export interface TenantRow {
  id: string;
  name: string;
  hostname: string;
  region: string;
  datacenter: string;
  status: 'active' | 'disabled' | 'deleted' | 'user-access-disabled';
  created: string;
  last_updated: string;
  created_by_user: string | null;
}

export function readTenant(db: Db): TenantRow | undefined {
  return db.prepare('SELECT * FROM tenant LIMIT 1').get() as TenantRow | undefined;
}

export function createTenant(
  db: Db,
  input: { name: string; hostname: string },
  runtime: Runtime = SYSTEM_RUNTIME,
): TenantRow {
  const now = runtime.clock.iso();
  const row: TenantRow = {
    id: runtime.ids.uid(),
    name: input.name,
    hostname: input.hostname,
    region: 'local',
    datacenter: 'localhost',
    status: 'active',
    created: now,
    last_updated: now,
    created_by_user: null,
  };
  db.prepare(
    `INSERT INTO tenant (id, name, hostname, region, datacenter, status, created, last_updated, created_by_user)
     VALUES (@id, @name, @hostname, @region, @datacenter, @status, @created, @last_updated, @created_by_user)`,
  ).run(row);
  return row;
}
