import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithMantine } from '@/test/render';
import { SearchInput } from './search-input';

describe('SearchInput', () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
  afterEach(() => vi.useRealTimers());

  it('shows typing at once and searches once typing pauses, trimmed', async () => {
    const onSearch = vi.fn();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderWithMantine(<SearchInput label="Search by name" value={undefined} onSearch={onSearch} />);
    const box = screen.getByRole('textbox', { name: 'Search by name' });
    await user.type(box, ' sales ');
    expect(box).toHaveValue(' sales ');
    expect(onSearch).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(300));
    expect(onSearch).toHaveBeenCalledTimes(1);
    expect(onSearch).toHaveBeenCalledWith('sales');
  });

  it('does not search again for what the URL filters by already', async () => {
    const onSearch = vi.fn();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderWithMantine(<SearchInput label="Search by name" value="sales" onSearch={onSearch} />);
    const box = screen.getByRole('textbox', { name: 'Search by name' });
    await user.type(box, 'x{Backspace} ');
    act(() => void vi.advanceTimersByTime(300));
    expect(onSearch).not.toHaveBeenCalled();
    await user.type(box, '{Backspace}{Backspace}');
    act(() => void vi.advanceTimersByTime(300));
    expect(onSearch).toHaveBeenCalledWith('sale');
  });

  it('shows what the URL filters by when it changes under the box (back button, a reset)', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const { rerender } = renderWithMantine(
      <SearchInput label="Search by name" value="old" onSearch={() => {}} />,
    );
    const box = screen.getByRole('textbox', { name: 'Search by name' });
    expect(box).toHaveValue('old');
    // Opening another folder clears the search in the URL: the box must not keep showing it.
    rerender(<SearchInput label="Search by name" value={undefined} onSearch={() => {}} />);
    expect(box).toHaveValue('');
    await user.type(box, 'q3');
    rerender(<SearchInput label="Search by name" value="q2" onSearch={() => {}} />);
    expect(box).toHaveValue('q2');
  });

  it('keeps typing that went on while the last pause reached the URL', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const { rerender } = renderWithMantine(
      <SearchInput label="Search by name" value={undefined} onSearch={() => {}} />,
    );
    const box = screen.getByRole('textbox', { name: 'Search by name' });
    await user.type(box, 'sales ');
    rerender(<SearchInput label="Search by name" value="sales" onSearch={() => {}} />);
    expect(box).toHaveValue('sales ');
  });
});
