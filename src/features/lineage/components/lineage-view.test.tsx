import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderWithMantine } from '@/test/render';
import { lineageGraphQuery } from '../api/lineage-graphs';
import { graphModelOf } from '../graph/model';
import type { LineageViewSearch } from '../search';
import { LineageView } from './lineage-view';

vi.mock('@tanstack/react-virtual', async (original) => (await import('@/test/virtual-viewport')).withViewport(original));

const target = { id: 'unit', host: 'http://tenant.invalid' };
const APP = 'qri:app:sense://a1';
const FILE = 'qri:qdf:space://s#f';
const VIEW: LineageViewSearch = { dir: 'up', depth: 5, node: '', find: '', as: 'table' };

function renderView(view: LineageViewSearch, canSeeImpact: boolean, queryClient = new QueryClient()) {
  const onViewChange = vi.fn();
  renderWithMantine(
    <QueryClientProvider client={queryClient}>
      <LineageView target={target} qri={APP} view={view} onViewChange={onViewChange} canSeeImpact={canSeeImpact} />
    </QueryClientProvider>,
  );
  return { onViewChange, queryClient };
}

describe('LineageView', () => {
  it('tells a non-admin why impact is not shown, and asks the tenant nothing', () => {
    const { queryClient } = renderView({ ...VIEW, dir: 'down' }, false);
    expect(screen.getByText('Impact is for tenant admins')).toBeInTheDocument();
    expect(queryClient.getQueryCache().getAll().every((query) => query.state.fetchStatus === 'idle')).toBe(true);
  });

  it('lists the graph as tables of nodes and connections, names as text', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(
      lineageGraphQuery(target, { qri: APP, direction: 'up', depth: 5 }).queryKey,
      graphModelOf([
        {
          nodes: {
            [APP]: { label: 'Sales <b>app</b>', metadata: { id: '1', type: 'DA_APP' } },
            [FILE]: { label: 'orders.csv', metadata: { id: '2', type: 'DATASET', subtype: 'FILE' } },
          },
          edges: [{ relation: 'LOAD', source: FILE, target: APP }],
        },
      ]),
    );
    renderView(VIEW, true, queryClient);
    expect(screen.getByRole('status')).toHaveTextContent('Lineage of Sales <b>app</b>: 2 nodes, 1 connection');
    const nodes = screen.getByRole('table', { name: '2 nodes' });
    expect(within(nodes).getByRole('row', { name: /orders\.csv Data file/ })).toBeInTheDocument();
    const edges = screen.getByRole('table', { name: /1 connection/ });
    expect(within(edges).getByRole('row', { name: 'orders.csv load Sales <b>app</b>' })).toBeInTheDocument();
  });
});
