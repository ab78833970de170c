import type { CsvSource } from '@/components/export-csv-button';
import { cursorPages } from '@/lib/csv-export';
import type { TenantTarget } from '@/lib/qlik-host';
import type { DataFile } from '../model';
import type { FileListParams } from '../search';
import { listFilesPage, nextPageCursor } from './data-files';

/** The file list as CSV: every file the current view and filters select (the folder, a search, an owner). */
export function filesCsv(
  tenant: TenantTarget,
  params: FileListParams,
  connectionId: string | undefined,
): CsvSource<DataFile> {
  return {
    columns: [
      { header: 'Path', value: (f) => f.name },
      { header: 'Folder', value: (f) => f.folder ?? false },
      { header: 'Size (bytes)', value: (f) => f.size },
      { header: 'Owner ID', value: (f) => f.ownerId },
      { header: 'Space ID', value: (f) => f.spaceId },
      { header: 'Created', value: (f) => f.createdDate },
      { header: 'Modified', value: (f) => f.modifiedDate },
      { header: 'ID', value: (f) => f.id },
    ],
    pages: (signal) =>
      cursorPages(async (cursor) => {
        const page = await listFilesPage(tenant, params, connectionId, cursor, signal);
        return { rows: page.data, next: nextPageCursor(page) };
      }),
  };
}
