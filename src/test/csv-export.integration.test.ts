import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCsv, type RowPage } from '@/lib/csv-export';
import type { CsvSource } from '@/components/export-csv-button';
import type { TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import type { TestTenant } from '../../tenant/test/harness';
import { auditCsv } from '@/features/audit/csv';
import { listAuditsPage } from '@/features/audit/api/audits';
import { spacesCsv } from '@/features/spaces/api/csv';
import { connectionsCsv } from '@/features/connections/api/csv';
import { dataSetsCsv } from '@/features/catalog/api/csv';
import { usersCsv } from '@/features/users/api/csv';
import { listUsersPage } from '@/features/users/api/users';
import { createSpace } from '@qlik/api/spaces';
import { apiOptions } from '@/lib/qlik-host';

/** Exports run against the local tenant: every page, the filters applied, one CSV line per row. */
let t: TestTenant;
let target: TenantTarget;

beforeAll(async () => {
  ({ tenant: t, target } = await startConsoleTenant({ scope: 'user_default admin_classic' }));
});

afterAll(async () => {
  await t?.stop();
});

async function exported<Row>(source: CsvSource<Row>) {
  const pages: RowPage<Row>[] = [];
  async function* counted() {
    for await (const page of source.pages(new AbortController().signal)) {
      pages.push(page);
      yield page;
    }
  }
  const text = await (await exportCsv({ columns: source.columns, pages: counted() })).text();
  return {
    lines: text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n'),
    pages: pages.length,
  };
}

describe('CSV export of the lists', () => {
  it('spaces: every page with the name filter, a formula-looking name kept as text', async () => {
    for (let i = 0; i < 105; i += 1) {
      await createSpace(
        { type: 'shared', name: `Export ${String(i).padStart(3, '0')}`, description: '' },
        apiOptions(target),
      );
    }
    await createSpace({ type: 'shared', name: '=1+2 Export', description: '' }, apiOptions(target));
    const { lines, pages } = await exported(spacesCsv(target, { name: 'Export', sort: 'name' }));
    expect(pages).toBe(2); // 100 a page
    expect(lines).toHaveLength(1 + 106);
    expect(lines[0]).toBe('Name,Type,Description,Owner ID,Created,Updated,ID');
    expect(lines.filter((line) => line.startsWith('Export '))).toHaveLength(105);
    expect(lines.some((line) => line.startsWith("'=1+2 Export,"))).toBe(true);
  });

  it('audit events, connections and data sets: as many lines as the API has rows', async () => {
    const filter = { eventType: 'com.qlik.space.created' };
    const audit = await exported(auditCsv(target, filter));
    let count = 0;
    let next: string | undefined;
    do {
      const page = await listAuditsPage(target, filter, next);
      count += page.data?.length ?? 0;
      next = page.links?.next?.href
        ? (new URL(page.links.next.href).searchParams.get('next') ?? undefined)
        : undefined;
    } while (next);
    expect(count).toBeGreaterThan(100);
    expect(audit.lines).toHaveLength(1 + count);
    expect(audit.lines.slice(1).every((line) => line.includes('com.qlik.space.created'))).toBe(true);

    const connections = await exported(connectionsCsv(target, { type: 'postgres', sort: '+qName' }));
    expect(connections.lines.length).toBeGreaterThan(1);
    expect(connections.lines.slice(1).every((line) => line.split(',')[1] === 'postgres')).toBe(true);

    const sets = await exported(dataSetsCsv(target, { sort: 'name' }));
    expect(sets.lines.length).toBeGreaterThan(1);

    const admins = { role: 'TenantAdmin', sort: 'name' as const };
    const users = await exported(usersCsv(target, admins));
    const shown = (await listUsersPage(target, admins, undefined)).data ?? [];
    expect(shown.length).toBeGreaterThan(0);
    expect(users.lines[0]).toBe('Name,Email,Status,Roles,Groups,Created,Last updated,Subject,ID');
    expect(users.lines.slice(1).map((line) => line.split(',').at(-1))).toEqual(shown.map((u) => u.id));
    expect(users.lines.slice(1).every((line) => line.includes('TenantAdmin'))).toBe(true);
  });
});
