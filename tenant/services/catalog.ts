import type { JsonPatch } from '@qlik/api/data-sets';
import type { TenantContext } from '../context';
import { badRequest, forbidden } from '../http/errors';
import { hasControlCharacter } from '../http/text';
import type { DataSetWithOwner } from '../store/catalog';

/**
 * Changes to the catalog a user makes: a data set's description and tags (JSON Patch). Everything else in the
 * catalog follows the data files (catalog/data-sets.ts).
 */

const MAX_DESCRIPTION = 1024;
const MAX_TAGS = 100;
const MAX_TAG_LENGTH = 256;

interface Editable {
  description: string;
  tags: string[];
}

const patchError = (detail: string, index: number) =>
  badRequest(detail, { source: { pointer: `/${index}` } });

function checkTag(value: unknown, index: number): string {
  if (typeof value !== 'string' || !value.trim())
    throw patchError('A tag must be a non-empty string.', index);
  if (value.length > MAX_TAG_LENGTH)
    throw patchError(`A tag is at most ${MAX_TAG_LENGTH} characters long.`, index);
  if (hasControlCharacter(value)) throw patchError('A tag must not contain control characters (tabs, line breaks, NUL…).', index);
  return value;
}

/**
 * Applies RFC 6902 add/replace/remove operations to the parts of a data set a user may edit here:
 * `/description`, `/tags` and `/tags/<index|->`. Every other path or operation is refused (400), nothing applied.
 */
export function applyPatch(current: Editable, ops: readonly JsonPatch[]): Editable {
  const next: Editable = { description: current.description, tags: [...current.tags] };
  ops.forEach((op, index) => {
    if (op.op !== 'add' && op.op !== 'replace' && op.op !== 'remove') {
      throw patchError(`Operation '${op.op}' is not supported; use add, replace or remove.`, index);
    }
    const needsValue = op.op !== 'remove';
    if (needsValue && !Object.hasOwn(op, 'value')) throw patchError(`'${op.op}' needs a value.`, index);
    if (op.path === '/description') {
      if (op.op === 'remove') next.description = '';
      else {
        if (typeof op.value !== 'string') throw patchError('description must be a string.', index);
        if (op.value.length > MAX_DESCRIPTION) {
          throw patchError(`description is at most ${MAX_DESCRIPTION} characters long.`, index);
        }
        next.description = op.value;
      }
      return;
    }
    if (op.path === '/tags') {
      if (op.op === 'remove') next.tags = [];
      else {
        if (!Array.isArray(op.value)) throw patchError('tags must be an array of strings.', index);
        next.tags = op.value.map((v) => checkTag(v, index));
      }
    } else {
      const match = /^\/tags\/(-|0|[1-9]\d{0,5})$/.exec(op.path);
      if (!match) {
        throw patchError(`Path '${op.path}' cannot be changed; only /description and /tags can.`, index);
      }
      const position = match[1] === '-' ? next.tags.length : Number(match[1]);
      if (match[1] === '-' && op.op !== 'add') throw patchError(`'-' only works with add.`, index);
      if (op.op === 'add') {
        if (position > next.tags.length) throw patchError(`No tag at index ${position}.`, index);
        next.tags.splice(position, 0, checkTag(op.value, index));
      } else {
        if (position >= next.tags.length) throw patchError(`No tag at index ${position}.`, index);
        if (op.op === 'remove') next.tags.splice(position, 1);
        else next.tags[position] = checkTag(op.value, index);
      }
    }
    if (next.tags.length > MAX_TAGS) throw patchError(`A data set has at most ${MAX_TAGS} tags.`, index);
  });
  return next;
}

/** Applies a JSON Patch to a data set the caller reads; changing it needs the rights that change its file. */
export function patchDataSet(
  ctx: TenantContext,
  actorId: string,
  { row, write }: { row: DataSetWithOwner; write: boolean },
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
  const next = applyPatch({ description: row.description, tags: JSON.parse(row.tags) as string[] }, ops);
  const tags = JSON.stringify(next.tags);
  if (next.description === row.description && tags === row.tags) return row;
  const current: DataSetWithOwner = {
    ...row,
    description: next.description,
    tags,
    version: row.version + 1,
    last_modified_by: actorId,
    last_modified_time: ctx.clock.iso(),
  };
  ctx.db.transaction(() => {
    ctx.catalog.updateSet(current);
    ctx.events.record({
      type: 'com.qlik.data-set.updated',
      actorId,
      resourceType: 'data-set',
      resourceId: current.id,
      spaceId: current.space_id,
      data: {
        id: current.id,
        name: current.name,
        description: current.description,
        tags: next.tags,
        version: current.version,
        spaceId: current.space_id,
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
  })();
  return current;
}
