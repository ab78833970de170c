import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  changeDataFileOwner,
  deleteDataFile,
  deleteDataFiles,
  getDataFile,
  getDataFiles,
  getDataFilesConnections,
  getDataFilesQuotas,
  moveDataFile,
  moveDataFiles,
  reuploadDataFile,
  uploadDataFile,
  type GetDataFileInfosResponse,
  type MultiStatusResponseItem,
  type QuotaResponse,
} from '@qlik/api/data-files';
import { spaceQuery, visibleSpacesQuery } from '@/lib/space-queries';
import { getUsers, type User } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { joinPath, parentOf, type DataFile } from '../model';
import type { FileListParams, Scope } from '../search';

const fileKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-files');
const quotaKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-file-quotas');
const connectionKeys = (tenantId: string) => tenantKeys(tenantId).resource('data-file-connections');

/**
 * The first page is small, so the table paints as soon as a screenful is in; the pages after it are big, so
 * scrolling through 100,000 files takes ~200 requests. The table renders only what is visible either way.
 */
export const FIRST_PAGE_SIZE = 100;
export const PAGE_SIZE = 500;
/** Folders of one level come in one page: the tree does not page. */
export const FOLDER_LIMIT = 1000;

type ListQuery = Parameters<typeof getDataFiles>[0];

/** The cursor of the next page, from the absolute `links.next.href` the tenant returned. */
export function nextPageCursor(page: GetDataFileInfosResponse): string | undefined {
  const href = page.links?.next?.href;
  if (!href) return undefined;
  return new URL(href).searchParams.get('page') ?? undefined;
}

/** Where a request points: a space's DataFiles connection, or nothing for the personal space. */
function placeQuery(scope: Scope, connectionId: string | undefined): ListQuery {
  if (scope.kind === 'all') return { includeAllSpaces: true };
  if (scope.kind === 'space') {
    if (!connectionId) throw new Error('The DataFiles connection of the space is not known yet.');
    return { connectionId };
  }
  return {};
}

/**
 * `GET /data-files` for a listing. The tree view lists the direct files of a folder (its subfolders come from
 * the folder query, so folders always lead); the flat view and searches walk the whole folder below.
 */
export function listQuery(
  params: FileListParams,
  connectionId: string | undefined,
  page?: string,
): ListQuery {
  return {
    ...placeQuery(params.scope, connectionId),
    ...(params.folder ? { folderPath: params.folder } : {}),
    excludeSubFolders: params.directOnly,
    // A search also finds folders by name; plain listings take folders from the folder query.
    includeFolders: Boolean(params.wildcard),
    ...(params.wildcard ? { baseNameWildcard: params.wildcard } : {}),
    ...(params.ownerId ? { ownerId: params.ownerId } : {}),
    sort: params.sort,
    limit: page ? PAGE_SIZE : FIRST_PAGE_SIZE,
    ...(page ? { page } : {}),
  };
}

export async function listFilesPage(
  tenant: TenantTarget,
  params: FileListParams,
  connectionId: string | undefined,
  page?: string,
  signal?: AbortSignal,
): Promise<GetDataFileInfosResponse> {
  return (await getDataFiles(listQuery(params, connectionId, page), apiOptions(tenant, signal))).data;
}

export function filesQuery(tenant: TenantTarget, params: FileListParams, connectionId: string | undefined) {
  return infiniteQueryOptions({
    queryKey: fileKeys(tenant.id).list({ kind: 'files', ...params }),
    queryFn: ({ pageParam, signal }) =>
      listFilesPage(tenant, params, connectionId, pageParam || undefined, signal),
    initialPageParam: '',
    getNextPageParam: (last) => nextPageCursor(last),
  });
}

/** One file or folder, e.g. one picked on a page that is no longer loaded. */
export async function getItem(tenant: TenantTarget, id: string, signal?: AbortSignal): Promise<DataFile> {
  return (await getDataFile(id, apiOptions(tenant, signal))).data;
}

/** One file or folder's own page. */
export function dataFileQuery(tenant: TenantTarget, id: string) {
  return queryOptions({
    queryKey: fileKeys(tenant.id).detail(id),
    queryFn: ({ signal }) => getItem(tenant, id, signal),
  });
}

/** Direct subfolders of `folder` ('' = root): one tree level, also the folder rows of the table. */
export function foldersQuery(
  tenant: TenantTarget,
  scope: Scope,
  connectionId: string | undefined,
  folder: string,
) {
  return queryOptions({
    queryKey: fileKeys(tenant.id).list({ kind: 'folders', scope, folder }),
    queryFn: ({ signal }) => listFolders(tenant, scope, connectionId, folder, signal),
  });
}

export async function listFolders(
  tenant: TenantTarget,
  scope: Scope,
  connectionId: string | undefined,
  folder: string,
  signal?: AbortSignal,
): Promise<DataFile[]> {
  const { data } = await getDataFiles(
    {
      ...placeQuery(scope, connectionId),
      ...(folder ? { folderPath: folder } : {}),
      excludeFiles: true,
      excludeSubFolders: true,
      // The stats say whether a folder has subfolders, so the tree offers expanding only where it leads somewhere.
      includeFolderStats: true,
      sort: '+name',
      limit: FOLDER_LIMIT,
    },
    apiOptions(tenant, signal),
  );
  return data.data;
}

/** Every folder of a space, for the move dialog's folder picker. */
export function allFoldersQuery(tenant: TenantTarget, scope: Scope, connectionId: string | undefined) {
  return queryOptions({
    queryKey: fileKeys(tenant.id).list({ kind: 'all-folders', scope }),
    queryFn: async ({ signal }): Promise<DataFile[]> => {
      const { data } = await getDataFiles(
        { ...placeQuery(scope, connectionId), excludeFiles: true, sort: '+name', limit: FOLDER_LIMIT },
        apiOptions(tenant, signal),
      );
      return data.data;
    },
  });
}

/** The DataFiles connection of a space: data-file calls address a space through it. */
export function spaceConnectionQuery(tenant: TenantTarget, spaceId: string) {
  return queryOptions({
    queryKey: connectionKeys(tenant.id).detail({ spaceId }),
    queryFn: async ({ signal }): Promise<string> => {
      const { data } = await getDataFilesConnections({ spaceId, limit: 1 }, apiOptions(tenant, signal));
      const connection = data.data?.find((c) => c.spaceId === spaceId);
      if (!connection) throw new Error('This space has no DataFiles connection.');
      return connection.id;
    },
    staleTime: Infinity,
  });
}

export function quotasQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: quotaKeys(tenant.id).detail('me'),
    queryFn: async ({ signal }): Promise<QuotaResponse> =>
      (await getDataFilesQuotas(apiOptions(tenant, signal))).data,
  });
}

// Shared with the other areas: one cache entry per space and one list of visible spaces.
export { spaceQuery, visibleSpacesQuery };

/** Users to pick as owner or owner filter (first 100 by name). */
export function usersQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('users').list({ purpose: 'data-files', limit: 100 }),
    queryFn: async ({ signal }): Promise<User[]> =>
      (await getUsers({ limit: 100, sort: '+name' }, apiOptions(tenant, signal))).data.data ?? [],
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * What a route loader fetches before the browser renders: the space and its connection, then the first page of
 * the listing (the same entries the components read, so nothing loads twice).
 */
export async function prefetchBrowser(
  queryClient: QueryClient,
  tenant: TenantTarget,
  params: FileListParams,
) {
  let connectionId: string | undefined;
  if (params.scope.kind === 'space') {
    const [, id] = await Promise.all([
      queryClient.ensureQueryData(spaceQuery(tenant, params.scope.spaceId)),
      queryClient.ensureQueryData(spaceConnectionQuery(tenant, params.scope.spaceId)),
    ]);
    connectionId = id;
  }
  await queryClient.ensureInfiniteQueryData(filesQuery(tenant, params, connectionId));
}

// ---- writes ------------------------------------------------------------------------------------------------

/** The `Json` form field of a new folder: its full path, in a space's DataFiles connection or the personal space. */
export const newFolderJson = (input: { connectionId?: string; folder: string; name: string }) => ({
  name: joinPath(input.folder, input.name),
  folder: true,
  ...(input.connectionId ? { connectionId: input.connectionId } : {}),
});

export async function createFolder(
  tenant: TenantTarget,
  input: { connectionId?: string; folder: string; name: string },
): Promise<DataFile> {
  const { data } = await uploadDataFile({ Json: newFolderJson(input) }, apiOptions(tenant));
  return data;
}

/** A new base name in the same folder: the full path is sent, so no folder id is needed. */
export async function renameItem(tenant: TenantTarget, file: DataFile, baseName: string): Promise<DataFile> {
  const { data } = await reuploadDataFile(
    file.id,
    { Json: { name: joinPath(parentOf(file.name), baseName) } },
    apiOptions(tenant),
  );
  return data;
}

/** Into another folder of the same space; null = the space root. */
export async function moveToFolder(
  tenant: TenantTarget,
  file: DataFile,
  folderId: string | null,
): Promise<DataFile> {
  const { data } = await reuploadDataFile(file.id, { Json: { folderId } }, apiOptions(tenant));
  return data;
}

/** Into another space's root; null = the owner's personal space. */
export async function changeSpace(tenant: TenantTarget, id: string, spaceId: string | null): Promise<void> {
  await moveDataFile(id, { spaceId }, apiOptions(tenant));
}

/** The `Json` form field of a copy: the tenant copies `sourceId`'s content into the same folder. */
export const duplicateJson = (file: DataFile, input: { connectionId?: string; name: string }) => ({
  name: input.name,
  sourceId: file.id,
  folderId: file.folderId ?? null,
  ...(input.connectionId ? { connectionId: input.connectionId } : {}),
});

export async function duplicateItem(
  tenant: TenantTarget,
  file: DataFile,
  input: { connectionId?: string; name: string },
): Promise<DataFile> {
  const { data } = await uploadDataFile({ Json: duplicateJson(file, input) }, apiOptions(tenant));
  return data;
}

export async function changeOwner(tenant: TenantTarget, id: string, ownerId: string): Promise<void> {
  await changeDataFileOwner(id, { ownerId }, apiOptions(tenant));
}

export async function deleteItem(tenant: TenantTarget, id: string): Promise<void> {
  await deleteDataFile(id, apiOptions(tenant));
}

export const deleteItemsBody = (ids: readonly string[]) => ({ delete: ids.map((id) => ({ id })) });

export const changeSpaceBody = (ids: readonly string[], spaceId: string | null) => ({
  'change-space': ids.map((id) => ({ id, spaceId })),
});

/** `actions/delete`: one 207 item per file, each with its own status. */
export async function deleteItems(tenant: TenantTarget, ids: string[]): Promise<MultiStatusResponseItem[]> {
  const { data } = await deleteDataFiles(deleteItemsBody(ids), apiOptions(tenant));
  return data.data;
}

/** `actions/change-space`: one 207 item per file. */
export async function changeSpaceOfItems(
  tenant: TenantTarget,
  ids: string[],
  spaceId: string | null,
): Promise<MultiStatusResponseItem[]> {
  const { data } = await moveDataFiles(changeSpaceBody(ids, spaceId), apiOptions(tenant));
  return data.data;
}

// ---- mutation hooks ----------------------------------------------------------------------------------------

/**
 * What a data-file change touches: the listings, the catalog data sets that follow files, and — when content
 * comes or goes, or changes hands — the caller's quota.
 */
export function invalidateFiles(
  queryClient: QueryClient,
  tenantId: string,
  options: { content?: boolean } = {},
) {
  const keys = tenantKeys(tenantId);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: fileKeys(tenantId).all }),
    queryClient.invalidateQueries({ queryKey: keys.resource('data-sets').all }),
    ...(options.content ? [queryClient.invalidateQueries({ queryKey: quotaKeys(tenantId).all })] : []),
  ]);
}

function useFilesMutation<V, R>(
  tenant: TenantTarget,
  run: (variables: V) => Promise<R>,
  options: { content?: boolean } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => invalidateFiles(queryClient, tenant.id, options),
  });
}

export const useCreateFolder = (tenant: TenantTarget) =>
  useFilesMutation(tenant, (input: { connectionId?: string; folder: string; name: string }) =>
    createFolder(tenant, input),
  );

export const useRenameItem = (tenant: TenantTarget) =>
  useFilesMutation(tenant, ({ file, baseName }: { file: DataFile; baseName: string }) =>
    renameItem(tenant, file, baseName),
  );

export const useMoveItem = (tenant: TenantTarget) =>
  useFilesMutation(
    tenant,
    (input: { file: DataFile } & ({ folderId: string | null } | { spaceId: string | null })) =>
      'spaceId' in input
        ? changeSpace(tenant, input.file.id, input.spaceId)
        : moveToFolder(tenant, input.file, input.folderId).then(() => undefined),
  );

export const useDuplicateItem = (tenant: TenantTarget) =>
  useFilesMutation(
    tenant,
    ({ file, connectionId, name }: { file: DataFile; connectionId?: string; name: string }) =>
      duplicateItem(tenant, file, { name, ...(connectionId ? { connectionId } : {}) }),
    { content: true },
  );

export const useChangeOwner = (tenant: TenantTarget) =>
  useFilesMutation(
    tenant,
    ({ id, ownerId }: { id: string; ownerId: string }) => changeOwner(tenant, id, ownerId),
    {
      content: true,
    },
  );

export const useDeleteItem = (tenant: TenantTarget) =>
  useFilesMutation(tenant, (id: string) => deleteItem(tenant, id), { content: true });
