import { startTransition, useOptimistic } from 'react';
import { notifications } from '@mantine/notifications';
import { pickedItems, type BatchResult } from '@/lib/batch-runner';
import { formatCount } from '@/lib/format';
import type { SelectionSearch } from '@/lib/selection-search';

export interface ListSelectionOptions<T> {
  /** The selection as the URL holds it. */
  search: SelectionSearch;
  /**
   * Writes the next selection to the URL. Resolves once the page shows the new URL: until then the checkboxes
   * show the selection asked for (the router may be renewing a token or running a loader first).
   */
  onChange: (next: SelectionSearch) => Promise<void> | void;
  /** The rows loaded so far, in order. */
  rows: readonly T[];
  idOf: (row: T) => string;
  /** Rows that can be selected at all (a DataFiles connection cannot be deleted, so it has no checkbox). */
  selectable?: (row: T) => boolean;
  /** Rows matching the filters on the tenant, when the tenant says (data files do not count). */
  total?: number;
  /** Rows match beyond the loaded ones. */
  hasMore: boolean;
  /** Rows picked one by one at the most (the URL carries them); "select all matching" covers any number. */
  maxPicked: number;
  /** "spaces", "connections", "items". */
  noun: string;
}

/**
 * The selection of a list with batch actions: rows picked one by one, or every row matching the filters (the
 * step mail and admin consoles offer once every loaded row is picked). It lives in the URL; what was just
 * clicked shows at once, before the router has committed it.
 */
export function useListSelection<T>(options: ListSelectionOptions<T>) {
  const { search, onChange, rows, idOf, total, hasMore, maxPicked, noun } = options;
  const selectable = options.selectable ?? (() => true);
  const [shown, showOptimistically] = useOptimistic<SelectionSearch>(search);
  const allMatching = Boolean(shown.all);
  const picked = new Set(shown.selected);
  const loadedSelectable = rows.filter(selectable);

  const write = (next: SelectionSearch) =>
    startTransition(async () => {
      showOptimistically(next);
      await onChange(next);
    });

  const isSelected = (row: T) => selectable(row) && (allMatching || picked.has(idOf(row)));
  const allLoadedSelected = loadedSelectable.length > 0 && loadedSelectable.every(isSelected);
  const someLoadedSelected = loadedSelectable.some(isSelected);
  /** How many rows a batch action would take; undefined while "all matching" of an uncounted list. */
  const count = allMatching ? (hasMore ? total : loadedSelectable.length) : picked.size;

  const select = (ids: readonly string[], checked: boolean) => {
    // Leaving "all matching": the loaded rows stay selected, less the ones just cleared.
    const next = new Set(allMatching ? loadedSelectable.map(idOf) : shown.selected);
    for (const id of ids) {
      if (checked) next.add(id);
      else next.delete(id);
    }
    if (next.size > maxPicked) {
      notifications.show({
        color: 'yellow',
        message: `Pick at most ${formatCount(maxPicked)} ${noun} one by one; to act on more, select all matching ${noun}.`,
      });
      return;
    }
    write({ selected: [...next], all: undefined });
  };

  return {
    allMatching,
    /** Ids picked one by one (empty while every matching row is selected). */
    picked,
    count,
    hasSelection: allMatching || picked.size > 0,
    isSelected,
    allLoadedSelected,
    someLoadedSelected,
    select,
    toggle: (row: T) => select([idOf(row)], !isSelected(row)),
    /** The header checkbox: every loaded row, or none. */
    toggleLoaded: () => select(loadedSelectable.map(idOf), !allLoadedSelected),
    selectAllMatching: () => write({ selected: [], all: true }),
    clear: () => write({ selected: [], all: undefined }),
    /** After a batch: what failed stays selected, to look at or try again; the rest is done with. */
    keepFailed: (result: BatchResult) =>
      write({
        selected: result.outcomes
          .filter((outcome) => outcome.status === 'failed')
          .map((outcome) => outcome.id)
          .slice(0, maxPicked),
        all: undefined,
      }),
    /** Props for the `SelectAllBar` under the list's actions. */
    bar: {
      selectedCount: picked.size,
      loadedCount: loadedSelectable.length,
      allLoadedSelected,
      matchingCount: total,
      hasMore,
      allMatching,
      noun,
      onSelectAllMatching: () => write({ selected: [], all: true }),
      onClear: () => write({ selected: [], all: undefined }),
    },
    /**
     * The selected rows for a batch action, page by page: every matching row read from the tenant, or the picked
     * ones (loaded at once, others read one by one).
     */
    items: (
      matching: () => AsyncIterable<T[]>,
      fetchOne: (id: string) => Promise<T | undefined>,
    ): AsyncIterable<T[]> =>
      allMatching
        ? matching()
        : pickedItems([...picked], new Map(rows.map((row) => [idOf(row), row])), fetchOne),
  };
}

export type ListSelection<T> = ReturnType<typeof useListSelection<T>>;
