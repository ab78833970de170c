import type { FastifyRequest } from 'fastify';
import type { Database } from 'better-sqlite3';
import { badRequest } from './errors';

export type SortValue = string | number | null;
interface CursorPayload {
  v: SortValue;
  id: string;
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(raw: string, parameter: string, code = 'HTTP-400'): CursorPayload {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      parsed &&
      typeof parsed === 'object' &&
      'id' in parsed &&
      typeof parsed.id === 'string' &&
      'v' in parsed &&
      (typeof parsed.v === 'string' || typeof parsed.v === 'number' || parsed.v === null)
    ) {
      return { v: parsed.v, id: parsed.id };
    }
  } catch {
    // fall through to the typed error below
  }
  throw badRequest(
    `The cursor in '${parameter}' is not valid. Follow the links the previous page returned.`,
    {
      code,
      source: { parameter },
    },
  );
}

/** Parses `±field` sort syntax against the fields an endpoint allows. */
export function parseSort<F extends string>(
  raw: string | undefined,
  allowed: readonly F[],
  fallback: F,
  code = 'HTTP-400',
): { field: F; descending: boolean } {
  if (!raw) return { field: fallback, descending: false };
  const descending = raw.startsWith('-');
  const field = raw.replace(/^[+-]/, '') as F;
  if (!allowed.includes(field)) {
    throw badRequest(
      `Invalid sort '${raw}'. Allowed: ${allowed.join(', ')} (prefix with - for descending).`,
      {
        code,
        source: { parameter: 'sort' },
      },
    );
  }
  return { field, descending };
}

export interface KeysetOptions<Row> {
  db: Database;
  /** `SELECT … FROM … ` without WHERE/ORDER. */
  select: string;
  where: string[];
  params: unknown[];
  /** SQL expression of the sort key; ties broken by `idColumn`. */
  sortColumn: string;
  sortValue: (row: Row) => SortValue;
  idColumn: string;
  idValue: (row: Row) => string;
  descending: boolean;
  limit: number;
  after?: CursorPayload;
  before?: CursorPayload;
}

export interface KeysetPage<Row> {
  rows: Row[];
  next?: string;
  prev?: string;
}

/** The SQL of one keyset page (one row more than the limit, to tell whether another page follows). */
export function keysetSql<Row>(o: KeysetOptions<Row>): { sql: string; params: unknown[] } {
  const backwards = Boolean(o.before);
  const cursor = o.before ?? o.after;
  // Walking backwards flips both the comparison and the order; rows are reversed again afterwards.
  const ascending = o.descending === backwards;
  const cmp = ascending ? '>' : '<';
  const dir = ascending ? 'ASC' : 'DESC';
  const where = [...o.where];
  const params = [...o.params];
  if (cursor && cursor.v !== null) {
    // A row value is what SQLite turns into a range seek on a (sort, id) index; the OR form below reads every row
    // before the cursor. Both keep the same rows: a NULL sort value fails either comparison.
    where.push(`((${o.sortColumn}), ${o.idColumn}) ${cmp} (?, ?)`);
    params.push(cursor.v, cursor.id);
  } else if (cursor) {
    where.push(`((${o.sortColumn}) ${cmp} ? OR ((${o.sortColumn}) IS ? AND ${o.idColumn} ${cmp} ?))`);
    params.push(cursor.v, cursor.v, cursor.id);
  }
  const sql = `${o.select} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY (${o.sortColumn}) ${dir}, ${o.idColumn} ${dir} LIMIT ?`;
  return { sql, params: [...params, o.limit + 1] };
}

/**
 * Keyset ("seek") pagination: stable under inserts and O(limit) at any depth, which keeps the first and the
 * thousandth page of a 100,000-row list equally fast.
 */
export function keysetPage<Row>(o: KeysetOptions<Row>): KeysetPage<Row> {
  const { sql, params } = keysetSql(o);
  const fetched = o.db.prepare(sql).all(...params) as Row[];
  return pageOf(fetched, { ...o, key: (row) => ({ v: o.sortValue(row), id: o.idValue(row) }) });
}

/** One page from rows fetched in walking order (limit + 1 of them at most), with its cursors. */
function pageOf<Row>(
  fetched: Row[],
  o: { limit: number; after?: CursorPayload; before?: CursorPayload; key: (row: Row) => CursorPayload },
): KeysetPage<Row> {
  const backwards = Boolean(o.before);
  const cursor = o.before ?? o.after;
  const more = fetched.length > o.limit;
  const rows = fetched.slice(0, o.limit);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const page: KeysetPage<Row> = { rows };
  if (backwards) {
    if (more && first) page.prev = encodeCursor(o.key(first));
    if (last) page.next = encodeCursor(o.key(last));
  } else {
    if (more && last) page.next = encodeCursor(o.key(last));
    if (cursor && first) page.prev = encodeCursor(o.key(first));
  }
  return page;
}

/** One source of a merged list: its keyset query and how its rows become the list's rows. */
export interface KeysetSource<Row> {
  options: Omit<KeysetOptions<unknown>, 'sortValue' | 'idValue' | 'descending' | 'limit' | 'after' | 'before'>;
  toRow: (raw: unknown) => Row;
}

/**
 * One keyset page over several tables sorted by the same key (the items list: data sets and apps). Each source
 * reads one page from the cursor; the pages are merged in walking order, so the cursors stay those of one list.
 * `compare` must order sort values as SQL does (e.g. NOCASE for names).
 */
export function mergedKeysetPage<Row>(
  sources: KeysetSource<Row>[],
  o: {
    key: (row: Row) => CursorPayload;
    compare: (a: SortValue, b: SortValue) => number;
    descending: boolean;
    limit: number;
    after?: CursorPayload;
    before?: CursorPayload;
  },
): KeysetPage<Row> {
  const ascending = o.descending === Boolean(o.before);
  const order = (a: Row, b: Row) => {
    const ka = o.key(a);
    const kb = o.key(b);
    const byValue = o.compare(ka.v, kb.v) || (ka.id < kb.id ? -1 : ka.id > kb.id ? 1 : 0);
    return ascending ? byValue : -byValue;
  };
  const fetched = sources.flatMap((source) => {
    const { sql, params } = keysetSql({
      ...source.options,
      sortValue: () => null,
      idValue: () => '',
      descending: o.descending,
      limit: o.limit,
      after: o.after,
      before: o.before,
    });
    return (source.options.db.prepare(sql).all(...params) as unknown[]).map(source.toRow);
  });
  return pageOf(fetched.sort(order).slice(0, o.limit + 1), o);
}

/** The public origin the caller reached us on, so that links work from the browser as-is. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Absolute URL of the current request with some query parameters replaced (undefined removes them). */
export function linkTo(request: FastifyRequest, replace: Record<string, string | undefined>): string {
  const url = new URL(request.url, requestOrigin(request));
  for (const [key, value] of Object.entries(replace)) {
    if (value === undefined) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  return url.toString();
}

/** `links` for cursor APIs that name their cursors `next`/`prev` (spaces, users, groups, roles). */
export function cursorLinks(
  request: FastifyRequest,
  page: { next?: string; prev?: string },
  names = { next: 'next', prev: 'prev' },
) {
  return {
    self: { href: linkTo(request, {}) },
    ...(page.next
      ? { next: { href: linkTo(request, { [names.next]: page.next, [names.prev]: undefined }) } }
      : {}),
    ...(page.prev
      ? { prev: { href: linkTo(request, { [names.prev]: page.prev, [names.next]: undefined }) } }
      : {}),
  };
}
