import type { RoleType, SpacePatch, SpaceType } from '@qlik/api/spaces';
import type { ApiCall } from '@/lib/api-call';
import type { SpaceListParams } from '../model';
import { spaceListQuery } from './spaces';

/** What "Copy as…" copies for the spaces area: each the same request the console sends for that action. */
const id = encodeURIComponent;

export function spaceListCall(params: SpaceListParams): ApiCall {
  const query = spaceListQuery(params);
  return {
    method: 'GET',
    path: 'spaces',
    query,
    qlikApi: { module: 'spaces', fn: 'getSpaces', args: [query] },
  };
}

export function createSpaceCall(body: { type: SpaceType; name: string; description: string }): ApiCall {
  return {
    method: 'POST',
    path: 'spaces',
    body: { json: body },
    qlikApi: { module: 'spaces', fn: 'createSpace', args: [body] },
  };
}

export function patchSpaceCall(spaceId: string, patch: SpacePatch): ApiCall {
  return {
    method: 'PATCH',
    path: `spaces/${id(spaceId)}`,
    body: { json: patch },
    qlikApi: { module: 'spaces', fn: 'patchSpace', args: [spaceId, patch] },
  };
}

export function deleteSpaceCall(spaceId: string): ApiCall {
  return {
    method: 'DELETE',
    path: `spaces/${id(spaceId)}`,
    qlikApi: { module: 'spaces', fn: 'deleteSpace', args: [spaceId] },
  };
}

export function addMemberCall(
  spaceId: string,
  body: { type: 'user' | 'group'; assigneeId: string; roles: RoleType[] },
): ApiCall {
  return {
    method: 'POST',
    path: `spaces/${id(spaceId)}/assignments`,
    body: { json: body },
    qlikApi: { module: 'spaces', fn: 'createSpaceAssignment', args: [spaceId, body] },
  };
}

export function changeMemberCall(spaceId: string, assignmentId: string, roles: RoleType[]): ApiCall {
  return {
    method: 'PUT',
    path: `spaces/${id(spaceId)}/assignments/${id(assignmentId)}`,
    body: { json: { roles } },
    qlikApi: { module: 'spaces', fn: 'updateSpaceAssignment', args: [spaceId, assignmentId, { roles }] },
  };
}

export function removeMemberCall(spaceId: string, assignmentId: string): ApiCall {
  return {
    method: 'DELETE',
    path: `spaces/${id(spaceId)}/assignments/${id(assignmentId)}`,
    qlikApi: { module: 'spaces', fn: 'deleteSpaceAssignment', args: [spaceId, assignmentId] },
  };
}
