import { act, useEffect, useState, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { renderWithMantine } from '@/test/render';
import { itemRights, type DataFile } from '../model';
import { useListSelection } from '@/components/list-selection';
import { useTableLayout } from '@/components/table-layout';
import type { SelectionSearch } from '@/lib/selection-search';
import { FILE_COLUMNS, FilesTable, type FilesTableProps } from './files-table';

type TableProps = Omit<FilesTableProps, 'layout' | 'selection'> & {
  /** Called with each selection the table writes (the URL's part, in the app). */
  onSelectionChange?: (next: SelectionSearch) => void;
};

function WithLayout({ onSelectionChange, ...props }: TableProps) {
  const layout = useTableLayout('t', 'data-files', FILE_COLUMNS);
  const [search, setSearch] = useState<SelectionSearch>({ selected: [] });
  const selection = useListSelection({
    search,
    onChange: (next) => {
      onSelectionChange?.(next);
      setSearch(next);
    },
    rows: props.rows,
    idOf: (row) => row.id,
    hasMore: props.hasNextPage,
    maxPicked: 1000,
    noun: 'items',
  });
  return <FilesTable {...props} layout={layout} selection={selection} />;
}

vi.mock('@tanstack/react-virtual', async (original) =>
  (await import('@/test/virtual-viewport')).withViewport(original),
);

const file = (index: number): DataFile =>
  ({
    id: `id-${index}`,
    name: `bulk/file-${String(index).padStart(6, '0')}.csv`,
    baseName: `file-${String(index).padStart(6, '0')}.csv`,
    folder: false,
    folderId: 'bulk',
    size: 1024,
    spaceId: 's1',
    createdDate: '2026-01-01T00:00:00.0000000Z',
    modifiedDate: '2026-01-01T00:00:00.0000000Z',
    actions: ['list', 'read'],
  }) as DataFile;

function renderTable(
  props: Partial<TableProps> & Pick<FilesTableProps, 'rows'>,
  Table: (props: TableProps) => ReactNode = WithLayout,
) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, enabled: false } } });
  const all: TableProps = {
    tenant: { id: 't', host: 'http://localhost:1' },
    currentUserId: 'me',
    folder: 'bulk',
    allSpaces: false,
    spaceName: (id) => id,
    sort: '+name',
    onSort: () => {},
    onOpenFolder: () => {},
    onOpenRow: () => {},
    onAction: () => {},
    hasNextPage: false,
    isFetchingNextPage: false,
    fetchNextPage: () => {},
    ...props,
  };
  const router = createRouter({
    routeTree: createRootRoute({ component: () => <Table {...all} /> }),
    history: createMemoryHistory(),
  });
  return renderWithMantine(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('FilesTable', () => {
  it('keeps the DOM bounded with 100,000 files and asks for the next page only near the end', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => file(i));
    const fetchNextPage = vi.fn();
    renderTable({ rows, hasNextPage: true, fetchNextPage });
    const table = await screen.findByRole('table', { name: 'Data files' });
    const bodyRows = within(table)
      .getAllByRole('row')
      .filter((row) => row.hasAttribute('data-index'));
    expect(bodyRows.length).toBeGreaterThan(5);
    expect(bodyRows.length).toBeLessThan(60);
    expect(table).toHaveAttribute('aria-rowcount', '100001');
    expect(screen.getByText('file-000000.csv')).toBeInTheDocument();
    expect(screen.queryByText('file-099999.csv')).not.toBeInTheDocument();
    expect(fetchNextPage).not.toHaveBeenCalled();
  });

  it('fetches the next page once the end of what is loaded comes into view', async () => {
    const fetchNextPage = vi.fn();
    renderTable({ rows: Array.from({ length: 10 }, (_, i) => file(i)), hasNextPage: true, fetchNextPage });
    await screen.findByRole('table', { name: 'Data files' });
    await waitFor(() => expect(fetchNextPage).toHaveBeenCalled());
  });

  it('selects a range with shift-click; one row menu says why read-only actions are off', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => file(i));
    const onSelectionChange = vi.fn();
    renderTable({ rows, onSelectionChange });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select file-000001.csv' }));
    expect(onSelectionChange).toHaveBeenLastCalledWith({ selected: ['id-1'], all: undefined });
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('checkbox', { name: 'Select file-000004.csv' }));
    await user.keyboard('{/Shift}');
    expect(onSelectionChange).toHaveBeenLastCalledWith({
      selected: ['id-1', 'id-2', 'id-3', 'id-4'],
      all: undefined,
    });

    expect(screen.queryByRole('button', { name: 'Delete file-000001.csv' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Actions for file-000001.csv' }));
    const menu = await screen.findByRole('menu');
    const remove = within(menu).getByRole('menuitem', { name: /^Delete…/ });
    expect(remove).toBeDisabled();
    expect(remove).toHaveTextContent(/only view files here/);
    await user.keyboard('{Escape}');
    expect(screen.getByRole('link', { name: 'Data set of file-000001.csv' })).toHaveAttribute(
      'href',
      '/catalog/files/id-1',
    );
  });

  it('renders again only the rows that changed when a refresh hands back the unchanged ones as they were', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => file(i));
    const rightsOf = vi.fn(itemRights);
    const onSelectionChange = vi.fn();
    const list: { refresh?: (rows: DataFile[]) => void } = {};
    function Refreshing(props: TableProps) {
      const [current, set] = useState(props.rows);
      useEffect(() => {
        list.refresh = set;
      }, []);
      return <WithLayout {...props} rows={current} />;
    }
    renderTable({ rows, rightsOf, onSelectionChange }, Refreshing);
    await screen.findByRole('row', { name: 'file-000003.csv' });
    expect(rightsOf.mock.calls.length).toBeGreaterThan(5);

    // a refetch after an upload finished: one file changed, the others are the same objects (structural sharing)
    rightsOf.mockClear();
    const changed = { ...rows[3]!, size: 2048 };
    const refreshed = rows.map((row, i) => (i === 3 ? changed : row));
    act(() => list.refresh!(refreshed));
    expect(rightsOf).toHaveBeenCalled();
    expect(new Set(rightsOf.mock.calls.map(([row]) => row))).toEqual(new Set([changed]));

    // the rows' handlers (of one identity) still act on the latest rows
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select file-000003.csv' }));
    expect(onSelectionChange).toHaveBeenLastCalledWith({ selected: ['id-3'], all: undefined });
    expect(screen.getByRole('row', { name: 'file-000003.csv' })).toHaveAttribute('aria-selected', 'true');
  });
});

describe('FilesTable keyboard and layout', () => {
  it('moves between rows with the arrow keys, selects with Space and opens with Enter', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => file(i));
    const onSelectionChange = vi.fn();
    const onOpenRow = vi.fn();
    renderTable({ rows, onSelectionChange, onOpenRow });
    const user = userEvent.setup();
    const first = await screen.findByRole('row', { name: 'file-000000.csv' });
    first.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('row', { name: 'file-000002.csv' })).toHaveFocus();
    await user.keyboard(' ');
    expect(onSelectionChange).toHaveBeenLastCalledWith({ selected: ['id-2'], all: undefined });
    expect(screen.getByRole('row', { name: 'file-000002.csv' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(onOpenRow).toHaveBeenLastCalledWith(rows[2]);
  });

  it('hides a column from the layout stored for this tenant and table', async () => {
    window.localStorage.setItem(
      'manage-console:table-layout:v1:t:data-files',
      JSON.stringify({ hidden: ['owner', 'type'], order: [], widths: { size: 120 } }),
    );
    renderTable({ rows: [file(1)] });
    const table = await screen.findByRole('table', { name: 'Data files' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((th) => th.textContent?.replace(/, sort.*$/, '').replace(/, sorted.*$/, ''));
    expect(headers).not.toContain('Owner');
    expect(headers).not.toContain('Type');
    expect(headers).toContain('Size');
  });
});
