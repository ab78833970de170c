import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { createPostgresConnection, expectNoAxeViolations, rowAction, signIn } from './fixtures';

const RUN = Date.now().toString(36);

test('a connection and a data file each have an Activity tab with their own events', async ({ page }) => {
  await signIn(page, 'ada');
  const name = `Activity warehouse ${RUN}`;
  await page.getByRole('link', { name: 'Connections' }).first().click();
  await createPostgresConnection(page, name, 'e2e-secret');
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page).toHaveURL(/tab=activity/);
  const connectionRows = page.getByRole('table', { name: 'Connection activity' }).getByRole('row');
  await expect(connectionRows).toHaveCount(2);
  await expect(connectionRows.nth(1)).toContainText('com.qlik.data-connection.created');
  await expect(connectionRows.nth(1)).toContainText('Ada Admin (you)');
  await expectNoAxeViolations(page);
  // The tab is a link: a reload comes back to it.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Activity', selected: true })).toBeVisible();

  await page.getByRole('link', { name: 'Data files' }).first().click();
  const file = `activity-${RUN}.csv`;
  await page
    .getByLabel('Files to upload')
    .setInputFiles([{ name: file, mimeType: 'text/csv', buffer: Buffer.from('id\n1\n') }]);
  const uploads = page.getByRole('region', { name: 'Uploads' });
  await expect(uploads.getByText('1 of 1 done', { exact: true })).toBeVisible();
  await uploads.getByRole('button', { name: 'Clear finished' }).click();
  await rowAction(page, file, 'Details and activity');
  await expect(page.getByRole('heading', { name: file, level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Activity' }).click();
  const fileRows = page.getByRole('table', { name: 'Data file activity' }).getByRole('row');
  await expect(fileRows).toHaveCount(2);
  await expect(fileRows.nth(1)).toContainText('com.qlik.datafile.created');
  await expect(fileRows.nth(1)).toContainText(file);
  await expectNoAxeViolations(page);
});

test("a filtered list's Copy as… curl holds the filter, and its CSV export holds exactly the filtered rows", async ({
  page,
  context,
}) => {
  await signIn(page, 'ada');
  const prefix = `Exported ${RUN}`;
  await page.getByRole('link', { name: 'Spaces' }).first().click();
  for (const suffix of ['a', 'b', '=c']) {
    await page.getByRole('button', { name: 'Create space' }).click();
    const create = page.getByRole('dialog', { name: 'Create space' });
    await create
      .getByRole('textbox', { name: 'Name' })
      .fill(suffix === '=c' ? `=c ${prefix}` : `${prefix} ${suffix}`);
    await create.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(prefix);
    await page.getByRole('link', { name: 'Spaces' }).first().click();
  }
  await page.getByRole('textbox', { name: 'Name' }).fill(prefix);
  await expect(page).toHaveURL(/q=Exported/);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy as…' }).click();
  await page.getByRole('menuitem', { name: 'curl' }).click();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toContain(`/api/v1/spaces?name=${encodeURIComponent(prefix).replace(/%20/g, '+')}`);
  expect(curl).toContain('$QLIK_TOKEN');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^spaces-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile((await file.path())!, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe('Name,Type,Description,Owner ID,Created,Updated,ID');
  expect(
    lines
      .slice(1)
      .map((line) => line.split(',')[0])
      .sort(),
  ).toEqual([`'=c ${prefix}`, `${prefix} a`, `${prefix} b`]);
  await expectNoAxeViolations(page);
});
