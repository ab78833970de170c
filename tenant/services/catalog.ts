import type { DataSet, JsonPatch } from '@qlik/api/data-sets';
import type { TenantContext } from '../context';
import { patchMetadata } from '../catalog/data-set-edit';
import { conflict, forbidden } from '../http/errors';
import type { DataSetWithOwner } from '../store/catalog';

/**
 * Changes to the catalog a user makes: a data set's description, tags and its fields' metadata (JSON Patch over
 * the set as GET returns it, see catalog/data-set-edit.ts). Everything else in the catalog follows the data files
 * (catalog/data-sets.ts).
 */

/**
 * Applies a JSON Patch to a data set the caller reads (`current` is the set as the API shows it); changing it needs
 * the rights that change its file. The save and its event share one transaction, and the save holds only while
 * the set is still at the version the patch was checked against (409 otherwise).
 */
export function patchDataSet(
  ctx: TenantContext,
  actorId: string,
  { row, write }: { row: DataSetWithOwner; write: boolean },
  current: DataSet,
  ops: readonly JsonPatch[],
): DataSetWithOwner {
  if (!write) {
    throw forbidden(
      row.space_id
        ? 'Changing a data set needs the owner, Can manage or Can edit role in its space (or admin.spaces).'
        : 'Only the user of a personal space changes its data sets.',
      { meta: { reason: 'role' } },
    );
  }
  const { next, changed } = patchMetadata(current, ops);
  if (!changed) return row;
  return ctx.db.transaction(() => {
    const saved = ctx.catalog.saveMetadata({
      id: row.id,
      version: row.version,
      description: next.description,
      tags: next.tags,
      // a set not profiled yet keeps no schema (nothing in it could have been edited)
      schema: row.schema_json === null ? null : next.schema,
      additionalSchemas: row.additional_schemas_json === null ? null : next.additionalSchemas,
      userId: actorId,
      now: ctx.clock.iso(),
    });
    if (!saved) {
      throw conflict('This data set changed while the change was being made. Read it again and redo it.', {
        meta: { path: '/version' },
      });
    }
    const updated = ctx.catalog.setById(row.id)!;
    ctx.events.record({
      type: 'com.qlik.data-set.updated',
      actorId,
      resourceType: 'data-set',
      resourceId: updated.id,
      spaceId: updated.space_id,
      data: {
        id: updated.id,
        name: updated.name,
        description: updated.description,
        tags: next.tags,
        version: updated.version,
        spaceId: updated.space_id,
      },
      before: {
        id: row.id,
        name: row.name,
        description: row.description,
        tags: JSON.parse(row.tags) as string[],
        version: row.version,
        spaceId: row.space_id,
      },
    });
    return updated;
  })();
}
