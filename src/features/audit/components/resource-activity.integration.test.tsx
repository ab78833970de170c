import { Suspense } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { getMyUser } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { renderWithMantine } from '@/test/render';
import { startConsoleTenant } from '@/test/tenant';
import { api, type TestTenant } from '../../../../tenant/test/harness';
import { activityQuery } from '../api/activity';
import { ResourceActivity } from './resource-activity';

let t: TestTenant;
let token: string;
let target: TenantTarget;
let adaId: string;

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default admin_classic' }));
  adaId = (await getMyUser(apiOptions(target))).data.id!;
});

afterAll(async () => {
  await t?.stop();
});

describe('ResourceActivity against the local tenant', () => {
  it('shows a change made after the trail was preloaded (a link hovered before the change)', async () => {
    const created = await api(t, token, '/api/v1/spaces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Preloaded trail', type: 'shared' }),
    });
    const space = (await created.json()) as { id: string };
    const client = new QueryClient();
    // What the router's preload on intent leaves in the cache: the trail as it was, and fresh.
    const trail = await client.fetchInfiniteQuery(activityQuery(target, 'space'));
    const renamed = await api(t, token, `/api/v1/spaces/${space.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ op: 'replace', path: '/name', value: 'Renamed trail' }]),
    });
    expect(renamed.status).toBe(200);
    client.setQueryData(activityQuery(target, 'space').queryKey, trail);

    renderWithMantine(
      <QueryClientProvider client={client}>
        <Suspense fallback="loading">
          <ResourceActivity tenant={target} kind="space" resourceId={space.id} currentUserId={adaId} />
        </Suspense>
      </QueryClientProvider>,
    );
    expect(await screen.findByText('com.qlik.space.updated')).toBeInTheDocument();
    expect(screen.getByText('com.qlik.space.created')).toBeInTheDocument();
  });
});
