import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  createDataConnection,
  deleteDataConnection,
  deleteDataConnections,
  duplicateDataAConnection,
  getDataConnection,
  getDataConnections,
  patchDataConnection,
  type BulkResponse,
  type ConnectionCreateResponse,
  type ConnectionGet,
  type Connections,
  type PatchRequest,
} from '@qlik/api/data-connections';
import { spaceQuery, visibleSpacesQuery } from '@/lib/space-queries';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { DATAFILES_DATASOURCE, toCreateBody, type ConnectionFormValues, type TypeFilter } from '../model';

export const connectionKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-connections');

export const SORTS = ['+qName', '-qName', '+created', '-created', '+updated', '-updated'] as const;
export type ConnectionSort = (typeof SORTS)[number];

/** List filters as they travel in the URL; each maps onto one documented query parameter. */
export interface ConnectionListParams {
  spaceId?: string;
  personal?: boolean;
  ownedByMe?: boolean;
  type?: TypeFilter;
  q?: string;
  sort: ConnectionSort;
}

export const PAGE_SIZE = 50;

/** Escapes a value for a SCIM string literal. */
const scimString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The `GET /data-connections` query for a filter set. Qlik applies `filter` and `sort` to standard connections
 * only and lists DataFiles connections after them, so a type or name filter on standard connections also
 * drops the DataFiles ones, and "DataFiles" asks for a filter no standard connection matches.
 */
export function listQuery(
  params: ConnectionListParams,
  page?: string,
): Parameters<typeof getDataConnections>[0] {
  const filters: string[] = [];
  let noDatafiles = false;
  if (params.type === DATAFILES_DATASOURCE)
    filters.push(`datasourceID eq ${scimString(DATAFILES_DATASOURCE)}`);
  else if (params.type) {
    filters.push(`datasourceID eq ${scimString(params.type)}`);
    noDatafiles = true;
  }
  const search = params.q?.trim();
  if (search) {
    filters.push(`qName co ${scimString(search)}`);
    if (params.type !== DATAFILES_DATASOURCE) noDatafiles = true;
  }
  return {
    limit: PAGE_SIZE,
    sort: params.sort,
    caseinsensitive: true,
    ...(params.spaceId ? { spaceId: params.spaceId } : params.personal ? { personal: true } : {}),
    ...(params.ownedByMe ? { ownedByMe: true } : {}),
    ...(noDatafiles ? { noDatafiles: true } : {}),
    ...(filters.length ? { filter: filters.join(' and ') } : {}),
    ...(page ? { page } : {}),
  };
}

/** The cursor of the next page, from the absolute `links.next.href` the tenant returned. */
export function nextPageCursor(page: Connections): string | undefined {
  const href = page.links?.next?.href;
  if (!href) return undefined;
  return new URL(href).searchParams.get('page') ?? undefined;
}

export async function listConnectionsPage(
  tenant: TenantTarget,
  params: ConnectionListParams,
  page?: string,
  signal?: AbortSignal,
): Promise<Connections> {
  return (await getDataConnections(listQuery(params, page), apiOptions(tenant, signal))).data;
}

export function connectionsQuery(tenant: TenantTarget, params: ConnectionListParams) {
  return infiniteQueryOptions({
    queryKey: connectionKeys(tenant.id).list(params),
    queryFn: ({ pageParam, signal }) => listConnectionsPage(tenant, params, pageParam || undefined, signal),
    initialPageParam: '',
    getNextPageParam: (last) => nextPageCursor(last),
  });
}

export async function getConnection(
  tenant: TenantTarget,
  id: string,
  signal?: AbortSignal,
): Promise<ConnectionGet> {
  return (await getDataConnection(id, { parseConnection: true }, apiOptions(tenant, signal))).data;
}

export function connectionQuery(tenant: TenantTarget, id: string) {
  return queryOptions({
    queryKey: connectionKeys(tenant.id).detail(id),
    queryFn: ({ signal }) => getConnection(tenant, id, signal),
  });
}

export async function createConnection(
  tenant: TenantTarget,
  values: ConnectionFormValues,
): Promise<ConnectionCreateResponse> {
  const { data } = await createDataConnection(toCreateBody(values), apiOptions(tenant));
  // Known datasources never answer with an OAuth authUrl; only DCaaS OAuth connectors do.
  return data as ConnectionCreateResponse;
}

export async function updateConnection(tenant: TenantTarget, id: string, ops: PatchRequest): Promise<void> {
  if (ops.length === 0) return;
  await patchDataConnection(id, {}, ops, apiOptions(tenant));
}

export async function duplicateConnection(
  tenant: TenantTarget,
  input: { id: string; name?: string },
): Promise<ConnectionCreateResponse> {
  return (await duplicateDataAConnection(input, apiOptions(tenant))).data;
}

export async function deleteConnection(tenant: TenantTarget, id: string): Promise<void> {
  await deleteDataConnection(id, {}, apiOptions(tenant));
}

export type BulkItem = NonNullable<BulkResponse['data']>[number];

export const deleteConnectionsBody = (connections: { id: string; name?: string }[]) => ({ connections });

/** `actions/delete` (TenantAdmin only): one result per connection, 204 or that item's own error (207). */
export async function deleteConnections(
  tenant: TenantTarget,
  connections: { id: string; name?: string }[],
): Promise<BulkItem[]> {
  return (
    (await deleteDataConnections(deleteConnectionsBody(connections), apiOptions(tenant))).data.data ?? []
  );
}

// ---- what the list shows beside each connection ----------------------------------------------------------

// Shared with the other areas: one cache entry per space and one list of visible spaces.
export { spaceQuery, visibleSpacesQuery };

// ---- mutations -------------------------------------------------------------------------------------------

function invalidateLists(queryClient: QueryClient, tenantId: string) {
  return queryClient.invalidateQueries({ queryKey: connectionKeys(tenantId).lists() });
}

export function useCreateConnection(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: ConnectionFormValues) => createConnection(tenant, values),
    onSuccess: () => invalidateLists(queryClient, tenant.id),
  });
}

export function useUpdateConnection(tenant: TenantTarget, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ops: PatchRequest) => updateConnection(tenant, id, ops),
    onSuccess: () =>
      Promise.all([
        invalidateLists(queryClient, tenant.id),
        queryClient.invalidateQueries({ queryKey: connectionKeys(tenant.id).detail(id) }),
      ]),
  });
}

export function useDuplicateConnection(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; name?: string }) => duplicateConnection(tenant, input),
    onSuccess: () => invalidateLists(queryClient, tenant.id),
  });
}

export function useDeleteConnection(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteConnection(tenant, id),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: connectionKeys(tenant.id).detail(id) });
      return invalidateLists(queryClient, tenant.id);
    },
  });
}
