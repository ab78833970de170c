// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type TestTenant } from '../test/harness';
import { seedLarge } from '../seed/large';
import { keysetPage, keysetSql, type KeysetOptions } from '../http/pagination';
import {
  SPACE_SORTS,
  visibleSpacesListSql,
  visibleSpacesSql,
  type SpacePrincipal,
  type SpaceRow,
  type SpaceSort,
} from './spaces';
import { expectIndexWalk, planOf as planOfDb } from '../test/query-plans';

/**
 * GET /spaces on a large tenant rests on query plans, not timings (as list-plans.test.ts for the lists): a tenant
 * admin's page walks the sort index and the count of all spaces is SQLite's table count; a caller who sees most
 * spaces (an owner of thousands) walks the sort index and stops at the limit; a caller who sees a few seeks just
 * those and sorts them. The statements are built as the handler builds them (tenant/http/list.ts).
 */
let t: TestTenant;
let admin: SpacePrincipal;
let owner: SpacePrincipal;
let rita: SpacePrincipal;

beforeAll(async () => {
  t = await startTenant();
  seedLarge(t.ctx, { spaces: 400, files: 10 });
  const id = (email: string) =>
    t.db.prepare('SELECT id FROM users WHERE email = ?').pluck().get(email) as string;
  const groupsOf = (userId: string) =>
    t.db.prepare('SELECT group_id FROM group_members WHERE user_id = ?').pluck().all(userId) as string[];
  const ada = id('ada@example.com');
  const ritaId = id('rita@example.com');
  admin = { userId: ada, groupIds: groupsOf(ada), seesAll: true, managesAll: true };
  // Ada without the admin scopes: she owns every generated space, so she still sees nearly all of them
  owner = { ...admin, seesAll: false, managesAll: false };
  rita = { userId: ritaId, groupIds: groupsOf(ritaId), seesAll: false, managesAll: false };
});
afterAll(async () => {
  await t?.stop();
});

const planOf = (statement: { sql: string; params: unknown[] }) => planOfDb(t.db, statement);

const opcodesOf = ({ sql, params }: { sql: string; params: unknown[] }) =>
  (t.db.prepare(`EXPLAIN ${sql}`).all(...params) as { opcode: string }[]).map((r) => r.opcode);

/** The handler's page and count statements for a principal, with the page's filters (as listSpaces in tenant/store/spaces.ts adds them). */
function statements(
  principal: SpacePrincipal,
  sort: SpaceSort,
  descending: boolean,
  after?: { v: string; id: string },
  limit = 100,
  filters: { sql: string; params: unknown[] }[] = [],
) {
  const visible = visibleSpacesListSql(t.db, principal);
  const conditions = [...(visible ? [visible] : []), ...filters];
  const where = conditions.map((c) => c.sql);
  const params = conditions.flatMap((c) => c.params);
  const options: KeysetOptions<SpaceRow> = {
    db: t.db,
    select: 'SELECT s.* FROM spaces s',
    where,
    params,
    sortColumn: SPACE_SORTS[sort].column,
    sortValue: SPACE_SORTS[sort].value,
    idColumn: 's.id',
    idValue: (r) => r.id,
    descending,
    limit,
    after,
  };
  return {
    options,
    page: keysetSql(options),
    count: {
      sql: `SELECT COUNT(*) AS n FROM spaces s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    },
  };
}

const SORTS: [SpaceSort, boolean, string][] = [
  ['name', false, 'Region 00100'],
  ['name', true, 'Region 00100'],
  ['createdAt', true, '2026-01-01T00:00:00.000Z'],
  ['type', false, 'managed'],
];

/** Every read of spaces walks an index with no sort step, and by one way only. */
function expectSpacesWalk(plan: string[]) {
  expectIndexWalk(plan, 's');
  // only one way into spaces: no seek of the owner's spaces merged with the assigned ones
  expect(plan.join(' | ')).not.toMatch(/MULTI-INDEX OR/);
}

describe('GET /spaces plans on a large tenant', () => {
  it('a tenant admin has no visibility condition, and the count of all spaces is the table count', () => {
    expect(visibleSpacesListSql(t.db, admin)).toBeUndefined();
    const { count } = statements(admin, 'name', false);
    // SQLite's Count opcode reads the b-tree's size without a loop over its rows
    const opcodes = opcodesOf(count);
    expect(opcodes).toContain('Count');
    expect(opcodes).not.toContain('Next');
  });

  it.each(SORTS)(
    'a tenant admin walks an index for sort %s (descending %s), first and next page',
    (sort, descending, v) => {
      for (const after of [undefined, { v, id: 'zzzzzzzz' }])
        expectSpacesWalk(planOf(statements(admin, sort, descending, after).page));
    },
  );

  it.each(SORTS)(
    'a caller who sees most spaces walks an index for sort %s (descending %s), first and next page',
    (sort, descending, v) => {
      for (const after of [undefined, { v, id: 'zzzzzzzz' }]) {
        const plan = planOf(statements(owner, sort, descending, after).page);
        expectSpacesWalk(plan);
        if (after) expect(plan.join(' | ')).toMatch(/^SEARCH s USING INDEX \w+ \(/);
      }
    },
  );

  it('a caller who sees few spaces seeks their own and their assigned spaces instead of walking them all', () => {
    const plan = planOf(statements(rita, 'name', false).page);
    const joined = plan.join(' | ');
    expect(joined).toMatch(/SEARCH s USING INDEX spaces_owner \(owner_id=\?\)/);
    expect(joined).toMatch(/SEARCH space_assignments USING COVERING INDEX space_assignments_assignee/);
    expect(plan.filter((step) => /^SCAN s\b/.test(step))).toEqual([]);
  });

  it('a caller who sees most spaces keeps the walk when the token reads only some space types', () => {
    const restricted: SpacePrincipal = { ...owner, types: ['shared', 'managed'] };
    for (const after of [undefined, { v: 'Region 00100', id: 'zzzzzzzz' }])
      expectSpacesWalk(planOf(statements(restricted, 'name', false, after).page));
  });
});

describe('GET /spaces plans with the page filters on a large tenant', () => {
  const byType = { sql: 's.type IN (?)', params: ['managed'] };
  const byOwner = () => ({ sql: 's.owner_id = ?', params: [admin.userId] });
  const cursors: Record<SpaceSort, string> = {
    name: 'Region 00100',
    createdAt: '2026-01-01T00:00:00.000Z',
    type: 'managed',
  };

  it.each([
    ['a type', 'name', false],
    ['a type', 'name', true],
    ['a type', 'createdAt', true],
    ['a type', 'type', false],
    ['an owner', 'name', false],
    ['an owner', 'name', true],
    ['an owner', 'createdAt', true],
    ['an owner', 'type', false],
  ] as [string, SpaceSort, boolean][])(
    'a tenant admin filtering by %s walks an index for sort %s (descending %s), first and next page',
    (filter, sort, descending) => {
      const filters = [filter === 'a type' ? byType : byOwner()];
      for (const after of [undefined, { v: cursors[sort], id: 'zzzzzzzz' }]) {
        const plan = planOf(statements(admin, sort, descending, after, 100, filters).page);
        expectSpacesWalk(plan);
        // the filter is the index's prefix: only that type's or owner's spaces are read
        expect(plan.join(' | ')).toMatch(/^SEARCH s USING INDEX \w+ \((type|owner_id)=\?/);
      }
    },
  );

  it('a caller who sees most spaces filtering by type walks an index too', () => {
    for (const sort of ['name', 'createdAt'] as const)
      expectSpacesWalk(planOf(statements(owner, sort, true, undefined, 100, [byType]).page));
  });
});

describe('the rephrased visibility keeps the rows', () => {
  /** What a principal's listing holds, asked the plain way. */
  const reference = (principal: SpacePrincipal, sort: SpaceSort, descending: boolean) => {
    const visible = visibleSpacesSql(principal);
    const dir = descending ? 'DESC' : 'ASC';
    return t.db
      .prepare(
        `SELECT s.id FROM spaces s WHERE ${visible.sql} ORDER BY ${SPACE_SORTS[sort].column} ${dir}, s.id ${dir}`,
      )
      .pluck()
      .all(...visible.params) as string[];
  };

  it.each([
    ['a tenant admin', 'name', false],
    ['a tenant admin', 'createdAt', true],
    ['a caller who sees most spaces', 'name', true],
    ['a caller who sees most spaces', 'type', false],
    ['a caller who sees few spaces', 'name', false],
    ['a caller who sees few spaces', 'createdAt', true],
  ] as [string, SpaceSort, boolean][])(
    '%s paging by %s (descending %s) gets every row once, in order, and the count matches',
    (who, sort, descending) => {
      const principal = who === 'a tenant admin' ? admin : who.includes('most') ? owner : rita;
      const expected = reference(principal, sort, descending);
      expect(expected.length).toBeGreaterThan(0);
      const seen: string[] = [];
      let after: { v: string; id: string } | undefined;
      for (;;) {
        const { options } = statements(principal, sort, descending, after, 70);
        const page = keysetPage(options);
        seen.push(...page.rows.map((r) => r.id));
        if (!page.next) break;
        after = JSON.parse(Buffer.from(page.next, 'base64url').toString('utf8')) as { v: string; id: string };
      }
      expect(seen).toEqual(expected);
      const { count } = statements(principal, sort, descending);
      expect((t.db.prepare(count.sql).get(...count.params) as { n: number }).n).toBe(expected.length);
    },
  );
});
