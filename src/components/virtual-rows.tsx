import { useEffect, useRef } from 'react';
import { Group, Loader } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';

/** The infinite query behind a list: the next page is fetched as its end scrolls into view. */
export interface NextPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

export interface VirtualRowsOptions {
  count: number;
  rowHeight: number;
  overscan?: number;
  /** Omit for a list that is one page already. */
  pages?: NextPages;
  /** How many rows before the end the next page is asked for. */
  prefetchRows?: number;
}

/**
 * Rows of a long table, virtualized: only the rows in view (plus `overscan`) are rendered, between two spacer
 * rows that keep the scroll height and the table's semantics, so 100,000 rows cost what 100 do.
 */
export function useVirtualRows({
  count,
  rowHeight,
  overscan = 10,
  pages,
  prefetchRows = 20,
}: VirtualRowsOptions) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The console does not run the React Compiler, so nothing memoizes over the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const { hasNextPage = false, isFetchingNextPage = false, fetchNextPage } = pages ?? {};
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= count - prefetchRows) void fetchNextPage?.();
  }, [lastIndex, count, prefetchRows, hasNextPage, isFetchingNextPage, fetchNextPage]);
  return {
    scrollRef,
    items,
    /** Ref for a row whose height varies (give it `data-index`): the virtualizer measures it. */
    measureElement: virtualizer.measureElement,
    paddingTop: items[0]?.start ?? 0,
    paddingBottom: virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0),
    /** Brings a row into view (rendering it), e.g. before the arrow keys focus it. */
    scrollToIndex: (index: number) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  };
}

/** Stands in for the rows scrolled out of view; hidden from assistive technology. */
export function SpacerRow({ height, colSpan }: { height: number; colSpan: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden>
      <td style={{ height, padding: 0 }} colSpan={colSpan} />
    </tr>
  );
}

/** Under a list while its next page loads. */
export function LoadingMore({ active, label }: { active: boolean; label: string }) {
  if (!active) return null;
  return (
    <Group justify="center" py="sm">
      <Loader size="sm" aria-label={label} />
    </Group>
  );
}
