import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionGet } from '@qlik/api/data-connections';
import { renderWithMantine } from '@/test/render';
import { formValuesFromConnection } from '../model';
import { ConnectionFormDrawer } from './connection-form';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

const tenant = { id: 'form-test', host: 'http://localhost:1' };

function renderForm(props: Partial<Parameters<typeof ConnectionFormDrawer>[0]> = {}) {
  const client = new QueryClient();
  return renderWithMantine(
    <QueryClientProvider client={client}>
      <ConnectionFormDrawer tenant={tenant} opened onClose={() => {}} {...props} />
    </QueryClientProvider>,
  );
}

const stored: ConnectionGet = {
  qID: 'c1',
  qEngineObjectID: 'c1',
  qName: 'Landing',
  qType: 'File_AmazonS3ConnectorV2',
  qConnectStatement: 'CUSTOM CONNECT TO "…"',
  qArchitecture: 0,
  qLogOn: 0,
  datasourceID: 'amazons3',
  tenant: 't',
  privileges: ['list', 'read', 'update', 'delete'],
  links: { self: { href: 'x' } },
  connectionProperties: { bucket: 'landing-bucket', region: 'eu-west-1' },
};

describe('ConnectionFormDrawer', () => {
  it(
    'shows the fields of the chosen type and keeps what was typed when validation fails',
    { timeout: scaledTimeout(15) },
    async () => {
      const user = userEvent.setup();
      const onClose = vi.fn();
      renderForm({ onClose });
      expect(screen.getByRole('textbox', { name: 'Host' })).toBeInTheDocument();
      fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Warehouse' } });
      fireEvent.change(screen.getByRole('textbox', { name: 'Host' }), {
        target: { value: 'db.example.com' },
      });
      await user.click(screen.getByRole('button', { name: 'Create connection' }));
      expect(await screen.findByText('Enter the password.')).toBeInTheDocument();
      expect(screen.getByText('Enter the database.')).toBeInTheDocument();
      expect(screen.getByRole('textbox', { name: 'Host' })).toHaveValue('db.example.com');
      expect(onClose).not.toHaveBeenCalled();

      await user.click(screen.getByRole('radio', { name: 'Amazon S3' }));
      expect(screen.queryByRole('textbox', { name: 'Host' })).not.toBeInTheDocument();
      expect(screen.getByRole('textbox', { name: 'Bucket' })).toBeInTheDocument();
      expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('Warehouse');
    },
  );

  it('leaves an untouched field unchecked when it loses focus, so Cancel is not pushed away from the pointer', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    renderForm({ onClose });
    const name = screen.getByRole('textbox', { name: 'Name' });
    const host = screen.getByRole('textbox', { name: 'Host' });
    await user.click(name);
    await user.click(host);
    // Leaving the empty Name field said nothing: "Enter a name." would have moved everything below it.
    expect(screen.queryByText('Enter a name.')).not.toBeInTheDocument();
    // A field typed into is checked when left.
    await user.type(host, 'not a host!');
    await user.click(name);
    expect(await screen.findByText(/^Use a host name or IP address/)).toBeInTheDocument();
    // Pressing Cancel does not take the focus, so the focused field is not checked (nor anything moved).
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(name).toHaveFocus();
    expect(screen.queryByText('Enter a name.')).not.toBeInTheDocument();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('on edit, secrets start empty and say they are kept unless replaced', () => {
    renderForm({ connection: stored, editValues: formValuesFromConnection(stored)! });
    expect(screen.getByRole('textbox', { name: 'Bucket' })).toHaveValue('landing-bucket');
    const secret = screen.getByLabelText(/^Secret access key/);
    expect(secret).toHaveValue('');
    expect(secret).toHaveAttribute('placeholder', 'unchanged — type to replace');
    expect(screen.queryByRole('radio', { name: 'PostgreSQL' })).not.toBeInTheDocument();
  });
});
