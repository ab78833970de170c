import type { Db } from './db';
import { keysetPage, type KeysetOptions, type SortValue } from '../http/pagination';

/** One audit event as stored: Qlik's envelope, plus what it is about (for a resource's activity). */
export interface AuditRow {
  id: string;
  event_id: string;
  event_type: string;
  event_type_version: string;
  event_time: string;
  source: string;
  user_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  space_id: string | null;
  /** JSON */
  data: string;
  /** JSON */
  extensions: string;
}

export type ArchivedAuditRow = Omit<AuditRow, 'id' | 'resource_type' | 'resource_id' | 'space_id'> & {
  day: string;
};

export type AuditSort = 'eventTime' | 'eventType' | 'source';

/** Sort keys and the columns they walk; every filter has an index that starts with it (migration 8). */
export const AUDIT_SORTS: Record<AuditSort, { column: string; value: (row: AuditRow) => SortValue }> = {
  eventTime: { column: 'e.event_time', value: (r) => r.event_time },
  eventType: { column: 'e.event_type', value: (r) => r.event_type },
  source: { column: 'e.source', value: (r) => r.source },
};

export interface AuditQuery {
  eventType?: string;
  source?: string;
  userId?: string;
  ids?: string[];
  resourceId?: string;
  /** Inclusive ISO bounds of `eventTime`. */
  from?: string;
  to?: string;
  sort: AuditSort;
  descending: boolean;
  limit: number;
  after?: { v: SortValue; id: string };
  before?: { v: SortValue; id: string };
}

/** The keyset page `GET /audits` reads (its SQL is what the plan tests check). */
export function auditListOptions(db: Db, q: AuditQuery): KeysetOptions<AuditRow> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (q.eventType) add('e.event_type = ?', q.eventType);
  if (q.source) add('e.source = ?', q.source);
  if (q.userId) add('e.user_id = ?', q.userId);
  if (q.resourceId) add('e.resource_id = ?', q.resourceId);
  if (q.ids?.length) add(`e.id IN (${q.ids.map(() => '?').join(', ')})`, ...q.ids);
  if (q.from) add('e.event_time >= ?', q.from);
  if (q.to) add('e.event_time <= ?', q.to);
  const sort = AUDIT_SORTS[q.sort];
  return {
    db,
    select: 'SELECT e.* FROM audit_events e',
    where,
    params,
    sortColumn: sort.column,
    sortValue: sort.value,
    idColumn: 'e.id',
    idValue: (r) => r.id,
    descending: q.descending,
    limit: q.limit,
    after: q.after,
    before: q.before,
  };
}

/** The audit trail's storage: writes happen inside the transaction of the change they record. */
export function auditsStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO audit_events (id, event_id, event_type, event_type_version, event_time, source, user_id,
       resource_type, resource_id, space_id, data, extensions)
     VALUES (@id, @event_id, @event_type, @event_type_version, @event_time, @source, @user_id,
       @resource_type, @resource_id, @space_id, @data, @extensions)`,
  );
  const knownType = db.prepare('INSERT OR IGNORE INTO audit_event_types (name) VALUES (?)');
  const knownSource = db.prepare('INSERT OR IGNORE INTO audit_sources (name) VALUES (?)');
  const byId = db.prepare('SELECT * FROM audit_events WHERE id = ?');
  const types = db.prepare('SELECT name FROM audit_event_types ORDER BY name');
  const sources = db.prepare('SELECT name FROM audit_sources ORDER BY name');
  const archiveDay = db.prepare('SELECT * FROM audit_archive WHERE day = ? ORDER BY event_time, event_id');
  const oldest = db.prepare(
    'SELECT id FROM audit_events WHERE event_time < ? ORDER BY event_time, id LIMIT ?',
  );
  const archiveOne = db.prepare(
    `INSERT INTO audit_archive (day, event_id, event_type, event_type_version, event_time, source, user_id, data, extensions)
     SELECT substr(event_time, 1, 10), event_id, event_type, event_type_version, event_time, source, user_id, data, extensions
     FROM audit_events WHERE id = ?`,
  );
  const removeOne = db.prepare('DELETE FROM audit_events WHERE id = ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM audit_events');

  return {
    /** Records an event; call it inside the transaction of the change it records. */
    insert(row: AuditRow): void {
      insert.run(row);
      knownType.run(row.event_type);
      knownSource.run(row.source);
    },

    byId: (id: string) => byId.get(id) as AuditRow | undefined,
    types: () => (types.all() as { name: string }[]).map((r) => r.name),
    sources: () => (sources.all() as { name: string }[]).map((r) => r.name),
    archiveOf: (day: string) => archiveDay.all(day) as ArchivedAuditRow[],
    count: () => (count.get() as { n: number }).n,

    list: (q: AuditQuery) => keysetPage(auditListOptions(db, q)),

    /**
     * Moves events older than `cutoff` to the archive, in batches of `batch` (one transaction each), so a large
     * backlog never holds the writer for long. Returns how many moved.
     */
    archiveBefore(cutoff: string, batch = 1000): number {
      let moved = 0;
      const step = db.transaction(() => {
        const ids = (oldest.all(cutoff, batch) as { id: string }[]).map((r) => r.id);
        for (const id of ids) {
          archiveOne.run(id);
          removeOne.run(id);
        }
        return ids.length;
      });
      for (let n = step(); n > 0; n = step()) moved += n;
      return moved;
    },
  };
}

export type AuditsStore = ReturnType<typeof auditsStore>;
