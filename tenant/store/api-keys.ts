import type { Db } from './db';
import type { Runtime } from '../runtime';

export interface ApiKeyRow {
  id: string;
  description: string;
  /** Stored as active or revoked; `expired` is read from the expiry. */
  status: 'active' | 'revoked';
  sub: string;
  sub_type: 'user';
  expiry: string;
  created_by_user: string;
  created: string;
  last_updated: string;
  token_hash: string;
}

export type ApiKeySort = 'createdByUser' | 'sub' | 'status' | 'description' | 'created';
const SORT_COLUMNS: Record<ApiKeySort, string> = {
  createdByUser: 'created_by_user',
  sub: 'sub',
  status: 'status',
  description: 'description',
  created: 'created',
};

export interface ApiKeyListQuery {
  /** Only keys of this user (a non-admin's own). */
  sub?: string;
  createdByUser?: string;
  status?: 'active' | 'expired' | 'revoked';
  sort: { field: ApiKeySort; descending: boolean };
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

/** The API keys of a tenant: rows with a token hash, listed by keyset on (sort column, id). */
export function apiKeysStore(db: Db, { clock }: Runtime) {
  const byId = db.prepare('SELECT * FROM api_keys WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO api_keys (id, description, status, sub, sub_type, expiry, created_by_user, created, last_updated, token_hash)
     VALUES (@id, @description, 'active', @sub, 'user', @expiry, @createdByUser, @now, @now, @tokenHash)`,
  );
  const activeOf = db.prepare("SELECT COUNT(*) AS n FROM api_keys WHERE sub = ? AND status = 'active' AND expiry > ?");
  const describe = db.prepare('UPDATE api_keys SET description = ?, last_updated = ? WHERE id = ?');
  const revoke = db.prepare("UPDATE api_keys SET status = 'revoked', last_updated = ? WHERE id = ?");
  const remove = db.prepare('DELETE FROM api_keys WHERE id = ?');

  return {
    byId: (id: string) => byId.get(id) as ApiKeyRow | undefined,
    insert(row: { id: string; description: string; sub: string; expiry: string; createdByUser: string; tokenHash: string }): ApiKeyRow {
      insert.run({ ...row, now: clock.iso() });
      return byId.get(row.id) as ApiKeyRow;
    },
    /** Keys of a user that still open the API (active and not expired). */
    activeCountOf: (sub: string) => (activeOf.get(sub, clock.iso()) as { n: number }).n,
    describe: (id: string, description: string) => void describe.run(description, clock.iso(), id),
    revoke: (id: string) => void revoke.run(clock.iso(), id),
    remove: (id: string) => void remove.run(id),

    /** A page in the requested order, and whether there are rows beyond it on either side. */
    list(query: ApiKeyListQuery): { rows: ApiKeyRow[]; hasMore: boolean } {
      const where: string[] = [];
      const params: unknown[] = [];
      const condition = (sql: string, ...values: unknown[]) => {
        where.push(sql);
        params.push(...values);
      };
      if (query.sub) condition('sub = ?', query.sub);
      if (query.createdByUser) condition('created_by_user = ?', query.createdByUser);
      if (query.status === 'revoked') condition("status = 'revoked'");
      if (query.status === 'active') condition("status = 'active' AND expiry > ?", clock.iso());
      if (query.status === 'expired') condition("status = 'active' AND expiry <= ?", clock.iso());
      const column = SORT_COLUMNS[query.sort.field];
      const cursorId = query.startingAfter ?? query.endingBefore;
      // endingBefore walks backwards from the cursor and the page is turned round afterwards.
      const backwards = query.endingBefore !== undefined;
      const descending = query.sort.descending !== backwards;
      if (cursorId) {
        where.push(`(${column}, id) ${descending ? '<' : '>'} (SELECT ${column}, id FROM api_keys WHERE id = ?)`);
        params.push(cursorId);
      }
      const direction = descending ? 'DESC' : 'ASC';
      const sql = `SELECT * FROM api_keys ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${column} ${direction}, id ${direction} LIMIT ?`;
      const rows = db.prepare(sql).all(...params, query.limit + 1) as ApiKeyRow[];
      const hasMore = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      return { rows: backwards ? page.reverse() : page, hasMore };
    },
  };
}

export type ApiKeysStore = ReturnType<typeof apiKeysStore>;
