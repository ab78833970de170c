import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { folderEntry } from '@/test/dropped-folder';
import { renderWithMantine } from '@/test/render';
import { UploadQueue, type UploadTransport } from '../queue';
import { UploadPanelView } from './upload-panel';
import { UploadDropTargetView } from './upload-drop-target';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

// jsdom lays nothing out: the list's viewport is 600 px tall (the shared mock) and every row measures 0 px. A
// virtualizer that measured its rows from their ref callbacks re-rendered inside React's commit, mounted the rows
// that now "fit", measured those at 0 too, and so on until React stopped it with error #185 (Maximum update depth
// exceeded) for lists past a few hundred files. The panel's rows have one fixed height and are never measured.
vi.mock('@tanstack/react-virtual', async (original) =>
  (await import('@/test/virtual-viewport')).withViewport(original),
);

const quota = {
  size: 0,
  maxSize: 1e12,
  maxFileSize: 500 * 1024 ** 2,
  maxLargeFileSize: 6 * 1024 ** 3,
  allowedExtensions: ['csv'],
  allowedInternalExtensions: [],
};

/** A tenant that takes every upload at once and knows one file of the drop already (a name in use). */
function instantTransport() {
  const sent = new Set<string>();
  const transport: UploadTransport = {
    quota: async () => quota,
    findExisting: async () => undefined,
    findExistingMany: vi.fn(async (_destination, names: readonly string[]) => {
      const taken = names.find((name) => name === 'folder-07/file-042.csv');
      return new Map(taken ? [[taken, 'existing-id']] : []);
    }),
    send: async (job) => {
      sent.add(job.name);
    },
  };
  return { transport, sent };
}

function dropFolders(folders: number, filesEach: number) {
  const entries = Array.from({ length: folders }, (_, i) =>
    folderEntry(`folder-${String(i).padStart(2, '0')}`, filesEach),
  );
  const dataTransfer = {
    types: ['Files'],
    items: entries.map((entry) => ({
      kind: 'file',
      webkitGetAsEntry: () => entry,
      getAsFile: () => null,
    })),
    files: [],
  };
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
  act(() => void window.dispatchEvent(event));
}

describe('a drop of 10,000 files', () => {
  it(
    'walks 100 folders, lists and uploads every file, and the page stays alive',
    { timeout: scaledTimeout(90) },
    async () => {
      const { transport, sent } = instantTransport();
      const storage = window.sessionStorage;
      const writes = vi.spyOn(Storage.prototype, 'setItem');
      const queue = new UploadQueue({ transport, storageKey: 'scale-test', env: { storage } });
      const notifications = vi.fn();
      queue.subscribe(notifications);
      const errors = vi.spyOn(console, 'error');
      renderWithMantine(
        <UploadDropTargetView
          destination={{ spaceId: 's1' }}
          onFiles={(files, dropId) => queue.add(files, { spaceId: 's1' }, dropId)}
        >
          <UploadPanelView queue={queue} />
        </UploadDropTargetView>,
      );

      dropFolders(100, 100);

      const panel = await screen.findByRole('region', { name: 'Uploads' });
      // every file is listed, and all but the one whose name is in use are uploaded
      await waitFor(() => expect(queue.getSnapshot().summary.total).toBe(10_000), {
        timeout: scaledTimeout(20),
      });
      await waitFor(
        () => expect(within(panel).getByText('9,999 of 10,000 done, 1 waiting')).toBeInTheDocument(),
        { timeout: scaledTimeout(60) },
      );
      expect(sent.size).toBe(9_999);
      const items = queue.getSnapshot().items;
      expect(new Set(items.map((i) => i.name)).size).toBe(10_000);
      expect(items.find((i) => i.name === 'folder-07/file-042.csv')).toMatchObject({ state: 'conflict' });
      expect(
        within(panel).getByRole('group', { name: '“folder-07/file-042.csv” already exists here' }),
      ).toBeVisible();
      // The list is virtualized: a screenful of rows, not 10,000.
      expect(within(panel).getAllByRole('listitem').length).toBeLessThan(30);
      // Folder look-ups are one bulk question per drop part, not one per file.
      expect(vi.mocked(transport.findExistingMany!).mock.calls.length).toBeLessThanOrEqual(100);
      // Views and sessionStorage hear of changes in batches: ~30,000 state changes, far fewer notifications/writes.
      expect(notifications.mock.calls.length).toBeLessThan(1_000);
      expect(writes.mock.calls.filter(([key]) => key.startsWith('scale-test')).length).toBeLessThan(200);
      expect(errors.mock.calls.map((c) => String(c[0]))).not.toContainEqual(
        expect.stringMatching(/Maximum update depth/),
      );
    },
  );

  it('keeps the panel alive when 10,000 files are listed at once', async () => {
    const { transport } = instantTransport();
    const queue = new UploadQueue({ transport: { ...transport, send: () => new Promise(() => {}) } });
    renderWithMantine(<UploadPanelView queue={queue} />);
    const files = Array.from({ length: 10_000 }, (_, i) => ({
      file: new File(['x'], `f${String(i).padStart(5, '0')}.csv`),
    }));
    await act(async () => void queue.add(files, {}));
    const panel = await screen.findByRole('region', { name: 'Uploads' });
    expect(await within(panel).findByText('0 of 10,000 done, 10,000 waiting')).toBeInTheDocument();
    expect(within(panel).getByText('f00000.csv')).toBeInTheDocument();
    expect(within(panel).getAllByRole('listitem').length).toBeLessThan(30);
  });
});
