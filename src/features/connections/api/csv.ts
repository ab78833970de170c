import type { CsvSource } from '@/components/export-csv-button';
import { cursorPages } from '@/lib/csv-export';
import type { TenantTarget } from '@/lib/qlik-host';
import { listConnectionsPage, nextPageCursor, type ConnectionListParams } from './connections';

type Connection = NonNullable<Awaited<ReturnType<typeof listConnectionsPage>>['data']>[number];

/** The connections list as CSV: every connection the current filters select. Secrets are never listed. */
export function connectionsCsv(tenant: TenantTarget, params: ConnectionListParams): CsvSource<Connection> {
  return {
    columns: [
      { header: 'Name', value: (c) => c.qName },
      { header: 'Type', value: (c) => c.datasourceID },
      { header: 'Space ID', value: (c) => c.space },
      { header: 'Owner ID', value: (c) => c.user },
      { header: 'Created', value: (c) => c.created },
      { header: 'Updated', value: (c) => c.updated },
      { header: 'ID', value: (c) => c.qID },
    ],
    pages: (signal) =>
      cursorPages(async (cursor) => {
        const page = await listConnectionsPage(tenant, params, cursor, signal);
        return { rows: page.data ?? [], total: page.meta?.count, next: nextPageCursor(page) };
      }),
  };
}
