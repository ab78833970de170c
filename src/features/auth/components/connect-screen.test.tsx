import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '@/test/render';
import { ConsoleAuth } from '../session';
import type { TenantConfig } from '../tenant-config';
import { ConnectScreen } from './connect-screen';

const local: TenantConfig = {
  id: 'local',
  name: 'Local tenant',
  host: 'http://localhost:8787',
  clientId: 'manage-console',
  scopes: 'user_default admin_classic offline_access',
  source: 'configured',
  local: true,
};

function setup() {
  const auth = new ConsoleAuth([local], { origin: 'http://localhost:5173' });
  renderWithMantine(<ConnectScreen auth={auth} returnTo="/" />);
  return { auth, user: userEvent.setup() };
}

describe('ConnectScreen', () => {
  it('says "Signed out" when back from the tenant\'s sign-out, and nothing of the kind otherwise', () => {
    const auth = new ConsoleAuth([local], { origin: 'http://localhost:5173' });
    const { unmount } = renderWithMantine(<ConnectScreen auth={auth} returnTo="/" signedOut />);
    expect(screen.getByRole('status')).toHaveTextContent('Signed out');
    unmount();
    renderWithMantine(<ConnectScreen auth={auth} returnTo="/" />);
    expect(screen.queryByText('Signed out')).not.toBeInTheDocument();
  });

  it('goes on to a fresh tenant sign-in (prompt=login) when switching account', () => {
    const auth = new ConsoleAuth([local], { origin: 'http://localhost:5173' });
    const signIn = vi.spyOn(auth, 'signIn').mockResolvedValue();
    renderWithMantine(<ConnectScreen auth={auth} returnTo="/" switchAccountTo="local" />);
    expect(signIn).toHaveBeenCalledWith('local', '/', { forceLogin: true });
  });

  it("builds the tenant's /logout address with the return to this console", () => {
    const auth = new ConsoleAuth([local], { origin: 'http://localhost:5173' });
    expect(auth.tenantLogoutUrl('local', 'http://localhost:5173/connect?signedOut=1')).toBe(
      'http://localhost:8787/logout?returnto=http%3A%2F%2Flocalhost%3A5173%2Fconnect%3FsignedOut%3D1',
    );
  });

  it('preselects the local tenant and shows what to register on the OAuth client', () => {
    setup();
    expect(screen.getByRole('radio', { name: /Local tenant/ })).toBeChecked();
    expect(screen.getByText('http://localhost:5173/callback')).toBeInTheDocument();
    expect(screen.getByText('http://localhost:5173')).toBeInTheDocument();
  });

  it('validates the form and keeps everything typed', async () => {
    const { user } = setup();
    await user.type(screen.getByRole('textbox', { name: /Tenant host/ }), 'http://acme.eu.qlikcloud.com');
    await user.type(screen.getByRole('textbox', { name: /Display name/ }), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Add tenant' }));

    expect(
      screen.getByText('Only localhost may use http; a tenant host must use https.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Enter the OAuth client ID/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Tenant host/ })).toHaveValue('http://acme.eu.qlikcloud.com');
    expect(screen.getByRole('textbox', { name: /Display name/ })).toHaveValue('Acme');
  });

  it('validates custom scopes', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('combobox', { name: 'Scopes' }));
    await user.click(screen.getByRole('option', { name: 'Custom' }));
    await user.type(screen.getByRole('textbox', { name: /Custom scopes/ }), 'user_default,openid');
    await user.click(screen.getByRole('button', { name: 'Add tenant' }));
    expect(screen.getByText(/is not a scope/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Custom scopes/ })).toHaveValue('user_default,openid');
  });

  it('adds a tenant, selects it, and can remove it again', async () => {
    const { auth, user } = setup();
    await user.type(screen.getByRole('textbox', { name: /Tenant host/ }), 'acme.eu.qlikcloud.com');
    await user.type(screen.getByRole('textbox', { name: /OAuth client ID/ }), 'spa-client-1');
    await user.click(screen.getByRole('combobox', { name: 'Scopes' }));
    await user.click(screen.getByRole('option', { name: 'File uploader' }));
    await user.click(screen.getByRole('button', { name: 'Add tenant' }));

    const added = screen.getByRole('radio', { name: /acme.eu.qlikcloud.com/ });
    expect(added).toBeChecked();
    expect(auth.tenants().map((t) => t.host)).toEqual([
      'http://localhost:8787',
      'https://acme.eu.qlikcloud.com',
    ]);
    expect(JSON.parse(localStorage.getItem('manage-console.saved-tenants')!)[0]).toMatchObject({
      host: 'https://acme.eu.qlikcloud.com',
      clientId: 'spa-client-1',
      scopes: 'user_default offline_access',
    });
    // The form is ready for the next one.
    expect(screen.getByRole('textbox', { name: /Tenant host/ })).toHaveValue('');

    const removeSpy = vi.spyOn(auth, 'removeTenant').mockResolvedValue();
    await user.click(screen.getByRole('button', { name: 'Remove acme.eu.qlikcloud.com' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(removeSpy).toHaveBeenCalledWith('acme.eu.qlikcloud.com~spa-client-1');
  });

  it('shows why sign-in could not start, naming the host', async () => {
    const { auth, user } = setup();
    vi.spyOn(auth, 'signIn').mockRejectedValue(new TypeError('Failed to fetch'));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach localhost:8787.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });
});
