import type { Permission } from '@/components/guarded-action';
import { cursorPages, type BatchDecision, type ItemResult } from '@/lib/batch-runner';
import type { TenantTarget } from '@/lib/qlik-host';
import { batchItemResults, changeSpaceRight, type DataFile, type ItemRights } from '../model';
import type { FileListParams } from '../search';
import { changeSpaceOfItems, deleteItems, listFilesPage, listFolders, nextPageCursor } from './data-files';

/** Items per `actions/delete` or `actions/change-space` request: one 207 answers for each of them. */
export const BATCH_CHUNK = 100;

/**
 * Every item matching the listing, page by page (for "select all matching"): in the folder view its subfolders
 * first, as the table shows them, then the files.
 */
export async function* itemsMatching(
  tenant: TenantTarget,
  params: FileListParams,
  connectionId: string | undefined,
  signal?: AbortSignal,
): AsyncGenerator<DataFile[]> {
  if (params.directOnly) yield await listFolders(tenant, params.scope, connectionId, params.folder, signal);
  yield* cursorPages<DataFile>(async (cursor, pageSignal) => {
    const page = await listFilesPage(tenant, params, connectionId, cursor, pageSignal);
    const next = nextPageCursor(page);
    return { items: page.data, ...(next ? { next } : {}) };
  }, signal);
}

const decision = (permission: Permission): BatchDecision =>
  permission.allowed ? { run: true } : { run: false, reason: permission.reason ?? 'Not allowed.' };

/**
 * Per item: may the caller delete it. An item inside a folder the batch already deletes goes with that folder,
 * so it is not asked for again (a search lists a folder and the files in it).
 */
export function deleteDecider(rightsOf: (file: DataFile) => ItemRights) {
  const folders: string[] = [];
  return (file: DataFile): BatchDecision => {
    const parent = folders.find((folder) => file.name.startsWith(`${folder}/`));
    if (parent) return { run: false, reason: `Deleted with its folder ${parent}.` };
    const verdict = decision(rightsOf(file).delete);
    if (verdict.run && file.folder) folders.push(file.name);
    return verdict;
  };
}

/** Per item: may the caller move it, and is it at the root of its space (only those change space). */
export function decideMove(file: DataFile, rightsOf: (file: DataFile) => ItemRights): BatchDecision {
  const move = rightsOf(file).move;
  return decision(move.allowed ? changeSpaceRight(file) : move);
}

export async function deleteChunk(tenant: TenantTarget, chunk: DataFile[]): Promise<Map<string, ItemResult>> {
  const ids = chunk.map((file) => file.id);
  return batchItemResults(ids, await deleteItems(tenant, ids));
}

/** Into another space's root; null = each owner's personal space. */
export async function moveChunk(
  tenant: TenantTarget,
  chunk: DataFile[],
  spaceId: string | null,
): Promise<Map<string, ItemResult>> {
  const ids = chunk.map((file) => file.id);
  return batchItemResults(ids, await changeSpaceOfItems(tenant, ids, spaceId));
}
