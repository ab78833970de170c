import {
  memo,
  useLayoutEffect,
  useMemo,
  useRef,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { Anchor, Checkbox, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import {
  IconArrowsMove,
  IconCopy,
  IconFile,
  IconFolder,
  IconHistory,
  IconPencil,
  IconTrash,
  IconUserCog,
  type Icon,
} from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { formatBytes, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { displayPath, itemRights, relativeName, typeOf, type DataFile, type ItemRights } from '../model';
import type { DataFileSort } from '../search';
import type { ListSelection } from '@/components/list-selection';
import { RowMenu } from '@/components/row-menu';
import { useRowNavigation } from '@/components/row-navigation';
import {
  ColumnHeader,
  SelectableColumnWidths,
  SelectLoadedHeader,
  selectableTableWidth,
  type TableLayoutState,
} from '@/components/table-layout';
import cellClasses from '@/components/table-layout.module.css';
import { LoadingMore, SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import type { ColumnSpec } from '@/lib/table-layout';
import { OwnerName } from '@/components/owner-name';
import classes from './data-files.module.css';

export type FileColumn = 'name' | 'size' | 'type' | 'owner' | 'modified' | 'space' | 'dataSet';

/** Wide enough at 1440 px for "Ada Admin (you)", sizes and dates on one line; each can be resized or hidden. */
export const FILE_COLUMNS: readonly ColumnSpec<FileColumn>[] = [
  { id: 'name', label: 'Name', width: 320, minWidth: 140, required: true },
  { id: 'size', label: 'Size', width: 100 },
  { id: 'type', label: 'Type', width: 80 },
  { id: 'owner', label: 'Owner', width: 180 },
  { id: 'modified', label: 'Modified', width: 180 },
  { id: 'space', label: 'Space', width: 180 },
  { id: 'dataSet', label: 'Data set', width: 100 },
];

export type RowAction = 'details' | 'rename' | 'move' | 'duplicate' | 'owner' | 'delete';

/** A row's menu: each action with the right that allows it; Delete last, in red. */
const ITEM_ACTIONS: {
  action: RowAction;
  label: string;
  Icon: Icon;
  right: keyof ItemRights;
  danger?: boolean;
}[] = [
  { action: 'rename', label: 'Rename…', Icon: IconPencil, right: 'rename' },
  { action: 'move', label: 'Move…', Icon: IconArrowsMove, right: 'move' },
  { action: 'duplicate', label: 'Duplicate…', Icon: IconCopy, right: 'duplicate' },
  { action: 'owner', label: 'Change owner…', Icon: IconUserCog, right: 'changeOwner' },
  { action: 'delete', label: 'Delete…', Icon: IconTrash, right: 'delete', danger: true },
];

export interface FilesTableProps {
  tenant: TenantTarget;
  currentUserId: string;
  rows: DataFile[];
  /** Folder the names are shown relative to. */
  folder: string;
  /** Tenant-wide view: paths start with the space and a space column shows. */
  allSpaces: boolean;
  spaceName: (id: string) => string;
  sort: DataFileSort;
  onSort: (sort: DataFileSort) => void;
  /** Shift-click on a checkbox selects or clears everything from the last clicked row to this one. */
  selection: ListSelection<DataFile>;
  onOpenFolder: (path: string) => void;
  /** Enter on a row: a folder opens, a file shows its data set. */
  onOpenRow: (file: DataFile) => void;
  onAction: (action: RowAction, file: DataFile) => void;
  /** What the caller may do with a row; defaults to the row's own `actions`. */
  rightsOf?: (file: DataFile) => ItemRights;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  layout: TableLayoutState<FileColumn>;
}

/** What a row's controls call; one identity for the table's life (they read the latest props), so rows can skip rendering. */
interface RowHandlers {
  toggle: (index: number, shiftKey: boolean) => void;
  openFolder: (path: string) => void;
  action: (action: RowAction, file: DataFile) => void;
  focus: (index: number, event: FocusEvent<HTMLElement>) => void;
  keyDown: (index: number, event: KeyboardEvent<HTMLElement>) => void;
}

/**
 * Files and folders, virtualized: only the rows in view (plus a margin) are in the DOM, and the next page is
 * fetched as the end comes into view, so 100,000 files stay as quick as 100. Rows are memoized: a refetch hands
 * back the same object for a file that did not change (TanStack Query's structural sharing), so refreshing the
 * list while thousands of uploads finish renders only the rows that did change.
 */
export function FilesTable(props: FilesTableProps) {
  const { rows, selection, hasNextPage, isFetchingNextPage, fetchNextPage, layout } = props;
  const anchor = useRef<number | undefined>(undefined);
  const { scrollRef, items, paddingTop, paddingBottom, scrollToIndex } = useVirtualRows({
    count: rows.length,
    rowHeight: layout.rowHeight,
    overscan: 12,
    pages: { hasNextPage, isFetchingNextPage, fetchNextPage },
  });
  // The space column only means something in the tenant-wide view.
  const columns = layout.columns.filter((c) => c.id !== 'space' || props.allSpaces);
  const columnCount = columns.length + 2;
  const columnIds = columnIdsOf(columns);
  const sortBy = (field: 'name' | 'size' | 'modifiedDate') => {
    const active = props.sort.slice(1) === field;
    const descending = active && props.sort.startsWith('-');
    return {
      direction: !active ? undefined : descending ? ('descending' as const) : ('ascending' as const),
      onSort: () => props.onSort(`${active && !descending ? '-' : '+'}${field}` as DataFileSort),
    };
  };

  const toggle = (index: number, shiftKey: boolean) => {
    const row = rows[index]!;
    const checked = !selection.isSelected(row);
    if (shiftKey && anchor.current !== undefined) {
      const [from, to] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
      selection.select(
        rows.slice(from, to + 1).map((r) => r.id),
        checked,
      );
    } else selection.select([row.id], checked);
    anchor.current = index;
  };
  const { rowProps } = useRowNavigation({
    count: rows.length,
    containerRef: scrollRef,
    scrollToIndex,
    onOpen: (index) => props.onOpenRow(rows[index]!),
    onToggle: (index) => toggle(index, false),
  });

  const latest = useRef({ props, toggle, rowProps });
  useLayoutEffect(() => {
    latest.current = { props, toggle, rowProps };
  });
  const handlers = useMemo<RowHandlers>(
    () => ({
      toggle: (index, shiftKey) => latest.current.toggle(index, shiftKey),
      openFolder: (path) => latest.current.props.onOpenFolder(path),
      action: (action, file) => latest.current.props.onAction(action, file),
      focus: (index, event) => latest.current.rowProps(index).onFocus(event),
      keyDown: (index, event) => latest.current.rowProps(index).onKeyDown(event),
    }),
    [],
  );

  return (
    <div ref={scrollRef} className={classes.viewport}>
      <Table
        stickyHeader
        highlightOnHover
        aria-label="Data files"
        aria-rowcount={rows.length + 1}
        {...layout.tableProps}
        style={{
          ...layout.tableProps.style,
          width: selectableTableWidth(columns),
        }}
      >
        <SelectableColumnWidths columns={columns} />
        <Table.Thead>
          <Table.Tr>
            <SelectLoadedHeader selection={selection} noun="items" disabled={rows.length === 0} />
            {columns.map((column) => (
              <ColumnHeader
                key={column.id}
                column={column}
                onResize={(width) => layout.setWidth(column.id, width)}
                {...(column.id === 'name'
                  ? { sort: sortBy('name') }
                  : column.id === 'size'
                    ? { sort: sortBy('size') }
                    : column.id === 'modified'
                      ? { sort: sortBy('modifiedDate') }
                      : {})}
                {...(column.id === 'dataSet' ? { label: <VisuallyHidden>Data set</VisuallyHidden> } : {})}
              />
            ))}
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={paddingTop} colSpan={columnCount} />
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <FileRow
                key={row.id}
                row={row}
                index={item.index}
                name={
                  props.allSpaces ? displayPath(row, props.spaceName) : relativeName(row.name, props.folder)
                }
                space={
                  props.allSpaces ? (row.spaceId ? props.spaceName(row.spaceId) : 'Personal') : undefined
                }
                selected={selection.isSelected(row)}
                tabStop={rowProps(item.index).tabIndex === 0}
                rowHeight={layout.rowHeight}
                columns={columnIds}
                rightsOf={props.rightsOf ?? itemRights}
                tenant={props.tenant}
                currentUserId={props.currentUserId}
                handlers={handlers}
              />
            );
          })}
          <SpacerRow height={paddingBottom} colSpan={columnCount} />
        </Table.Tbody>
      </Table>
      <LoadingMore active={isFetchingNextPage} label="Loading more files" />
    </div>
  );
}

const columnIdLists = new Map<string, readonly FileColumn[]>();

/** The chosen columns' ids in order, one array for each choice: rows draw them (the widths are the table's). */
function columnIdsOf(columns: readonly { id: FileColumn }[]): readonly FileColumn[] {
  const key = columns.map((c) => c.id).join(',');
  let ids = columnIdLists.get(key);
  if (!ids) {
    ids = columns.map((c) => c.id);
    columnIdLists.set(key, ids);
  }
  return ids;
}

interface FileRowProps {
  row: DataFile;
  index: number;
  /** As shown: relative to the folder, or with its space in the tenant-wide view. */
  name: string;
  /** The space column's text, in the tenant-wide view only. */
  space: string | undefined;
  selected: boolean;
  /** The row the keyboard's Tab reaches. */
  tabStop: boolean;
  rowHeight: number;
  columns: readonly FileColumn[];
  rightsOf: (file: DataFile) => ItemRights;
  tenant: TenantTarget;
  currentUserId: string;
  handlers: RowHandlers;
}

/** One file or folder; drawn again only when one of its props changes (see FilesTable). */
const FileRow = memo(function FileRow({
  row,
  index,
  name,
  space,
  selected,
  tabStop,
  rowHeight,
  columns,
  rightsOf,
  tenant,
  currentUserId,
  handlers,
}: FileRowProps) {
  const shift = useRef(false);
  const rights = rightsOf(row);
  const base = row.baseName ?? row.name;
  const cell = (column: FileColumn): ReactNode => {
    switch (column) {
      case 'name':
        return (
          <Group gap={6} wrap="nowrap">
            {row.folder ? <IconFolder size={16} aria-hidden /> : <IconFile size={16} aria-hidden />}
            {row.folder ? (
              <Anchor
                component="button"
                type="button"
                size="sm"
                tabIndex={-1}
                className={cellClasses.cell}
                onClick={() => handlers.openFolder(row.name)}
              >
                {name}
              </Anchor>
            ) : (
              <Text span size="sm" title={row.name} className={cellClasses.cell}>
                {name}
              </Text>
            )}
          </Group>
        );
      case 'size':
        return row.folder ? '—' : formatBytes(row.size);
      case 'type':
        return typeOf(row);
      case 'owner':
        return <OwnerName tenant={tenant} userId={row.ownerId} currentUserId={currentUserId} />;
      case 'modified':
        return formatDateTime(row.modifiedDate);
      case 'space':
        return space;
      case 'dataSet':
        return row.folder ? null : (
          <Anchor
            size="sm"
            aria-label={`Data set of ${base}`}
            tabIndex={-1}
            renderRoot={(rootProps) => (
              <Link {...rootProps} to="/catalog/files/$dataFileId" params={{ dataFileId: row.id }} />
            )}
          >
            Data set
          </Anchor>
        );
    }
  };
  return (
    <Table.Tr
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={name}
      style={{ height: rowHeight }}
      tabIndex={tabStop ? 0 : -1}
      data-row-nav={index}
      className={cellClasses.navRow}
      onFocus={(event: FocusEvent<HTMLElement>) => handlers.focus(index, event)}
      onKeyDown={(event: KeyboardEvent<HTMLElement>) => handlers.keyDown(index, event)}
    >
      <Table.Td>
        <Checkbox
          aria-label={`Select ${name}`}
          checked={selected}
          tabIndex={-1}
          onClick={(event: MouseEvent) => {
            shift.current = event.shiftKey;
          }}
          onChange={() => handlers.toggle(index, shift.current)}
        />
      </Table.Td>
      {columns.map((column) => (
        <Table.Td key={column} className={cellClasses.cell}>
          {cell(column)}
        </Table.Td>
      ))}
      <Table.Td>
        <RowMenu
          itemName={base}
          actions={[
            {
              label: 'Details and activity',
              icon: <IconHistory size={16} aria-hidden />,
              permission: { allowed: true },
              onClick: () => handlers.action('details', row),
            },
            ...ITEM_ACTIONS.map(({ action, label, Icon, right, danger }) => ({
              label,
              icon: <Icon size={16} aria-hidden />,
              permission: rights[right],
              onClick: () => handlers.action(action, row),
              danger,
            })),
          ]}
        />
      </Table.Td>
    </Table.Tr>
  );
});
