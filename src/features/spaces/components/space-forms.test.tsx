import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Space } from '@qlik/api/spaces';
import { renderWithMantine } from '@/test/render';
import type { Caller } from '../model';
import { CreateSpaceDialog, DeleteSpaceDialog } from './space-forms';

// Nothing listens here: a request would surface as an error alert, which the tests rule out.
const tenant = { id: 'forms-test', host: 'http://127.0.0.1:9' };
const creator: Caller = { has: () => true, roles: ['SharedSpaceCreator'], isTenantAdmin: false };

function renderWithQuery(ui: React.ReactElement) {
  return renderWithMantine(<QueryClientProvider client={new QueryClient()}>{ui}</QueryClientProvider>);
}

describe('CreateSpaceDialog', () => {
  it('refuses a name the tenant would refuse, before any request, and keeps what was typed', async () => {
    const user = userEvent.setup();
    const onCreated = vi.fn();
    renderWithQuery(
      <CreateSpaceDialog
        opened
        onClose={() => {}}
        tenant={tenant}
        types={['shared', 'managed', 'data']}
        caller={creator}
        onCreated={onCreated}
      />,
    );
    await user.type(screen.getByRole('textbox', { name: /Name/ }), 'Sales | EU');
    await user.type(screen.getByRole('textbox', { name: 'Description' }), 'Quarterly numbers');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText(/The name cannot contain any of/)).toBeVisible();
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveValue('Sales | EU');
    expect(screen.getByRole('textbox', { name: 'Description' })).toHaveValue('Quarterly numbers');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onCreated).not.toHaveBeenCalled();

    await user.clear(screen.getByRole('textbox', { name: /Name/ }));
    await user.type(screen.getByRole('textbox', { name: /Name/ }), '   ');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Enter a name.')).toBeVisible();
  });

  it('offers only the space types the caller may create', async () => {
    const user = userEvent.setup();
    renderWithQuery(
      <CreateSpaceDialog
        opened
        onClose={() => {}}
        tenant={tenant}
        types={['shared', 'managed', 'data']}
        caller={{
          has: (s) => s === 'spaces.shared:create',
          roles: ['SharedSpaceCreator'],
          isTenantAdmin: false,
        }}
        onCreated={() => {}}
      />,
    );
    await user.click(screen.getByRole('combobox', { name: /Type/ }));
    expect(await screen.findByRole('option', { name: 'Shared' })).not.toHaveAttribute(
      'data-combobox-disabled',
    );
    expect(screen.getByRole('option', { name: 'Managed' })).toHaveAttribute('data-combobox-disabled', 'true');
    expect(screen.getByRole('option', { name: 'Data' })).toHaveAttribute('data-combobox-disabled', 'true');
  });
});

describe('DeleteSpaceDialog', () => {
  it('enables deletion only once the exact name is typed', async () => {
    const user = userEvent.setup();
    const space = { id: 'a'.repeat(24), name: 'Finance EU', type: 'shared' } as Space;
    renderWithQuery(
      <DeleteSpaceDialog opened onClose={() => {}} tenant={tenant} space={space} onDeleted={() => {}} />,
    );
    const button = screen.getByRole('button', { name: 'Delete space' });
    expect(button).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: 'Space name' }), 'finance eu');
    expect(button).toBeDisabled();
    await user.clear(screen.getByRole('textbox', { name: 'Space name' }));
    await user.type(screen.getByRole('textbox', { name: 'Space name' }), 'Finance EU');
    expect(button).toBeEnabled();
  });
});
