import { inChunks, type ApiCall } from '@/lib/api-call';
import { joinPath, parentOf, type DataFile } from '../model';
import type { FileListParams } from '../search';
import { BATCH_CHUNK } from './batch';
import { changeSpaceBody, deleteItemsBody, duplicateJson, listQuery, newFolderJson } from './data-files';

/** What "Copy as…" copies for data files: each the same request the console sends for that action. */
const id = encodeURIComponent;

export function fileListCall(params: FileListParams, connectionId: string | undefined): ApiCall {
  const query = listQuery(params, connectionId);
  return {
    method: 'GET',
    path: 'data-files',
    query,
    qlikApi: { module: 'data-files', fn: 'getDataFiles', args: [query] },
  };
}

/** Metadata-only re-upload (`PUT /data-files/{id}`, multipart with a `Json` field): a rename or a move. */
function reuploadCall(
  file: DataFile,
  json: { name: string } | { folderId: string | null },
  cli: string[],
): ApiCall {
  return {
    method: 'PUT',
    path: `data-files/${id(file.id)}`,
    body: { form: { Json: JSON.stringify(json) } },
    qlikApi: { module: 'data-files', fn: 'reuploadDataFile', args: [file.id, { Json: json }] },
    cli: ['data-file', 'update', file.id, ...cli],
  };
}

export const renameFileCall = (file: DataFile, baseName: string): ApiCall => {
  const name = joinPath(parentOf(file.name), baseName);
  return reuploadCall(file, { name }, ['--name', name]);
};

/** Into another folder of the same space; null = the space root. */
export const moveFileCall = (file: DataFile, folderId: string | null): ApiCall =>
  reuploadCall(file, { folderId }, ['--folderId', folderId ?? '']);

/** Into another space's root; null = the owner's personal space. */
export function changeFileSpaceCall(fileId: string, spaceId: string | null): ApiCall {
  return {
    method: 'POST',
    path: `data-files/${id(fileId)}/actions/change-space`,
    body: { json: { spaceId } },
    qlikApi: { module: 'data-files', fn: 'moveDataFile', args: [fileId, { spaceId }] },
  };
}

export function deleteFileCall(fileId: string): ApiCall {
  return {
    method: 'DELETE',
    path: `data-files/${id(fileId)}`,
    qlikApi: { module: 'data-files', fn: 'deleteDataFile', args: [fileId] },
  };
}

/** A multipart `POST /data-files` with only its `Json` field: a folder, or a copy of a file the tenant holds. */
function createCall(json: Record<string, unknown>, cli: string[]): ApiCall {
  return {
    method: 'POST',
    path: 'data-files',
    body: { form: { Json: JSON.stringify(json) } },
    qlikApi: { module: 'data-files', fn: 'uploadDataFile', args: [{ Json: json }] },
    cli: ['data-file', 'create', ...cli],
  };
}

const connectionWords = (connectionId: string | undefined) =>
  connectionId ? ['--connectionId', connectionId] : [];

export function createFolderCall(input: { connectionId?: string; folder: string; name: string }): ApiCall {
  const json = newFolderJson(input);
  return createCall(json, ['--name', json.name, '--folder', ...connectionWords(input.connectionId)]);
}

export function duplicateFileCall(file: DataFile, input: { connectionId?: string; name: string }): ApiCall {
  const json = duplicateJson(file, input);
  return createCall(json, [
    '--name',
    json.name,
    '--sourceId',
    file.id,
    ...(json.folderId ? ['--folderId', json.folderId] : []),
    ...connectionWords(input.connectionId),
  ]);
}

export function changeFileOwnerCall(fileId: string, ownerId: string): ApiCall {
  return {
    method: 'POST',
    path: `data-files/${id(fileId)}/actions/change-owner`,
    body: { json: { ownerId } },
    qlikApi: { module: 'data-files', fn: 'changeDataFileOwner', args: [fileId, { ownerId }] },
  };
}

/**
 * A batch delete of picked items, in the console's chunks (one 207 answers for each item). The tenant refuses
 * the items the caller may not delete, item by item, where the console skips them before asking.
 */
export const deleteFilesCalls = (ids: readonly string[]): ApiCall[] =>
  inChunks(ids, BATCH_CHUNK).map((chunk) => {
    const body = deleteItemsBody(chunk);
    return {
      method: 'POST',
      path: 'data-files/actions/delete',
      body: { json: body },
      qlikApi: { module: 'data-files', fn: 'deleteDataFiles', args: [body] },
    };
  });

/** A batch move of picked items to another space's root (null = each owner's personal space). */
export const changeSpaceOfFilesCalls = (ids: readonly string[], spaceId: string | null): ApiCall[] =>
  inChunks(ids, BATCH_CHUNK).map((chunk) => {
    const body = changeSpaceBody(chunk, spaceId);
    return {
      method: 'POST',
      path: 'data-files/actions/change-space',
      body: { json: body },
      qlikApi: { module: 'data-files', fn: 'moveDataFiles', args: [body] },
    };
  });
