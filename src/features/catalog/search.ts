import { z } from 'zod';

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
const optionalId = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^,*\s]+$/)
  .optional()
  .catch(undefined);

/**
 * `/catalog`: the tree selection (store, then asset), the table's search, sort and page. Every key falls back
 * to its default instead of failing, so an old or mistyped link still opens the catalog.
 */
export const catalogSearchSchema = z.object({
  store: optionalId,
  asset: optionalId,
  q: z.string().max(200).catch('').default(''),
  sort: z.enum(DATA_SET_SORTS).catch('name').default('name'),
  /** 1-based, as people read it; the tenant pages from 0. */
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  size: z.coerce.number().pipe(z.literal(PAGE_SIZES)).catch(50).default(50),
});
export type CatalogSearch = z.infer<typeof catalogSearchSchema>;

export const DATA_SET_TABS = ['schema', 'profile', 'sample', 'lineage'] as const;
export type DataSetTab = (typeof DATA_SET_TABS)[number];

/** `/catalog/data-sets/$dataSetId`: the open tab and the schema's field filter. */
export const dataSetSearchSchema = z.object({
  tab: z.enum(DATA_SET_TABS).catch('schema').default('schema'),
  field: z.string().max(200).catch('').default(''),
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
