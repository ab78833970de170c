import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderWithMantine } from '@/test/render';
import { foldersQuery } from '../api/data-files';
import type { DataFile } from '../model';
import type { Scope } from '../search';
import { FolderTree } from './folder-tree';

const tenant = { id: 't', host: 'http://localhost:1' };
const scope: Scope = { kind: 'space', spaceId: 's1' };

const folder = (name: string, subfolders: number): DataFile =>
  ({
    id: `id-${name}`,
    name,
    baseName: name.slice(name.lastIndexOf('/') + 1),
    folder: true,
    folderStats: { directFolderCount: subfolders },
  }) as DataFile;

function renderTree(current = '') {
  // The levels are in the cache already: the tree reads what its loader would have fetched.
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  queryClient.setQueryData(foldersQuery(tenant, scope, 'c1', '').queryKey, [
    folder('raw', 1),
    folder('reference', 0),
  ]);
  queryClient.setQueryData(foldersQuery(tenant, scope, 'c1', 'raw').queryKey, [folder('raw/2024', 0)]);
  const onOpen = vi.fn();
  renderWithMantine(
    <QueryClientProvider client={queryClient}>
      <FolderTree
        tenant={tenant}
        scope={scope}
        connectionId="c1"
        rootLabel="Sales data"
        current={current}
        onOpen={onOpen}
      />
    </QueryClientProvider>,
  );
  return { onOpen, user: userEvent.setup() };
}

describe('FolderTree', () => {
  it('is one tab stop, moves with the arrow keys and opens with Enter', async () => {
    const { onOpen, user } = renderTree();
    const root = screen.getByRole('treeitem', { name: 'Sales data' });
    expect(root).toHaveAttribute('tabindex', '0');
    expect(root).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('treeitem', { name: 'raw' })).toHaveAttribute('tabindex', '-1');
    // A folder without subfolders offers no expanding.
    expect(screen.getByRole('treeitem', { name: 'reference' })).not.toHaveAttribute('aria-expanded');

    await user.tab();
    expect(root).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    const raw = screen.getByRole('treeitem', { name: 'raw' });
    expect(raw).toHaveFocus();
    expect(raw).toHaveAttribute('aria-expanded', 'false');

    await user.keyboard('{ArrowRight}');
    expect(raw).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('treeitem', { name: '2024' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenLastCalledWith('raw/2024');

    await user.keyboard('{ArrowLeft}');
    expect(raw).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(raw).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard('{End}');
    expect(screen.getByRole('treeitem', { name: 'reference' })).toHaveFocus();
    await user.keyboard('{Home}');
    expect(root).toHaveFocus();
  });

  it('reveals the open folder', () => {
    renderTree('raw/2024');
    expect(screen.getByRole('treeitem', { name: '2024' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('treeitem', { name: '2024' })).toHaveAttribute('tabindex', '0');
  });
});
