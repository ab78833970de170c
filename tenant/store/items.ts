import type { Db } from './db';
import { mergedKeysetPage, type KeysetPage, type KeysetSource, type SortValue } from '../http/pagination';
import { ITEM_SORTS, SET_SELECT, itemConditions, type DataSetWithOwner, type ItemFilter, type ItemSort } from './catalog';
import { APP_ITEM_SORTS, type AppRow } from './apps';

/** One row of the items list: a data-file data set or an app. */
export type ListedItem = { kind: 'dataset'; row: DataSetWithOwner } | { kind: 'app'; row: AppRow };

/** SQLite's NOCASE folds ASCII letters only; names compare the same here as in SQL. */
const foldAscii = (value: string) => value.replace(/[A-Z]/g, (c) => c.toLowerCase());
const compareSortValues = (fold: boolean) => (a: SortValue, b: SortValue) => {
  const x = fold && typeof a === 'string' ? foldAscii(a) : a;
  const y = fold && typeof b === 'string' ? foldAscii(b) : b;
  return x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
};

/** Qlik's items over this tenant's two kinds of item, keyset-paged as one list. */
export function itemsStore(db: Db) {
  return {
    list(
      filter: ItemFilter,
      kinds: { sets: boolean; apps: boolean },
      o: {
        sort: ItemSort;
        descending: boolean;
        limit: number;
        after?: { v: SortValue; id: string };
        before?: { v: SortValue; id: string };
      },
    ): KeysetPage<ListedItem> {
      const sources: KeysetSource<ListedItem>[] = [];
      if (kinds.sets) {
        const where = itemConditions(filter);
        sources.push({
          options: {
            db,
            select: SET_SELECT,
            where: where.map((w) => w.sql),
            params: where.flatMap((w) => w.params),
            sortColumn: ITEM_SORTS[o.sort].column,
            idColumn: 'ds.id',
          },
          toRow: (row) => ({ kind: 'dataset', row: row as DataSetWithOwner }),
        });
      }
      if (kinds.apps) {
        const where = itemConditions(filter, { alias: 'a', owner: 'a.owner_id' });
        sources.push({
          options: {
            db,
            select: 'SELECT a.* FROM apps a',
            where: where.map((w) => w.sql),
            params: where.flatMap((w) => w.params),
            sortColumn: APP_ITEM_SORTS[o.sort].column,
            idColumn: 'a.id',
          },
          toRow: (row) => ({ kind: 'app', row: row as AppRow }),
        });
      }
      return mergedKeysetPage(sources, {
        key: (item) =>
          item.kind === 'app'
            ? { v: APP_ITEM_SORTS[o.sort].value(item.row), id: item.row.id }
            : { v: ITEM_SORTS[o.sort].value(item.row), id: item.row.id },
        compare: compareSortValues(o.sort === 'name'),
        descending: o.descending,
        limit: o.limit,
        after: o.after,
        before: o.before,
      });
    },
  };
}

export type ItemsStore = ReturnType<typeof itemsStore>;
