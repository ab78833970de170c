import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiCallForms } from '@/lib/api-call';
import { renderWithMantine } from '@/test/render';
import { RowMenu } from './row-menu';

const duplicateCall = () =>
  apiCallForms('tenant.example.com', {
    method: 'POST',
    path: 'data-connections/actions/duplicate',
    body: { json: { id: 'c1' } },
    qlikApi: { module: 'data-connections', fn: 'duplicateDataConnection', args: [{ id: 'c1' }] },
  });

describe('RowMenu', () => {
  it('offers an action that runs at once as an API call to copy, and only when the caller may take it', async () => {
    const user = userEvent.setup();
    const run = vi.fn();
    renderWithMantine(
      <RowMenu
        itemName="Sales DB"
        actions={[
          { label: 'Duplicate', permission: { allowed: true }, onClick: run, copyAs: duplicateCall },
          {
            label: 'Move…',
            permission: { allowed: false, reason: 'Only the owner may move it.' },
            onClick: run,
            copyAs: duplicateCall,
          },
        ]}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Actions for Sales DB' }));
    expect(screen.queryByRole('menuitem', { name: 'Copy move as' })).not.toBeInTheDocument();
    await user.hover(screen.getByRole('menuitem', { name: 'Copy duplicate as' }));
    // a click straight on the item: user-event's pointer path out of the submenu's target closes it in jsdom
    fireEvent.click(await screen.findByRole('menuitem', { name: 'curl' }));
    // user-event's clipboard stands in for the browser's
    await waitFor(async () => expect(await navigator.clipboard.readText()).not.toBe(''));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('https://tenant.example.com/api/v1/data-connections/actions/duplicate');
    expect(copied).toContain('$QLIK_TOKEN');
    expect(run).not.toHaveBeenCalled();
  });
});
