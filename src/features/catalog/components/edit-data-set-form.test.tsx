import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { DataSet } from '@qlik/api/data-sets';
import type { ItemResultResponseBody } from '@qlik/api/items';
import { api, type TestTenant } from '../../../../tenant/test/harness';
import type { TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import { renderWithMantine } from '@/test/render';
import { dataSetQuery } from '../api/data-sets';
import { spaceDataSetsQuery } from '../api/items';
import { EditDataSetForm, editDisabledReason } from './edit-data-set-form';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

let t: TestTenant;
let token: string;
let target: TenantTarget;
let dataSet: DataSet;
let item: ItemResultResponseBody;

beforeAll(async () => {
  // Rita is a consumer of Sales analytics: she reads its data sets and may not change them.
  ({
    tenant: t,
    token,
    target,
  } = await startConsoleTenant({
    user: 'rita',
    scope: 'user_default',
    targetId: 'edit-form',
  }));
  const spaces = (await (await api(t, token, '/api/v1/spaces?name=Sales%20analytics')).json()) as {
    data: Array<{ id: string }>;
  };
  const queryClient = new QueryClient();
  const items = await queryClient.fetchInfiniteQuery(spaceDataSetsQuery(target, spaces.data[0]!.id));
  item = items.pages[0]!.items[0]!;
  dataSet = await queryClient.fetchQuery(dataSetQuery(target, item.resourceId!));
}, scaledTimeout(60));

afterAll(async () => {
  await t?.stop();
}, scaledTimeout(30));

function withQuery(ui: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return renderWithMantine(<QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>);
}

describe('EditDataSetForm', () => {
  it('is disabled, with the reason, when the item does not offer update', () => {
    expect(item.actions).toEqual(['read']);
    const reason = editDisabledReason(item.actions, true);
    expect(reason).toMatch(/Can manage or Can edit/);
    withQuery(
      <EditDataSetForm
        target={target}
        dataSet={dataSet}
        disabledReason={reason}
        onReload={() => {}}
        reloading={false}
      />,
    );
    expect(screen.getByRole('textbox', { name: 'Description' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('keeps what was typed when the tenant refuses the change, and says why', async () => {
    // As if the actions were stale: the tenant still decides, and the form must survive its refusal.
    withQuery(<EditDataSetForm target={target} dataSet={dataSet} onReload={() => {}} reloading={false} />);
    const description = screen.getByRole('textbox', { name: 'Description' });
    await userEvent.clear(description);
    await userEvent.type(description, 'Typed by Rita');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('You do not have access to this'),
    );
    expect(description).toHaveValue('Typed by Rita');
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
  });
});
