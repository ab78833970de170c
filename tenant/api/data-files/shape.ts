import type { FastifyRequest } from 'fastify';
import type {
  ConnectionsResponse,
  DataFilePermission,
  DataFileUploadResponse,
  FolderStatsResponse,
  LinksResponse,
  MultiStatusResponseItem,
  ErrorCode,
} from '@qlik/api/data-files';
import { dataFileQri } from '../../catalog/qri';
import { linkTo } from '../../http/pagination';
import { emptyFolderStats, parentPath, personalUserOf, type DataFileRow } from '../../store/data-files';
import type { Place } from '../../services/data-file-rights';
import type { ItemOutcome } from '../../services/outcomes';

/** Qlik's timestamps carry 7 fractional digits. */
const qlikDate = (iso: string) => iso.replace(/\.(\d{3})Z$/, '.$10000Z');

function actionsOf(place: Place): DataFilePermission[] {
  const actions: DataFilePermission[] = ['list', 'read'];
  if (place.write) actions.push('update', 'delete', 'change_space');
  if (place.manage) actions.push('change_owner');
  return actions;
}

export function toDataFile(row: DataFileRow, place: Place, stats?: FolderStatsResponse): DataFileUploadResponse {
  return {
    id: row.id,
    name: row.name,
    baseName: row.base_name,
    folder: row.folder === 1,
    folderId: row.parent_id,
    folderPath: parentPath(row.name),
    size: row.size,
    ownerId: row.owner_id,
    spaceId: row.space_id,
    ...(row.app_id ? { appId: row.app_id } : {}),
    createdDate: qlikDate(row.created_date),
    modifiedDate: qlikDate(row.modified_date),
    contentUpdatedDate: row.content_updated_date ? qlikDate(row.content_updated_date) : null,
    qri: dataFileQri({ spaceId: row.space_id, userId: personalUserOf(row.space_key) ?? row.owner_id }, row.name),
    actions: actionsOf(place),
    folderStats: stats ?? emptyFolderStats(),
  };
}

/** A DataFiles connection as the data-files service lists it (with its space's stats when asked for). */
export function toFilesConnection(
  row: { id: string; space_id: string | null; connect_statement: string },
  spaceStats?: FolderStatsResponse,
): ConnectionsResponse {
  return {
    id: row.id,
    name: 'DataFiles',
    type: 'qix-datafiles.exe',
    spaceId: row.space_id,
    connectStatement: row.connect_statement,
    ...(spaceStats ? { spaceStats } : {}),
  };
}

/** Qlik's links: absolute; `next` and `prev` are always there (LinksResponse requires them), `href: null` at the ends. */
export function pageLinks(request: FastifyRequest, page: { next?: string; prev?: string }): LinksResponse {
  return {
    self: { href: linkTo(request, {}) },
    next: { href: page.next ? linkTo(request, { page: `n.${page.next}` }) : null },
    prev: { href: page.prev ? linkTo(request, { page: `p.${page.prev}` }) : null },
  };
}

/** One 207 item per operation: 204, or the error that item met. */
export function toStatusItem({ id, error }: ItemOutcome): MultiStatusResponseItem {
  if (!error) return { id, status: 204, code: 'HTTP-204', title: 'No Content' };
  const item = error.items[0]!;
  return { id, status: error.status, code: item.code as ErrorCode, title: item.title, detail: item.detail };
}
