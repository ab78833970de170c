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
  // …and the data set that goes with the file, linked to its page
  await expect(dialog.getByText('1 data set goes with it')).toBeVisible();
  await expect(dialog.getByRole('link', { name: 'regions.csv', exact: true })).toBeVisible();
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
  await page
    .getByRole('dialog', { name: 'Delete file?' })
    .getByRole('link', { name: 'Orders pipeline' })
    .click();
  const apps = page.getByRole('table', {
    name: 'Apps of this space and what their load scripts read and write',
  });
  const row = apps.getByRole('row', { name: /Orders pipeline/ });
  await expect(row).toBeVisible();
  await expect(row.getByText('lib://Sales data:DataFiles/raw/orders.csv')).toBeVisible();
  await expect(row.getByText('lib://Sales analytics:DataFiles/bookings-2024.csv')).toBeVisible();
  await expectNoAxeViolations(page);
});

test("Ada opens an app's lineage from its space: the file it loads, Enter opens the app to its tables and fields; axe passes on the graph and its table", async ({
  page,
}) => {
  test.slow();
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'Spaces' }).click();
  await page.getByRole('link', { name: 'Sales analytics' }).first().click();
  await page.getByRole('main').getByRole('link', { name: 'Catalog', exact: true }).click();
  await page.getByRole('link', { name: 'Lineage of Sales dashboard' }).click();

  const graph = page.getByRole('group', { name: 'Lineage graph of Sales dashboard' });
  const app = graph.getByRole('button', { name: /^App\s*Sales dashboard$/ });
  // The first graph of the session loads React Flow and starts the layout worker: seconds on a busy 2-core machine.
  await expect(app).toBeVisible({ timeout: 30_000 });
  // opportunities.csv: the data-files spec deletes bookings-2024.csv, the dashboard's other source, in this tenant
  await expect(
    graph.getByRole('button', { name: /^Data file\s*(pipeline\/)?opportunities\.csv$/ }),
  ).toBeVisible();
  await expect(page.getByRole('status').getByText(/Lineage of Sales dashboard: \d+ nodes/)).toBeVisible();
  await expectNoAxeViolations(page);

  // Keyboard: the node is a button; Enter opens it to its tables and their fields, and the URL keeps it open.
  await app.focus();
  await page.keyboard.press('Enter');
  await expect(app).toHaveAttribute('aria-expanded', 'true');
  await expect(graph.getByText('Opportunities', { exact: true })).toBeVisible();
  await expect(graph.getByText('amount', { exact: true }).first()).toBeVisible();
  await expect(page).toHaveURL(/[?&]node=/);

  // The same graph as tables: file → app as a connection, the fields under their table.
  await page.getByRole('radiogroup', { name: 'Show as' }).getByText('Table', { exact: true }).click();
  const connections = page.getByRole('table', { name: /connections?, from source to what uses it/ });
  await expect(
    connections.getByRole('row', { name: /opportunities\.csv\s+load\s+Sales dashboard/ }),
  ).toBeVisible();
  const nodes = page.getByRole('table', { name: /^\d+ nodes$/ });
  // the table is virtualized: with bookings-2024.csv still there (specs run in any order), Opportunities' fields
  // are below the rows drawn, and Bookings' amount comes first
  await expect(
    nodes.getByRole('row', { name: /amount\s+Field\s+(Bookings|Opportunities)/ }).first(),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});

test("The catalog lists the tenant's apps (type in the URL) with their space and owner, each linking to its lineage", async ({
  page,
}) => {
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'Catalog' }).click();
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Apps', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]type=apps/);
  const apps = page.getByRole('table', { name: 'Apps' });
  await expect(
    apps.getByRole('row', { name: /Orders pipeline\s+Sales analytics\s+Max Member/ }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await apps.getByRole('link', { name: 'Lineage of Orders pipeline' }).click();
  const graph = page.getByRole('group', { name: 'Lineage graph of Orders pipeline' });
  // regions.csv: the data-files spec renames orders.csv in this tenant
  await expect(graph.getByRole('button', { name: /^Data file\s*(reference\/)?regions\.csv$/ })).toBeVisible();
});
