import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expectNoAxeViolations, signIn, test } from './fixtures';

/** The id of a demo space, read from the e2e tenant's database (read-only). */
function spaceId(name: string): string {
  const dir = process.env.E2E_TENANT_DATA;
  if (!dir) throw new Error('E2E_TENANT_DATA is not set (playwright.config sets it)');
  const db = new Database(join(dir, 'tenant.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT id FROM spaces WHERE name = ?').get(name) as { id: string }).id;
  } finally {
    db.close();
  }
}

const NAME = 'schema-diff-e2e.csv';
const FIRST = ['id,email,city', '1,ada@example.com,Oslo', '2,max@example.com,Bergen', ''].join('\n');
// city renamed to town (same place, same type), country added
const SECOND = [
  'id,email,town,country',
  '1,ada@example.com,Oslo,NO',
  '2,max@example.com,Bergen,NO',
  '3,rita@example.com,Malmö,SE',
  '',
].join('\n');

const panel = (page: Page) => page.getByRole('region', { name: 'Uploads' });

test('Ada re-uploads a CSV with a column added and one renamed: the conflict prompt previews the diff, the data set keeps version 2 with it', async ({
  page,
}) => {
  test.slow(); // two uploads, two profiles, three axe scans and a reload on a shared 2-core machine
  await signIn(page, 'ada', `/data-files?space=${spaceId('Sales data')}`);
  const input = page.getByLabel('Files to upload');
  await input.setInputFiles([{ name: NAME, mimeType: 'text/csv', buffer: Buffer.from(FIRST) }]);
  await expect(panel(page).getByText('1 of 1 done', { exact: true })).toBeVisible();

  await input.setInputFiles([{ name: NAME, mimeType: 'text/csv', buffer: Buffer.from(SECOND) }]);
  const prompt = panel(page).getByRole('group', { name: `“${NAME}” already exists here` });
  const preview = prompt.getByRole('region', { name: 'Schema change if replaced' });
  // the first file's profile may still be running: the preview waits for its schema
  await expect(preview.getByText('1 added · 1 likely renamed · 2 unchanged')).toBeVisible({
    timeout: 30_000,
  });
  const changes = preview.getByRole('list', { name: 'Schema change if replaced' });
  await expect(changes.getByRole('listitem').filter({ hasText: /^Added/ })).toContainText('country');
  await expect(changes.getByRole('listitem').filter({ hasText: /^Likely renamed/ })).toContainText(
    'city → town',
  );
  await expect(preview).toContainText('From the whole file (3 rows)');
  await expectNoAxeViolations(page, 'section[aria-labelledby]', 'upload panel with the conflict preview');

  await prompt.getByRole('button', { name: 'Replace' }).click();
  await expect(panel(page).getByText('2 of 2 done', { exact: true })).toBeVisible();

  // all done: the list folds into its bar by itself, off the table's lower rows
  await expect(panel(page).getByRole('button', { name: 'Show upload details' })).toBeVisible();
  await page.getByRole('link', { name: `Data set of ${NAME}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await page.getByRole('tab', { name: 'Versions' }).click();
  await expect(page).toHaveURL(/tab=versions/);

  const checkVersions = async () => {
    const second = page.getByRole('article', { name: 'Version 2' });
    // the replaced content's profile may still be running when the page opens
    await expect(second).toBeVisible({ timeout: 30_000 });
    await expect(second).toContainText('by Ada Admin');
    const changed = second.getByRole('list', { name: 'Changes in version 2 since version 1' });
    await expect(changed.getByRole('listitem').filter({ hasText: /^Added/ })).toContainText('country');
    await expect(changed.getByRole('listitem').filter({ hasText: /^Likely renamed/ })).toContainText(
      'city → town',
    );
    await expect(page.getByRole('article', { name: 'Version 1' })).toContainText('First upload: 3 fields');
    // newest first
    await expect(page.getByRole('article')).toHaveText([/^Version 2/, /^Version 1/]);
  };
  await checkVersions();
  await expectNoAxeViolations(page, 'main', 'versions tab');

  await page.reload();
  await expect(page.getByRole('tab', { name: 'Versions', selected: true })).toBeVisible({ timeout: 30_000 });
  await checkVersions();
});
