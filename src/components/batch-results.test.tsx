import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '@/test/render';
import { BatchResultsModal } from './batch-results';

describe('BatchResultsModal', () => {
  it('counts successes and failures and names each row with its reason', async () => {
    const onClose = vi.fn();
    renderWithMantine(
      <BatchResultsModal
        title="Batch delete results"
        verb="Deleted"
        itemLabel="Connection"
        closeLabel="Close"
        results={[
          { id: '1', name: '<b>Sales</b>', ok: true },
          { id: '2', name: 'Finance', ok: false, message: 'It is in use.' },
          { id: '3', name: 'Ops', ok: false },
        ]}
        onClose={onClose}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Batch delete results' });
    expect(within(dialog).getByRole('status')).toHaveTextContent('1 of 3 deleted, 2 failed.');
    const table = within(dialog).getByRole('table', { name: 'Results per connection' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Connection', 'Result']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      '<b>Sales</b>Deleted',
      'FinanceFailedIt is in use.',
      'OpsFailedThe tenant refused it.',
    ]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('is closed while there are no results', () => {
    renderWithMantine(
      <BatchResultsModal
        title="Moved"
        verb="Moved"
        itemLabel="Item"
        results={undefined}
        onClose={() => {}}
      />,
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
