import { useId, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Popover,
  SegmentedControl,
  Stack,
  Table,
  Text,
  type TableProps,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns } from '@tabler/icons-react';
import {
  clampWidth,
  defaultLayout,
  layoutStorageKey,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  moveColumn,
  readStoredLayout,
  storeLayout,
  visibleColumns,
  type ColumnSpec,
  type Density,
  type TableLayout,
} from '@/lib/table-layout';
import type { ListSelection } from './list-selection';
import { SortHeader, type SortHeaderProps } from './sort-header';
import classes from './table-layout.module.css';

/** Row heights per density: the virtualizers need them before the rows render. */
export const ROW_HEIGHTS: Record<Density, number> = { comfortable: 53, compact: 37 };

export function useTableLayout<Id extends string>(
  tenantId: string,
  tableId: string,
  columns: readonly ColumnSpec<Id>[],
) {
  const key = layoutStorageKey(tenantId, tableId);
  const [state, setState] = useState(() => ({ key, layout: readStoredLayout(key, columns) }));
  // Another tenant (or table) keeps its own layout.
  if (state.key !== key) setState({ key, layout: readStoredLayout(key, columns) });
  const { layout } = state;
  const update = (next: TableLayout) => {
    storeLayout(key, next);
    setState({ key, layout: next });
  };
  const shown = visibleColumns(layout, columns);
  const density = layout.density;
  return {
    layout,
    columns: shown,
    density,
    rowHeight: ROW_HEIGHTS[density],
    /** Props for Mantine's Table: fixed layout at the sum of the widths, so cells keep to their column. */
    tableProps: {
      layout: 'fixed',
      verticalSpacing: density === 'compact' ? 4 : 'sm',
      style: { width: shown.reduce((sum, c) => sum + c.width, 0), minWidth: '100%' },
    } satisfies Partial<TableProps>,
    setHidden: (id: Id, hidden: boolean) =>
      update({
        ...layout,
        hidden: hidden ? [...layout.hidden, id] : layout.hidden.filter((h) => h !== id),
      }),
    move: (id: Id, step: -1 | 1) => update(moveColumn(layout, id, step)),
    setWidth: (id: Id, width: number) => {
      const column = columns.find((c) => c.id === id);
      if (column) update({ ...layout, widths: { ...layout.widths, [id]: clampWidth(width, column) } });
    },
    setDensity: (next: Density) => update({ ...layout, density: next }),
    reset: () => update(defaultLayout(columns)),
    allColumns: columns,
  };
}

export type TableLayoutState<Id extends string> = ReturnType<typeof useTableLayout<Id>>;

/** A selectable table's checkbox column, before the chosen columns, and its row-menu column, after them. */
const SELECT_COLUMN_WIDTH = 44;
const MENU_COLUMN_WIDTH = 56;

/** The width of a selectable table: its chosen columns, its checkbox and its row-menu column. */
export const selectableTableWidth = (columns: readonly { width: number }[]) =>
  columns.reduce((sum, c) => sum + c.width, 0) + SELECT_COLUMN_WIDTH + MENU_COLUMN_WIDTH;

/** The column widths of a selectable table, for its fixed layout. */
export function SelectableColumnWidths({ columns }: { columns: readonly { id: string; width: number }[] }) {
  return (
    <>
      <colgroup>
        <col style={{ width: SELECT_COLUMN_WIDTH }} />
      </colgroup>
      <ColumnWidths columns={columns} />
      <colgroup>
        <col style={{ width: MENU_COLUMN_WIDTH }} />
      </colgroup>
    </>
  );
}

/** The header cell that selects every loaded row, or none. */
export function SelectLoadedHeader<T>({
  selection,
  noun,
  disabled,
}: {
  selection: ListSelection<T>;
  /** "spaces", "items"… */
  noun: string;
  disabled: boolean;
}) {
  return (
    <Table.Th scope="col">
      <Checkbox
        aria-label={`Select all loaded ${noun}`}
        checked={selection.allLoadedSelected}
        indeterminate={!selection.allLoadedSelected && selection.someLoadedSelected}
        disabled={disabled}
        onChange={selection.toggleLoaded}
      />
    </Table.Th>
  );
}

/** The widths of the shown columns, for a fixed-layout table. */
export function ColumnWidths({ columns }: { columns: readonly { id: string; width: number }[] }) {
  return (
    <colgroup>
      {columns.map((c) => (
        <col key={c.id} style={{ width: c.width }} />
      ))}
    </colgroup>
  );
}

/**
 * The border of a column header that resizes it: dragged with a pointer, or focused and moved with the arrow keys
 * (a WAI-ARIA window splitter).
 */
export function ColumnResizeHandle({
  label,
  width,
  onResize,
}: {
  label: string;
  width: number;
  onResize: (width: number) => void;
}) {
  const start = useRef<{ x: number; width: number } | undefined>(undefined);
  const [dragWidth, setDragWidth] = useState<number>();
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    start.current = { x: event.clientX, width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    setDragWidth(start.current.width + event.clientX - start.current.x);
  };
  const onPointerUp = () => {
    if (start.current && dragWidth !== undefined) onResize(dragWidth);
    start.current = undefined;
    setDragWidth(undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 64 : 16;
    if (event.key === 'ArrowLeft') onResize(width - step);
    else if (event.key === 'ArrowRight') onResize(width + step);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${label} column`}
      aria-valuenow={Math.round(dragWidth ?? width)}
      aria-valuemin={MIN_COLUMN_WIDTH}
      aria-valuemax={MAX_COLUMN_WIDTH}
      tabIndex={0}
      className={classes.resizeHandle}
      data-dragging={dragWidth !== undefined || undefined}
      // The edge follows the pointer while dragging; the layout is stored once, on release.
      style={dragWidth !== undefined ? { transform: `translateX(${dragWidth - width}px)` } : undefined}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onClick={(event) => event.stopPropagation()}
    />
  );
}

/** "Columns": show, hide and reorder the columns of a table, choose its density, or go back to the default. */
export function ColumnChooser<Id extends string>({
  tableLabel,
  state,
}: {
  /** The table's name, e.g. "Spaces" (names the density group). */
  tableLabel: string;
  state: TableLayoutState<Id>;
}) {
  const densityId = useId();
  const byId = new Map(state.allColumns.map((c) => [c.id as string, c]));
  const ordered = state.layout.order.map((id) => byId.get(id)).filter((c) => c !== undefined);
  return (
    <Popover position="bottom-end" withinPortal shadow="md" trapFocus width={300}>
      <Popover.Target>
        <Button variant="default" size="xs" leftSection={<IconColumns size={16} aria-hidden />}>
          Columns
        </Button>
      </Popover.Target>
      {/* Popover.Dropdown is a dialog named by its target: "Columns". */}
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Columns
          </Text>
          {ordered.map((column, index) => (
            <Group key={column.id} justify="space-between" wrap="nowrap" gap="xs">
              <Checkbox
                size="xs"
                label={column.label}
                checked={!state.layout.hidden.includes(column.id)}
                disabled={column.required}
                onChange={(event) => state.setHidden(column.id, !event.currentTarget.checked)}
              />
              <Group gap={2} wrap="nowrap">
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  aria-label={`Move ${column.label} left`}
                  disabled={index === 0}
                  onClick={() => state.move(column.id, -1)}
                >
                  <IconArrowUp size={14} aria-hidden />
                </ActionIcon>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  aria-label={`Move ${column.label} right`}
                  disabled={index === ordered.length - 1}
                  onClick={() => state.move(column.id, 1)}
                >
                  <IconArrowDown size={14} aria-hidden />
                </ActionIcon>
              </Group>
            </Group>
          ))}
          <Text size="xs" c="dimmed">
            Drag a column header&apos;s right edge to resize it, or focus the edge and use the arrow keys.
          </Text>
          <Text size="sm" fw={600} id={densityId}>
            Density of the {tableLabel.toLowerCase()} table
          </Text>
          <SegmentedControl
            size="xs"
            aria-labelledby={densityId}
            value={state.density}
            onChange={(value) => state.setDensity(value as Density)}
            data={[
              { value: 'comfortable', label: 'Comfortable' },
              { value: 'compact', label: 'Compact' },
            ]}
          />
          <Button variant="subtle" size="xs" onClick={state.reset}>
            Reset to default
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/**
 * A column's header in a table with a chosen layout: its label (or sort button, when the tenant sorts by it) and
 * the handle that resizes it.
 */
export function ColumnHeader({
  column,
  onResize,
  sort,
  label = column.label,
}: {
  column: { id: string; label: string; width: number };
  onResize: (width: number) => void;
  sort?: Pick<SortHeaderProps, 'direction' | 'onSort'>;
  /** What the header shows, when not the column's name (e.g. visually hidden for an actions column). */
  label?: ReactNode;
}) {
  const handle = <ColumnResizeHandle label={column.label} width={column.width} onResize={onResize} />;
  if (sort) {
    return (
      <SortHeader label={column.label} {...sort} endSection={handle} className={classes.resizableHeader} />
    );
  }
  return (
    <Table.Th scope="col" className={classes.resizableHeader}>
      {label}
      {handle}
    </Table.Th>
  );
}
