import { expect, type Page } from '@playwright/test';
import { expectNoAxeInDialog, expectNoAxeViolations, finishBatch, rowAction, signIn, test } from './fixtures';

const PASSWORD = 'e2e-pg-S3cret-4242';

/** The Connections tab of the demo space "Sales analytics" (Ada owns it, Rita may only view it). */
async function openSalesAnalytics(page: Page) {
  await page.goto('/connections');
  await expect(page.getByRole('table', { name: 'Data connections' })).toBeVisible();
  await page.getByRole('link', { name: 'Sales analytics' }).first().click();
  await expect(page).toHaveURL(/\/spaces\/[^/]+\/connections/);
  await expect(page.getByRole('link', { name: 'CRM API', exact: true })).toBeVisible();
}

test('Ada creates, duplicates and batch-deletes a PostgreSQL connection; secrets never reach the page', async ({
  page,
  consoleWatch,
}) => {
  // A name in use is part of the test: the tenant's 409 lands on the Name field.
  consoleWatch.expectFailedResponses(/^409 POST \/api\/v1\/data-connections$/);
  await signIn(page, 'ada');
  await openSalesAnalytics(page);

  await page.getByRole('button', { name: 'New connection' }).click();
  const drawer = page.getByRole('dialog', { name: 'New data connection' });
  await drawer.getByRole('radio', { name: 'PostgreSQL' }).check();
  await drawer.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E warehouse');
  await drawer.getByRole('textbox', { name: 'Host', exact: true }).fill('warehouse.e2e.example.com');
  await drawer.getByRole('textbox', { name: 'Database', exact: true }).fill('analytics');
  await drawer.getByRole('textbox', { name: 'User name', exact: true }).fill('reporter');
  // Submitting without the password keeps everything typed and says what is missing.
  await drawer.getByRole('button', { name: 'Create connection' }).click();
  await expect(drawer.getByText('Enter the password.')).toBeVisible();
  await expect(drawer.getByRole('textbox', { name: 'Host', exact: true })).toHaveValue(
    'warehouse.e2e.example.com',
  );
  await drawer.getByLabel(/^Password/).fill(PASSWORD);
  // A name already used in the space: the tenant's 409 lands on the Name field, the rest stays as typed.
  await drawer.getByRole('textbox', { name: 'Name', exact: true }).fill('CRM API');
  await drawer.getByRole('button', { name: 'Create connection' }).click();
  await expect(drawer.getByText(/already exists in this space/)).toBeVisible();
  await expect(drawer.getByLabel(/^Password/)).toHaveValue(PASSWORD);
  await drawer.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E warehouse');
  await drawer.getByRole('button', { name: 'Create connection' }).click();
  await expect(drawer).toBeHidden();

  const created = page.getByRole('link', { name: 'E2E warehouse', exact: true });
  await expect(created).toBeVisible();
  expect(await page.content()).not.toContain(PASSWORD);

  await rowAction(page, 'E2E warehouse', 'Duplicate');
  await expect(page.getByRole('link', { name: 'E2E warehouse - Copy', exact: true })).toBeVisible();

  // The detail page shows the settings but never the password.
  await created.click();
  await expect(page.getByRole('heading', { name: 'E2E warehouse', level: 1 })).toBeVisible();
  await expect(page.getByText('warehouse.e2e.example.com').first()).toBeVisible();
  expect(await page.content()).not.toContain(PASSWORD);

  // Editing leaves the password alone unless something is typed into it.
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit E2E warehouse' });
  await expect(edit.getByLabel(/^Password/)).toHaveValue('');
  await expect(edit.getByLabel(/^Password/)).toHaveAttribute('placeholder', 'unchanged — type to replace');
  await edit.getByRole('textbox', { name: 'Database', exact: true }).fill('analytics2');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText(/db=analytics2;/)).toBeVisible();
  await page.goBack();

  await page.getByRole('checkbox', { name: 'Select E2E warehouse', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Select E2E warehouse - Copy', exact: true }).check();
  await expect(page).toHaveURL(/selected=/);
  await page.getByRole('button', { name: 'Delete 2 connections' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 2 connections?' });
  await expectNoAxeInDialog(page, 'batch delete confirmation');
  await confirm.getByRole('button', { name: 'Delete' }).click();

  const batch = await finishBatch(page, 'Deleting 2 connections', '2 of 2 deleted.');
  await expectNoAxeInDialog(page, 'batch results');
  await batch.run.getByText('All', { exact: true }).click();
  const rows = batch.results.getByRole('row');
  await expect(rows.filter({ hasText: 'E2E warehouse - Copy' })).toContainText('Deleted');
  await expect(rows.filter({ hasText: /^E2E warehouseDeleted$/ })).toHaveCount(1);
  await batch.done();
  await expect(page.getByRole('link', { name: 'E2E warehouse', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'E2E warehouse - Copy', exact: true })).toHaveCount(0);
  expect(await page.content()).not.toContain(PASSWORD);
  await page.screenshot({ path: 'test-results/pw-b/connections-list.png' });
});

test('a connection named with markup renders as text; list and detail pass axe', async ({ page }) => {
  await signIn(page, 'ada');
  await openSalesAnalytics(page);
  await page.getByRole('button', { name: 'New connection' }).click();
  const drawer = page.getByRole('dialog', { name: 'New data connection' });
  await drawer.getByRole('radio', { name: 'REST' }).check();
  await drawer.getByRole('textbox', { name: 'Name', exact: true }).fill('<b>bold</b>');
  await drawer.getByRole('textbox', { name: 'URL', exact: true }).fill('https://api.example.com/items');
  await drawer.getByRole('button', { name: 'Create connection' }).click();
  await expect(drawer).toBeHidden();

  const link = page.getByRole('link', { name: '<b>bold</b>', exact: true });
  await expect(link).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data connections' }).locator('b')).toHaveCount(0);
  await page.goto('/connections');
  await expect(link).toBeVisible();
  await expectNoAxeViolations(page);
  await link.click();
  await expect(page.getByRole('heading', { name: '<b>bold</b>', level: 1 })).toBeVisible();
  await expect(page.getByRole('main').locator('b')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('Rita (read-only) sees create and delete disabled, with the reason', async ({ page }) => {
  await signIn(page, 'rita');
  await openSalesAnalytics(page);

  const create = page.getByRole('button', { name: 'New connection' });
  await expect(create).toBeDisabled();
  await create.hover();
  await expect(page.getByRole('tooltip')).toContainText('You cannot create connections in this space');
  await create.click({ force: true });
  await expect(page.getByRole('dialog', { name: 'New data connection' })).toHaveCount(0);

  // The row menu lists Delete, disabled, with the reason under it.
  await page.getByRole('button', { name: 'Actions for CRM API', exact: true }).click();
  const remove = page.getByRole('menu').getByRole('menuitem', { name: /^Delete…/ });
  await expect(remove).toBeDisabled();
  await expect(remove).toContainText('You cannot delete this connection');
  await page.keyboard.press('Escape');

  const batch = page.getByRole('button', { name: /Delete selected/ });
  await expect(batch).toBeDisabled();
  await batch.hover();
  await expect(page.getByRole('tooltip')).toContainText('TenantAdmin');
});
