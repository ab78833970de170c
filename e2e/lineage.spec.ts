import { expect } from '@playwright/test';
import { expectNoAxeInDialog, expectNoAxeViolations, rowAction, signIn, test } from './fixtures';

test("Ada tries to delete a file an app loads and is shown the app first; the app's space lists what it loads; axe passes", async ({
  page,
}) => {
  test.slow();
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'Data files' }).click();
  await page.getByRole('combobox', { name: 'Space' }).click();
  await page.getByRole('option', { name: 'Sales data', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Folders' });
  // regions.csv: the data-files spec renames orders.csv and deletes bookings-2024.csv in the same tenant
  await tree.getByRole('treeitem', { name: 'reference' }).locator('span', { hasText: 'reference' }).click();
  const files = page.getByRole('table', { name: 'Data files' });
  await expect(files.getByText('regions.csv', { exact: true })).toBeVisible();

  await rowAction(page, 'regions.csv', /^Delete…/);
  const dialog = page.getByRole('dialog', { name: 'Delete file?' });
  await expect(dialog.getByText('1 app loads it')).toBeVisible();
  const app = dialog.getByRole('link', { name: 'Orders pipeline' });
  await expect(app).toBeVisible();
  await expect(dialog.getByText('lib://Sales data:DataFiles/reference/regions.csv')).toBeVisible();
  await expectNoAxeInDialog(page, 'delete dialog with the apps that load the file');

  // The first Delete asks again, naming what breaks; Cancel keeps the file.
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog.getByText('1 app will break — delete anyway?')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Delete anyway' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(files.getByText('regions.csv', { exact: true })).toBeVisible();

  // The app's link leads to its space, whose Catalog tab lists the app and what its script loads.
  await rowAction(page, 'regions.csv', /^Delete…/);
  await page.getByRole('dialog', { name: 'Delete file?' }).getByRole('link', { name: 'Orders pipeline' }).click();
  const apps = page.getByRole('table', { name: 'Apps of this space and what their load scripts read and write' });
  const row = apps.getByRole('row', { name: /Orders pipeline/ });
  await expect(row).toBeVisible();
  await expect(row.getByText('lib://Sales data:DataFiles/raw/orders.csv')).toBeVisible();
  await expect(row.getByText('lib://Sales analytics:DataFiles/bookings-2024.csv')).toBeVisible();
  await expectNoAxeViolations(page);
});
