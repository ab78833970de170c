import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithMantine } from '@/test/render';
import { LoadingMore, SpacerRow, useVirtualRows, type NextPages } from './virtual-rows';

vi.mock('@tanstack/react-virtual', async (original) =>
  (await import('@/test/virtual-viewport')).withViewport(original),
);

const ROW_HEIGHT = 40;

function LongTable({
  count,
  pages,
  prefetchRows,
}: {
  count: number;
  pages?: NextPages;
  prefetchRows?: number;
}) {
  const { scrollRef, items, paddingTop, paddingBottom } = useVirtualRows({
    count,
    rowHeight: ROW_HEIGHT,
    pages,
    prefetchRows,
  });
  return (
    <div ref={scrollRef} style={{ height: 400, overflow: 'auto' }}>
      <table aria-label="Rows">
        <tbody>
          <SpacerRow height={paddingTop} colSpan={1} />
          {items.map((item) => (
            <tr key={item.key} data-index={item.index}>
              <td>row {item.index}</td>
            </tr>
          ))}
          <SpacerRow height={paddingBottom} colSpan={1} />
        </tbody>
      </table>
      <LoadingMore active={pages?.isFetchingNextPage ?? false} label="Loading more rows" />
    </div>
  );
}

const rowsOf = (table: HTMLElement) =>
  within(table)
    .queryAllByRole('row')
    .filter((row) => row.hasAttribute('data-index'));

describe('useVirtualRows', () => {
  it('renders a bounded window of 100,000 rows, with a hidden spacer keeping the full height', async () => {
    renderWithMantine(<LongTable count={100_000} />);
    const table = await screen.findByRole('table', { name: 'Rows' });
    const rendered = rowsOf(table);
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
    const spacer = table.querySelector('tr[aria-hidden] td') as HTMLElement;
    expect(spacer.style.height).toBe(`${(100_000 - rendered.length) * ROW_HEIGHT}px`);
    expect(screen.queryByText('row 99999')).not.toBeInTheDocument();
  });

  it('asks for the next page once the end of what is loaded is in view, and only then', async () => {
    const fetchNextPage = vi.fn();
    const { unmount } = renderWithMantine(
      <LongTable count={100_000} pages={{ hasNextPage: true, isFetchingNextPage: false, fetchNextPage }} />,
    );
    await screen.findByRole('table', { name: 'Rows' });
    expect(fetchNextPage).not.toHaveBeenCalled();
    unmount();

    renderWithMantine(
      <LongTable count={15} pages={{ hasNextPage: true, isFetchingNextPage: false, fetchNextPage }} />,
    );
    await waitFor(() => expect(fetchNextPage).toHaveBeenCalled());
  });

  it('waits while a page is loading, says so, and stops at the last page', async () => {
    const fetchNextPage = vi.fn();
    const { rerender } = renderWithMantine(
      <LongTable count={15} pages={{ hasNextPage: true, isFetchingNextPage: true, fetchNextPage }} />,
    );
    expect(await screen.findByLabelText('Loading more rows')).toBeInTheDocument();
    rerender(
      <LongTable count={15} pages={{ hasNextPage: false, isFetchingNextPage: false, fetchNextPage }} />,
    );
    expect(screen.queryByLabelText('Loading more rows')).not.toBeInTheDocument();
    expect(fetchNextPage).not.toHaveBeenCalled();
  });

  it('honours how far ahead the next page is asked for', async () => {
    const fetchNextPage = vi.fn();
    renderWithMantine(
      <LongTable
        count={500}
        prefetchRows={490}
        pages={{ hasNextPage: true, isFetchingNextPage: false, fetchNextPage }}
      />,
    );
    await waitFor(() => expect(fetchNextPage).toHaveBeenCalled());
  });
});
