// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from './db';
import { auditListOptions, auditsStore, type AuditQuery, type AuditSort } from './audits';
import { auditRowOf, withoutSecrets, type AuditInput } from '../events/audit-events';
import { keysetSql } from '../http/pagination';
import { expectIndexWalk, planOf } from '../test/query-plans';

let dir: string;
let db: Db;
let store: ReturnType<typeof auditsStore>;

const input = (over: Partial<AuditInput> = {}): AuditInput => ({
  type: 'space.created',
  userId: 'ada',
  resource: { type: 'space', id: 'space-1', spaceId: 'space-1', ownerId: 'ada' },
  data: { id: 'space-1', name: 'Sales' },
  ...over,
});

let seq = 0;
const record = (over: Partial<AuditInput>, time: string) =>
  store.insert(
    auditRowOf(input(over), { id: `e${String(++seq).padStart(5, '0')}`, eventId: `uuid-${seq}`, time }),
  );

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audits-'));
  db = openDatabase(dir);
  store = auditsStore(db);
  for (let day = 1; day <= 9; day++) {
    const time = `2026-11-0${day}T10:00:00.000Z`;
    record({ type: 'space.created', userId: day % 2 ? 'ada' : 'max' }, time);
    record(
      {
        type: 'datafile.created',
        userId: 'max',
        resource: { type: 'datafile', id: `f${day}`, spaceId: 'space-1' },
      },
      time,
    );
  }
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const query = (over: Partial<AuditQuery> = {}): AuditQuery => ({
  sort: 'eventTime',
  descending: true,
  limit: 100,
  ...over,
});

describe('audit events', () => {
  it('filter by type, source, user, resource and an eventTime interval, newest first by default', () => {
    expect(store.list(query()).rows).toHaveLength(18);
    expect(store.list(query({ eventType: 'com.qlik.datafile.created' })).rows).toHaveLength(9);
    expect(
      store
        .list(query({ source: 'com.qlik/spaces' }))
        .rows.every((r) => r.event_type === 'com.qlik.space.created'),
    ).toBe(true);
    expect(store.list(query({ userId: 'ada', eventType: 'com.qlik.space.created' })).rows).toHaveLength(5);
    expect(store.list(query({ resourceId: 'f3' })).rows.map((r) => r.event_time)).toEqual([
      '2026-11-03T10:00:00.000Z',
    ]);
    const interval = store.list(
      query({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-03T23:59:59.999Z' }),
    ).rows;
    expect(interval).toHaveLength(4);
    expect(interval[0]!.event_time >= interval[3]!.event_time).toBe(true);
  });

  it('page with cursors forwards and back without gaps or repeats', () => {
    const all = store.list(query({ limit: 100 })).rows.map((r) => r.id);
    const seen: string[] = [];
    let page = store.list(query({ limit: 4 }));
    seen.push(...page.rows.map((r) => r.id));
    while (page.next) {
      const cursor = JSON.parse(Buffer.from(page.next, 'base64url').toString()) as { v: string; id: string };
      page = store.list(query({ limit: 4, after: cursor }));
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(all);
    const back = JSON.parse(
      Buffer.from(
        store.list(query({ limit: 4, after: { v: '2026-11-05T10:00:00.000Z', id: 'e00010' } })).prev!,
        'base64url',
      ).toString(),
    ) as { v: string; id: string };
    const previous = store.list(query({ limit: 4, before: back })).rows.map((r) => r.id);
    expect(previous.length).toBe(4);
    expect(all.indexOf(previous[3]!) + 1).toBe(all.indexOf(back.id));
  });

  it('know the types and sources ever recorded', () => {
    expect(store.types()).toEqual(['com.qlik.datafile.created', 'com.qlik.space.created']);
    expect(store.sources()).toEqual(['com.qlik/qix-datafiles', 'com.qlik/spaces']);
  });

  it('move past the retention to the archive, by day, and nowhere else', () => {
    const before = store.count();
    const moved = store.archiveBefore('2026-11-03T00:00:00.000Z', 3);
    expect(moved).toBe(4);
    expect(store.count()).toBe(before - 4);
    const day = store.archiveOf('2026-11-01');
    expect(day.map((r) => r.event_type).sort()).toEqual([
      'com.qlik.datafile.created',
      'com.qlik.space.created',
    ]);
    expect(store.list(query({ to: '2026-11-02T23:59:59.999Z' })).rows).toEqual([]);
  });

  it('walk an index for every filter and sort the API offers (no sort step, however many events)', () => {
    const sorts: AuditSort[] = ['eventTime', 'eventType', 'source'];
    const filters: Partial<AuditQuery>[] = [
      {},
      { eventType: 'x' },
      { source: 'x' },
      { userId: 'x' },
      { resourceId: 'x' },
    ];
    for (const sort of sorts) {
      for (const descending of [true, false]) {
        for (const filter of filters) {
          if (sort !== 'eventTime' && Object.keys(filter).length) continue; // sorts by type or source only without filters
          const options = auditListOptions(db, query({ sort, descending, limit: 10, ...filter }));
          expectIndexWalk(planOf(db, keysetSql(options)), 'e');
          const after = auditListOptions(
            db,
            query({ sort, descending, limit: 10, ...filter, after: { v: 'x', id: 'y' } }),
          );
          expectIndexWalk(planOf(db, keysetSql(after)), 'e');
        }
      }
    }
  });
});

describe('secrets', () => {
  it('never reach an event, at any depth', () => {
    const secretKey = fc.constantFrom(
      'password',
      'qPassword',
      'clientSecret',
      'token',
      'refresh_token',
      'secretKey',
      'qConnectionSecret',
    );
    const value: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.oneof(secretKey, fc.string({ minLength: 1, maxLength: 8 })), tie('node'), {
          maxKeys: 4,
        }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (data) => {
        const text = JSON.stringify(withoutSecrets(data)) ?? '';
        expect(text).not.toMatch(
          /"(password|qPassword|clientSecret|token|refresh_token|secretKey|qConnectionSecret)"/,
        );
      }),
    );
    const row = auditRowOf(
      input({
        type: 'data-connection.updated',
        data: { qName: 'x', qPassword: 'hunter2' },
        updates: { qPassword: { old: 'a', new: 'b' }, qName: { old: 'x', new: 'y' } },
      }),
      { id: 'e', eventId: 'u', time: 't' },
    );
    expect(row.data + row.extensions).not.toContain('hunter2');
    expect(JSON.parse(row.extensions)).toEqual({
      ownerId: 'ada',
      spaceId: 'space-1',
      updates: { qName: { old: 'x', new: 'y' } },
    });
  });
});
