import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { deleteUser, getUsers, patchUser, type JSONPatchArray, type Users } from '@qlik/api/users';
import { getRoles, type Role } from '@qlik/api/roles';
import { getSpaces, patchSpace, type SpacePatch } from '@qlik/api/spaces';
import {
  getDataConnections,
  updateDataConnections,
  type ActionUpdateRequest,
} from '@qlik/api/data-connections';
import { changeDataFileOwner, getDataFiles } from '@qlik/api/data-files';
import { getApiKeys } from '@qlik/api/api-keys';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { nextCursor, scimString } from '@/lib/scim';
import { usersFilter, type UserListParams } from '../model';

export { nextCursor as cursorOf, scimString };

export const userKeys = (tenantId: string) => tenantKeys(tenantId).resource('users');
const roleKeys = (tenantId: string) => tenantKeys(tenantId).resource('roles');

export const USERS_PAGE_SIZE = 100;

/** `GET /users`'s query for the list's filters and sort: the console's request, and what "Copy as…" copies. */
export function userListQuery(params: UserListParams) {
  const filter = usersFilter(params);
  return { limit: USERS_PAGE_SIZE, sort: params.sort, totalResults: true, ...(filter ? { filter } : {}) };
}

/** One page of the users list, from its cursor (none for the first). */
export async function listUsersPage(
  tenant: TenantTarget,
  params: UserListParams,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<Users> {
  const query = { ...userListQuery(params), ...(cursor ? { next: cursor } : {}) };
  return (await getUsers(query, apiOptions(tenant, signal))).data;
}

/** The users list: filters and sort from the URL, 100 per request, the next page as the table scrolls. */
export function usersQuery(tenant: TenantTarget, params: UserListParams) {
  return infiniteQueryOptions({
    queryKey: userKeys(tenant.id).list(params),
    queryFn: ({ pageParam, signal }) => listUsersPage(tenant, params, pageParam || undefined, signal),
    initialPageParam: '',
    getNextPageParam: (last) => nextCursor(last),
  });
}

export { userQuery } from '@/lib/user-queries';

/** Every role of the tenant with its description (a tenant has a few dozen: one or two requests). */
export function rolesQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: roleKeys(tenant.id).all,
    queryFn: async ({ signal }): Promise<Role[]> => {
      const roles: Role[] = [];
      let next: string | undefined;
      do {
        const { data } = await getRoles(
          { limit: 100, sort: 'name', ...(next ? { next } : {}) },
          apiOptions(tenant, signal),
        );
        roles.push(...(data.data ?? []));
        next = nextCursor(data);
      } while (next);
      return roles.filter((r) => r.name !== 'userDefault');
    },
    staleTime: 30 * 60_000,
  });
}

export interface OwnedItem {
  id: string;
  name: string;
}

/** What a user owns, which the tenant refuses to delete them with: the first 100 of each kind. */
export interface OwnedContent {
  spaces: OwnedItem[];
  dataConnections: OwnedItem[];
  dataFiles: OwnedItem[];
  apiKeys: OwnedItem[];
  /** A kind with 100 listed may hold more. */
  more: { spaces: boolean; dataConnections: boolean; dataFiles: boolean; apiKeys: boolean };
}

export function ownedContentQuery(tenant: TenantTarget, userId: string) {
  return queryOptions({
    queryKey: userKeys(tenant.id).detail({ userId, purpose: 'owned' }),
    queryFn: async ({ signal }): Promise<OwnedContent> => {
      const options = apiOptions(tenant, signal);
      const [spaces, connections, files, keys] = await Promise.all([
        getSpaces({ ownerId: userId, limit: 100, sort: '+name' }, options).then((r) => r.data.data ?? []),
        getDataConnections({ userId, noDatafiles: true, limit: 100 }, options).then((r) => r.data.data ?? []),
        getDataFiles({ ownerId: userId, includeAllSpaces: true, limit: 100 }, options).then(
          (r) => r.data.data ?? [],
        ),
        getApiKeys({ sub: userId, status: 'active', limit: 100 }, options).then((r) => r.data.data ?? []),
      ]);
      return {
        spaces: spaces.map((s) => ({ id: s.id, name: s.name })),
        dataConnections: connections.map((c) => ({ id: c.qID, name: c.qName })),
        dataFiles: files.map((f) => ({ id: f.id, name: f.name })),
        apiKeys: keys.map((k) => ({ id: k.id, name: k.description })),
        more: {
          spaces: spaces.length >= 100,
          dataConnections: connections.length >= 100,
          dataFiles: files.length >= 100,
          apiKeys: keys.length >= 100,
        },
      };
    },
  });
}

// ---- mutations ----------------------------------------------------------------------------------------------

/** A user changed: their detail, the lists they show in, and explanations that read their roles and groups. */
function userChanged(client: QueryClient, tenant: TenantTarget, userId: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: userKeys(tenant.id).detail(userId) }),
    client.invalidateQueries({ queryKey: userKeys(tenant.id).lists() }),
    client.invalidateQueries({ queryKey: tenantKeys(tenant.id).resource('access').all }),
  ]);
}

/** JSON Patch on a user (204; a 207 lists the parts not applied, which is a failure to show). */
export function usePatchUser(tenant: TenantTarget) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, patch }: { userId: string; patch: JSONPatchArray }) => {
      const response = await patchUser(userId, patch, apiOptions(tenant));
      if (response.status === 207) {
        const detail = (
          response.data as { errors?: { detail?: string; title?: string }[] } | undefined
        )?.errors
          ?.map((e) => e.detail ?? e.title)
          .join(' ');
        throw new Error(`Only part of the change was applied. ${detail ?? ''}`.trim());
      }
      return userId;
    },
    onSettled: (_result, _error, { userId }) => userChanged(client, tenant, userId),
  });
}

export function useDeleteUser(tenant: TenantTarget) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (userId: string) => {
      await deleteUser(userId, apiOptions(tenant));
      return userId;
    },
    onSuccess: (userId) => {
      client.removeQueries({ queryKey: userKeys(tenant.id).detail(userId) });
      return client.invalidateQueries({ queryKey: userKeys(tenant.id).lists() });
    },
  });
}

/** The patch that sets a user's roles to exactly these (by id). */
export const rolesPatch = (roleIds: readonly string[]): JSONPatchArray => [
  { op: 'replace', path: '/assignedRoles', value: roleIds.map((id) => ({ id })) },
];

export const statusPatch = (status: 'active' | 'disabled'): JSONPatchArray => [
  { op: 'replace', path: '/status', value: status },
];

export const spaceOwnerPatch = (ownerId: string): SpacePatch => [
  { op: 'replace', path: '/ownerId', value: ownerId },
];

/** One bulk update giving these connections to a new owner (their credentials stay behind, as Qlik does). */
export const connectionOwnersBody = (
  connections: readonly Pick<OwnedItem, 'id'>[],
  ownerId: string,
): ActionUpdateRequest => ({ connections: connections.map((c) => ({ id: c.id, ownerId })) });

/**
 * Gives everything a user owns to another user, so the tenant lets the user be deleted: spaces by PATCH of
 * `/ownerId`, data connections in one bulk update, data files one by one. API keys are not transferable: they go
 * with their owner. Throws on the first refusal, having moved what came before it.
 */
export async function transferOwnedContent(
  tenant: TenantTarget,
  owned: Pick<OwnedContent, 'spaces' | 'dataConnections' | 'dataFiles'>,
  newOwnerId: string,
): Promise<void> {
  const options = apiOptions(tenant);
  for (const space of owned.spaces) await patchSpace(space.id, spaceOwnerPatch(newOwnerId), options);
  if (owned.dataConnections.length) {
    const { data } = await updateDataConnections(
      connectionOwnersBody(owned.dataConnections, newOwnerId),
      options,
    );
    const failed = (data.data ?? []).find((result) => result.status >= 300);
    if (failed)
      throw new Error(
        `Data connection ${failed.id} kept its owner: ${failed.error?.title ?? failed.status}.`,
      );
  }
  for (const file of owned.dataFiles) await changeDataFileOwner(file.id, { ownerId: newOwnerId }, options);
}

export function useTransferOwnedContent(tenant: TenantTarget, userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ owned, newOwnerId }: { owned: OwnedContent; newOwnerId: string }) =>
      transferOwnedContent(tenant, owned, newOwnerId),
    // What moved may be only part of it: read the owned content again either way.
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: userKeys(tenant.id).detail({ userId, purpose: 'owned' }) }),
        ...(['spaces', 'data-connections', 'data-files'] as const).map((resource) =>
          client.invalidateQueries({ queryKey: tenantKeys(tenant.id).resource(resource).all }),
        ),
      ]),
  });
}
