import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { getMyUser, getUsers } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { renderWithMantine } from '@/test/render';
import { startConsoleTenant } from '@/test/tenant';
import type { TestTenant } from '../../tenant/test/harness';
import { OwnerName } from './owner-name';

let t: TestTenant;
let target: TenantTarget;
let maxId: string;
let adaId: string;

beforeAll(async () => {
  ({ tenant: t, target } = await startConsoleTenant({
    user: 'max',
    scope: 'user_default',
    targetId: 'owner',
  }));
  maxId = (await getMyUser(apiOptions(target))).data.id!;
  // Listing users is for admins: read Ada's id from the tenant's own database through the harness.
  adaId = (t.db.prepare('SELECT id FROM users WHERE email = ?').get('ada@example.com') as { id: string }).id;
});

afterAll(async () => {
  await t?.stop();
});

function renderOwner(userId: string | undefined) {
  return renderWithMantine(
    <QueryClientProvider client={new QueryClient()}>
      <OwnerName tenant={target} userId={userId} currentUserId={maxId} />
    </QueryClientProvider>,
  );
}

describe('OwnerName against the local tenant, as a plain member', () => {
  it('cannot list users, yet shows another owner by name', async () => {
    await expect(getUsers({ limit: 10 }, apiOptions(target))).rejects.toMatchObject({ status: 403 });
    renderOwner(adaId);
    expect(await screen.findByText('Ada Admin')).toBeInTheDocument();
  });

  it('marks the signed-in user, and shows — for no owner', async () => {
    renderOwner(maxId);
    expect(await screen.findByText('Max Member (you)')).toBeInTheDocument();
    renderOwner(undefined);
    expect(screen.getByText('—')).toBeInTheDocument();
  });

  it('falls back to the id for a user the tenant does not know', async () => {
    renderOwner('6a1e0000000000000000dead');
    expect(await screen.findByText('6a1e0000000000000000dead')).toBeInTheDocument();
  });
});
