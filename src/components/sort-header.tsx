import type { ReactNode } from 'react';
import { Table, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import classes from './sort-header.module.css';

export type SortDirection = 'ascending' | 'descending';

export interface SortHeaderProps {
  label: string;
  /** How the table is sorted by this column; undefined when it is sorted by another. */
  direction: SortDirection | undefined;
  /** Sort by this column, or flip it when it is the sorted one (the caller knows its sort format). */
  onSort: () => void;
  /** After the button, e.g. a column's resize handle. */
  endSection?: ReactNode;
  className?: string;
}

/** A column header that sorts the table: its state is in `aria-sort` and in the button's name. */
export function SortHeader({ label, direction, onSort, endSection, className }: SortHeaderProps) {
  const Icon = !direction ? IconArrowsSort : direction === 'descending' ? IconArrowDown : IconArrowUp;
  return (
    <Table.Th scope="col" aria-sort={direction ?? 'none'} className={className}>
      <button type="button" className={classes.button} onClick={onSort}>
        {label}
        <Icon size={14} aria-hidden />
        <VisuallyHidden>{direction ? `, sorted ${direction}` : ', sort'}</VisuallyHidden>
      </button>
      {endSection}
    </Table.Th>
  );
}
