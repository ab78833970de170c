import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Connections } from '@qlik/api/data-connections';
import type { TenantContext } from '../../context';
import type { ApiOptions } from '../plugin';
import { badRequest, roleForbidden } from '../../http/errors';
import { decodeCursor, linkTo, parseSort, requestOrigin } from '../../http/pagination';
import { connectionListQuery, type ConnectionQuery, type ConnectionRow, type ConnectionSort } from '../../store/data-connections';
import { accessOf } from '../../store/spaces';
import { connectionPrincipal, rightsOn } from './access';
import { toConnection } from './shape';
import { listSchema, type ListQuery } from './schemas';

/** The connections list: unpaged without `limit` (as Qlik), keyset pages with it. */
export async function listRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Querystring: ListQuery }>('/api/v1/data-connections', { schema: listSchema }, (request) =>
    listConnections(ctx, request),
  );
}

const SORTS: ConnectionSort[] = ['qName', 'created', 'updated', '_id'];

async function listConnections(ctx: TenantContext, request: FastifyRequest<{ Querystring: ListQuery }>) {
  const { caller } = request;
  const q = request.query;
  if (q.userId && q.userId !== caller.user.id && !caller.isTenantAdmin) {
    throw roleForbidden('Only a tenant admin can list the connections of another user.');
  }
  const principal = connectionPrincipal(caller);
  const query = connectionListQuery({
    principal,
    personalOwner: q.userId && caller.isTenantAdmin ? q.userId : caller.user.id,
    spaceId: q.spaceId,
    personal: q.personal,
    ownerId: q.ownedByMe ? caller.user.id : undefined,
    userId: q.userId,
    noDatafiles: q.noDatafiles,
    filter: q.filter,
  });
  const { rows, count, links } = q.limit === undefined ? everything(ctx, request, query) : onePage(ctx, request, query);

  // Rights per row from one query for all the spaces on the page.
  const spaceIds = [...new Set(rows.map((r) => r.space_id).filter((id): id is string => Boolean(id)))];
  const assigned = ctx.spaces.assignedRoles(spaceIds, principal);
  const origin = requestOrigin(request);
  const tenantId = ctx.tenant().id;
  const data = rows.map((row) => {
    const access =
      row.space_id && row.space_type && row.space_owner
        ? accessOf({ type: row.space_type, owner_id: row.space_owner }, principal, assigned.get(row.space_id) ?? [])
        : undefined;
    return toConnection(row, rightsOn(ctx, row, caller, access), origin, tenantId);
  });
  const body: Connections = { data, meta: { count }, links };
  if (q.dataName && q.dataName !== 'data') return { [q.dataName]: data, meta: body.meta, links };
  return body;
}

type Links = NonNullable<Connections['links']>;

function everything(ctx: TenantContext, request: FastifyRequest, query: ConnectionQuery) {
  const rows = ctx.connections.all(query);
  const links: Links = { self: { href: linkTo(request, {}) } };
  return { rows, count: rows.length, links };
}

function onePage(
  ctx: TenantContext,
  request: FastifyRequest<{ Querystring: ListQuery }>,
  query: ConnectionQuery,
): { rows: ConnectionRow[]; count: number; links: Links } {
  const q = request.query;
  const { field, descending } = parseSort(q.sort?.trim() || undefined, SORTS, 'created');
  // Qlik's page cursor is one parameter for both directions, so the direction travels inside it.
  const cursor = q.page ? { dir: q.page.slice(0, 2), ...decodeCursor(q.page.slice(2), 'page', 'DCERROR-0010') } : undefined;
  if (cursor && cursor.dir !== 'n.' && cursor.dir !== 'p.') {
    throw badRequest("The cursor in 'page' is not valid. Follow the links the previous page returned.", {
      code: 'DCERROR-0010',
      source: { parameter: 'page' },
    });
  }
  const page = ctx.connections.page(query, {
    sort: field,
    descending,
    caseInsensitive: Boolean(q.caseinsensitive),
    limit: q.limit!,
    after: cursor?.dir === 'n.' ? cursor : undefined,
    before: cursor?.dir === 'p.' ? cursor : undefined,
  });
  const links: Links = { self: { href: linkTo(request, {}) } };
  if (page.next) links.next = { href: linkTo(request, { page: `n.${page.next}` }) };
  if (page.prev) links.prev = { href: linkTo(request, { page: `p.${page.prev}` }) };
  return { rows: page.rows, count: ctx.connections.count(query), links };
}
