import { z } from 'zod/mini';

/** Sort orders the tenant's data-set list understands (`sort=<field>` or `-<field>`). */
export const DATA_SET_SORTS = [
  'name',
  '-name',
  'type',
  '-type',
  'lastModifiedTime',
  '-lastModifiedTime',
] as const;
export type DataSetSort = (typeof DATA_SET_SORTS)[number];
export type DataSetSortField = 'name' | 'type' | 'lastModifiedTime';

export const PAGE_SIZES = [25, 50, 100] as const;

/** Ids are opaque; trimmed and bounded so a hand-edited URL cannot send junk to the tenant. */
const optionalId = z.catch(
  z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^[^,*\s]+$/))),
  undefined,
);

/**
 * `/catalog`: the tree selection (store, then asset), the table's search, sort and page. Every key falls back
 * to its default instead of failing, so an old or mistyped link still opens the catalog.
 */
export const CATALOG_TYPES = ['data-sets', 'apps'] as const;
export type CatalogType = (typeof CATALOG_TYPES)[number];

export const catalogSearchSchema = z.object({
  /** What the list shows: data sets (in the tree's store or asset) or the tenant's apps. */
  type: z._default(z.catch(z.enum(CATALOG_TYPES), 'data-sets'), 'data-sets'),
  store: optionalId,
  asset: optionalId,
  q: z._default(z.catch(z.string().check(z.maxLength(200)), ''), ''),
  sort: z._default(z.catch(z.enum(DATA_SET_SORTS), 'name'), 'name'),
  /** 1-based, as people read it; the tenant pages from 0. */
  page: z._default(z.catch(z.coerce.number().check(z.multipleOf(1), z.gte(1), z.lte(100_000)), 1), 1),
  size: z._default(z.catch(z.pipe(z.coerce.number(), z.literal(PAGE_SIZES)), 50), 50),
});
export type CatalogSearch = z.infer<typeof catalogSearchSchema>;

/** What the data-set list query depends on: the loader and the page must build the same key from the URL. */
export function catalogListParams(search: CatalogSearch) {
  return {
    ...(search.store ? { store: search.store } : {}),
    ...(search.asset ? { asset: search.asset } : {}),
    sort: search.sort,
    page: search.page,
    size: search.size,
  };
}

export const DATA_SET_TABS = ['schema', 'profile', 'sample', 'lineage', 'versions', 'activity'] as const;
export type DataSetTab = (typeof DATA_SET_TABS)[number];

/**
 * `/catalog/data-sets/$dataSetId`: the open tab, the field filter of the schema and profile tabs, and the field
 * open beside them (by name; '' for none).
 */
export const dataSetSearchSchema = z.object({
  tab: z._default(z.catch(z.enum(DATA_SET_TABS), 'schema'), 'schema'),
  filter: z._default(z.catch(z.string().check(z.maxLength(200)), ''), ''),
  field: z._default(z.catch(z.string().check(z.maxLength(1000)), ''), ''),
});
export type DataSetSearch = z.infer<typeof dataSetSearchSchema>;

export function sortField(sort: DataSetSort): DataSetSortField {
  return sort.replace(/^-/, '') as DataSetSortField;
}

export function isDescending(sort: DataSetSort): boolean {
  return sort.startsWith('-');
}

/** Clicking a column header: a new column sorts ascending, the current one flips. */
export function nextSort(current: DataSetSort, field: DataSetSortField): DataSetSort {
  if (sortField(current) !== field) return field;
  return (isDescending(current) ? field : `-${field}`) as DataSetSort;
}
