import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  getGroup,
  getGroups,
  patchGroup,
  type Group,
  type GroupPatchSchema,
  type Groups,
} from '@qlik/api/groups';
import { getUsers, type Users } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { nextCursor, scimString } from '@/lib/scim';
import { accessKeys, scanUserAccess, streamedScan } from './access';
import { userKeys } from './users';

export const groupKeys = (tenantId: string) => tenantKeys(tenantId).resource('groups');

/** The groups list, by name, 100 per request. */
export function groupsQuery(tenant: TenantTarget, q: string | undefined) {
  return infiniteQueryOptions({
    queryKey: groupKeys(tenant.id).list({ q: q ?? '', purpose: 'page' }),
    queryFn: async ({ pageParam, signal }): Promise<Groups> =>
      (
        await getGroups(
          {
            limit: 100,
            sort: '+name',
            totalResults: true,
            ...(q ? { filter: `name co ${scimString(q)}` } : {}),
            ...(pageParam ? { next: pageParam } : {}),
          },
          apiOptions(tenant, signal),
        )
      ).data,
    initialPageParam: '',
    getNextPageParam: (last) => nextCursor(last),
  });
}

export function groupQuery(tenant: TenantTarget, groupId: string) {
  return queryOptions({
    queryKey: groupKeys(tenant.id).detail(groupId),
    queryFn: async ({ signal }): Promise<Group> => (await getGroup(groupId, apiOptions(tenant, signal))).data,
  });
}

/** A group's members: users filtered by `assignedGroups.id`. */
export function groupMembersQuery(tenant: TenantTarget, groupId: string) {
  return infiniteQueryOptions({
    queryKey: userKeys(tenant.id).list({ groupId }),
    queryFn: async ({ pageParam, signal }): Promise<Users> =>
      (
        await getUsers(
          {
            filter: `assignedGroups.id eq ${scimString(groupId)}`,
            limit: 100,
            sort: 'name',
            ...(pageParam ? { next: pageParam } : {}),
          },
          apiOptions(tenant, signal),
        )
      ).data,
    initialPageParam: '',
    getNextPageParam: (last) => nextCursor(last),
  });
}

/** The spaces a group is assigned to, with its roles there: the same scan as a user's, for a subject of one group. */
export function groupSpacesScanQuery(tenant: TenantTarget, group: Pick<Group, 'id' | 'name'>) {
  return queryOptions({
    queryKey: accessKeys(tenant.id).detail({ groupId: group.id, purpose: 'scan' }),
    queryFn: streamedScan(({ signal }) =>
      scanUserAccess(
        tenant,
        // Nobody owns a space as a group, and a group's tenant roles reach spaces through its members only.
        {
          userId: '',
          name: group.name ?? group.id!,
          groups: [{ id: group.id!, name: group.name ?? group.id! }],
          tenantRoles: [],
        },
        signal,
      ),
    ),
    staleTime: 5 * 60_000,
  });
}

/** The patch that sets a group's tenant roles to exactly these (by id). */
export const groupRolesPatch = (roleIds: readonly string[]): GroupPatchSchema => [
  { op: 'replace', path: 'assignedRoles', value: roleIds.map((id) => ({ id })) },
];

/** Sets a group's tenant roles (its members hold them too). */
export function useSetGroupRoles(tenant: TenantTarget, groupId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (roleIds: readonly string[]) => {
      await patchGroup(groupId, groupRolesPatch(roleIds), apiOptions(tenant));
    },
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: groupKeys(tenant.id).detail(groupId) }),
        client.invalidateQueries({ queryKey: groupKeys(tenant.id).lists() }),
        // Members' users carry their groups' roles, and explanations read them.
        client.invalidateQueries({ queryKey: userKeys(tenant.id).all }),
        client.invalidateQueries({ queryKey: accessKeys(tenant.id).all }),
      ]),
  });
}
