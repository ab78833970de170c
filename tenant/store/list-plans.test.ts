// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type TestTenant } from '../test/harness';
import { seedLarge } from '../seed/large';
import { keysetSql } from '../http/pagination';
import {
  dataFilesStore,
  personalKey,
  visibleFilesSql,
  type DataFileQuery,
  type DataFileSort,
} from './data-files';
import { SPACE_SORTS, visibleSpacesSql, type SpacePrincipal, type SpaceSort } from './spaces';
import { expectIndexWalk, planOf as planOfDb } from '../test/query-plans';

/**
 * Large-tenant list speed rests on query plans, not on timings: a first or next page must walk an index in sort
 * order and stop at the limit (no sort of every row, no scan of the table without an index), and a restricted
 * caller's listing must seek only their spaces. SQLite plans without statistics here, as the tenant does.
 */
let t: TestTenant;
let admin: SpacePrincipal;
let rita: SpacePrincipal;
/** Ada without admin scopes: she owns every generated space, so she still sees nearly all of them. */
let owner: SpacePrincipal;
let archive: string;

beforeAll(async () => {
  t = await startTenant();
  seedLarge(t.ctx, { spaces: 300, files: 3000 });
  const id = (email: string) =>
    t.db.prepare('SELECT id FROM users WHERE email = ?').pluck().get(email) as string;
  admin = { userId: id('ada@example.com'), groupIds: [], seesAll: true, managesAll: true };
  rita = { userId: id('rita@example.com'), groupIds: [], seesAll: false, managesAll: false };
  owner = { ...admin, seesAll: false, managesAll: false };
  archive = t.db.prepare("SELECT id FROM spaces WHERE name = 'Bulk archive'").pluck().get() as string;
});
afterAll(async () => {
  await t?.stop();
});

const planOf = (statement: { sql: string; params: unknown[] }) => planOfDb(t.db, statement);

const cursorOf = (v: string | number) => ({ v, id: 'zzzzzzzz' });

describe('data-files list plans', () => {
  const files = () => dataFilesStore(t.db);
  const allSpaces = (
    principal: SpacePrincipal,
    sort: DataFileSort,
    descending: boolean,
    after?: DataFileQuery['after'],
  ): DataFileQuery => ({
    where: [visibleFilesSql(t.db, principal, [personalKey(principal.userId)])],
    directOnly: false,
    files: true,
    folders: false,
    allowInternal: false,
    sort,
    descending,
    limit: 100,
    after,
  });
  const sorts: [DataFileSort, boolean, string | number][] = [
    ['name', false, 'extract-001000.csv'],
    ['name', true, 'extract-001000.csv'],
    ['modifiedDate', true, '2026-01-01T00:00:00.000Z'],
    ['size', false, 10],
  ];

  it.each(sorts)(
    'a tenant admin across all spaces walks an index for sort %s (descending %s), first and next page',
    (sort, descending, v) => {
      for (const after of [undefined, cursorOf(v)]) {
        const plan = planOf(files().listSql(allSpaces(admin, sort, descending, after)));
        expectIndexWalk(plan, 'f');
        // no per-row look-up of the caller's spaces
        expect(
          plan.some((step) => /\bs\b/.test(step.replace(/^SCAN f|^SEARCH f/, ''))),
          plan.join(' | '),
        ).toBe(false);
      }
    },
  );

  it('a next page seeks past the cursor instead of reading the rows before it', () => {
    const plan = planOf(files().listSql(allSpaces(admin, 'name', false, cursorOf('extract-001000.csv'))));
    expect(plan.join(' | ')).toMatch(/SEARCH f USING INDEX \w+ \(\(name,id\)>\(\?,\?\)\)/);
  });

  it.each(sorts)(
    'a caller who sees most spaces walks an index for sort %s (descending %s), first and next page',
    (sort, descending, v) => {
      for (const after of [undefined, cursorOf(v)])
        expectIndexWalk(planOf(files().listSql(allSpaces(owner, sort, descending, after))), 'f');
    },
  );

  it('a caller who sees few spaces reads only those spaces through the space index', () => {
    const plan = planOf(files().listSql(allSpaces(rita, 'name', false)));
    const reads = plan.filter((step) => /^(SCAN|SEARCH) f\b/.test(step));
    expect(reads, plan.join(' | ')).not.toEqual([]);
    for (const step of reads)
      expect(step, plan.join(' | ')).toMatch(/^SEARCH f USING INDEX \w+ \(space_key=\?\)/);
  });

  it.each([
    ['name', false, 'batch-001/sales-001100.csv'],
    ['modifiedDate', true, '2026-01-01T00:00:00.000Z'],
  ] as [DataFileSort, boolean, string][])(
    'one folder of a space walks an index for sort %s, at the root and in a folder, first and next page',
    (sort, descending, v) => {
      const folder = files().byName(archive, 'batch-001')!;
      for (const under of [null, folder]) {
        for (const after of [undefined, cursorOf(v)]) {
          const plan = planOf(
            files().listSql({
              where: [{ sql: 'f.space_key = ?', params: [archive] }],
              under,
              directOnly: true,
              files: true,
              folders: false,
              allowInternal: false,
              sort,
              descending,
              limit: 100,
              after,
            }),
          );
          expectIndexWalk(plan, 'f');
          expect(plan.join(' | ')).toMatch(/space_key=\? AND parent_id=\?/);
        }
      }
    },
  );
});

describe('spaces list plans', () => {
  it.each([
    ['name', false],
    ['name', true],
    ['createdAt', true],
    ['type', false],
  ] as [SpaceSort, boolean][])(
    'a tenant admin walks an index for sort %s (descending %s), first and next page',
    (sort, descending) => {
      const visible = visibleSpacesSql(admin);
      for (const after of [undefined, cursorOf('Region 00100')]) {
        const plan = planOf(
          keysetSql({
            db: t.db,
            select: 'SELECT s.* FROM spaces s',
            where: [visible.sql],
            params: visible.params,
            sortColumn: SPACE_SORTS[sort].column,
            sortValue: SPACE_SORTS[sort].value,
            idColumn: 's.id',
            idValue: (r: { id: string }) => r.id,
            descending,
            limit: 100,
            after,
          }),
        );
        expectIndexWalk(plan, 's');
        // a next page starts at the cursor instead of reading the pages before it
        if (after) expect(plan.join(' | ')).toMatch(/^SEARCH s USING INDEX \w+ \(/);
      }
    },
  );
});

describe('the rewritten listings keep their rows', () => {
  /** What a cross-space listing holds, asked the plain way: every row checked against the caller's spaces. */
  const reference = (principal: SpacePrincipal, sort: DataFileSort, descending: boolean) => {
    const visible = visibleSpacesSql(principal, 's');
    const column = sort === 'name' ? 'f.name' : 'f.modified_date';
    const dir = descending ? 'DESC' : 'ASC';
    return t.db
      .prepare(
        `SELECT f.id FROM data_files f
         WHERE (f.space_key = ? OR f.space_id IN (SELECT s.id FROM spaces s WHERE ${visible.sql}))
           AND f.folder = 0 AND f.app_id IS NULL AND f.internal = 0
         ORDER BY ${column} ${dir}, f.id ${dir}`,
      )
      .pluck()
      .all(personalKey(principal.userId), ...visible.params) as string[];
  };
  const decode = (cursor: string) =>
    JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v: string; id: string };

  it.each([
    ['a tenant admin', 'name', false],
    ['a tenant admin', 'modifiedDate', true],
    ['a caller who sees most spaces', 'name', true],
    ['a caller who sees most spaces', 'modifiedDate', true],
    ['a caller who sees few spaces', 'name', false],
    ['a caller who sees few spaces', 'modifiedDate', true],
  ] as [string, DataFileSort, boolean][])(
    '%s paging by %s (descending %s) gets every row once, in order, and back',
    (who, sort, descending) => {
      const principal = who === 'a tenant admin' ? admin : who.includes('most') ? owner : rita;
      const expected = reference(principal, sort, descending);
      expect(expected.length).toBeGreaterThan(0);
      const query = (cursor: Pick<DataFileQuery, 'after' | 'before'>): DataFileQuery => ({
        where: [visibleFilesSql(t.db, principal, [personalKey(principal.userId)])],
        directOnly: false,
        files: true,
        folders: false,
        allowInternal: false,
        sort,
        descending,
        limit: 70,
        ...cursor,
      });
      const seen: string[] = [];
      const pages: { prev?: string }[] = [];
      let next: string | undefined;
      do {
        const page = dataFilesStore(t.db).list(query(next ? { after: decode(next) } : {}));
        seen.push(...page.rows.map((r) => r.id));
        pages.push(page);
        next = page.next;
      } while (next);
      expect(seen).toEqual(expected);
      // the prev link of the last page leads to the page before it
      const last = pages[pages.length - 1]!;
      if (pages.length > 1) {
        const back = dataFilesStore(t.db).list(query({ before: decode(last.prev!) }));
        const start = (pages.length - 2) * 70;
        expect(back.rows.map((r) => r.id)).toEqual(expected.slice(start, start + 70));
      }
    },
  );
});
