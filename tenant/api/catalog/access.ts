import type { TenantContext } from '../../context';
import type { Guard } from '../../auth/guards';
import { notFound } from '../../http/errors';
import { personalUserOf } from '../../store/data-files';
import type { CatalogPrincipal, DataSetWithOwner } from '../../store/catalog';
import { writesIn } from '../../services/data-file-rights';

/** `dataset` is implied by `user_default`; a token with only `dataset` reads the catalog too. */
const CATALOG: Guard = { anyOf: ['dataset'] };

export const CATALOG_GUARDS: Record<string, Guard> = {
  'GET /api/v1/data-stores': CATALOG,
  'GET /api/v1/data-stores/:dataStoreId': CATALOG,
  'GET /api/v1/data-stores/:dataStoreId/data-assets': CATALOG,
  'GET /api/v1/data-stores/:dataStoreId/data-assets/:dataAssetId/data-sets': CATALOG,
  'GET /api/v1/data-assets/:dataAssetId': CATALOG,
  'GET /api/v1/data-sets/:dataSetId': CATALOG,
  'PATCH /api/v1/data-sets/:dataSetId': CATALOG,
  'GET /api/v1/data-sets/:dataSetId/profiles': CATALOG,
  'GET /api/v1/data-sets/:dataSetId/schema-versions': CATALOG,
  'GET /api/v1/items': CATALOG,
  'GET /api/v1/items/:itemId': CATALOG,
};

export interface Rights {
  read: boolean;
  write: boolean;
}

/**
 * The principal's rights in a space (or personal space), cached per request when a cache is given. Reads follow
 * the rights on the file's space: members of a space read its sets, a tenant admin whose token has
 * admin.spaces:read reads every space's, and a personal space's sets are its user's only (admins included).
 * Changing a set (PATCH) needs the rights that change the file: owner, the space type's editing roles, or
 * admin.spaces.
 */
export function rightsIn(
  ctx: TenantContext,
  spaceKey: string,
  principal: CatalogPrincipal,
  cache?: Map<string, Rights>,
): Rights {
  const cached = cache?.get(spaceKey);
  if (cached) return cached;
  let rights: Rights;
  const personalUser = personalUserOf(spaceKey);
  if (personalUser) {
    const own = personalUser === principal.userId;
    rights = { read: own, write: own };
  } else {
    const found = ctx.spaces.access(spaceKey, principal);
    rights = found ? { read: true, write: writesIn(found.space, found.access, principal) } : { read: false, write: false };
  }
  cache?.set(spaceKey, rights);
  return rights;
}

/** A data set the principal reads, with their rights on it (404 otherwise). */
export function readableSet(
  ctx: TenantContext,
  id: string,
  principal: CatalogPrincipal,
): { row: DataSetWithOwner; write: boolean } {
  const row = ctx.catalog.setById(id);
  const rights = row && rightsIn(ctx, row.space_key, principal);
  if (!row || !rights?.read) {
    throw notFound(`Data set ${id} was not found.`, { source: { parameter: 'dataSetId' } });
  }
  return { row, write: rights.write };
}
