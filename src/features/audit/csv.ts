import type { CsvSource } from '@/components/export-csv-button';
import { cursorPages } from '@/lib/csv-export';
import type { TenantTarget } from '@/lib/qlik-host';
import { listAuditsPage, nextCursor, type AuditEvent, type AuditListParams } from './api/audits';
import { concernsResource, extensionsOf, resourceOf } from './model';

/** The audit log as CSV: every event the current filters select (the resource filter too), newest first. */
export function auditCsv(
  tenant: TenantTarget,
  params: AuditListParams,
  resource?: string,
): CsvSource<AuditEvent> {
  return {
    columns: [
      { header: 'Time', value: (e) => e.eventTime },
      { header: 'Event type', value: (e) => e.eventType },
      { header: 'User ID', value: (e) => e.userId },
      { header: 'Resource ID', value: (e) => resourceOf(e).id },
      { header: 'Resource name', value: (e) => resourceOf(e).name },
      { header: 'Space ID', value: (e) => extensionsOf(e).spaceId },
      { header: 'Source', value: (e) => e.source },
      { header: 'Event ID', value: (e) => e.id },
    ],
    pages: (signal) =>
      cursorPages(async (cursor) => {
        const page = await listAuditsPage(tenant, params, cursor, signal);
        const rows = (page.data ?? []).filter((event) => !resource || concernsResource(event, resource));
        return { rows, next: nextCursor(page) };
      }),
  };
}
