import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Table } from '@mantine/core';
import { describe, expect, it, vi } from 'vitest';
import { renderWithMantine } from '@/test/render';
import { SortHeader, type SortDirection } from './sort-header';

function renderHeader(direction: SortDirection | undefined, onSort = vi.fn()) {
  renderWithMantine(
    <Table>
      <Table.Thead>
        <Table.Tr>
          <SortHeader label="Name" direction={direction} onSort={onSort} />
        </Table.Tr>
      </Table.Thead>
    </Table>,
  );
  return onSort;
}

describe('SortHeader', () => {
  it('says how the column sorts, in aria-sort and in the button name', () => {
    renderHeader('descending');
    expect(screen.getByRole('columnheader')).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('button', { name: 'Name, sorted descending' })).toBeInTheDocument();
  });

  it('offers to sort a column the table is not sorted by, from the keyboard', async () => {
    const onSort = renderHeader(undefined);
    expect(screen.getByRole('columnheader')).toHaveAttribute('aria-sort', 'none');
    const button = screen.getByRole('button', { name: 'Name, sort' });
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(onSort).toHaveBeenCalledTimes(1);
  });
});
