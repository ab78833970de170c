import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Checkbox } from '@mantine/core';
import { renderWithMantine } from '@/test/render';
import type { SelectionSearch } from '@/lib/selection-search';
import { useListSelection } from './list-selection';
import { SelectAllBar } from './select-all-bar';

interface Row {
  id: string;
  name: string;
  locked?: boolean;
}

const ROWS: Row[] = [
  { id: 'a', name: 'Alpha' },
  { id: 'b', name: 'Beta' },
  { id: 'c', name: 'Gamma', locked: true },
];

/**
 * A list whose selection lives in a slow "URL": each change is written only when the test releases it, as the
 * router commits a navigation only after its guards and loaders ran (a token renewal can take a while).
 */
function SlowUrlList({ onWrite }: { onWrite: (next: SelectionSearch, commit: () => void) => void }) {
  const [search, setSearch] = useState<SelectionSearch>({ selected: [] });
  const selection = useListSelection({
    search,
    onChange: (next) =>
      new Promise<void>((resolve) =>
        onWrite(next, () => {
          setSearch(next);
          resolve();
        }),
      ),
    rows: ROWS,
    idOf: (row) => row.id,
    selectable: (row) => !row.locked,
    total: 250,
    hasMore: true,
    maxPicked: 2,
    noun: 'rows',
  });
  return (
    <>
      <Checkbox
        aria-label="Select all loaded rows"
        checked={selection.allLoadedSelected}
        onChange={selection.toggleLoaded}
      />
      {ROWS.map((row) => (
        <Checkbox
          key={row.id}
          aria-label={`Select ${row.name}`}
          checked={selection.isSelected(row)}
          disabled={row.locked}
          onChange={() => selection.toggle(row)}
        />
      ))}
      <SelectAllBar {...selection.bar} />
      <output data-testid="count">{selection.count ?? 'unknown'}</output>
    </>
  );
}

describe('useListSelection', () => {
  it('shows a click at once, before the URL has it, and the URL once it commits', async () => {
    const writes: { next: SelectionSearch; commit: () => void }[] = [];
    renderWithMantine(<SlowUrlList onWrite={(next, commit) => writes.push({ next, commit })} />);
    const user = userEvent.setup();
    const alpha = screen.getByRole('checkbox', { name: 'Select Alpha' });
    await user.click(alpha);
    // Not committed yet: the checkbox already says what was clicked (a second click would otherwise undo it).
    expect(writes).toHaveLength(1);
    expect(writes[0]!.next).toEqual({ selected: ['a'], all: undefined });
    expect(alpha).toBeChecked();
    await act(async () => writes[0]!.commit());
    expect(alpha).toBeChecked();
    expect(screen.getByTestId('count')).toHaveTextContent('1');
  });

  it('steps from every loaded row to every matching row, and back to none', async () => {
    const writes: SelectionSearch[] = [];
    renderWithMantine(
      <SlowUrlList
        onWrite={(next, commit) => {
          writes.push(next);
          commit();
        }}
      />,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select all loaded rows' }));
    // The locked row cannot be selected, so "every loaded row" is the two others.
    expect(writes.at(-1)).toEqual({ selected: ['a', 'b'], all: undefined });
    expect(screen.getByTestId('selection-bar')).toHaveTextContent('All 2 loaded rows are selected.');
    await user.click(screen.getByRole('button', { name: 'Select all 250 matching rows' }));
    expect(writes.at(-1)).toEqual({ selected: [], all: true });
    expect(screen.getByTestId('selection-bar')).toHaveTextContent('All 250 matching rows are selected.');
    expect(screen.getByTestId('count')).toHaveTextContent('250');
    expect(screen.getByRole('checkbox', { name: 'Select Gamma' })).not.toBeChecked();

    // Clearing one row leaves "all matching" for the loaded rows less that one.
    await user.click(screen.getByRole('checkbox', { name: 'Select Beta' }));
    expect(writes.at(-1)).toEqual({ selected: ['a'], all: undefined });
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(writes.at(-1)).toEqual({ selected: [], all: undefined });
    expect(screen.queryByTestId('selection-bar')).not.toBeInTheDocument();
  });

  it('after a batch keeps what failed selected, to look at or try again, and nothing else', async () => {
    const writes: SelectionSearch[] = [];
    function AfterBatch() {
      const [search, setSearch] = useState<SelectionSearch>({ selected: [], all: true });
      const selection = useListSelection({
        search,
        onChange: (next) => {
          writes.push(next);
          setSearch(next);
        },
        rows: ROWS,
        idOf: (row) => row.id,
        hasMore: true,
        maxPicked: 10,
        noun: 'rows',
      });
      return (
        <button
          onClick={() =>
            selection.keepFailed({
              cancelled: false,
              outcomes: [
                { id: 'a', name: 'Alpha', status: 'done' },
                { id: 'b', name: 'Beta', status: 'failed', message: 'Refused.' },
                { id: 'c', name: 'Gamma', status: 'skipped', message: 'Locked.' },
                { id: 'x', name: 'Far away', status: 'failed', message: 'Refused.' },
              ],
            })
          }
        >
          Finish
        </button>
      );
    }
    renderWithMantine(<AfterBatch />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Finish' }));
    expect(writes).toEqual([{ selected: ['b', 'x'], all: undefined }]);
  });

  it('picks no more rows one by one than the URL may carry, and says how to take more', async () => {
    const { notifications } = await import('@mantine/notifications');
    const show = vi.spyOn(notifications, 'show').mockImplementation(() => '');
    const writes: SelectionSearch[] = [];
    function Picker() {
      const [search, setSearch] = useState<SelectionSearch>({ selected: ['a', 'b'] });
      const selection = useListSelection({
        search,
        onChange: (next) => {
          writes.push(next);
          setSearch(next);
        },
        rows: [...ROWS, { id: 'd', name: 'Delta' }],
        idOf: (row) => row.id,
        hasMore: true,
        maxPicked: 2,
        noun: 'rows',
      });
      return <button onClick={() => selection.select(['d'], true)}>Pick Delta</button>;
    }
    renderWithMantine(<Picker />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Pick Delta' }));
    expect(writes).toEqual([]);
    expect(show).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('select all matching rows') }),
    );
    show.mockRestore();
  });
});
