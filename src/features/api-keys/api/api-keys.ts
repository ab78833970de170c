import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createApiKey,
  deleteApiKey,
  getApiKeys,
  getApiKeysConfig,
  patchApiKeysConfig,
  type ApiKey,
  type ApiKeysConfig,
  type ApiKeysConfigPatchSchema,
} from '@qlik/api/api-keys';
import { getUsers } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';

export const apiKeyKeys = (tenantId: string) => tenantKeys(tenantId).resource('api-keys');

export type KeyStatus = 'active' | 'expired' | 'revoked';

/** A list of keys as the URL holds it: whose (`sub`; a non-admin only ever sees their own) and which status. */
export interface KeyListParams {
  sub?: string;
  status?: KeyStatus;
}

export const PAGE_SIZE = 50;

/** Keys newest first, following Qlik's `startingAfter` cursor (the last key's id). */
export function apiKeysQuery(tenant: TenantTarget, params: KeyListParams) {
  return infiniteQueryOptions({
    queryKey: apiKeyKeys(tenant.id).list(params),
    queryFn: async ({ pageParam, signal }) => {
      const { data } = await getApiKeys(
        {
          limit: PAGE_SIZE,
          sort: '-created',
          ...(params.sub ? { sub: params.sub } : {}),
          ...(params.status ? { status: params.status } : {}),
          ...(pageParam ? { startingAfter: pageParam } : {}),
        },
        apiOptions(tenant, signal),
      );
      return { keys: data.data, next: data.links?.next?.href ? new URL(data.links.next.href).searchParams.get('startingAfter') ?? undefined : undefined };
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next,
  });
}

export function apiKeysConfigQuery(tenant: TenantTarget, tenantId: string) {
  return queryOptions({
    queryKey: apiKeyKeys(tenant.id).detail({ config: tenantId }),
    queryFn: async ({ signal }): Promise<ApiKeysConfig> => (await getApiKeysConfig(tenantId, apiOptions(tenant, signal))).data,
  });
}

/** Users to filter keys by (admins only: listing users needs admin.users:read). */
export function keyOwnersQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: [...apiKeyKeys(tenant.id).all, 'owners'] as const,
    queryFn: async ({ signal }) => (await getUsers({ limit: 100, sort: '+name' }, apiOptions(tenant, signal))).data.data,
    staleTime: 60_000,
  });
}

/** A new key of the caller: what it is for and an ISO 8601 duration (`P30D`). */
export interface NewKeyBody {
  description: string;
  expiry: string;
}

/** Generates a key of the caller; the answer carries the token, shown once. */
export function useCreateApiKey(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewKeyBody) =>
      (await createApiKey(body, apiOptions(tenant))).data as ApiKey & { token: string },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys(tenant.id).lists() }),
  });
}

/** The owner deletes their key; a TenantAdmin revokes anyone's (it stays listed as revoked). */
export function useDeleteApiKey(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => deleteApiKey(id, apiOptions(tenant)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys(tenant.id).lists() }),
  });
}

export interface KeysConfigValues {
  max_api_key_expiry: string;
  max_keys_per_user: number;
}

/** Both settings, replaced together. */
export const configPatch = (config: KeysConfigValues): ApiKeysConfigPatchSchema => [
  { op: 'replace', path: '/max_api_key_expiry', value: config.max_api_key_expiry },
  { op: 'replace', path: '/max_keys_per_user', value: config.max_keys_per_user },
];

export function usePatchApiKeysConfig(tenant: TenantTarget, tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (config: KeysConfigValues) =>
      patchApiKeysConfig(tenantId, configPatch(config), apiOptions(tenant)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysConfigQuery(tenant, tenantId).queryKey }),
  });
}
