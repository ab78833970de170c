import { expect, type Page, type Request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { signIn, test } from './fixtures';

/** The e2e tenant's database, read-only: what the tenant really stored. */
function tenantDb() {
  const dir = process.env.E2E_TENANT_DATA;
  if (!dir) throw new Error('E2E_TENANT_DATA is not set (playwright.config sets it)');
  return new Database(join(dir, 'tenant.db'), { readonly: true, fileMustExist: true });
}

function spaceId(name: string): string {
  const db = tenantDb();
  try {
    return (db.prepare('SELECT id FROM spaces WHERE name = ?').get(name) as { id: string }).id;
  } finally {
    db.close();
  }
}

function storedFiles(space: string, prefix: string) {
  const db = tenantDb();
  try {
    return db
      .prepare(
        "SELECT name, folder, size, sha256 FROM data_files WHERE space_id = ? AND name LIKE ? ESCAPE '\\' ORDER BY name",
      )
      .all(space, `${prefix.replace(/[%_\\]/g, '\\$&')}%`) as {
      name: string;
      folder: number;
      size: number;
      sha256: string | null;
    }[];
  } finally {
    db.close();
  }
}

const csv = (rows: number, seed: string) =>
  Buffer.from(['id,label', ...Array.from({ length: rows }, (_, i) => `${i},${seed}-${i}`)].join('\n'));

const panel = (page: Page) => page.getByRole('region', { name: 'Uploads' });

async function openSpaceFiles(page: Page, space: string) {
  await signIn(page, 'ada', `/data-files?space=${space}`);
  // an empty space offers a second one in its empty state
  await expect(page.getByRole('button', { name: 'Upload files' }).first()).toBeVisible();
}

let workDir: string;
test.beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'e2e-uploads-'));
});
test.afterAll(() => rmSync(workDir, { recursive: true, force: true }));

test('dropped files and a picked folder with a subfolder land in the space, folders kept', async ({
  page,
}) => {
  const space = spaceId('Sales data');
  await openSpaceFiles(page, space);

  // A drop as the browser makes it: three files in one DataTransfer, dragged over the page.
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    for (const name of ['drop-a.csv', 'drop-b.csv', 'drop-c.csv']) {
      dt.items.add(new File([`id,name\n1,${name}\n`], name, { type: 'text/csv' }));
    }
    return dt;
  });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByRole('status').filter({ hasText: 'Drop files or folders to upload' })).toBeVisible();
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(panel(page).getByText('3 of 3 done', { exact: true })).toBeVisible();
  // all done, the list folds into the bar; opened, it lists each file with its own progress bar
  await panel(page).getByRole('button', { name: 'Show upload details' }).click();
  for (const name of ['drop-a.csv', 'drop-b.csv', 'drop-c.csv']) {
    await expect(panel(page).getByRole('progressbar', { name: `Upload of ${name}` })).toBeVisible();
  }
  expect(storedFiles(space, 'drop-').map((f) => f.name)).toEqual(['drop-a.csv', 'drop-b.csv', 'drop-c.csv']);

  // A folder with a subfolder, through the folder picker.
  const folder = join(workDir, 'regions');
  mkdirSync(join(folder, 'north'), { recursive: true });
  writeFileSync(join(folder, 'summary.csv'), csv(10, 'summary'));
  writeFileSync(join(folder, 'north', 'oslo.csv'), csv(10, 'oslo'));
  await page.getByLabel('Folder to upload').setInputFiles(folder);
  await expect(panel(page).getByText('5 of 5 done', { exact: true })).toBeVisible();
  expect(storedFiles(space, 'regions').map((f) => [f.name, f.folder])).toEqual([
    ['regions', 1],
    ['regions/north', 1],
    ['regions/north/oslo.csv', 0],
    ['regions/summary.csv', 0],
  ]);
});

test('a real drag of three files and a folder with a subfolder lands in the space; tree and table show them', async ({
  page,
}) => {
  const space = spaceId('Operations data');
  const source = join(workDir, 'drag');
  mkdirSync(join(source, 'plants', 'north'), { recursive: true });
  for (const name of ['drag-a.csv', 'drag-b.csv', 'drag-c.csv'])
    writeFileSync(join(source, name), csv(5, name));
  writeFileSync(join(source, 'plants', 'summary.csv'), csv(5, 'summary'));
  writeFileSync(join(source, 'plants', 'north', 'bergen.csv'), csv(5, 'bergen'));
  await openSpaceFiles(page, space);

  // Chromium's own drag-and-drop with files from disk (what a file manager hands the browser), folders included:
  // the page walks the dropped directory through webkitGetAsEntry.
  const cdp = await page.context().newCDPSession(page);
  const files = ['drag-a.csv', 'drag-b.csv', 'drag-c.csv', 'plants'].map((name) => join(source, name));
  const main = await page.getByRole('main').boundingBox();
  const at = { x: main!.x + main!.width / 2, y: main!.y + main!.height / 2 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', {
      type,
      ...at,
      data: { items: [], files, dragOperationsMask: 1 },
    });
  }
  await expect(panel(page).getByText('5 of 5 done', { exact: true })).toBeVisible();
  expect(storedFiles(space, 'drag-').map((f) => f.name)).toEqual(['drag-a.csv', 'drag-b.csv', 'drag-c.csv']);
  expect(storedFiles(space, 'plants').map((f) => [f.name, f.folder])).toEqual([
    ['plants', 1],
    ['plants/north', 1],
    ['plants/north/bergen.csv', 0],
    ['plants/summary.csv', 0],
  ]);

  const table = page.getByRole('table', { name: 'Data files' });
  for (const name of ['drag-a.csv', 'drag-b.csv', 'drag-c.csv', 'plants']) {
    await expect(table.getByText(name, { exact: true })).toBeVisible();
  }
  const tree = page.getByRole('tree');
  await expect(tree.getByRole('treeitem', { name: 'plants' })).toBeVisible();
  await tree.getByRole('treeitem', { name: 'plants' }).locator('span', { hasText: 'plants' }).click();
  await expect(table.getByText('summary.csv', { exact: true })).toBeVisible();
  await table.getByText('north', { exact: true }).click();
  await expect(table.getByText('bergen.csv', { exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Folder path' })).toContainText('plants/north');
});

test('a .exe is refused before sending, with the reason', async ({ page }) => {
  const space = spaceId('Sales data');
  await openSpaceFiles(page, space);
  await page
    .getByLabel('Files to upload')
    .setInputFiles([
      { name: 'installer.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
    ]);
  await expect(
    panel(page).getByText('.exe files are not allowed on this tenant.', { exact: true }),
  ).toBeVisible();
  await expect(panel(page).getByText('Refused', { exact: true })).toBeVisible();
  expect(storedFiles(space, 'installer')).toEqual([]);
});

test('a name in use offers replace / keep both / skip', async ({ page }) => {
  const space = spaceId('Sales data');
  await openSpaceFiles(page, space);
  const input = page.getByLabel('Files to upload');
  await input.setInputFiles([{ name: 'twice.csv', mimeType: 'text/csv', buffer: csv(5, 'first') }]);
  await expect(panel(page).getByText('1 of 1 done', { exact: true })).toBeVisible();

  await input.setInputFiles([{ name: 'twice.csv', mimeType: 'text/csv', buffer: csv(50, 'second') }]);
  const prompt = panel(page).getByRole('group', { name: '“twice.csv” already exists here' });
  await expect(prompt.getByRole('button', { name: 'Replace' })).toBeVisible();
  await expect(prompt.getByRole('button', { name: 'Skip' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('section[aria-labelledby]').analyze();
  expect(
    axe.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary}`)),
  ).toEqual([]);
  await prompt.getByRole('button', { name: 'Keep both' }).click();
  await expect(panel(page).getByText('2 of 2 done', { exact: true })).toBeVisible();
  await panel(page).getByRole('button', { name: 'Show upload details' }).click();
  await expect(panel(page).getByRole('progressbar', { name: 'Upload of twice (1).csv' })).toBeVisible();

  await input.setInputFiles([{ name: 'twice.csv', mimeType: 'text/csv', buffer: csv(500, 'third') }]);
  await prompt.getByRole('button', { name: 'Replace' }).click();
  await expect(panel(page).getByText('3 of 3 done', { exact: true })).toBeVisible();
  const stored = storedFiles(space, 'twice');
  expect(stored.map((f) => [f.name, f.size])).toEqual([
    ['twice (1).csv', csv(50, 'second').length],
    ['twice.csv', csv(500, 'third').length],
  ]);
});

test('a throttled 20 MB upload cut by a reload goes on from the offset the tenant holds, after "Pick … again"', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const space = spaceId('Sales data');
  const path = join(workDir, 'twenty.csv');
  const { sha, size } = await writeCsv(path, 20);
  const tusBefore = tusUploads();
  const renewalsInFlight = new Set<Request>();
  page.on('request', (request) => {
    if (request.url().endsWith('/oauth/token')) renewalsInFlight.add(request);
  });
  page.on('requestfinished', (request) => renewalsInFlight.delete(request));
  page.on('requestfailed', (request) => renewalsInFlight.delete(request));

  await openSpaceFiles(page, space);
  // A slow uplink (2 MB/s): the file takes ~10 s, and its 2 MiB chunks (16 per file at most) go one by one.
  const unthrottle = await throttleUplink(page, 2e6);
  await page.getByLabel('Files to upload').setInputFiles(path);
  const bar = panel(page).getByRole('progressbar', { name: 'Upload of twenty.csv' });
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000, intervals: [100] })
    .toBeGreaterThanOrEqual(20); // about 4 MB up

  // The e2e tenant's tokens live 45 s and are renewed in their last 30: a reload that cuts a refresh the tenant
  // already answered leaves the tab a rotated-out refresh token, whose reuse the tenant answers by revoking the
  // grant (as it should). That is about sign-in, not uploads: reload between renewals.
  await expect.poll(() => renewalsInFlight.size, { timeout: 10_000 }).toBe(0);
  await page.reload();
  await unthrottle();
  await expect(panel(page).getByText('Interrupted', { exact: true })).toBeVisible();
  await expect(panel(page).getByText(/Pick the file again to resume where it stopped/)).toBeVisible();
  const patches: number[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PATCH' && request.url().includes('/temp-contents/files/'))
      patches.push(Number(request.headers()['upload-offset']));
  });
  // the row's button says what picking the file again does; its file input takes the file
  await expect(panel(page).getByRole('button', { name: 'Pick twenty.csv again to resume' })).toBeVisible();
  await panel(page).getByLabel('File for twenty.csv').setInputFiles(path);
  await expect(panel(page).getByText('1 of 1 done', { exact: true })).toBeVisible({ timeout: 60_000 });

  // The same tus upload went on from where the tenant had it: the first PATCH after the reload starts past 4 MB.
  expect(tusUploads()).toBe(tusBefore + 1);
  expect(patches[0]).toBeGreaterThanOrEqual(4 * 1024 ** 2 - 2 * 1024 ** 2);
  expect(patches[0]).toBeGreaterThan(0);
  const [stored] = storedFiles(space, 'twenty.csv');
  expect(stored).toMatchObject({ size, sha256: sha });
});

test('a 200 MB file goes through tus, survives the connection dropping, and is stored intact', async ({
  page,
  context,
  consoleWatch,
}) => {
  test.setTimeout(240_000);
  // The test takes the network away: the browser reports the request it cut.
  consoleWatch.expectProblems(/^error: Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/);
  const space = spaceId('Sales data');
  // Generated here, never committed: 200 MB of CSV, hashed as it is written.
  const path = join(workDir, 'large-export.csv');
  const { sha: expectedSha, size } = await writeCsv(path, 200);
  const tusBefore = tusUploads();

  await openSpaceFiles(page, space);
  await page.getByLabel('Files to upload').setInputFiles(path);
  const bar = panel(page).getByRole('progressbar', { name: 'Upload of large-export.csv' });
  await expect(bar).toBeVisible();
  // Cut the connection once a good part is up.
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000 })
    .toBeGreaterThan(15);
  await context.setOffline(true);
  await expect(panel(page).getByText('Waiting for network', { exact: false }).first()).toBeVisible();
  const before = Number(await bar.getAttribute('aria-valuenow'));
  await context.setOffline(false);
  await expect(panel(page).getByText('1 of 1 done', { exact: true })).toBeVisible({ timeout: 180_000 });
  expect(before).toBeGreaterThan(15);

  // One tus upload, resumed, not a second one started from zero.
  expect(tusUploads()).toBe(tusBefore + 1);
  const [stored] = storedFiles(space, 'large-export.csv');
  expect(stored).toMatchObject({ name: 'large-export.csv', size, sha256: expectedSha });
});

/** Writes `mib` MiB of CSV to `path`; returns its SHA-256 and size. */
/** Slows the page's uplink to `bytesPerSecond` (Chromium's network emulation); the returned function lifts it. */
async function throttleUplink(page: Page, bytesPerSecond: number): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 40,
    downloadThroughput: 2 * bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
  return async () => {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  };
}

async function writeCsv(path: string, mib: number): Promise<{ sha: string; size: number }> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  let size = 0;
  for (let n = 0; size < mib * 1024 ** 2; n++) {
    const chunk = Buffer.from(
      Array.from({ length: 20_000 }, (_, i) => `${n * 20_000 + i},row ${n}-${i},${(i * 7919) % 1000}\n`).join(
        '',
      ),
    );
    hash.update(chunk);
    size += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { sha: hash.digest('hex'), size };
}

test('after a page reload, picking the same file again resumes the tus upload where it stopped', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const space = spaceId('Sales data');
  const path = join(workDir, 'reload-resume.csv');
  const { sha, size } = await writeCsv(path, 16);
  const tusBefore = tusUploads();

  await openSpaceFiles(page, space);
  // A 2 MB/s uplink keeps the 16 MiB upload going ~8 s: on a fast machine an unthrottled one could finish between
  // seeing 20 % and clicking Pause.
  const unthrottle = await throttleUplink(page, 2e6);
  await page.getByLabel('Files to upload').setInputFiles(path);
  const bar = panel(page).getByRole('progressbar', { name: 'Upload of reload-resume.csv' });
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000, intervals: [100] })
    .toBeGreaterThan(20);
  await panel(page).getByRole('button', { name: 'Pause reload-resume.csv' }).click();
  await expect(panel(page).getByText('Paused', { exact: true })).toBeVisible();
  const pausedAt = Number(await bar.getAttribute('aria-valuenow'));

  await page.reload();
  await unthrottle();
  await expect(panel(page).getByText('Interrupted', { exact: true })).toBeVisible();
  await expect(panel(page).getByText(/Pick the file again to resume/)).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', String(pausedAt));

  await page.getByLabel('Files to upload').setInputFiles(path);
  await expect(panel(page).getByText('1 of 1 done', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(tusUploads()).toBe(tusBefore + 1);
  const [stored] = storedFiles(space, 'reload-resume.csv');
  expect(stored).toMatchObject({ size, sha256: sha });
});

function tusUploads(): number {
  const db = tenantDb();
  try {
    return (db.prepare("SELECT count(*) AS n FROM temp_contents WHERE kind = 'tus'").get() as { n: number })
      .n;
  } finally {
    db.close();
  }
}

test('an upload that outlives its access token goes on with the renewed one', async ({ page }) => {
  test.setTimeout(150_000);
  const space = spaceId('Sales data');
  const path = join(workDir, 'outlives-token.csv');
  const { sha, size } = await writeCsv(path, 16);
  const tusBefore = tusUploads();
  const session = () => page.evaluate(() => JSON.stringify(window.sessionStorage));

  await openSpaceFiles(page, space);
  const before = await session();
  const unthrottle = await throttleUplink(page, 2e6); // so it cannot finish before Pause is clicked
  await page.getByLabel('Files to upload').setInputFiles(path);
  const bar = panel(page).getByRole('progressbar', { name: 'Upload of outlives-token.csv' });
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000, intervals: [100] })
    .toBeGreaterThan(10);
  await panel(page).getByRole('button', { name: 'Pause outlives-token.csv' }).click();
  await unthrottle();
  // The e2e tenant's access tokens live 45 s: the one the upload started with is expired after this.
  await page.waitForTimeout(47_000);
  expect(await session()).not.toBe(before);
  await panel(page).getByRole('button', { name: 'Resume outlives-token.csv' }).click();
  await expect(panel(page).getByText('1 of 1 done', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(tusUploads()).toBe(tusBefore + 1); // resumed the same tus upload, not started over
  const [stored] = storedFiles(space, 'outlives-token.csv');
  expect(stored).toMatchObject({ size, sha256: sha });
});
