import type { ActionDuplicateRequest, DcaasConnectionCreate, PatchRequest } from '@qlik/api/data-connections';
import { inChunks, type ApiCall } from '@/lib/api-call';
import { isSecretField, toCreateBody, toPatchOps, type ConnectionFormValues } from '../model';
import { DELETE_CHUNK } from './batch';
import { deleteConnectionsBody, listQuery, type ConnectionListParams } from './connections';

/**
 * Stands in for what was typed into a secret box: a copied command lands in shell history and chat, so the
 * admin fills the secret in where it runs.
 */
export const SECRET_PLACEHOLDER = 'REPLACE_WITH_SECRET';

const id = encodeURIComponent;

export function connectionListCall(params: ConnectionListParams): ApiCall {
  const query = listQuery(params);
  return {
    method: 'GET',
    path: 'data-connections',
    query,
    qlikApi: { module: 'data-connections', fn: 'getDataConnections', args: [query] },
  };
}

export function createConnectionCall(values: ConnectionFormValues): ApiCall {
  const body = toCreateBody(values);
  const properties = Object.fromEntries(
    Object.entries((body.connectionProperties ?? {}) as Record<string, unknown>).map(([field, value]) => [
      field,
      isSecretField(field) && value ? SECRET_PLACEHOLDER : value,
    ]),
  );
  const shown: DcaasConnectionCreate = { ...body, connectionProperties: properties };
  return {
    method: 'POST',
    path: 'data-connections',
    body: { json: shown },
    qlikApi: { module: 'data-connections', fn: 'createDataConnection', args: [shown] },
  };
}

export function updateConnectionCall(
  connectionId: string,
  initial: ConnectionFormValues,
  values: ConnectionFormValues,
): ApiCall {
  const ops: PatchRequest = toPatchOps(initial, values).map((op) =>
    isSecretField(op.path.split('/').pop() ?? '') ? { ...op, value: SECRET_PLACEHOLDER } : op,
  );
  return {
    method: 'PATCH',
    path: `data-connections/${id(connectionId)}`,
    body: { json: ops },
    qlikApi: { module: 'data-connections', fn: 'patchDataConnection', args: [connectionId, {}, ops] },
  };
}

export function deleteConnectionCall(connectionId: string): ApiCall {
  return {
    method: 'DELETE',
    path: `data-connections/${id(connectionId)}`,
    qlikApi: { module: 'data-connections', fn: 'deleteDataConnection', args: [connectionId, {}] },
  };
}

/** A copy of a connection the tenant holds (its credentials are copied there, never through the console). */
export function duplicateConnectionCall(body: ActionDuplicateRequest): ApiCall {
  return {
    method: 'POST',
    path: 'data-connections/actions/duplicate',
    body: { json: body },
    qlikApi: { module: 'data-connections', fn: 'duplicateDataAConnection', args: [body] },
  };
}

/** A batch delete of picked connections, in the console's chunks (TenantAdmin; one 207 answers for each). */
export const deleteConnectionsCalls = (connections: { id: string; name?: string }[]): ApiCall[] =>
  inChunks(connections, DELETE_CHUNK).map((chunk) => {
    const body = deleteConnectionsBody(chunk);
    return {
      method: 'POST',
      path: 'data-connections/actions/delete',
      body: { json: body },
      qlikApi: { module: 'data-connections', fn: 'deleteDataConnections', args: [body] },
    };
  });
