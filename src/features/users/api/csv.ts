import type { User } from '@qlik/api/users';
import type { CsvSource } from '@/components/export-csv-button';
import { cursorPages } from '@/lib/csv-export';
import type { TenantTarget } from '@/lib/qlik-host';
import type { UserListParams } from '../model';
import { cursorOf, listUsersPage } from './users';

const names = (list: readonly { name?: string }[] | undefined) =>
  (list ?? []).map((entry) => entry.name ?? '').join('; ');

/** The users list as CSV: every user the current filters select, in the current order. */
export function usersCsv(tenant: TenantTarget, params: UserListParams): CsvSource<User> {
  return {
    columns: [
      { header: 'Name', value: (u) => u.name },
      { header: 'Email', value: (u) => u.email },
      { header: 'Status', value: (u) => u.status },
      { header: 'Roles', value: (u) => names(u.assignedRoles) },
      { header: 'Groups', value: (u) => names(u.assignedGroups) },
      { header: 'Created', value: (u) => u.createdAt },
      { header: 'Last updated', value: (u) => u.lastUpdatedAt },
      { header: 'Subject', value: (u) => u.subject },
      { header: 'ID', value: (u) => u.id },
    ],
    pages: (signal) =>
      cursorPages(async (cursor) => {
        const page = await listUsersPage(tenant, params, cursor, signal);
        return { rows: page.data ?? [], total: page.totalResults, next: cursorOf(page) };
      }),
  };
}
