import { z } from 'zod/mini';
import type { Space, SpaceType } from '@qlik/api/spaces';
import { qlikErrorItem, isHttpError } from '@/lib/api-error';
import { selectionSearchFields } from '@/lib/selection-search';
import type { Permission } from '@/components/guarded-action';

export const SPACE_TYPES = ['shared', 'managed', 'data'] as const satisfies readonly SpaceType[];

export const TYPE_LABELS: Record<SpaceType, string> = {
  shared: 'Shared',
  managed: 'Managed',
  data: 'Data',
};

export { ROLE_LABELS, roleLabel } from '@/lib/space-roles';

export const typeLabel = (type: SpaceType | undefined) => (type ? TYPE_LABELS[type] : '—');

// Mirrors the tenant's rule (validSpaceName in tenant/services/spaces.ts), so most mistakes never reach the server.
const FORBIDDEN_NAME_CHARS = /["*?<>/|\\:]/;

export const spaceNameSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'Enter a name.'),
  z.maxLength(256, 'The name can be at most 256 characters long.'),
  z.refine((name: string) => !FORBIDDEN_NAME_CHARS.test(name), {
    error: 'The name cannot contain any of " * ? < > / | \\ :',
  }),
);

export const descriptionSchema = z
  .string()
  .check(z.maxLength(1024, 'The description can be at most 1024 characters long.'));

export const createSpaceSchema = z.object({
  type: z.enum(SPACE_TYPES, { error: 'Choose a space type.' }),
  name: spaceNameSchema,
  description: descriptionSchema,
});
export type CreateSpaceValues = z.input<typeof createSpaceSchema>;

export const editSpaceSchema = z.object({ name: spaceNameSchema, description: descriptionSchema });
export type EditSpaceValues = z.input<typeof editSpaceSchema>;

/**
 * The form field a tenant error belongs to: from the JSON pointer (`/name`, `/0/value` of a PATCH) or a 409 on the
 * name. Undefined when the error is not about one field (it is then shown above the form).
 */
export function fieldOfError<F extends string>(
  error: unknown,
  fields: readonly F[],
  patchPaths: readonly F[] = [],
): { field: F; message: string } | undefined {
  if (!isHttpError(error)) return undefined;
  const item = qlikErrorItem(error.data) as
    (ReturnType<typeof qlikErrorItem> & { source?: { pointer?: string } }) | undefined;
  const pointer = item?.source?.pointer ?? (item?.meta?.source as { pointer?: string } | undefined)?.pointer;
  const detail = item?.detail ?? item?.title ?? `The tenant refused it (HTTP ${error.status}).`;
  const messageFor = (field: F) =>
    error.status !== 409
      ? detail
      : field === 'name'
        ? 'A space with this name already exists. Choose another name.'
        : field === 'assigneeId'
          ? 'Already a member of this space. Change their roles in the list instead.'
          : detail;
  if (pointer) {
    const patchOp = /^\/(\d+)\/value$/.exec(pointer);
    const name = patchOp ? patchPaths[Number(patchOp[1])] : (pointer.slice(1) as F);
    if (name && fields.includes(name)) return { field: name, message: messageFor(name) };
  }
  if (error.status === 409 && fields.includes('name' as F))
    return { field: 'name' as F, message: messageFor('name' as F) };
  return undefined;
}

/**
 * What a 412 on delete says the space still holds (`{ 'data files': 4 }`), `{}` when it does not say; undefined
 * for any other error.
 */
export function spaceContentOf(error: unknown): Record<string, number> | undefined {
  if (!isHttpError(error) || error.status !== 412) return undefined;
  const content = qlikErrorItem(error.data)?.meta?.content;
  return content && typeof content === 'object' ? (content as Record<string, number>) : {};
}

// ---- URL state ---------------------------------------------------------------------------------------------

/** Spaces picked one by one (beyond that, "select all matching" covers any number). */
export const MAX_PICKED = 1000;

export const SPACE_SORTS = ['name', '-name', 'type', '-type', 'createdAt', '-createdAt'] as const;
export type SpaceSortParam = (typeof SPACE_SORTS)[number];

/** Everything the spaces page shows is in the URL, so each view is a link. Bad values fall back, never throw. */
export const spacesSearchSchema = z.object({
  view: z.catch(z._default(z.enum(['table', 'tree']), 'table'), 'table'),
  q: z.catch(z.optional(z.string().check(z.trim(), z.maxLength(256))), undefined),
  type: z.catch(z.optional(z.enum(SPACE_TYPES)), undefined),
  ownerId: z.catch(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))), undefined),
  sort: z.catch(z._default(z.enum(SPACE_SORTS), 'name'), 'name'),
  /** Spaces picked for a batch action, or every space matching the filters (`all`). */
  ...selectionSearchFields(MAX_PICKED),
  /** Tree view: the expanded nodes (absent: the tenant only) and the selected one, so Back restores both. */
  expanded: z.catch(
    z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(200))),
    undefined,
  ),
  node: z.catch(z.optional(z.string().check(z.minLength(1), z.maxLength(200))), undefined),
});
export type SpacesSearch = z.infer<typeof spacesSearchSchema>;

/** What the URL leaves out when it holds them: the defaults. */
export const SPACES_SEARCH_DEFAULTS: Partial<SpacesSearch> = { view: 'table', sort: 'name', selected: [] };

export interface SpaceListParams {
  name?: string;
  type?: SpaceType;
  ownerId?: string;
  sort: SpaceSortParam;
}

/** Only what the data depends on: switching between table and tree shares one cache entry. */
export function listParamsOf(search: SpacesSearch): SpaceListParams {
  return {
    ...(search.q ? { name: search.q } : {}),
    ...(search.type ? { type: search.type } : {}),
    ...(search.ownerId ? { ownerId: search.ownerId } : {}),
    sort: search.sort,
  };
}

// ---- what the caller may do ---------------------------------------------------------------------------------

export type { Permission };

const allow: Permission = { allowed: true };
const deny = (reason: string): Permission => ({ allowed: false, reason });

export interface Caller {
  has: (scope: string) => boolean;
  roles: readonly string[];
  isTenantAdmin: boolean;
}

const CREATOR_ROLE: Record<SpaceType, string> = {
  shared: 'SharedSpaceCreator',
  managed: 'ManagedSpaceCreator',
  data: 'DataSpaceCreator',
};
const CREATE_SCOPE: Record<SpaceType, string> = {
  shared: 'spaces.shared:create',
  managed: 'spaces.managed',
  data: 'spaces.data',
};

export function canCreateType(caller: Caller, type: SpaceType): Permission {
  if (!caller.has(CREATE_SCOPE[type]) && !caller.has('admin.spaces')) {
    return deny(`Creating ${type} spaces needs the ${CREATE_SCOPE[type]} scope; sign in again with it.`);
  }
  if (!caller.isTenantAdmin && !caller.roles.includes(CREATOR_ROLE[type])) {
    return deny(`Creating ${type} spaces needs the ${CREATOR_ROLE[type]} role; ask a tenant admin.`);
  }
  return allow;
}

export function canCreateAny(caller: Caller, types: readonly SpaceType[]): Permission {
  const results = types.map((t) => canCreateType(caller, t));
  return results.find((p) => p.allowed) ?? results[0] ?? deny('This tenant offers no space types.');
}

function writeScope(caller: Caller, space: Pick<Space, 'type'>): Permission {
  const scope = `spaces.${space.type}`;
  return caller.has(scope) || caller.has('admin.spaces')
    ? allow
    : deny(`Changing ${space.type} spaces needs the ${scope} scope; sign in again with it.`);
}

const MANAGERS = 'Only the owner, a member who can manage the space, or a tenant admin';

export interface SpaceRights {
  edit: Permission;
  delete: Permission;
  changeOwner: Permission;
  manageMembers: Permission;
}

/** The caller's rights on one space: the token's scopes first, then the space's own `meta.actions`. */
export function spaceRights(caller: Caller, space: Pick<Space, 'type' | 'meta'>): SpaceRights {
  const scope = writeScope(caller, space);
  const actions = space.meta?.actions ?? [];
  const needs = (action: string, reason: string) =>
    !scope.allowed ? scope : actions.includes(action as never) ? allow : deny(reason);
  return {
    edit: needs('update', `${MANAGERS} can rename this space.`),
    delete: needs('delete', `${MANAGERS} can delete this space.`),
    changeOwner: needs('change_owner', 'Only the owner or a tenant admin can change the owner.'),
    manageMembers: needs('update', `${MANAGERS} can change its members.`),
  };
}
