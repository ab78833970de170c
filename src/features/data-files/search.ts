import { z } from 'zod/mini';
import { selectionSearchFields } from '@/lib/selection-search';
import { normaliseFolderPath, toWildcard } from './model';

/** Items picked one by one (beyond that, "select all matching" covers any number). */
export const MAX_PICKED = 1000;

export const SORTS = ['+name', '-name', '+size', '-size', '+modifiedDate', '-modifiedDate'] as const;
export type DataFileSort = (typeof SORTS)[number];

/**
 * The browser's state in the URL, so every view is a link. Bad values fall back to defaults instead of
 * failing the page. `space`: 'personal', 'all' (tenant-wide, admins only) or a space ID.
 */
export const dataFilesSearchSchema = z.object({
  space: z.catch(
    z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), 'personal'),
    'personal',
  ),
  folder: z.pipe(
    z.catch(
      z.optional(
        z.pipe(
          z.string().check(z.maxLength(1024)),
          z.transform((raw: string) => normaliseFolderPath(raw)),
        ),
      ),
      undefined,
    ),
    z.transform((value: string | undefined) => value || undefined),
  ),
  q: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  owner: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  sort: z.catch(z._default(z.enum(SORTS), '+name'), '+name'),
  view: z.catch(z._default(z.enum(['tree', 'flat']), 'tree'), 'tree'),
  ...selectionSearchFields(MAX_PICKED),
});

export type DataFilesSearch = z.infer<typeof dataFilesSearchSchema>;

/** A space's Data files tab: the route pins the space, so the URL does not carry one. */
export const spaceFilesSearchSchema = z.omit(dataFilesSearchSchema, { space: true });

/** What the URL leaves out when it holds them: the defaults. */
export const DATA_FILES_SEARCH_DEFAULTS: Partial<DataFilesSearch> = {
  space: 'personal',
  sort: '+name',
  view: 'tree',
  selected: [],
};

/** Where a listing looks: the caller's personal space, one space, or every space (admin view). */
export type Scope = { kind: 'personal' } | { kind: 'all' } | { kind: 'space'; spaceId: string };

export function scopeOf(space: string, fixedSpaceId?: string): Scope {
  if (fixedSpaceId) return { kind: 'space', spaceId: fixedSpaceId };
  if (space === 'personal') return { kind: 'personal' };
  if (space === 'all') return { kind: 'all' };
  return { kind: 'space', spaceId: space };
}

/** What the file listing depends on; also its query key. */
export interface FileListParams {
  scope: Scope;
  /** '' = the root. Ignored in the tenant-wide view. */
  folder: string;
  /** Direct children only (the tree view without a search). */
  directOnly: boolean;
  wildcard?: string;
  ownerId?: string;
  sort: DataFileSort;
}

export function listParamsOf(search: DataFilesSearch, fixedSpaceId?: string): FileListParams {
  const scope = scopeOf(search.space, fixedSpaceId);
  const wildcard = toWildcard(search.q);
  const all = scope.kind === 'all';
  return {
    scope,
    folder: all ? '' : (search.folder ?? ''),
    // A search looks through the whole folder below, as file browsers do; so does the flat view.
    directOnly: !all && search.view === 'tree' && !wildcard,
    ...(wildcard ? { wildcard } : {}),
    ...(search.owner ? { ownerId: search.owner } : {}),
    sort: search.sort,
  };
}
