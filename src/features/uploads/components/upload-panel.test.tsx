import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '@/test/render';
import { UploadQueue, type SendEvents, type UploadTransport } from '../queue';
import { UploadPanelView } from './upload-panel';
import { UploadDropTargetView } from './upload-drop-target';
import { UploadButtonView } from './upload-button';

vi.mock('@tanstack/react-virtual', async (original) =>
  (await import('@/test/virtual-viewport')).withViewport(original),
);

function setup(existing: string[] = []) {
  const sends: { events: SendEvents; resolve: () => void }[] = [];
  const transport: UploadTransport = {
    quota: async () => ({
      size: 0,
      maxSize: 1e12,
      maxFileSize: 500 * 1024 ** 2,
      maxLargeFileSize: 6 * 1024 ** 3,
      allowedExtensions: ['csv'],
      allowedInternalExtensions: [],
    }),
    findExisting: async (_d, name) => (existing.includes(name) ? `id-${name}` : undefined),
    send: (_job, events) => new Promise<void>((resolve) => sends.push({ events, resolve })),
  };
  const queue = new UploadQueue({ transport, env: { storage: undefined } });
  renderWithMantine(<UploadPanelView queue={queue} />);
  return { queue, sends };
}

const file = (name: string, content = 'id,v\n1,2') => new File([content], name, { lastModified: 1 });

describe('UploadPanel', () => {
  it('shows every file with a labelled progress bar, overall progress, and announces completions', async () => {
    const { queue, sends } = setup();
    act(
      () =>
        void queue.add([{ file: file('a.csv') }, { file: file('b.csv') }, { file: file('setup.exe') }], {}),
    );
    await waitFor(() => expect(sends).toHaveLength(2));
    expect(screen.getByRole('region', { name: 'Uploads' })).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'All uploads' })).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Upload of a.csv' })).toHaveAttribute(
      'aria-valuenow',
      '0',
    );
    // files are checked as they are opened, in batches, while the first ones already upload
    expect(await screen.findByText('.exe files are not allowed on this tenant.')).toBeInTheDocument();
    act(() => sends[0]!.events.progress(4));
    await waitFor(() =>
      expect(screen.getByRole('progressbar', { name: 'Upload of a.csv' })).toHaveAttribute(
        'aria-valuenow',
        '50',
      ),
    );
    await act(async () => sends[0]!.resolve());
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('a.csv uploaded.'));
    expect(screen.getByText('1 of 3 done, 1 failed, 1 waiting')).toBeInTheDocument();
  });

  it('folds its list into the bar when the admin moves to another page, where it would cover controls', async () => {
    const { queue, sends } = setup();
    const { rerender } = renderWithMantine(<UploadPanelView queue={queue} page="/data-files" />);
    act(() => void queue.add([{ file: file('a.csv') }], {}));
    await waitFor(() => expect(sends).toHaveLength(1));
    const panels = screen.getAllByRole('region', { name: 'Uploads' });
    const panel = panels[panels.length - 1]!;
    expect(within(panel).getByRole('button', { name: 'Hide upload details' })).toBeInTheDocument();
    rerender(<UploadPanelView queue={queue} page="/data-files" />);
    expect(within(panel).getByRole('button', { name: 'Hide upload details' })).toBeInTheDocument();
    rerender(<UploadPanelView queue={queue} page="/catalog/data-sets/1" />);
    expect(within(panel).getByRole('button', { name: 'Show upload details' })).toHaveAttribute('aria-expanded', 'false');
    expect(within(panel).getByText('0 of 1 done, 1 waiting')).toBeInTheDocument();
  });

  it('folds its list into the bar once every file is done, opens it for files added later, keeps it open while one has failed', async () => {
    const { queue, sends } = setup();
    act(() => void queue.add([{ file: file('a.csv') }, { file: file('b.csv') }], {}));
    await waitFor(() => expect(sends).toHaveLength(2));
    await act(async () => sends[0]!.resolve());
    await screen.findByText('1 of 2 done, 1 waiting');
    expect(screen.getByRole('list', { name: 'Files being uploaded' })).toBeInTheDocument();
    await act(async () => sends[1]!.resolve());
    await screen.findByText('2 of 2 done');
    expect(screen.getByRole('button', { name: 'Show upload details' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('list', { name: 'Files being uploaded' })).not.toBeInTheDocument();

    // files added later open it again
    act(() => void queue.add([{ file: file('c.csv') }, { file: file('d.exe') }], {}));
    await waitFor(() => expect(sends).toHaveLength(3));
    expect(await screen.findByRole('button', { name: 'Hide upload details' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    await act(async () => sends[2]!.resolve());
    await screen.findByText('3 of 4 done, 1 failed');
    expect(screen.getByRole('list', { name: 'Files being uploaded' })).toBeInTheDocument();
  });

  it('starts folded when it mounts after every file is done (the catalog e2e clicked under a list left open)', async () => {
    const { queue, sends } = setup();
    act(() => void queue.add([{ file: file('early.csv') }], {}));
    await waitFor(() => expect(sends).toHaveLength(1));
    await act(async () => sends[0]!.resolve());
    await screen.findByText('1 of 1 done');
    const late = renderWithMantine(<UploadPanelView queue={queue} />);
    expect(within(late.container).getByRole('button', { name: 'Show upload details' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    expect(within(late.container).queryByRole('list', { name: 'Files being uploaded' })).not.toBeInTheDocument();
  });

  it('pauses and resumes a file and collapses to the bar', async () => {
    const user = userEvent.setup();
    const { queue, sends } = setup();
    act(() => void queue.add([{ file: file('a.csv') }], {}));
    await waitFor(() => expect(sends).toHaveLength(1));
    await user.click(await screen.findByRole('button', { name: 'Pause a.csv' }));
    expect(await screen.findByText('Paused')).toBeInTheDocument();
    // a small file goes in one piece: it restarts, and says so, rather than promising to resume
    expect(screen.getByText('Small files go in one piece: this one starts over.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Restart a.csv' }));
    expect(sends).toHaveLength(2);
    const toggle = screen.getByRole('button', { name: 'Hide upload details' });
    await user.click(toggle);
    expect(screen.getByRole('button', { name: 'Show upload details' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    expect(screen.queryByRole('list', { name: 'Files being uploaded' })).not.toBeInTheDocument();
    // the bar still tells how things stand and offers the actions on all uploads
    expect(screen.getByText('0 of 1 done, 1 waiting')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pause all' })).toBeInTheDocument();
  });

  it('filters the list to waiting, done or failed uploads', async () => {
    const user = userEvent.setup();
    const { queue, sends } = setup();
    act(
      () => void queue.add([{ file: file('a.csv') }, { file: file('b.csv') }, { file: file('c.exe') }], {}),
    );
    await waitFor(() => expect(sends).toHaveLength(2));
    await act(async () => sends[0]!.resolve());
    await screen.findByText('1 of 3 done, 1 failed, 1 waiting');
    const list = () => screen.getByRole('list', { name: 'Files being uploaded' });
    await user.click(screen.getByRole('radio', { name: 'Done 1' }));
    expect(
      within(list())
        .getAllByRole('listitem')
        .map((row) => row.textContent),
    ).toEqual([expect.stringContaining('a.csv')]);
    await user.click(screen.getByRole('radio', { name: 'Failed 1' }));
    expect(within(list()).getByText('c.exe')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Waiting 1' }));
    expect(within(list()).getByText('b.csv')).toBeInTheDocument();
  });

  it('asks replace / keep both / skip for a name in use, with "apply to all remaining"', async () => {
    const user = userEvent.setup();
    const { queue, sends } = setup(['a.csv', 'b.csv', 'c.csv']);
    act(
      () =>
        void queue.add(
          ['a.csv', 'b.csv', 'c.csv'].map((n) => ({ file: file(n) })),
          {},
        ),
    );
    const prompt = await screen.findByRole('group', { name: '“a.csv” already exists here' });
    await user.click(
      within(prompt).getByRole('checkbox', { name: 'Apply to all remaining conflicts (2 more)' }),
    );
    await user.click(within(prompt).getByRole('button', { name: 'Keep both' }));
    await waitFor(() => expect(sends).toHaveLength(3));
    expect(await screen.findByText('a (1).csv')).toBeInTheDocument();
    expect(await screen.findByText('c (1).csv')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: /already exists/ })).not.toBeInTheDocument();
  });
});

describe('UploadDropTarget', () => {
  it('shows an overlay while files are dragged and hands dropped files over', async () => {
    const onFiles = vi.fn();
    renderWithMantine(
      <UploadDropTargetView destination={{ spaceId: 's1' }} destinationLabel="Sales data" onFiles={onFiles}>
        <p>page</p>
      </UploadDropTargetView>,
    );
    const dropped = file('a.csv');
    const dataTransfer = { types: ['Files'], items: [], files: [dropped], dropEffect: 'none' };
    const drag = (type: string) => {
      const event = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
      act(() => void window.dispatchEvent(event));
    };
    drag('dragenter');
    expect(screen.getByRole('status')).toHaveTextContent('Drop files or folders to upload to Sales data');
    drag('drop');
    await waitFor(() => expect(onFiles).toHaveBeenCalledWith([{ file: dropped }], expect.any(String)));
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('says why when uploading is not allowed, and takes nothing', async () => {
    const onFiles = vi.fn();
    renderWithMantine(
      <UploadDropTargetView destination={{}} disabledReason="You can only view this space." onFiles={onFiles}>
        <p>page</p>
      </UploadDropTargetView>,
    );
    const event = new Event('dragenter', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', {
      value: { types: ['Files'], items: [], files: [file('a.csv')] },
    });
    act(() => void window.dispatchEvent(event));
    expect(screen.getByRole('status')).toHaveTextContent(
      'You cannot upload hereYou can only view this space.',
    );
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', {
      value: { types: ['Files'], items: [], files: [file('a.csv')] },
    });
    act(() => void window.dispatchEvent(drop));
    await Promise.resolve();
    expect(onFiles).not.toHaveBeenCalled();
  });
});

describe('UploadButton', () => {
  it('passes picked files and keeps a picked folder’s relative paths', async () => {
    const onFiles = vi.fn();
    renderWithMantine(<UploadButtonView destination={{}} onFiles={onFiles} />);
    const inFolder = file('q1.csv');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'sales/2026/q1.csv' });
    fireEvent.change(screen.getByLabelText('Folder to upload'), { target: { files: [inFolder] } });
    expect(onFiles).toHaveBeenCalledWith([{ file: inFolder, relativePath: 'sales/2026/q1.csv' }]);
  });

  it('is disabled with the reason when the admin cannot upload', async () => {
    const user = userEvent.setup();
    const onFiles = vi.fn();
    renderWithMantine(
      <UploadButtonView destination={{}} disabledReason="Needs Can edit in this space" onFiles={onFiles} />,
    );
    const button = screen.getByRole('button', { name: 'Upload files' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await user.hover(button);
    expect(await screen.findByText('Needs Can edit in this space')).toBeInTheDocument();
    expect(screen.getByLabelText('Files to upload')).toBeDisabled();
  });
});
