import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { createMemoryHistory } from '@tanstack/react-router';
import { createAppContext } from '@/app/create-app-context';
import { App } from '@/app/providers';
import { createAppRouter } from '@/app/router';
import type { TenantConfig } from '@/features/auth/tenant-config';

const local: TenantConfig = {
  id: 'local',
  name: 'Local tenant',
  host: 'http://localhost:8787',
  clientId: 'manage-console',
  scopes: 'user_default admin_classic offline_access',
  source: 'configured',
  local: true,
};

async function renderAt(url: string) {
  const context = createAppContext([local]);
  const history = createMemoryHistory({ initialEntries: [url] });
  const router = createAppRouter(context, { history });
  await act(() => router.load());
  render(<App router={router} context={context} env="test" />);
  return { router, context };
}

describe('routes', () => {
  it('sends a visitor without a tenant to /connect, keeping where they wanted to go', async () => {
    const { router } = await renderAt('/?from=bookmark');
    expect(await screen.findByRole('heading', { name: 'Manage Console', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/connect');
    expect(router.state.location.search).toEqual({ redirect: '/?from=bookmark' });
    expect(screen.getByRole('radio', { name: /Local tenant/ })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('renders the connect screen directly, ignoring a malformed search param', async () => {
    const { router } = await renderAt('/connect?redirect=%7B%22a%22%3A1%7D');
    expect(await screen.findByRole('heading', { name: 'Tenants' })).toBeInTheDocument();
    expect(router.state.location.search.redirect).toBeUndefined();
  });

  it('shows a not-found page for an unknown address', async () => {
    await renderAt('/connect/nope');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
