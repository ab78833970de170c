import type { ConnectionCreateResponse, ConnectionGet, Privilege } from '@qlik/api/data-connections';
import type { ConnectionRow, Properties } from '../../store/data-connections';
import type { Rights } from './access';

type LogOnInput = '0' | '1' | 'LOG_ON_SERVICE_USER' | 'LOG_ON_CURRENT_USER';
const logOnText = (v: 0 | 1): LogOnInput => (v ? '1' : '0');

function privilegesOf(row: ConnectionRow, rights: Rights): Privilege[] {
  if (row.is_datafiles) return ['read'];
  const out: Privilege[] = ['list', 'read'];
  if (rights.edit) out.push('update', 'delete', 'change_space');
  if (rights.admin) out.push('change_owner');
  return out;
}

export function toConnection(
  row: ConnectionRow,
  rights: Rights,
  origin: string,
  tenantId: string,
  parse = false,
): ConnectionGet {
  return {
    qID: row.id,
    qEngineObjectID: row.id,
    qName: row.name,
    qType: row.q_type,
    qConnectStatement: row.connect_statement,
    qArchitecture: row.architecture,
    qLogOn: row.log_on,
    qSeparateCredentials: Boolean(row.separate_credentials),
    datasourceID: row.datasource_id,
    ...(row.space_id ? { space: row.space_id } : {}),
    user: row.owner_id,
    tenant: tenantId,
    created: row.created,
    updated: row.updated,
    privileges: privilegesOf(row, rights),
    tags: JSON.parse(row.tags) as string[],
    links: { self: { href: `${origin}/api/v1/data-connections/${row.id}` } },
    ...(parse ? { connectionProperties: JSON.parse(row.properties) as Properties } : {}),
  };
}

/** The answer to a create or a duplicate (ConnectionCreateResponse: qLogOn as text, no tags). */
export function toCreated(row: ConnectionRow, rights: Rights, origin: string): ConnectionCreateResponse {
  return {
    qID: row.id,
    qEngineObjectID: row.id,
    qName: row.name,
    qType: row.q_type,
    qConnectStatement: row.connect_statement,
    qArchitecture: row.architecture,
    qLogOn: logOnText(row.log_on),
    qSeparateCredentials: Boolean(row.separate_credentials),
    ...(row.space_id ? { space: row.space_id } : {}),
    user: row.owner_id,
    created: row.created,
    updated: row.updated,
    privileges: privilegesOf(row, rights),
    links: { self: { href: `${origin}/api/v1/data-connections/${row.id}` } },
  };
}
