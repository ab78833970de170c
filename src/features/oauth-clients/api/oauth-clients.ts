import { infiniteQueryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createOAuthClient,
  createOAuthClientSecret,
  deleteOAuthClient,
  deleteOAuthClientSecret,
  getOAuthClients,
  patchOAuthClient,
  type OAuthClientAdminListItem,
  type OAuthClientCreateRequest,
  type OAuthClientUpdate,
} from '@qlik/api/oauth-clients';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { confirmDeleteHeaders } from './api-calls';

export const oauthClientKeys = (tenantId: string) => tenantKeys(tenantId).resource('oauth-clients');

/** A client as a TenantAdmin lists it (redirect URIs, origins and secret hints included). */
export type OAuthClient = OAuthClientAdminListItem;

export const PAGE_SIZE = 100;

function nextCursor(href: string | undefined): string | undefined {
  return href ? (new URL(href).searchParams.get('next') ?? undefined) : undefined;
}

/** Every client of the tenant, newest last, following Qlik's `next` cursor (a tenant holds at most 200). */
export function oauthClientsQuery(tenant: TenantTarget) {
  return infiniteQueryOptions({
    queryKey: oauthClientKeys(tenant.id).list({}),
    queryFn: async ({ pageParam, signal }) => {
      const { data } = await getOAuthClients(
        { limit: PAGE_SIZE, sort: '+createdAt', ...(pageParam ? { next: pageParam } : {}) },
        apiOptions(tenant, signal),
      );
      return { clients: data.data as OAuthClient[], next: nextCursor(data.links.next?.href) };
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next,
  });
}

/** Creates a client; the answer carries the first secret (web clients), shown once. */
export function useCreateOAuthClient(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OAuthClientCreateRequest) => (await createOAuthClient(body, apiOptions(tenant))).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthClientKeys(tenant.id).lists() }),
  });
}

/** Changes a client (JSON Patch as Qlik takes it). */
export function usePatchOAuthClient(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ clientId, changes }: { clientId: string; changes: OAuthClientUpdate[] }) =>
      (await patchOAuthClient(clientId, changes, apiOptions(tenant))).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthClientKeys(tenant.id).lists() }),
  });
}

/** Deletes a client, naming it again in `qlik-confirm-delete`. */
export function useDeleteOAuthClient(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (clientId: string) =>
      deleteOAuthClient(clientId, { ...apiOptions(tenant), headers: confirmDeleteHeaders(clientId) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthClientKeys(tenant.id).lists() }),
  });
}

/**
 * A new secret; with `replaces`, the old one is deleted once the new one exists (rotation: the client keeps
 * working throughout with one or the other).
 */
export function useCreateClientSecret(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ clientId, replaces }: { clientId: string; replaces?: string }) => {
      const secret = (await createOAuthClientSecret(clientId, apiOptions(tenant))).data;
      if (replaces) await deleteOAuthClientSecret(clientId, replaces, apiOptions(tenant));
      return secret;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: oauthClientKeys(tenant.id).lists() }),
  });
}

export function useDeleteClientSecret(tenant: TenantTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ clientId, hint }: { clientId: string; hint: string }) =>
      deleteOAuthClientSecret(clientId, hint, apiOptions(tenant)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthClientKeys(tenant.id).lists() }),
  });
}
