import { useMutation, useQueryClient } from '@tanstack/react-query';
import { patchDataSet, type DataField, type DataSet, type JsonPatch } from '@qlik/api/data-sets';
import { isHttpError, qlikErrorItem } from '@/lib/api-error';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { dataSetKeys, itemKeys } from './keys';

export interface DataSetEdit {
  description: string;
  tags: string[];
}

export type EditableField = keyof DataSetEdit;

/**
 * The first operation of every edit: the version the edit was made on. When someone changed the set since, the
 * tenant refuses the whole patch with 409 instead of overwriting their change (RFC 6902 `test`; Qlik documents
 * 409 for PATCH and no If-Match).
 */
export const versionTest = (version: number | undefined): JsonPatch => ({
  op: 'test',
  path: '/version',
  value: version ?? 0,
});

/** Only what changed, as JSON Patch; an unchanged form sends nothing. */
export function editPatch(current: DataSet, next: DataSetEdit): JsonPatch[] {
  const ops: JsonPatch[] = [];
  if ((current.description ?? '') !== next.description) {
    ops.push({ op: 'replace', path: '/description', value: next.description });
  }
  const tags = current.tags ?? [];
  if (tags.length !== next.tags.length || tags.some((tag, i) => tag !== next.tags[i])) {
    ops.push({ op: 'replace', path: '/tags', value: next.tags });
  }
  return ops;
}

// ------------------------------------------------------------------------------------------- field metadata

/** The personal-data flag of a field: a key of its `properties` (@qlik/api's DataField has no field for it). */
export const PERSONAL_DATA = 'personalInformation';

export const MAX_ALIAS_LENGTH = 256;
export const MAX_FIELD_DESCRIPTION = 1024;

/** What a user edits on one field. */
export interface FieldDraft {
  alias: string;
  description: string;
  tags: string[];
  sensitive: boolean;
  personal: boolean;
  primaryKey: boolean;
}

export const isPersonal = (field: DataField) => field.properties?.[PERSONAL_DATA] === true;

export function fieldDraftOf(field: DataField): FieldDraft {
  return {
    alias: field.alias ?? '',
    description: field.description ?? '',
    tags: (field.userTags ?? []).flatMap((t) => (t.name ? [t.name] : [])),
    sensitive: field.sensitive === true,
    personal: isPersonal(field),
    primaryKey: field.primaryKey === true,
  };
}

export type FieldDraftKey = keyof FieldDraft;

/**
 * The operations that turn `field` (at `index` of the schema at `schemaPath`) into `draft`, only for what
 * changed. `add` sets an object member whether it is there or not (RFC 6902), so it serves for both; a value
 * cleared is removed.
 */
export function fieldPatch(
  field: DataField,
  index: number,
  draft: FieldDraft,
  schemaPath = '/schema',
): JsonPatch[] {
  const at = (attribute: string) => `${schemaPath}/dataFields/${index}/${attribute}`;
  const before = fieldDraftOf(field);
  const ops: JsonPatch[] = [];
  const text = (attribute: 'alias' | 'description', value: string) => {
    if (value === before[attribute]) return;
    if (value === '') ops.push({ op: 'remove', path: at(attribute) });
    else ops.push({ op: 'add', path: at(attribute), value });
  };
  text('alias', draft.alias.trim());
  text('description', draft.description);
  if (draft.tags.join('\u0000') !== before.tags.join('\u0000')) {
    if (draft.tags.length === 0) ops.push({ op: 'remove', path: at('userTags') });
    else {
      // tags that stay keep their ids (Qlik's collections link them)
      const ids = new Map((field.userTags ?? []).map((t) => [t.name, t.id]));
      ops.push({
        op: 'add',
        path: at('userTags'),
        value: draft.tags.map((name) => (ids.get(name) ? { id: ids.get(name), name } : { name })),
      });
    }
  }
  if (draft.sensitive !== before.sensitive)
    ops.push({ op: 'add', path: at('sensitive'), value: draft.sensitive });
  if (draft.primaryKey !== before.primaryKey) {
    ops.push({ op: 'add', path: at('primaryKey'), value: draft.primaryKey });
    if (!draft.primaryKey && field.ordinalPositionInKey !== undefined) {
      ops.push({ op: 'remove', path: at('ordinalPositionInKey') });
    }
  }
  if (draft.personal !== before.personal) {
    ops.push(
      field.properties
        ? { op: 'add', path: at(`properties/${PERSONAL_DATA}`), value: draft.personal }
        : { op: 'add', path: at('properties'), value: { [PERSONAL_DATA]: draft.personal } },
    );
  }
  return ops;
}

/**
 * Qlik's alias rules, checked before sending (the tenant checks them too, with 400): an alias is unique among the
 * table's aliases and is no other field's name.
 */
export function aliasProblem(
  alias: string,
  field: DataField,
  fields: readonly DataField[],
): string | undefined {
  const value = alias.trim();
  if (value === '') return undefined;
  if (value.length > MAX_ALIAS_LENGTH) return `At most ${MAX_ALIAS_LENGTH} characters.`;
  if (value !== field.name && fields.some((f) => f.name === value)) {
    return `'${value}' is the name of another field; an alias must not match another field's name.`;
  }
  const holder = fields.find((f) => f !== field && f.alias === value);
  if (holder)
    return `'${value}' is already the alias of ${holder.name}; aliases are unique in a data set's table.`;
  return undefined;
}

// ------------------------------------------------------------------------------------------------ refusals

/** The document path a refused patch is about: the tenant's `meta.path`, else the path of the operation it names. */
export function refusedPath(error: unknown, ops: readonly JsonPatch[]): string | undefined {
  if (!isHttpError(error)) return undefined;
  const item = qlikErrorItem(error.data);
  const meta = item?.meta;
  if (typeof meta?.path === 'string') return meta.path;
  const operation =
    typeof meta?.operation === 'number'
      ? meta.operation
      : Number(
          /^\/(\d+)/.exec(
            (
              (meta?.source ?? (item as { source?: unknown } | undefined)?.source) as
                { pointer?: string } | undefined
            )?.pointer ?? '',
          )?.[1] ?? NaN,
        );
  return Number.isInteger(operation) ? ops[operation]?.path : undefined;
}

/** A refusal because the set changed since it was read (409): the page offers to reload it. */
export const isStaleEdit = (error: unknown) => isHttpError(error) && error.status === 409;

/**
 * The form field a refused patch is about. The tenant names the path (`meta.path`) or the operation (`/0`,
 * `meta.operation`); both lead back to the field that operation changed.
 */
export function fieldOfPatchError(error: unknown, ops: readonly JsonPatch[]): EditableField | undefined {
  if (!isHttpError(error) || error.status !== 400) return undefined;
  const path = refusedPath(error, ops);
  if (path?.startsWith('/description')) return 'description';
  if (path?.startsWith('/tags')) return 'tags';
  return undefined;
}

/** The field attribute of a refused field edit, for the input to show it on. */
export function draftKeyOfPatchError(error: unknown, ops: readonly JsonPatch[]): FieldDraftKey | undefined {
  if (!isHttpError(error) || error.status !== 400) return undefined;
  const attribute = /\/dataFields\/\d+\/([^/]+)/.exec(refusedPath(error, ops) ?? '')?.[1];
  switch (attribute) {
    case 'alias':
    case 'description':
    case 'sensitive':
    case 'primaryKey':
      return attribute;
    case 'userTags':
      return 'tags';
    case 'properties':
      return 'personal';
    default:
      return undefined;
  }
}

export function useUpdateDataSet(tenant: TenantTarget, dataSetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ops: JsonPatch[]): Promise<DataSet | undefined> => {
      const response = await patchDataSet(dataSetId, ops, apiOptions(tenant));
      // 204 carries no body; the detail is then read again below.
      return response.status === 200 ? response.data : undefined;
    },
    onSuccess: async (updated) => {
      const detail = dataSetKeys(tenant.id).detail(dataSetId);
      if (updated) queryClient.setQueryData(detail, updated);
      await Promise.all([
        updated ? undefined : queryClient.invalidateQueries({ queryKey: detail }),
        queryClient.invalidateQueries({ queryKey: dataSetKeys(tenant.id).lists() }),
        queryClient.invalidateQueries({ queryKey: itemKeys(tenant.id).all }),
      ]);
    },
  });
}
