import { useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** A stable key per item (scroll position and measured heights follow it when the list is filtered). */
  itemKey: (item: T) => string;
  renderItem: (item: T, index: number) => ReactNode;
  /** Height of an item before it is measured. */
  estimateSize: number;
  /** Accessible name of the scrolling region. */
  label: string;
  className?: string;
  overscan?: number;
}

/**
 * A long list of items of different heights (cards), virtualized: only the items in view (plus `overscan`) are
 * in the DOM, each measured once drawn, inside a scrolling region that is reachable by keyboard. The list keeps
 * its semantics (list, listitem with position and set size) for screen readers.
 */
export function VirtualList<T>({
  items,
  itemKey,
  renderItem,
  estimateSize,
  label,
  className,
  overscan = 3,
}: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The console does not run the React Compiler, so nothing memoizes over the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateSize,
    getItemKey: (index) => itemKey(items[index]!),
    overscan,
  });
  return (
    <div ref={scrollRef} className={className} role="region" aria-label={label} tabIndex={0}>
      <div role="list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            role="listitem"
            aria-setsize={items.length}
            aria-posinset={item.index + 1}
            data-index={item.index}
            ref={virtualizer.measureElement}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${item.start}px)`,
            }}
          >
            {renderItem(items[item.index]!, item.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
