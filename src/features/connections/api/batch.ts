import type { QueryClient } from '@tanstack/react-query';
import type { ConnectionGet } from '@qlik/api/data-connections';
import { cursorPages, resultsByItem, type BatchDecision, type ItemResult } from '@/lib/batch-runner';
import type { TenantTarget } from '@/lib/qlik-host';
import { connectionRights } from '../model';
import {
  connectionKeys,
  deleteConnections,
  listConnectionsPage,
  nextPageCursor,
  type ConnectionListParams,
} from './connections';

/** Connections per `actions/delete` request: one request answers for each of them (207). */
export const DELETE_CHUNK = 50;

/** Every connection matching the list's filters, read page by page (for "select all matching"). */
export function connectionsMatching(
  tenant: TenantTarget,
  params: ConnectionListParams,
  signal?: AbortSignal,
) {
  return cursorPages<ConnectionGet>(async (cursor, pageSignal) => {
    const page = await listConnectionsPage(tenant, params, cursor, pageSignal);
    const next = nextPageCursor(page);
    return { items: page.data ?? [], ...(next ? { next } : {}) };
  }, signal);
}

/** A DataFiles connection, or one the caller may not delete, is skipped with the reason. */
export function decideDelete(connection: ConnectionGet, canWrite: boolean): BatchDecision {
  const right = connectionRights(connection, canWrite).delete;
  return right.allowed ? { run: true } : { run: false, reason: right.reason ?? 'Not allowed.' };
}

/** One `actions/delete` for a chunk; each connection's own status (and error) becomes its result. */
export async function deleteConnectionsChunk(
  tenant: TenantTarget,
  chunk: ConnectionGet[],
): Promise<Map<string, ItemResult>> {
  const items = await deleteConnections(
    tenant,
    chunk.map((connection) => ({ id: connection.qID, name: connection.qName })),
  );
  return resultsByItem(
    chunk.map((connection) => connection.qID),
    items.map((item) => ({
      id: item.id,
      ok: item.status < 300,
      message: item.error?.detail ?? item.error?.title ?? `HTTP ${item.status}`,
    })),
  );
}

/** After a batch over connections: every list, and the detail of each one deleted. */
export function connectionsBatchFinished(client: QueryClient, tenant: TenantTarget, deletedIds: string[]) {
  for (const id of deletedIds) client.removeQueries({ queryKey: connectionKeys(tenant.id).detail(id) });
  void client.invalidateQueries({ queryKey: connectionKeys(tenant.id).lists() });
}
