import { expect, type Page } from '@playwright/test';
import {
  expectNoAxeInDialog,
  expectNoAxeInMenu,
  finishBatch,
  rowAction,
  seriousAxeViolations,
  signIn,
  test,
} from './fixtures';

/** Opens the data files browser on one demo space through the Space picker. */
async function openSpace(page: Page, space: string) {
  await page.getByRole('combobox', { name: 'Space' }).click();
  await page.getByRole('option', { name: space, exact: true }).click();
  await expect(page.getByRole('treeitem', { name: space })).toBeVisible();
}

const table = (page: Page) => page.getByRole('table', { name: 'Data files' });

test('Ada browses, searches, creates, renames, moves and deletes data files', async ({
  page,
  consoleWatch,
}) => {
  // Renaming to a name in use is part of the test: the tenant's 409 lands on the Name field.
  consoleWatch.expectFailedResponses(/^409 PUT \/api\/v1\/data-files\//);
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'Data files' }).click();
  await expect(page.getByRole('heading', { name: 'Data files', level: 1 })).toBeVisible();
  await expect(page.getByText(/Your uploads use/)).toBeVisible();
  await openSpace(page, 'Sales data');

  // Folders through the tree (mouse and keyboard) and the breadcrumb.
  const tree = page.getByRole('tree', { name: 'Folders' });
  await tree.getByRole('treeitem', { name: 'raw' }).locator('span', { hasText: 'raw' }).click();
  await expect(table(page).getByText('orders.csv', { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/folder=raw/);
  expect(await seriousAxeViolations(page, 'main')).toEqual([]);
  await tree.getByRole('treeitem', { name: 'raw' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: 'reference' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(table(page).getByText('regions.csv', { exact: true })).toBeVisible();
  const crumbs = page.getByRole('navigation', { name: 'Folder path' });
  await expect(crumbs.getByText('reference')).toHaveAttribute('aria-current', 'page');
  await crumbs.getByRole('button', { name: 'Sales data' }).click();
  await expect(table(page).getByRole('button', { name: 'raw', exact: true })).toBeVisible();

  // Search looks through the folders below.
  await page.getByRole('textbox', { name: 'Search by name' }).fill('orders');
  await expect(table(page).getByText('raw/orders.csv', { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/q=orders/);
  await page.getByRole('textbox', { name: 'Search by name' }).fill('');
  await expect(table(page).getByRole('button', { name: 'reference', exact: true })).toBeVisible();

  // A folder whose name looks like markup stays text.
  const markup = '&lt;img src=x onerror=alert(1)&gt; Q&amp;A';
  await page.getByRole('button', { name: 'New folder' }).click();
  const folderDialog = page.getByRole('dialog', { name: 'New folder' });
  await folderDialog.getByLabel('Folder name').fill(markup);
  await folderDialog.getByRole('button', { name: 'Create folder' }).click();
  await expect(folderDialog).toBeHidden();
  await expect(table(page).getByRole('button', { name: markup, exact: true })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: markup })).toBeVisible();
  await expect(page.locator('main img')).toHaveCount(0);

  // Rename: a taken name lands on the field and keeps what was typed; a free one renames.
  await table(page).getByRole('button', { name: 'raw', exact: true }).click();
  await rowAction(page, 'orders.csv', /^Rename…/);
  const renameDialog = page.getByRole('dialog', { name: 'Rename orders.csv' });
  await renameDialog.getByLabel('Name').fill('customers.json');
  await renameDialog.getByRole('button', { name: 'Rename' }).click();
  await expect(renameDialog.getByText('An item with this name already exists here.')).toBeVisible();
  await expect(renameDialog.getByLabel('Name')).toHaveValue('customers.json');
  await renameDialog.getByLabel('Name').fill('orders-2024.csv');
  await renameDialog.getByRole('button', { name: 'Rename' }).click();
  await expect(renameDialog).toBeHidden();
  await expect(table(page).getByText('orders-2024.csv', { exact: true })).toBeVisible();

  // Move one file into another folder of the space.
  await rowAction(page, 'customers.json', /^Move…/);
  const moveOne = page.getByRole('dialog', { name: 'Move customers.json' });
  await moveOne.getByRole('combobox', { name: 'Folder' }).click();
  await page.getByRole('option', { name: '/ reference', exact: true }).click();
  await moveOne.getByRole('button', { name: 'Move' }).click();
  await expect(moveOne).toBeHidden();
  await expect(table(page).getByText('customers.json', { exact: true })).toBeHidden();
  await tree.getByRole('treeitem', { name: 'reference' }).locator('span', { hasText: 'reference' }).click();
  await expect(table(page).getByText('customers.json', { exact: true })).toBeVisible();

  // Batch move to another space: root items move; one inside a folder is skipped, with the reason.
  await openSpace(page, 'Sales analytics');
  await rowAction(page, 'bookings-2024.csv', /^Duplicate…/);
  const duplicateDialog = page.getByRole('dialog', { name: 'Duplicate bookings-2024.csv' });
  await duplicateDialog.getByRole('button', { name: 'Duplicate' }).click();
  await expect(duplicateDialog).toBeHidden();
  await page.getByRole('radiogroup', { name: 'View' }).getByText('All files').click();
  await expect(page.getByRole('radio', { name: 'All files' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'Select bookings-2024.csv' }).check();
  await page.getByRole('checkbox', { name: 'Select bookings-2024 - copy.csv' }).check();
  await page.getByRole('checkbox', { name: 'Select pipeline/accounts.tsv' }).check();
  await expect(page).toHaveURL(/selected=/);
  await page.getByRole('button', { name: 'Move 3 items' }).click();
  const moveDialog = page.getByRole('dialog', { name: 'Move 3 items to another space' });
  await expectNoAxeInDialog(page, 'batch move dialog');
  await moveDialog.getByRole('combobox', { name: 'Target space' }).click();
  await page.getByRole('option', { name: 'Finance', exact: true }).click();
  await moveDialog.getByRole('button', { name: 'Move' }).click();
  const moved = await finishBatch(page, 'Moving 3 items', '2 of 3 moved, 1 skipped.');
  await expect(
    moved.results.getByRole('row', { name: /pipeline\/accounts\.tsv.*Skipped.*root/ }),
  ).toBeVisible();
  await moved.done();
  // Nothing failed: the selection is done with.
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);

  // Batch delete in the target space.
  await openSpace(page, 'Finance');
  // By name: other specs may have put files into Finance too.
  await page.getByRole('checkbox', { name: 'Select bookings-2024.csv' }).check();
  await page.getByRole('checkbox', { name: 'Select bookings-2024 - copy.csv' }).check();
  await page.getByRole('button', { name: 'Delete 2 items' }).click();
  await page.getByRole('dialog', { name: 'Delete 2 items?' }).getByRole('button', { name: 'Delete' }).click();
  await (await finishBatch(page, 'Deleting 2 items', '2 of 2 deleted.')).done();
  await expect(table(page).getByText('bookings-2024.csv', { exact: true })).toHaveCount(0);
  await expect(table(page).getByText('bookings-2024 - copy.csv', { exact: true })).toHaveCount(0);

  // The tenant-wide view: paths start with the space, and a space column says where each file lives.
  await page.getByRole('combobox', { name: 'Space' }).click();
  await page.getByRole('option', { name: 'All spaces (admin)' }).click();
  await expect(table(page).getByText('Sales data / raw / orders-2024.csv', { exact: true })).toBeVisible();
  await expect(table(page).getByRole('columnheader', { name: 'Space' })).toBeVisible();
  await expect(page.getByRole('tree')).toHaveCount(0);
});

test('Rita sees the data file actions she may not take disabled, with the reason', async ({ page }) => {
  await signIn(page, 'rita');
  await page.getByRole('link', { name: 'Data files' }).click();
  await openSpace(page, 'Sales analytics');
  // The pipeline folder holds seeded files no other journey removes.
  await table(page).getByRole('button', { name: 'pipeline', exact: true }).click();
  await expect(table(page).getByText('opportunities.csv', { exact: true })).toBeVisible();

  for (const name of ['New folder', 'Upload files']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveAttribute('aria-disabled', 'true');
  }
  await page.getByRole('button', { name: 'New folder' }).hover();
  await expect(page.getByRole('tooltip')).toContainText('You can only view files here');
  // The row menu lists every action, the ones Rita may not take disabled with the reason.
  await page.getByRole('button', { name: 'Actions for opportunities.csv', exact: true }).click();
  const menu = page.getByRole('menu');
  await expectNoAxeInMenu(page, 'data file row menu');
  for (const action of [/^Delete…/, /^Rename…/]) {
    await expect(menu.getByRole('menuitem', { name: action })).toBeDisabled();
  }
  await expect(menu.getByRole('menuitem', { name: /^Delete…/ })).toContainText(
    'You can only view files here',
  );
  // A disabled action does nothing when clicked.
  await menu.getByRole('menuitem', { name: /^Delete…/ }).click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('Escape');
  // The tenant-wide view is for admins only.
  await page.getByRole('combobox', { name: 'Space' }).click();
  await expect(page.getByRole('option', { name: 'All spaces (admin)' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // The space's own Data files tab shows the same browser, pinned to the space.
  const spaceId = new URL(page.url()).searchParams.get('space');
  await page.goto(`/spaces/${spaceId}/files?folder=pipeline`);
  await expect(page.getByRole('heading', { name: 'Data files', level: 2 })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Space' })).toHaveCount(0);
  await expect(table(page).getByText('accounts.tsv', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New folder' })).toHaveAttribute('aria-disabled', 'true');
});
