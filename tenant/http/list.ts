import type { FastifyRequest } from 'fastify';
import type { Db } from '../store/db';
import { badRequest } from './errors';
import { compileScim, type ScimColumns, type ScimOptions } from './scim';
import { cursorLinks, decodeCursor, keysetPage, parseSort, type KeysetPage, type SortValue } from './pagination';

export interface CursorListQuery {
  filter?: string;
  sort?: string;
  limit?: number;
  next?: string;
  prev?: string;
  totalResults?: boolean;
}

/** Querystring schema shared by Qlik's identity-style lists (users, groups, roles). */
export function cursorListQuerySchema(extra: Record<string, unknown> = {}) {
  return {
    type: 'object',
    properties: {
      filter: { type: 'string', maxLength: 2000 },
      sort: { type: 'string', maxLength: 100 },
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      next: { type: 'string', maxLength: 2000 },
      prev: { type: 'string', maxLength: 2000 },
      totalResults: { type: 'boolean' },
      fields: { type: 'string', maxLength: 1000 },
      ...extra,
    },
    additionalProperties: true,
  } as const;
}

export interface CursorListSpec<Row, Sort extends string> {
  db: Db;
  query: CursorListQuery;
  /** `SELECT … FROM table alias` */
  select: string;
  /** Extra fixed conditions (e.g. visibility) with their parameters. */
  where?: { sql: string; params: unknown[] }[];
  scim: ScimColumns;
  scimOptions?: ScimOptions;
  sorts: Record<Sort, { column: string; value: (row: Row) => SortValue }>;
  defaultSort: Sort;
  idColumn: string;
  id: (row: Row) => string;
}

/** A keyset page and, when asked for, the count of every row that matches. */
export interface CursorPage<Row> extends KeysetPage<Row> {
  totalResults?: number;
}

/**
 * A SCIM-filtered, sorted, keyset-paged list with the optional `totalResults`; the HTTP layer turns the page's
 * cursors into Qlik's `links` (cursorLinks).
 */
export function cursorList<Row, Sort extends string>(spec: CursorListSpec<Row, Sort>): CursorPage<Row> {
  const where = (spec.where ?? []).map((w) => w.sql);
  const params = (spec.where ?? []).flatMap((w) => w.params);
  if (spec.query.filter) {
    const compiled = compileScim(spec.query.filter, spec.scim, spec.scimOptions);
    where.push(compiled.sql);
    params.push(...compiled.params);
  }
  if (spec.query.next && spec.query.prev) {
    throw badRequest('next and prev are mutually exclusive; follow one link at a time.', { source: { parameter: 'prev' } });
  }
  const { field, descending } = parseSort(spec.query.sort, Object.keys(spec.sorts) as Sort[], spec.defaultSort);
  const sort = spec.sorts[field];
  const page = keysetPage<Row>({
    db: spec.db,
    select: spec.select,
    where,
    params,
    sortColumn: sort.column,
    sortValue: sort.value,
    idColumn: spec.idColumn,
    idValue: spec.id,
    descending,
    limit: spec.query.limit ?? 20,
    after: spec.query.next ? decodeCursor(spec.query.next, 'next') : undefined,
    before: spec.query.prev ? decodeCursor(spec.query.prev, 'prev') : undefined,
  });
  let totalResults: number | undefined;
  if (spec.query.totalResults) {
    const fromIndex = spec.select.search(/\sFROM\s/i);
    const countSql = `SELECT COUNT(*) AS n ${spec.select.slice(fromIndex)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    totalResults = (spec.db.prepare(countSql).get(...params) as { n: number }).n;
  }
  return { ...page, totalResults };
}

/** A cursor list's answer as the users, groups and roles APIs give it: `data`, `links`, and `totalResults` if asked. */
export function cursorListAnswer<Row, Item>(request: FastifyRequest, page: CursorPage<Row>, shape: (row: Row) => Item) {
  return {
    data: page.rows.map(shape),
    links: cursorLinks(request, page),
    ...(page.totalResults !== undefined ? { totalResults: page.totalResults } : {}),
  };
}
