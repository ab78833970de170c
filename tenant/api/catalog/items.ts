import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ItemResultResponseBody, ItemsListItemsResponseBody } from '@qlik/api/items';
import type { TenantContext } from '../../context';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { badRequest, notFound } from '../../http/errors';
import { cursorLinks, decodeCursor, parseSort, requestOrigin } from '../../http/pagination';
import { ITEM_SORTS, type ItemSort } from '../../store/catalog';
import type { ListedItem } from '../../store/items';
import { appRightsIn, type AppRights } from '../../services/apps';
import { privilegesOf, toAppItem } from '../apps/shape';
import { rightsIn, type Rights } from './access';
import { itemActions, toItem } from './shape';
import { admitsApps, admitsDataSets, idParam, itemsSchema, projectionsOf, type ItemsQuery } from './schemas';

/** Data-file data sets (`resourceType=dataset`) and apps (`app`) as Qlik's items; other types hold nothing here. */
export async function itemRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Querystring: ItemsQuery }>('/api/v1/items', { schema: itemsSchema }, (request) =>
    listItems(ctx, request),
  );

  app.get<{ Params: { itemId: string } }>(
    '/api/v1/items/:itemId',
    { schema: { params: idParam('itemId') } },
    async (request): Promise<ItemResultResponseBody> => {
      const { itemId } = request.params;
      const principal = contentPrincipal(request.caller);
      const app = ctx.apps.byItemId(itemId);
      const appRights = app && appRightsIn(ctx, app.space_key, principal, app.owner_id);
      if (app && appRights?.read) return toAppItem(app, requestOrigin(request), privilegesOf(appRights), ctx.tenant().id);
      const row = ctx.catalog.setByItemId(itemId);
      const rights = row && rightsIn(ctx, row.space_key, principal);
      if (!row || !rights?.read) throw notFound(`Item ${itemId} was not found.`, { source: { parameter: 'itemId' } });
      return toItem(row, requestOrigin(request), itemActions(rights), ctx.tenant().id);
    },
  );
}

async function listItems(
  ctx: TenantContext,
  request: FastifyRequest<{ Querystring: ItemsQuery }>,
): Promise<ItemsListItemsResponseBody> {
  const q = request.query;
  if (q.next && q.prev) throw badRequest('Provide either next or prev, not both.', { source: { parameter: 'prev' } });
  const rawSort = q.sort?.trim().replace(/recentlyUsed$/, 'updatedAt');
  const { field, descending } = parseSort(rawSort, Object.keys(ITEM_SORTS) as ItemSort[], 'createdAt');
  const after = q.next ? decodeCursor(q.next, 'next') : undefined;
  const before = q.prev ? decodeCursor(q.prev, 'prev') : undefined;
  const resourceIds = projectionsOf(q.resourceIds);
  if (resourceIds.length > 100) {
    throw badRequest('resourceIds takes at most 100 ids.', { source: { parameter: 'resourceIds' } });
  }
  if ((q.resourceId || resourceIds.length) && !q.resourceType) {
    throw badRequest('resourceType is required with resourceId or resourceIds.', { source: { parameter: 'resourceType' } });
  }
  // items here are data-file data sets and apps: other types, links and collections hold nothing
  const withSets = admitsDataSets(q.resourceType, q.resourceSubType);
  const withApps = admitsApps(q.resourceType, q.resourceSubType);
  if ((!withSets && !withApps) || q.resourceLink || q.collectionId) {
    return { data: [], links: cursorLinks(request, {}) };
  }
  const principal = contentPrincipal(request.caller);
  const filter = {
    principal,
    name: q.name,
    query: q.query,
    resourceId: q.resourceId,
    resourceIds,
    id: q.id,
    spaceId: q.spaceId,
    spaceTypes: q.spaceType ? projectionsOf(q.spaceType) : undefined,
    ownerId: q.ownerId,
    notOwnerId: q.notOwnerId,
    createdByUserId: q.createdByUserId,
    notCreatedByUserId: q.notCreatedByUserId,
  };
  const page = ctx.items.list(filter, { sets: withSets, apps: withApps }, { sort: field, descending, limit: q.limit, after, before });
  const origin = requestOrigin(request);
  const tenantId = ctx.tenant().id;
  const rights = new Map<string, Rights>();
  const appRights = new Map<string, AppRights>();
  const actionsOf = (item: ListedItem) => {
    if (q.noActions) return [];
    if (item.kind === 'dataset') return itemActions(rightsIn(ctx, item.row.space_key, principal, rights));
    const key = `${item.row.space_key}\u0000${item.row.owner_id}`;
    let found = appRights.get(key);
    if (!found) appRights.set(key, (found = appRightsIn(ctx, item.row.space_key, principal, item.row.owner_id)));
    return privilegesOf(found);
  };
  return {
    data: page.rows.map((item) =>
      item.kind === 'app'
        ? toAppItem(item.row, origin, actionsOf(item), tenantId)
        : toItem(item.row, origin, actionsOf(item), tenantId),
    ),
    links: cursorLinks(request, page),
  };
}
