import { memo, useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react';
import { Anchor, Checkbox, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import {
  IconArrowsMove,
  IconCopy,
  IconFile,
  IconFolder,
  IconPencil,
  IconTrash,
  IconUserCog,
} from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { formatBytes, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import { displayPath, itemRights, relativeName, typeOf, type DataFile, type ItemRights } from '../model';
import type { DataFileSort } from '../search';
import { GuardedActionIcon } from '@/components/guarded-action';
import { SortHeader } from '@/components/sort-header';
import { LoadingMore, SpacerRow, useVirtualRows } from '@/components/virtual-rows';
import { OwnerName } from '@/components/owner-name';
import classes from './data-files.module.css';

const ROW_HEIGHT = 45;

export type RowAction = 'rename' | 'move' | 'duplicate' | 'owner' | 'delete';

/** A row's buttons, in order: what each does, the right it needs, and its label before the file's name. */
const ROW_ACTIONS: {
  action: RowAction;
  right: keyof ItemRights;
  verb: string;
  Icon: typeof IconPencil;
  color?: string;
}[] = [
  { action: 'rename', right: 'rename', verb: 'Rename', Icon: IconPencil },
  { action: 'move', right: 'move', verb: 'Move', Icon: IconArrowsMove },
  { action: 'duplicate', right: 'duplicate', verb: 'Duplicate', Icon: IconCopy },
  { action: 'owner', right: 'changeOwner', verb: 'Change owner of', Icon: IconUserCog },
  { action: 'delete', right: 'delete', verb: 'Delete', Icon: IconTrash, color: 'red' },
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
  selected: ReadonlySet<string>;
  /** `range` when shift was held: select or clear everything from the last clicked row to this one. */
  onSelect: (ids: string[], checked: boolean) => void;
  onOpenFolder: (path: string) => void;
  onAction: (action: RowAction, file: DataFile) => void;
  /** What the caller may do with a row; defaults to the row's own `actions`. */
  rightsOf?: (file: DataFile) => ItemRights;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
}

/** What a row's controls call; one identity for the table's life, so that rows can skip rendering. */
interface RowHandlers {
  toggle: (index: number, shiftKey: boolean) => void;
  openFolder: (path: string) => void;
  action: (action: RowAction, file: DataFile) => void;
}

/**
 * Files and folders, virtualized: only the rows in view (plus a margin) are in the DOM, and the next page is
 * fetched as the end comes into view, so 100,000 files stay as quick as 100. Rows are memoized: a refetch hands
 * back the same object for a file that did not change (TanStack Query's structural sharing), so refreshing the
 * list while thousands of uploads finish renders only the rows that did change.
 */
export function FilesTable(props: FilesTableProps) {
  const { rows, selected, hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  const anchor = useRef<number | undefined>(undefined);
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const handlers = useMemo<RowHandlers>(
    () => ({
      toggle: (index, shiftKey) => {
        const { rows: current, selected: chosen, onSelect } = latest.current;
        const row = current[index]!;
        const checked = !chosen.has(row.id);
        if (shiftKey && anchor.current !== undefined) {
          const [from, to] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
          onSelect(
            current.slice(from, to + 1).map((r) => r.id),
            checked,
          );
        } else onSelect([row.id], checked);
        anchor.current = index;
      },
      openFolder: (path) => latest.current.onOpenFolder(path),
      action: (action, file) => latest.current.onAction(action, file),
    }),
    [],
  );
  const { scrollRef, items, paddingTop, paddingBottom } = useVirtualRows({
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    overscan: 12,
    pages: { hasNextPage, isFetchingNextPage, fetchNextPage },
  });
  const columns = props.allSpaces ? 9 : 8;
  const sortBy = (field: 'name' | 'size' | 'modifiedDate') => {
    const active = props.sort.slice(1) === field;
    const descending = active && props.sort.startsWith('-');
    return {
      direction: !active ? undefined : descending ? ('descending' as const) : ('ascending' as const),
      onSort: () => props.onSort(`${active && !descending ? '-' : '+'}${field}` as DataFileSort),
    };
  };

  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const someSelected = rows.some((row) => selected.has(row.id));

  return (
    <div ref={scrollRef} className={classes.viewport}>
      <Table stickyHeader highlightOnHover aria-label="Data files" aria-rowcount={rows.length + 1}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={44}>
              <Checkbox
                aria-label="Select all loaded items"
                checked={allSelected}
                indeterminate={!allSelected && someSelected}
                disabled={rows.length === 0}
                onChange={() =>
                  props.onSelect(
                    rows.map((r) => r.id),
                    !allSelected,
                  )
                }
              />
            </Table.Th>
            <SortHeader label="Name" {...sortBy('name')} />
            <SortHeader label="Size" {...sortBy('size')} />
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <SortHeader label="Modified" {...sortBy('modifiedDate')} />
            {props.allSpaces && <Table.Th scope="col">Space</Table.Th>}
            <Table.Th scope="col">
              <VisuallyHidden>Data set</VisuallyHidden>
            </Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={paddingTop} colSpan={columns} />
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
                selected={selected.has(row.id)}
                rightsOf={props.rightsOf ?? itemRights}
                tenant={props.tenant}
                currentUserId={props.currentUserId}
                handlers={handlers}
              />
            );
          })}
          <SpacerRow height={paddingBottom} colSpan={columns} />
        </Table.Tbody>
      </Table>
      <LoadingMore active={isFetchingNextPage} label="Loading more files" />
    </div>
  );
}

interface FileRowProps {
  row: DataFile;
  index: number;
  /** As shown: relative to the folder, or with its space in the tenant-wide view. */
  name: string;
  /** The space column's text, in the tenant-wide view only. */
  space: string | undefined;
  selected: boolean;
  rightsOf: (file: DataFile) => ItemRights;
  tenant: TenantTarget;
  currentUserId: string;
  handlers: RowHandlers;
}

const FileRow = memo(function FileRow({
  row,
  index,
  name,
  space,
  selected,
  rightsOf,
  tenant,
  currentUserId,
  handlers,
}: FileRowProps) {
  const shift = useRef(false);
  const rights = rightsOf(row);
  const base = row.baseName ?? row.name;
  return (
    <Table.Tr
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={{ height: ROW_HEIGHT }}
    >
      <Table.Td>
        <Checkbox
          aria-label={`Select ${name}`}
          checked={selected}
          onClick={(event: MouseEvent) => {
            shift.current = event.shiftKey;
          }}
          onChange={() => handlers.toggle(index, shift.current)}
        />
      </Table.Td>
      <Table.Td className={classes.nameCell}>
        <Group gap={6} wrap="nowrap">
          {row.folder ? <IconFolder size={16} aria-hidden /> : <IconFile size={16} aria-hidden />}
          {row.folder ? (
            <Anchor component="button" type="button" size="sm" onClick={() => handlers.openFolder(row.name)}>
              {name}
            </Anchor>
          ) : (
            <Text span size="sm" title={row.name}>
              {name}
            </Text>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{row.folder ? '—' : formatBytes(row.size)}</Table.Td>
      <Table.Td>{typeOf(row)}</Table.Td>
      <Table.Td>
        <OwnerName tenant={tenant} userId={row.ownerId} currentUserId={currentUserId} />
      </Table.Td>
      <Table.Td>{formatDateTime(row.modifiedDate)}</Table.Td>
      {space !== undefined && <Table.Td>{space}</Table.Td>}
      <Table.Td>
        {!row.folder && (
          <Anchor
            size="sm"
            aria-label={`Data set of ${base}`}
            renderRoot={(rootProps) => (
              <Link {...rootProps} to="/catalog/files/$dataFileId" params={{ dataFileId: row.id }} />
            )}
          >
            Data set
          </Anchor>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={2} wrap="nowrap">
          {ROW_ACTIONS.map(({ action, right, verb, Icon, color }) => (
            <GuardedActionIcon
              key={action}
              describeReason
              permission={rights[right]}
              label={`${verb} ${base}`}
              color={color}
              onClick={() => handlers.action(action, row)}
            >
              <Icon size={16} aria-hidden />
            </GuardedActionIcon>
          ))}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
});
