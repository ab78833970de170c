import { expect, type Locator, type Page } from '@playwright/test';
import { expectNoAxeInDialog, expectNoAxeInMenu, finishBatch, signIn, test } from './fixtures';

/** Opens a space from the spaces list filtered by its name. */
async function openSpace(page: Page, name: string) {
  await page.goto(`/spaces?q=${encodeURIComponent(name)}`);
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

const overlaps = async (a: Locator, b: Locator) => {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) return false;
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
};

test('Rita (read-only) browses spaces, a space, its members and files without one refused request', async ({
  page,
}) => {
  // The fixture fails the test on any 4xx and on any console warning (no 403 on GET /users?filter=…).
  await signIn(page, 'rita');
  await page.goto('/spaces');
  const table = page.getByRole('table', { name: 'Spaces' });
  await expect(table.getByRole('row', { name: 'Sales analytics' })).toContainText('Ada Admin');
  await openSpace(page, 'Sales analytics');
  await expect(page.getByText('Owner: Ada Admin')).toBeVisible();
  const sections = page.getByRole('navigation', { name: 'Space sections' });
  await sections.getByRole('link', { name: 'Members' }).click();
  // No form she cannot send: the reason stands in its place.
  await expect(page.getByText(/You can see who has access but not change it/)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'User or group' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add member' })).toHaveCount(0);
  await sections.getByRole('link', { name: 'Data files' }).click();
  await expect(page.getByRole('table', { name: 'Data files' })).toBeVisible();
  // The tab is pinned to the space: its URL carries no space, no empty selection, no defaults.
  await expect(page).toHaveURL(/\/spaces\/[^/?]+\/files$/);
  await page.goto('/data-files');
  await expect(page.getByRole('heading', { name: 'Data files', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/data-files$/);
});

test('one row menu per row, keyboard rows, / and ?, a column layout that survives a reload', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'ada');
  await page.goto('/spaces?q=Sales');
  const table = page.getByRole('table', { name: 'Spaces' });
  const row = table.getByRole('row', { name: 'Sales analytics' });
  await expect(row).toBeVisible();
  await expect(page).toHaveURL(/\/spaces\?q=Sales$/);

  // `/` focuses the search box; `?` lists the shortcuts.
  await page.getByRole('heading', { name: 'Spaces', level: 1 }).click();
  await page.keyboard.press('/');
  await expect(page.getByRole('textbox', { name: 'Name' })).toBeFocused();
  await page.getByRole('heading', { name: 'Spaces', level: 1 }).click();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Move between the rows');
  await expectNoAxeInDialog(page, 'shortcuts dialog');
  await page.keyboard.press('Escape');

  // Rows: arrows move, Space selects, Enter opens.
  await table.getByRole('row').nth(1).focus();
  await page.keyboard.press('ArrowDown');
  const second = table.getByRole('row').nth(2);
  await expect(second).toBeFocused();
  await page.keyboard.press(' ');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('selection-bar')).toContainText('1 selected');
  await page.getByRole('button', { name: 'Clear selection' }).click();

  // One "…" menu per row, keyboard reachable and named, with axe on the open menu.
  const menuButton = row.getByRole('button', { name: 'Actions for Sales analytics' });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem', { name: /^Delete…/ })).toBeVisible();
  await expectNoAxeInMenu(page, 'row menu');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(row.getByRole('button')).toHaveCount(1);

  // Columns: hide Owner, move Type, resize Name with the keyboard, compact rows.
  await page.getByRole('button', { name: 'Columns' }).click();
  const chooser = page.getByRole('dialog', { name: 'Columns' });
  await expectNoAxeInDialog(page, 'column chooser');
  await chooser.getByRole('checkbox', { name: 'Owner' }).uncheck();
  // Past the hidden Owner, then past Members.
  await chooser.getByRole('button', { name: 'Move Type right' }).click();
  await chooser.getByRole('button', { name: 'Move Type right' }).click();
  await chooser.getByText('Compact').click();
  await page.keyboard.press('Escape');
  const resize = table.getByRole('separator', { name: 'Resize Name column' });
  const before = Number(await resize.getAttribute('aria-valuenow'));
  await resize.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(resize).toHaveAttribute('aria-valuenow', String(before + 32));
  const headers = async () =>
    (await table.getByRole('columnheader').allInnerTexts())
      .map((t) => t.split(',')[0]!.trim())
      .filter(Boolean);
  const layout = await headers();
  expect(layout).not.toContain('Owner');
  expect(layout.indexOf('Type')).toBeGreaterThan(layout.indexOf('Members'));

  await page.reload();
  await expect(table.getByRole('row', { name: 'Sales analytics' })).toBeVisible();
  expect(await headers()).toEqual(layout);
  await expect(table.getByRole('separator', { name: 'Resize Name column' })).toHaveAttribute(
    'aria-valuenow',
    String(before + 32),
  );
  const height = (await table.getByRole('row', { name: 'Sales analytics' }).boundingBox())!.height;
  expect(height).toBeLessThan(40);
  await page.getByRole('button', { name: 'Columns' }).click();
  await page
    .getByRole('dialog', { name: 'Columns' })
    .getByRole('button', { name: 'Reset to default' })
    .click();
  await page.keyboard.press('Escape');
  await expect(table.getByRole('columnheader', { name: 'Owner' })).toBeVisible();
});

test('the space dialogs pass axe; notices cover no controls; breadcrumbs and tabs look finished', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'ada');
  await page.goto('/spaces');
  await page.getByRole('button', { name: 'Create space' }).click();
  const create = page.getByRole('dialog', { name: 'Create space' });
  await expect(create.getByRole('button', { name: 'Close' })).toBeVisible();
  await expectNoAxeInDialog(page, 'create space dialog');
  const name = `Polish ${Date.now()}`;
  await create.getByRole('textbox', { name: 'Name' }).fill(name);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  // The notice is short-lived and away from the header's actions.
  const notice = page.getByRole('alert').filter({ hasText: `Space ${name} created.` });
  await expect(notice).toBeVisible();
  for (const action of ['Edit', 'Change owner', 'Delete']) {
    expect(await overlaps(notice, page.getByRole('button', { name: action, exact: true })), action).toBe(
      false,
    );
  }
  await expect(notice).toBeHidden({ timeout: 9_000 });

  // "Spaces" reads as the link it is, like every other link; the tab strip has no scrollbar.
  const crumb = page.getByRole('main').getByRole('link', { name: 'Spaces', exact: true });
  const look = await crumb.evaluate((el) => {
    const style = getComputedStyle(el);
    return { decoration: style.textDecorationLine, color: style.color, size: style.fontSize };
  });
  expect(look.decoration).toBe('none');
  expect(look.color).not.toBe('rgb(0, 0, 238)');
  const tabs = page.getByRole('navigation', { name: 'Space sections' });
  expect(await tabs.evaluate((el) => el.scrollHeight - el.clientHeight)).toBe(0);

  // Every dialog of the space: edit, change owner, delete; each named, each without axe findings.
  for (const [button, dialog] of [
    ['Edit', 'Edit space'],
    ['Change owner', 'Change owner'],
    ['Delete', 'Delete space'],
  ] as const) {
    await page.getByRole('button', { name: button, exact: true }).click();
    const open = page.getByRole('dialog', { name: dialog });
    await expect(open.getByRole('button', { name: 'Close' })).toBeVisible();
    await expectNoAxeInDialog(page, `${dialog} dialog`);
    await open.getByRole('button', { name: 'Close' }).click();
    await expect(open).toBeHidden();
  }
});

test('the batch dialogs of the spaces list pass axe and delete a selected space', async ({ page }) => {
  await signIn(page, 'ada');
  const name = `Polish batch ${Date.now()}`;
  await page.goto('/spaces');
  await page.getByRole('button', { name: 'Create space' }).click();
  const create = page.getByRole('dialog', { name: 'Create space' });
  await create.getByRole('textbox', { name: 'Name' }).fill(name);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  await page.goto(`/spaces?q=${encodeURIComponent(name)}`);
  await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  await page.getByRole('button', { name: 'Add member to 1 space' }).click();
  await expectNoAxeInDialog(page, 'batch add member dialog');
  await page
    .getByRole('dialog', { name: 'Add a member to 1 space' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await page.getByRole('button', { name: 'Delete 1 space' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 1 space?' });
  await expectNoAxeInDialog(page, 'batch delete confirmation');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  const batch = await finishBatch(page, 'Deleting 1 space', '1 of 1 deleted.');
  await expectNoAxeInDialog(page, 'batch results');
  await batch.done();
  await expect(page.getByRole('heading', { name: 'No spaces match' })).toBeVisible();
});

test('the data files table fits at 1440 px: one line per row', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'ada');
  // The tenant-wide view: the widest, with its Space column.
  await page.goto('/data-files?space=all');
  const table = page.getByRole('table', { name: 'Data files' });
  const row = table.getByRole('row').filter({ hasText: 'Ada Admin (you)' }).first();
  await expect(row).toBeVisible();
  const box = (await row.boundingBox())!;
  expect(box.height).toBeLessThanOrEqual(54);
  // "Ada Admin (you)" on one line (it wrapped over three): its text makes a single line box.
  const owner = row.getByRole('cell').filter({ hasText: 'Ada Admin (you)' });
  const lines = await owner.evaluate((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  });
  expect(lines).toBe(1);
});

test('the data sets table: keyboard rows, and a column layout and density that survive a reload', async ({
  page,
}) => {
  await signIn(page, 'ada');
  await page.goto('/catalog');
  const table = page.getByRole('table', { name: 'Data sets' });
  await expect(table.getByRole('row').nth(2)).toBeVisible();
  const headers = async () =>
    (await table.getByRole('columnheader').allInnerTexts()).map((t) => t.split(',')[0]!.trim());
  expect(await headers()).toContain('Owner');

  await page.getByRole('button', { name: 'Columns' }).click();
  const chooser = page.getByRole('dialog', { name: 'Columns' });
  await chooser.getByRole('checkbox', { name: 'Owner' }).uncheck();
  await chooser.getByRole('button', { name: 'Move Updated left' }).click();
  await chooser.getByText('Compact').click();
  await page.keyboard.press('Escape');
  const layout = await headers();
  expect(layout).not.toContain('Owner');
  expect(layout.indexOf('Updated')).toBeLessThan(layout.indexOf('Size'));

  await page.reload();
  await expect(table.getByRole('row').nth(2)).toBeVisible();
  expect(await headers()).toEqual(layout);
  expect((await table.getByRole('row').nth(1).boundingBox())!.height).toBeLessThan(40);

  // Arrow keys move between rows; Enter opens the data set.
  const first = table.getByRole('row').nth(1);
  const second = table.getByRole('row').nth(2);
  const name = (await second.getAttribute('aria-label'))!;
  await first.focus();
  await page.keyboard.press('ArrowDown');
  await expect(second).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  await page.goBack();
  await page.getByRole('button', { name: 'Columns' }).click();
  await page
    .getByRole('dialog', { name: 'Columns' })
    .getByRole('button', { name: 'Reset to default' })
    .click();
  await page.keyboard.press('Escape');
  await expect(table.getByRole('columnheader', { name: 'Owner' })).toBeVisible();
});
