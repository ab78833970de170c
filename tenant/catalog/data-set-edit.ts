import type { DataField, DataSet, JsonPatch, Schema } from '@qlik/api/data-sets';
import { badRequest, conflict } from '../http/errors';
import { hasControlCharacter } from '../http/text';
import { JsonPatchError, applyJsonPatch, jsonEqual, parsePointer } from './json-patch';

/**
 * What a user edits on a data set with `PATCH /api/v1/data-sets/{id}` (qlik.dev data-sets; digest §6.1): the
 * set's description and tags, and per field of its schema (and of `additionalSchemas`) the alias, description,
 * user tags, the sensitive flag, the primary key (and position in the key) and `properties`, where the personal
 * data flag lives (`properties.personalInformation`: @qlik/api's DataField has no field of its own for it).
 *
 * The patch is RFC 6902, every operation included, applied to the data set as GET returns it: a `test` may read
 * any path (`{op:'test', path:'/version', value:n}` is how a client refuses to overwrite a newer version: a failed
 * test is 409), the other operations may only change the paths above (else 400). The result must keep Qlik's
 * rules: an alias is unique among the table's aliases and is no other field's name (400), and each value has its
 * type and length. Anything refused changes nothing; a change increments `version`.
 */

export const MAX_DESCRIPTION = 1024;
export const MAX_TAGS = 100;
export const MAX_TAG_LENGTH = 256;
export const MAX_ALIAS_LENGTH = 256;
const MAX_PROPERTIES_JSON = 8192;
/** The personal-data flag of a field, in its `properties`. */
export const PERSONAL_DATA = 'personalInformation';

/** Field attributes a user may change; the rest (name, type, index, nullable, system tags…) come from the file. */
export const EDITABLE_FIELD_ATTRIBUTES = [
  'alias',
  'description',
  'userTags',
  'sensitive',
  'primaryKey',
  'ordinalPositionInKey',
  'properties',
] as const;
type EditableAttribute = (typeof EDITABLE_FIELD_ATTRIBUTES)[number];

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const INDEX = /^(0|[1-9]\d*)$/;

export interface DataSetMetadata {
  description: string;
  tags: string[];
  schema: Schema;
  additionalSchemas: Schema[];
}

const metadataOf = (set: DataSet): DataSetMetadata => ({
  description: set.description ?? '',
  tags: set.tags ?? [],
  schema: set.schema ?? { dataFields: [] },
  additionalSchemas: set.additionalSchemas ?? [],
});

/** Whether an operation may change what `tokens` points at. */
function editable(tokens: readonly string[]): boolean {
  const [first, second] = tokens;
  if (first === 'description') return tokens.length === 1;
  if (first === 'tags') return tokens.length <= 2;
  let rest: readonly string[];
  if (first === 'schema') rest = tokens.slice(1);
  else if (first === 'additionalSchemas' && second !== undefined && INDEX.test(second))
    rest = tokens.slice(2);
  else return false;
  const [fields, index, attribute] = rest;
  if (fields !== 'dataFields' || index === undefined || !INDEX.test(index)) return false;
  if (!EDITABLE_FIELD_ATTRIBUTES.includes(attribute as EditableAttribute)) return false;
  return rest.length === 3 || attribute === 'userTags' || attribute === 'properties';
}

const NOT_EDITABLE =
  "only /description, /tags and, per field (/schema/dataFields/<n>/… or /additionalSchemas/<n>/dataFields/<n>/…), alias, description, userTags, sensitive, primaryKey, ordinalPositionInKey and properties can be changed; a 'test' may read any path";

/**
 * Applies a patch to a data set's metadata. Returns the metadata after it and whether anything changed; throws
 * an ApiError (400 for a refused operation or value, 409 for a failed test) naming the operation (`meta.operation`, its
 * index in the patch) and the path the refusal is about (`meta.path`). Not `source`: the catalog's error type
 * (@qlik/api data-sets `Error`) has none.
 */
export function patchMetadata(
  current: DataSet,
  ops: readonly JsonPatch[],
): { next: DataSetMetadata; changed: boolean } {
  ops.forEach((op, index) => {
    if (op.op === 'test') return;
    for (const [name, raw] of [
      ['path', op.path],
      ...(op.op === 'move' ? [['from', op.from]] : []),
    ] as const) {
      const tokens = typeof raw === 'string' ? parsePointer(raw) : undefined;
      if (tokens && !editable(tokens)) {
        throw badRequest(`'${raw}' cannot be changed: ${NOT_EDITABLE}.`, {
          meta: { operation: index, path: raw, operand: name },
        });
      }
    }
  });

  let patched: DataSet;
  try {
    patched = applyJsonPatch(current, ops);
  } catch (error) {
    if (!(error instanceof JsonPatchError)) throw error;
    const operation = error.index;
    if (error.kind === 'invalid') {
      throw badRequest(error.message, { meta: { operation, path: ops[operation]?.path } });
    }
    const op = ops[error.index];
    if (op?.path === '/version') {
      throw conflict(
        `This data set changed since it was read: it is at version ${current.version ?? 0}, the change was made to version ${JSON.stringify(op.value)}. Read it again and redo the change.`,
        { meta: { operation, path: '/version', version: current.version ?? 0 } },
      );
    }
    throw conflict(error.message, { meta: { operation, path: op?.path } });
  }

  /** The last operation that wrote at or under `path` (or over it), for an error about the value there. */
  const blame = (path: string) => {
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i]!;
      if (op.op === 'test') continue;
      for (const p of [op.path, op.op === 'move' ? op.from : undefined]) {
        if (p !== undefined && (p === path || p.startsWith(`${path}/`) || path.startsWith(`${p}/`))) return i;
      }
    }
    return -1;
  };
  const refuse: Refuse = (path, detail) => {
    throw badRequest(detail, { meta: { operation: Math.max(0, blame(path)), path } });
  };
  refuse.touched = (path) => blame(path) >= 0;

  const next = metadataOf(patched);
  if (typeof next.description !== 'string') refuse('/description', 'description must be a string.');
  if (next.description.length > MAX_DESCRIPTION) {
    refuse('/description', `description is at most ${MAX_DESCRIPTION} characters long.`);
  }
  if (!Array.isArray(next.tags)) refuse('/tags', 'tags must be an array of strings.');
  if (next.tags.length > MAX_TAGS) refuse('/tags', `A data set has at most ${MAX_TAGS} tags.`);
  next.tags.forEach((tag, i) => checkTag(tag, `/tags/${i}`, refuse));
  next.schema = checkSchema(next.schema, '/schema', refuse);
  next.additionalSchemas = next.additionalSchemas.map((s, i) =>
    checkSchema(s, `/additionalSchemas/${i}`, refuse),
  );
  return { next, changed: !jsonEqual(metadataOf(current), next) };
}

interface Refuse {
  (path: string, detail: string): never;
  /** Whether the patch wrote at `path`: of two fields sharing an alias, the one the patch gave it is at fault. */
  touched?: (path: string) => boolean;
}

function checkTag(tag: unknown, path: string, refuse: Refuse): string {
  if (typeof tag !== 'string' || !tag.trim()) return refuse(path, 'A tag must be a non-empty string.');
  if (tag.length > MAX_TAG_LENGTH) return refuse(path, `A tag is at most ${MAX_TAG_LENGTH} characters long.`);
  if (hasControlCharacter(tag)) {
    return refuse(path, 'A tag must not contain control characters (tabs, line breaks, NUL…).');
  }
  return tag;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A schema's fields after an edit: valid values, Qlik's alias rules, flags as booleans. */
function checkSchema(schema: Schema, base: string, refuse: Refuse): Schema {
  const fields = schema.dataFields;
  const names = new Set(fields.map((f) => f.name));
  const aliases = new Map<string, number>();
  const dataFields = fields.map((field, i): DataField => {
    const at = (attribute: EditableAttribute) => `${base}/dataFields/${i}/${attribute}`;
    const { alias, description, userTags, sensitive, primaryKey, ordinalPositionInKey, properties } = field;
    if (alias !== undefined) {
      if (typeof alias !== 'string') refuse(at('alias'), 'An alias is a string.');
      if (!alias.trim()) refuse(at('alias'), 'An alias must not be blank: remove it to have none.');
      if (alias !== alias.trim()) refuse(at('alias'), 'An alias must not start or end with a space.');
      if (alias.length > MAX_ALIAS_LENGTH) {
        refuse(at('alias'), `An alias is at most ${MAX_ALIAS_LENGTH} characters long.`);
      }
      if (hasControlCharacter(alias)) refuse(at('alias'), 'An alias must not contain control characters.');
      if (alias !== field.name && names.has(alias)) {
        refuse(
          at('alias'),
          `'${alias}' is the name of another field: an alias must not match another field's name.`,
        );
      }
      const holder = aliases.get(alias);
      if (holder !== undefined) {
        const earlier = `${base}/dataFields/${holder}/alias`;
        const [path, other] =
          refuse.touched?.(earlier) && !refuse.touched(at('alias'))
            ? [earlier, field.name]
            : [at('alias'), fields[holder]!.name];
        refuse(path, `'${alias}' is already the alias of '${other}': aliases are unique within a table.`);
      }
      aliases.set(alias, i);
    }
    if (description !== undefined) {
      if (typeof description !== 'string') refuse(at('description'), 'A description is a string.');
      if (description.length > MAX_DESCRIPTION) {
        refuse(at('description'), `A description is at most ${MAX_DESCRIPTION} characters long.`);
      }
    }
    for (const [name, value] of [
      ['sensitive', sensitive],
      ['primaryKey', primaryKey],
    ] as const) {
      if (value !== undefined && typeof value !== 'boolean') refuse(at(name), `${name} is true or false.`);
    }
    if (ordinalPositionInKey !== undefined) {
      if (
        !Number.isInteger(ordinalPositionInKey) ||
        ordinalPositionInKey < 1 ||
        ordinalPositionInKey > fields.length
      ) {
        refuse(at('ordinalPositionInKey'), `ordinalPositionInKey is a position from 1 to ${fields.length}.`);
      }
      if (primaryKey !== true) {
        refuse(at('ordinalPositionInKey'), 'Only a primary-key field has a position in the key.');
      }
    }
    if (userTags !== undefined) {
      if (!Array.isArray(userTags)) refuse(at('userTags'), 'userTags is an array of {name, id?}.');
      if (userTags.length > MAX_TAGS) refuse(at('userTags'), `A field has at most ${MAX_TAGS} tags.`);
      const seen = new Set<string>();
      userTags.forEach((tag: unknown, t) => {
        const path = `${at('userTags')}/${t}`;
        if (!isObject(tag)) return refuse(path, 'A user tag is an object {name, id?}.');
        const extra = Object.keys(tag).find((k) => k !== 'name' && k !== 'id');
        if (extra !== undefined) refuse(path, `A user tag has a name and an id, not '${extra}'.`);
        const name = checkTag(tag.name, `${path}/name`, refuse);
        if (tag.id !== undefined && (typeof tag.id !== 'string' || tag.id.length > 200)) {
          refuse(`${path}/id`, 'A user tag id is a string of at most 200 characters.');
        }
        if (seen.has(name)) refuse(path, `The tag '${name}' is on this field twice.`);
        seen.add(name);
      });
    }
    if (properties !== undefined) {
      if (!isObject(properties)) refuse(at('properties'), 'properties is an object.');
      const reserved = Object.keys(properties).find((k) => RESERVED_KEYS.has(k));
      if (reserved !== undefined)
        refuse(`${at('properties')}/${reserved}`, `'${reserved}' cannot be a property name.`);
      if (JSON.stringify(properties).length > MAX_PROPERTIES_JSON) {
        refuse(
          at('properties'),
          `A field's properties are at most ${MAX_PROPERTIES_JSON} characters of JSON.`,
        );
      }
      const personal = properties[PERSONAL_DATA];
      if (personal !== undefined && typeof personal !== 'boolean') {
        refuse(`${at('properties')}/${PERSONAL_DATA}`, `${PERSONAL_DATA} is true or false.`);
      }
    }
    return { ...field, sensitive: sensitive ?? false, primaryKey: primaryKey ?? false };
  });
  return { ...schema, dataFields };
}

/**
 * The metadata users gave the fields of a schema, carried to a new inference of the same file (a replaced file,
 * a profile computed again): matched by field name; an alias that now clashes with a field's name or an earlier
 * alias is dropped, and so is a key position past the new field count.
 */
export function carryFieldMetadata(previous: Schema | undefined, next: Schema): Schema {
  if (!previous?.dataFields.length) return next;
  const before = new Map(previous.dataFields.map((f) => [f.name, f]));
  const names = new Set(next.dataFields.map((f) => f.name));
  const aliases = new Set<string>();
  const dataFields = next.dataFields.map((field) => {
    const old = before.get(field.name);
    if (!old) return field;
    const carried: DataField = { ...field };
    for (const attribute of EDITABLE_FIELD_ATTRIBUTES) {
      if (old[attribute] !== undefined) (carried as Record<string, unknown>)[attribute] = old[attribute];
    }
    if (carried.alias !== undefined) {
      if ((carried.alias !== field.name && names.has(carried.alias)) || aliases.has(carried.alias))
        delete carried.alias;
      else aliases.add(carried.alias);
    }
    if ((carried.ordinalPositionInKey ?? 0) > next.dataFields.length) delete carried.ordinalPositionInKey;
    return carried;
  });
  return { ...next, dataFields };
}
