import { expect, type Page } from '@playwright/test';
import { openDatabase } from '../tenant/store/db';
import { spacesStore } from '../tenant/store/spaces';
import {
  createPostgresConnection,
  deleteConnection,
  expectNoAxeViolations,
  rowAction,
  signIn,
  test,
} from './fixtures';

const SPACE = 'E2E team space';

/** The spaces page filtered by name (other specs may have added thousands of "Region NNNNN" spaces). */
async function findSpace(page: Page, name: string) {
  await page.goto(`/spaces?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('table', { name: 'Spaces' })).toBeVisible();
  return page.getByRole('link', { name, exact: true });
}

test('Ada creates a shared space and adds Max as producer; Max sees it without admin actions; Ada deletes it', async ({
  page,
  browser,
  consoleWatch,
}) => {
  // Taking a name in use is part of the test: the tenant's 409 lands on the Name field.
  consoleWatch.expectFailedResponses(/^409 (POST|PATCH) \/api\/v1\/spaces/);
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'Spaces' }).first().click();
  await expect(page.getByRole('heading', { name: 'Spaces', level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Create space' }).click();
  const create = page.getByRole('dialog', { name: 'Create space' });
  const name = create.getByRole('textbox', { name: 'Name' });
  // Client rules mirror the tenant's: refused before any request.
  await name.fill('Team: alpha/beta');
  await create.getByRole('textbox', { name: 'Description' }).fill('Kept while fixing the name');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create.getByText('The name cannot contain any of')).toBeVisible();
  // A name in use: the tenant's 409 lands on the Name field; the description stays.
  await name.fill('Finance');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create.getByText('A space with this name already exists')).toBeVisible();
  await expect(create.getByRole('textbox', { name: 'Description' })).toHaveValue(
    'Kept while fixing the name',
  );
  await name.fill(SPACE);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  await expect(page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
  await expect(page.getByText('Kept while fixing the name')).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Space sections' })
    .getByRole('link', { name: 'Members' })
    .click();
  await expect(page).toHaveURL(/\/spaces\/[0-9a-f]+\/members$/);
  await page.getByRole('combobox', { name: 'User or group' }).fill('Max');
  await page.getByRole('option', { name: 'Max Member (user)' }).click();
  await page.getByRole('combobox', { name: 'Roles' }).click();
  await page.getByRole('option', { name: 'Can edit (producer)' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Add member' }).click();
  const members = page.getByRole('table', { name: 'Members' });
  await expect(members.getByRole('row', { name: /Max Member/ })).toContainText('Can edit');
  await expectNoAxeViolations(page);

  const maxContext = await browser.newContext();
  const max = await maxContext.newPage();
  await signIn(max, 'max');
  await (await findSpace(max, SPACE)).click();
  await expect(max.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
  // Members may not list users, yet they see the owner by name (read by id).
  await expect(max.getByText('Owner: Ada Admin')).toBeVisible();
  await expect(max.getByRole('button', { name: 'Delete', exact: true })).toHaveAttribute(
    'aria-disabled',
    'true',
  );
  await expect(max.getByRole('button', { name: 'Change owner' })).toHaveAttribute('aria-disabled', 'true');
  await expect(max.getByRole('button', { name: 'Edit', exact: true })).toHaveAttribute(
    'aria-disabled',
    'true',
  );
  await max.getByRole('button', { name: 'Delete', exact: true }).hover();
  await expect(max.getByRole('tooltip')).toContainText('Only the owner');
  // As a producer Max may add connections to the space: one PostgreSQL connection, duplicated, both deleted.
  await max
    .getByRole('navigation', { name: 'Space sections' })
    .getByRole('link', { name: 'Connections' })
    .click();
  await createPostgresConnection(max, 'Team warehouse', 'team-S3cret-77');
  await rowAction(max, 'Team warehouse', 'Duplicate');
  await expect(max.getByRole('link', { name: 'Team warehouse - Copy', exact: true })).toBeVisible();
  expect(await max.content()).not.toContain('team-S3cret-77');
  // Deleting several at once is for tenant admins (as in Qlik Cloud): Max is told so, and deletes them one by one.
  await max.getByRole('checkbox', { name: 'Select Team warehouse', exact: true }).check();
  await expect(max.getByRole('button', { name: 'Delete 1 connection' })).toHaveAttribute(
    'aria-disabled',
    'true',
  );
  await deleteConnection(max, 'Team warehouse');
  await deleteConnection(max, 'Team warehouse - Copy');
  await maxContext.close();

  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit space' });
  await edit.getByRole('textbox', { name: 'Name' }).fill('Finance');
  await edit.getByRole('textbox', { name: 'Description' }).fill('Edited in e2e');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByText('A space with this name already exists')).toBeVisible();
  await expect(edit.getByRole('textbox', { name: 'Description' })).toHaveValue('Edited in e2e');
  await edit.getByRole('textbox', { name: 'Name' }).fill(SPACE);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await page
    .getByRole('navigation', { name: 'Space sections' })
    .getByRole('link', { name: 'Overview' })
    .click();
  await expect(page.getByText('Edited in e2e')).toBeVisible();

  await page.getByRole('button', { name: 'Change owner' }).click();
  const owner = page.getByRole('dialog', { name: 'Change owner' });
  await owner.getByRole('combobox', { name: 'New owner' }).fill('rita');
  await page.getByRole('option', { name: 'Rita Reader' }).click();
  await owner.getByRole('button', { name: 'Change owner' }).click();
  await expect(owner).toBeHidden();
  await expect(page.getByText('Owner: Rita Reader')).toBeVisible();

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete space' });
  await expect(confirm.getByRole('button', { name: 'Delete space' })).toBeDisabled();
  await confirm.getByRole('textbox', { name: 'Space name' }).fill(SPACE);
  await confirm.getByRole('button', { name: 'Delete space' }).click();
  await expect(page).toHaveURL(/\/spaces(\?.*)?$/);
  await page.goto(`/spaces?q=${encodeURIComponent(SPACE)}`);
  await expect(page.getByRole('heading', { name: 'No spaces match' })).toBeVisible();
});

test('a space name that looks like HTML renders as text', async ({ page }) => {
  const payload = '<img src=x onerror=alert(1)>';
  // The tenant refuses < and > in names (as Qlik does), so the row goes straight into its database: the console
  // must still render whatever a tenant hands it as text.
  const db = openDatabase(process.env.E2E_TENANT_DATA!);
  try {
    const ada = (db.prepare('SELECT id FROM users WHERE email = ?').get('ada@example.com') as { id: string })
      .id;
    spacesStore(db).create({
      type: 'shared',
      name: `XSS ${payload}`,
      description: payload,
      ownerId: ada,
      createdBy: ada,
    });
  } finally {
    db.close();
  }
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, 'ada');
  const link = await findSpace(page, `XSS ${payload}`);
  await expect(link).toHaveText(`XSS ${payload}`);
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`XSS ${payload}`);
  await expect(page.getByText(payload, { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await expect(page.locator('main img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);

  // and the client refuses such a name before it reaches the tenant
  await page.goto('/spaces');
  await page.getByRole('button', { name: 'Create space' }).click();
  const create = page.getByRole('dialog', { name: 'Create space' });
  await create.getByRole('textbox', { name: 'Name' }).fill(payload);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create.getByText('The name cannot contain any of')).toBeVisible();
});

test('the tree view walks tenant → type → space → contents with the keyboard', async ({ page }) => {
  await signIn(page, 'ada');
  await page.goto('/spaces?view=tree&q=Sales%20analytics');
  const tree = page.getByRole('tree', { name: 'Spaces by type' });
  await expect(tree).toBeVisible();
  const root = tree.getByRole('treeitem').first();
  await root.focus();
  await page.keyboard.press('ArrowDown'); // Shared spaces
  await page.keyboard.press('ArrowRight'); // expand
  await expect(tree.getByRole('treeitem', { name: /Sales analytics/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: /Sales analytics/ })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(tree.getByRole('treeitem', { name: /CRM API/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.keyboard.press('ArrowLeft');
  await expect(tree.getByRole('treeitem', { name: /CRM API/ })).toHaveCount(0);
  // Master–detail: the selected space's details and actions show beside the tree.
  const details = page.getByRole('region', { name: 'Details of the selected item' });
  await expect(details.getByRole('heading', { name: 'Sales analytics' })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Open space' })).toBeVisible();
  await expect(page).toHaveURL(/node=space/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sales analytics', level: 1 })).toBeVisible();

  // Back: the same tree, expanded as it was, with the same space selected.
  await page.goBack();
  await expect(tree.getByRole('treeitem', { name: /Sales analytics/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(tree.getByRole('treeitem', { name: /Shared spaces/ })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(details.getByRole('heading', { name: 'Sales analytics' })).toBeVisible();

  // A click selects (no navigation); the details' Open button opens.
  await tree
    .getByRole('treeitem', { name: /Shared spaces/ })
    .locator('span', { hasText: 'Shared spaces' })
    .first()
    .click();
  await expect(details.getByRole('heading', { name: 'Shared spaces' })).toBeVisible();
  await tree
    .getByRole('treeitem', { name: /Sales analytics/ })
    .locator('span', { hasText: 'Sales analytics' })
    .first()
    .click();
  await details.getByRole('button', { name: 'Open space' }).click();
  await expect(page.getByRole('heading', { name: 'Sales analytics', level: 1 })).toBeVisible();
});
