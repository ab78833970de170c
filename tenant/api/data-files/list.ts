import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GetDataFileInfosResponse } from '@qlik/api/data-files';
import type { TenantContext } from '../../context';
import type { ApiOptions } from '../plugin';
import { parseSort } from '../../http/pagination';
import { DATA_FILE_SORTS, personalKey, type DataFileRow, type DataFileScope, type DataFileSort } from '../../store/data-files';
import { canonicalName, dfError } from '../../services/data-file-names';
import type { FileRights, Place } from '../../services/data-file-rights';
import { fileRights } from './access';
import { pageLinks, toDataFile } from './shape';
import { decodePage, listSchema, type ListQuery } from './schemas';

/** The data-files list: one space (by connection), the caller's personal space, or every space they see. */
export async function listRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Querystring: ListQuery }>('/api/v1/data-files', { schema: listSchema }, (request) =>
    listDataFiles(ctx, request),
  );
}

/** Where the listing looks, and the place it names when it is one space. */
function scopeOf(rights: FileRights, q: ListQuery): { scope: DataFileScope; place?: Place } {
  if (q.connectionId) {
    const place = rights.ofConnection(q.connectionId);
    return { scope: { spaceKey: place.key }, place };
  }
  if (q.includeAllSpaces || q.ownerId) {
    // every space the caller sees, their personal space, and (admins asking by owner) that owner's personal space
    const personalKeys = [personalKey(rights.userId)];
    if (q.ownerId && rights.principal.seesAll) personalKeys.push(personalKey(q.ownerId));
    return { scope: { principal: rights.principal, personalKeys } };
  }
  const place = rights.personal(rights.userId);
  return { scope: { spaceKey: place.key }, place };
}

/** The folder the listing is under (folderId or folderPath), or null for the root. */
function folderOf(ctx: TenantContext, rights: FileRights, q: ListQuery, place: Place | undefined): DataFileRow | null {
  if (q.folderId) {
    const folder = rights.folder(q.folderId);
    if (place && folder.space_key !== place.key) {
      throw dfError(400, 'DF-020', `Folder ${q.folderId} is not in the space of the connection.`, 'folderId');
    }
    return folder;
  }
  if (q.folderPath) {
    const path = canonicalName(q.folderPath, 'DF-004', '/folderPath');
    const folder = ctx.dataFiles.byName(place?.key ?? personalKey(rights.userId), path);
    if (!folder || !folder.folder) throw dfError(400, 'DF-005', `Folder ${path} was not found.`, 'folderPath');
    return folder;
  }
  return null;
}

async function listDataFiles(
  ctx: TenantContext,
  request: FastifyRequest<{ Querystring: ListQuery }>,
): Promise<GetDataFileInfosResponse> {
  const q = request.query;
  const rights = fileRights(ctx, request);
  if (q.folderId && q.folderPath) {
    throw dfError(400, 'DF-003', 'folderId and folderPath are mutually exclusive.', 'folderPath');
  }
  const { field, descending } = parseSort(q.sort, Object.keys(DATA_FILE_SORTS) as DataFileSort[], 'name', 'DF-002');
  const { scope, place } = scopeOf(rights, q);
  const under = folderOf(ctx, rights, q, place);
  const page = ctx.dataFiles.listIn(scope, {
    under,
    directOnly: q.excludeSubFolders,
    files: !q.excludeFiles,
    folders: q.includeFolders || q.excludeFiles,
    name: q.name,
    baseNameWildcard: q.baseNameWildcard,
    ownerId: q.ownerId,
    notOwnerId: q.notOwnerId,
    appId: q.appId,
    allowInternal: q.allowInternalFiles,
    sort: field,
    descending,
    limit: q.limit,
    ...(q.page ? decodePage(q.page) : {}),
  });
  const places = rights.ofRows(page.rows);
  const data = page.rows.map((row) =>
    toDataFile(
      row,
      rights.ofKey(row.space_key, places),
      q.includeFolderStats && row.folder ? ctx.dataFiles.folderStats(row) : undefined,
    ),
  );
  return { data, links: pageLinks(request, page) };
}
