import type { JSONPatchArray } from '@qlik/api/users';
import type { GroupPatchSchema } from '@qlik/api/groups';
import type { ApiCall } from '@/lib/api-call';
import type { UserListParams } from '../model';
import { connectionOwnersBody, spaceOwnerPatch, userListQuery, type OwnedContent } from './users';

/** What "Copy as…" copies for users and groups: each the same request the console sends. */
const id = encodeURIComponent;

export function userListCall(params: UserListParams): ApiCall {
  const query = userListQuery(params);
  return {
    method: 'GET',
    path: 'users',
    query,
    qlikApi: { module: 'users', fn: 'getUsers', args: [query] },
  };
}

export function patchUserCall(userId: string, patch: JSONPatchArray): ApiCall {
  return {
    method: 'PATCH',
    path: `users/${id(userId)}`,
    body: { json: patch },
    qlikApi: { module: 'users', fn: 'patchUser', args: [userId, patch] },
  };
}

export function deleteUserCall(userId: string): ApiCall {
  return {
    method: 'DELETE',
    path: `users/${id(userId)}`,
    qlikApi: { module: 'users', fn: 'deleteUser', args: [userId] },
  };
}

export function patchGroupCall(groupId: string, patch: GroupPatchSchema): ApiCall {
  return {
    method: 'PATCH',
    path: `groups/${id(groupId)}`,
    body: { json: patch },
    qlikApi: { module: 'groups', fn: 'patchGroup', args: [groupId, patch] },
  };
}

/**
 * The calls of a content hand-over, in the console's order: each space by PATCH of its owner, the connections
 * in one bulk update, each data file by its change-owner action.
 */
export function handOverCalls(
  owned: Pick<OwnedContent, 'spaces' | 'dataConnections' | 'dataFiles'>,
  newOwnerId: string,
): ApiCall[] {
  const spaces = owned.spaces.map((space): ApiCall => {
    const patch = spaceOwnerPatch(newOwnerId);
    return {
      method: 'PATCH',
      path: `spaces/${id(space.id)}`,
      body: { json: patch },
      qlikApi: { module: 'spaces', fn: 'patchSpace', args: [space.id, patch] },
    };
  });
  const body = connectionOwnersBody(owned.dataConnections, newOwnerId);
  const connections: ApiCall[] = owned.dataConnections.length
    ? [
        {
          method: 'POST',
          path: 'data-connections/actions/update',
          body: { json: body },
          qlikApi: { module: 'data-connections', fn: 'updateDataConnections', args: [body] },
        },
      ]
    : [];
  const files = owned.dataFiles.map((file): ApiCall => ({
    method: 'POST',
    path: `data-files/${id(file.id)}/actions/change-owner`,
    body: { json: { ownerId: newOwnerId } },
    qlikApi: { module: 'data-files', fn: 'changeDataFileOwner', args: [file.id, { ownerId: newOwnerId }] },
  }));
  return [...spaces, ...connections, ...files];
}
