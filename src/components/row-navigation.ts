import {
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import classes from './table-layout.module.css';

export interface RowNavigationOptions {
  count: number;
  /** The scrolling element around the table (where rows are looked up to be focused). */
  containerRef: RefObject<HTMLElement | null>;
  /** Renders a row that may be scrolled out of a virtualized table. */
  scrollToIndex?: (index: number) => void;
  /** Enter on a row. */
  onOpen: (index: number) => void;
  /** Space on a row; rows without a selection leave it out. */
  onToggle?: (index: number) => void;
}

const isTyping = (element: EventTarget) =>
  element instanceof HTMLElement &&
  (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName)) &&
  !(element instanceof HTMLInputElement && element.type === 'checkbox');

/**
 * Rows reached with the keyboard, as in a mail client: one row is the tab stop, ↑/↓ (Home/End) move between rows,
 * Enter opens the row, Space selects it. Works on virtualized tables: the row is scrolled into view, then focused.
 */
export function useRowNavigation({
  count,
  containerRef,
  scrollToIndex,
  onOpen,
  onToggle,
}: RowNavigationOptions) {
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | undefined>(undefined);
  const current = Math.min(active, Math.max(0, count - 1));

  // After the render that brought the row in: focus it.
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === undefined) return;
    const row = containerRef.current?.querySelector<HTMLElement>(`[data-row-nav="${index}"]`);
    if (row) {
      pendingFocus.current = undefined;
      row.focus({ preventScroll: false });
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    pendingFocus.current = next;
    scrollToIndex?.(next);
    setActive(next);
    const row = containerRef.current?.querySelector<HTMLElement>(`[data-row-nav="${next}"]`);
    if (row) {
      pendingFocus.current = undefined;
      row.focus();
    }
  };

  const rowProps = (index: number) => ({
    tabIndex: index === current ? 0 : -1,
    'data-row-nav': index,
    className: classes.navRow,
    onFocus: (event: FocusEvent<HTMLElement>) => {
      if (event.target === event.currentTarget) setActive(index);
    },
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      const onRow = event.target === event.currentTarget;
      switch (event.key) {
        case 'ArrowDown':
        case 'ArrowUp':
        case 'Home':
        case 'End':
          if (isTyping(event.target)) return;
          moveTo(
            event.key === 'ArrowDown'
              ? index + 1
              : event.key === 'ArrowUp'
                ? index - 1
                : event.key === 'Home'
                  ? 0
                  : count - 1,
          );
          break;
        case 'Enter':
          if (!onRow) return;
          onOpen(index);
          break;
        case ' ':
          if (!onRow || !onToggle) return;
          onToggle(index);
          break;
        default:
          return;
      }
      event.preventDefault();
    },
  });

  return { rowProps };
}
