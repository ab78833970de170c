import type { Space } from '@qlik/api/spaces';
import type { CsvSource } from '@/components/export-csv-button';
import { cursorPages } from '@/lib/csv-export';
import type { TenantTarget } from '@/lib/qlik-host';
import type { SpaceListParams } from '../model';
import { listSpacesPage, nextCursor } from './spaces';

/** The spaces list as CSV: every space the current filters select, in the current order. */
export function spacesCsv(tenant: TenantTarget, params: SpaceListParams): CsvSource<Space> {
  return {
    columns: [
      { header: 'Name', value: (s) => s.name },
      { header: 'Type', value: (s) => s.type },
      { header: 'Description', value: (s) => s.description },
      { header: 'Owner ID', value: (s) => s.ownerId },
      { header: 'Created', value: (s) => s.createdAt },
      { header: 'Updated', value: (s) => s.updatedAt },
      { header: 'ID', value: (s) => s.id },
    ],
    pages: (signal) =>
      cursorPages(async (cursor) => {
        const page = await listSpacesPage(tenant, params, cursor, signal);
        return { rows: page.data ?? [], total: page.meta?.count, next: nextCursor(page) };
      }),
  };
}
