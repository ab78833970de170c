import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  createSpace,
  createSpaceAssignment,
  deleteSpace,
  deleteSpaceAssignment,
  getSpaceAssignments,
  getSpaces,
  getSpaceTypes,
  patchSpace,
  updateSpaceAssignment,
  type Assignment,
  type Assignments,
  type RoleType,
  type Space,
  type SpacePatch,
  type Spaces,
  type SpaceType,
} from '@qlik/api/spaces';
import { getUser, getUsers, type User } from '@qlik/api/users';
import { getGroups, type Group } from '@qlik/api/groups';
import { getDataConnections } from '@qlik/api/data-connections';
import { getDataFiles, getDataFilesConnections } from '@qlik/api/data-files';
import { getItems } from '@qlik/api/items';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { nextCursor, scimString } from '@/lib/scim';
import type { SpaceListParams } from '../model';

export const spaceKeys = (tenantId: string) => tenantKeys(tenantId).resource('spaces');
const assignmentKeys = (tenantId: string) => tenantKeys(tenantId).resource('space-assignments');
const typeKeys = (tenantId: string) => tenantKeys(tenantId).resource('space-types');
const userKeys = (tenantId: string) => tenantKeys(tenantId).resource('users');
const groupKeys = (tenantId: string) => tenantKeys(tenantId).resource('groups');

/** Spaces per request: the API's safe maximum, so 10,000 spaces take 100 requests, only as the user scrolls. */
export const SPACES_PAGE_SIZE = 100;

export { nextCursor, scimString };

/** The `GET /spaces` query of a filter set (also what "Copy as…" copies). */
export function spaceListQuery(params: SpaceListParams, next?: string) {
  const { sort, ...filters } = params;
  return {
    ...filters,
    sort: sort.startsWith('-') ? sort : `+${sort}`,
    limit: SPACES_PAGE_SIZE,
    ...(next ? { next } : {}),
  } satisfies Parameters<typeof getSpaces>[0];
}

export async function listSpacesPage(
  tenant: TenantTarget,
  params: SpaceListParams,
  next?: string,
  signal?: AbortSignal,
): Promise<Spaces> {
  return (await getSpaces(spaceListQuery(params, next), apiOptions(tenant, signal))).data;
}

export function spacesQuery(tenant: TenantTarget, params: SpaceListParams) {
  return infiniteQueryOptions({
    queryKey: spaceKeys(tenant.id).list(params),
    queryFn: ({ pageParam, signal }) => listSpacesPage(tenant, params, pageParam || undefined, signal),
    initialPageParam: '',
    getNextPageParam: (last) => nextCursor(last),
  });
}

export { spaceQuery } from '@/lib/space-queries';

export function spaceTypesQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: typeKeys(tenant.id).all,
    queryFn: async ({ signal }): Promise<SpaceType[]> =>
      ((await getSpaceTypes(apiOptions(tenant, signal))).data.data ?? []) as SpaceType[],
    staleTime: 30 * 60_000,
  });
}

const idFilter = (ids: readonly string[]) => ids.map((id) => `id eq ${scimString(id)}`).join(' or ');

/**
 * Names of a batch of users: in one request (`id eq … or id eq …`) for a caller who may list users, else read one
 * by one by id (`users:read`, which every member has), so a member sees owners' names without a refused request.
 * Keyed by the sorted id set, so the pages of a list that share their owners share one cache entry.
 */
export function usersByIdsQuery(tenant: TenantTarget, ids: readonly string[], canListUsers: boolean) {
  const sorted = [...new Set(ids)].sort();
  return queryOptions({
    queryKey: userKeys(tenant.id).list({ ids: sorted }),
    queryFn: async ({ signal }): Promise<Record<string, User>> => {
      if (sorted.length === 0) return {};
      if (canListUsers) {
        const { data } = await getUsers({ filter: idFilter(sorted), limit: 100 }, apiOptions(tenant, signal));
        return Object.fromEntries((data.data ?? []).map((u) => [u.id, u]));
      }
      // A user that cannot be read is left out and shown by id.
      const users = await Promise.all(
        sorted.map((id) =>
          getUser(id, {}, apiOptions(tenant, signal)).then(
            (response) => response.data,
            () => undefined,
          ),
        ),
      );
      return Object.fromEntries(users.filter((u): u is User => u !== undefined).map((u) => [u.id, u]));
    },
    staleTime: 5 * 60_000,
  });
}

export function groupsByIdsQuery(tenant: TenantTarget, ids: readonly string[]) {
  const sorted = [...new Set(ids)].sort();
  return queryOptions({
    queryKey: groupKeys(tenant.id).list({ ids: sorted }),
    queryFn: async ({ signal }): Promise<Record<string, Group>> => {
      if (sorted.length === 0) return {};
      const { data } = await getGroups({ filter: idFilter(sorted), limit: 100 }, apiOptions(tenant, signal));
      return Object.fromEntries((data.data ?? []).map((g) => [g.id!, g]));
    },
    staleTime: 5 * 60_000,
  });
}

export interface Principal {
  type: 'user' | 'group';
  id: string;
  name: string;
  /** Email for users, description for groups. */
  detail?: string;
}

/** Users and groups whose name (or email) contains `text`, for the member and owner pickers. */
export function principalSearchQuery(
  tenant: TenantTarget,
  text: string,
  kinds: readonly ('user' | 'group')[],
) {
  return queryOptions({
    queryKey: userKeys(tenant.id).list({ search: text, kinds }),
    queryFn: async ({ signal }): Promise<Principal[]> => {
      const literal = scimString(text);
      const [users, groups] = await Promise.all([
        kinds.includes('user')
          ? getUsers(
              { filter: `name co ${literal} or email co ${literal}`, limit: 10, sort: 'name' },
              apiOptions(tenant, signal),
            ).then((r) => r.data.data ?? [])
          : [],
        kinds.includes('group')
          ? getGroups(
              { filter: `name co ${literal}`, limit: 10, sort: 'name' },
              apiOptions(tenant, signal),
            ).then((r) => r.data.data ?? [])
          : [],
      ]);
      return [
        ...users.map((u): Principal => ({ type: 'user', id: u.id, name: u.name ?? u.id, detail: u.email })),
        ...groups.map((g): Principal => ({
          type: 'group',
          id: g.id!,
          name: g.name ?? g.id!,
          detail: g.description,
        })),
      ];
    },
    staleTime: 30_000,
  });
}

export function assignmentsQuery(tenant: TenantTarget, spaceId: string) {
  return infiniteQueryOptions({
    queryKey: assignmentKeys(tenant.id).list({ spaceId }),
    queryFn: async ({ pageParam, signal }): Promise<Assignments> =>
      (
        await getSpaceAssignments(
          spaceId,
          { limit: 100, ...(pageParam ? { next: pageParam } : {}) },
          apiOptions(tenant, signal),
        )
      ).data,
    initialPageParam: '',
    getNextPageParam: (last) => nextCursor(last),
  });
}

/** Member count from `meta.count` of a one-item page: one cheap request per space. */
export function memberCountQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: assignmentKeys(tenant.id).list({ spaceId, count: true }),
    queryFn: async ({ signal }): Promise<number> =>
      (await getSpaceAssignments(spaceId, { limit: 1 }, apiOptions(tenant, signal))).data.meta?.count ?? 0,
    staleTime: 60_000,
  });
}

export function spaceConnectionCountQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('data-connections').list({ spaceId, count: true }),
    queryFn: async ({ signal }): Promise<number> => {
      const { data } = await getDataConnections({ spaceId, limit: 1 }, apiOptions(tenant, signal));
      return (data.meta as { count?: number } | undefined)?.count ?? data.data?.length ?? 0;
    },
    staleTime: 60_000,
  });
}

export interface SpaceFileStats {
  connectionId?: string;
  files?: number;
  folders?: number;
}

/** The space's DataFiles connection with its file statistics, in one request. */
export function spaceFileStatsQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('data-file-connections').list({ spaceId, stats: true }),
    queryFn: async ({ signal }): Promise<SpaceFileStats> => {
      const { data } = await getDataFilesConnections(
        { spaceId, includeSpaceStats: true, limit: 1 },
        apiOptions(tenant, signal),
      );
      const connection = data.data?.[0];
      return {
        connectionId: connection?.id,
        files: connection?.spaceStats?.totalFileCount,
        folders: connection?.spaceStats?.directFolderCount,
      };
    },
    staleTime: 60_000,
  });
}

export interface TreeLeaf {
  id: string;
  name: string;
}

/** A space's data connections, for the tree (first 100; the Connections tab has the full list). */
export function spaceConnectionsQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('data-connections').list({ spaceId, purpose: 'spaces-tree' }),
    queryFn: async ({ signal }): Promise<TreeLeaf[]> => {
      const { data } = await getDataConnections(
        { spaceId, limit: 100, sort: '+qName' },
        apiOptions(tenant, signal),
      );
      return (data.data ?? []).map((c) => ({ id: c.qID, name: c.qName }));
    },
  });
}

/** The apps of a space (read-only), for the tree: its first hundred by name. */
export function spaceAppsTreeQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('apps').list({ spaceId, purpose: 'spaces-tree' }),
    queryFn: async ({ signal }): Promise<TreeLeaf[]> => {
      const { data } = await getItems({ resourceType: 'app', spaceId, sort: '+name', limit: 100 }, apiOptions(tenant, signal));
      return data.data.map((item) => ({ id: item.resourceId ?? item.id, name: item.name ?? '' }));
    },
  });
}

/** Top-level folders of a space's data files, for the tree. */
export function spaceFoldersQuery(tenant: TenantTarget, connectionId: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('data-files').list({ connectionId, purpose: 'spaces-tree' }),
    queryFn: async ({ signal }): Promise<TreeLeaf[]> => {
      const { data } = await getDataFiles(
        { connectionId, excludeFiles: true, excludeSubFolders: true, sort: '+name', limit: 100 },
        apiOptions(tenant, signal),
      );
      return (data.data ?? []).map((f) => ({ id: f.id, name: f.name }));
    },
  });
}

// ---- mutations ----------------------------------------------------------------------------------------------

/** A space changed: its detail and every list it may appear in. */
function spaceChanged(client: QueryClient, tenant: TenantTarget, space?: Space) {
  if (space) client.setQueryData(spaceKeys(tenant.id).detail(space.id), space);
  return client.invalidateQueries({ queryKey: spaceKeys(tenant.id).lists() });
}

export function useCreateSpace(tenant: TenantTarget) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { type: SpaceType; name: string; description: string }) =>
      (await createSpace(body, apiOptions(tenant))).data,
    onSuccess: (space) => spaceChanged(client, tenant, space),
  });
}

/** Only the fields that changed, as JSON-Patch (the order decides which form field an error belongs to). */
export function patchOf(
  space: Pick<Space, 'name' | 'description' | 'ownerId'>,
  values: { name?: string; description?: string; ownerId?: string },
): SpacePatch {
  const ops: SpacePatch = [];
  for (const field of ['name', 'description', 'ownerId'] as const) {
    const value = values[field];
    if (value !== undefined && value !== (space[field] ?? ''))
      ops.push({ op: 'replace', path: `/${field}`, value });
  }
  return ops;
}

export function usePatchSpace(tenant: TenantTarget) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ spaceId, patch }: { spaceId: string; patch: SpacePatch }) =>
      (await patchSpace(spaceId, patch, apiOptions(tenant))).data,
    onSuccess: (space) => spaceChanged(client, tenant, space),
  });
}

export function useDeleteSpace(tenant: TenantTarget) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (spaceId: string) => {
      await deleteSpace(spaceId, apiOptions(tenant));
      return spaceId;
    },
    onSuccess: (spaceId) => {
      client.removeQueries({ queryKey: spaceKeys(tenant.id).detail(spaceId) });
      return client.invalidateQueries({ queryKey: spaceKeys(tenant.id).lists() });
    },
  });
}

const membersChanged = (client: QueryClient, tenant: TenantTarget) =>
  client.invalidateQueries({ queryKey: assignmentKeys(tenant.id).all });

export function useAddAssignment(tenant: TenantTarget, spaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { type: 'user' | 'group'; assigneeId: string; roles: RoleType[] }) =>
      (await createSpaceAssignment(spaceId, body, apiOptions(tenant))).data,
    onSuccess: () => membersChanged(client, tenant),
  });
}

export function useUpdateAssignment(tenant: TenantTarget, spaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ assignmentId, roles }: { assignmentId: string; roles: RoleType[] }) =>
      (await updateSpaceAssignment(spaceId, assignmentId, { roles }, apiOptions(tenant))).data,
    onSuccess: () => membersChanged(client, tenant),
  });
}

export function useDeleteAssignment(tenant: TenantTarget, spaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (assignment: Pick<Assignment, 'id'>) => {
      await deleteSpaceAssignment(spaceId, assignment.id, apiOptions(tenant));
    },
    onSuccess: () => membersChanged(client, tenant),
  });
}
