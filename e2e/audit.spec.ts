import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, rowAction, signIn } from './fixtures';

const SPACE = `Audited space ${Date.now().toString(36)}`;

test('Ada creates a space, adds Max, uploads, renames and deletes a file; the audit log shows it in order', async ({ page }) => {
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'Spaces' }).first().click();
  await page.getByRole('button', { name: 'Create space' }).click();
  const create = page.getByRole('dialog', { name: 'Create space' });
  await create.getByRole('textbox', { name: 'Name' }).fill(SPACE);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: SPACE, level: 1 })).toBeVisible();
  const spaceId = /\/spaces\/([0-9a-f]+)/.exec(page.url())![1]!;
  const sections = page.getByRole('navigation', { name: 'Space sections' });

  await sections.getByRole('link', { name: 'Members' }).click();
  await page.getByRole('combobox', { name: 'User or group' }).fill('Max');
  await page.getByRole('option', { name: 'Max Member (user)' }).click();
  await page.getByRole('combobox', { name: 'Roles' }).click();
  await page.getByRole('option', { name: 'Can view (consumer)' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('table', { name: 'Members' }).getByRole('row', { name: /Max Member/ })).toBeVisible();

  await sections.getByRole('link', { name: 'Data files' }).click();
  // the empty space's own Upload button has a file input too
  await page
    .getByLabel('Files to upload')
    .first()
    .setInputFiles([{ name: 'audited.csv', mimeType: 'text/csv', buffer: Buffer.from('id,amount\n1,10\n') }]);
  const uploads = page.getByRole('region', { name: 'Uploads' });
  await expect(uploads.getByText('1 of 1 done', { exact: true })).toBeVisible();
  // The panel floats over the table's last rows.
  await uploads.getByRole('button', { name: 'Clear finished' }).click();
  await rowAction(page, 'audited.csv', /^Rename…/);
  const rename = page.getByRole('dialog', { name: 'Rename audited.csv' });
  await rename.getByLabel('Name').fill('audited-renamed.csv');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toBeHidden();
  await rowAction(page, 'audited-renamed.csv', /^Delete…/);
  await page.getByRole('dialog', { name: 'Delete file?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('table', { name: 'Data files' }).getByText('audited-renamed.csv', { exact: true })).toHaveCount(0);

  // The space's Activity tab: its own events, newest first.
  await sections.getByRole('link', { name: 'Activity' }).click();
  const expected = [
    ['com.qlik.datafile.deleted', 'audited-renamed.csv'],
    ['com.qlik.datafile.updated', 'audited-renamed.csv'],
    ['com.qlik.datafile.created', 'audited.csv'],
    ['com.qlik.space.assignment.created', SPACE],
    ['com.qlik.space.created', SPACE],
  ];
  const activity = page.getByRole('table', { name: 'Space activity' }).getByRole('row');
  await expect(activity).toHaveCount(expected.length + 1);
  for (const [i, [type, resource]] of expected.entries()) {
    await expect(activity.nth(i + 1)).toContainText(type!);
    await expect(activity.nth(i + 1)).toContainText(resource!);
    await expect(activity.nth(i + 1)).toContainText('Ada Admin');
  }

  // The audit log, filtered to the space (other specs write to the same tenant meanwhile).
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await page.getByRole('textbox', { name: 'Resource (id or name)' }).fill(spaceId);
  await expect(page).toHaveURL(new RegExp(`resource=${spaceId}`));
  const log = page.getByRole('table', { name: 'Audit events' }).getByRole('row');
  const checkLog = async () => {
    await expect(log).toHaveCount(expected.length + 1);
    for (const [i, [type, resource]] of expected.entries()) {
      await expect(log.nth(i + 1)).toContainText(type!);
      await expect(log.nth(i + 1)).toContainText(resource!);
      await expect(log.nth(i + 1)).toContainText('Ada Admin (you)');
    }
  };
  await checkLog();
  await expectNoAxeViolations(page);

  // The rename's drawer: the name before and after, and no link to a file that is gone from its page.
  await log.nth(2).getByRole('button', { name: 'com.qlik.datafile.updated' }).click();
  const drawer = page.getByRole('dialog', { name: 'com.qlik.datafile.updated' });
  const changed = drawer.getByRole('table', { name: 'Changed fields' });
  await expect(changed.getByRole('row', { name: /name audited\.csv audited-renamed\.csv/ })).toBeVisible();
  await expect(page).toHaveURL(/event=/);
  await expectNoAxeViolations(page, 'section[role="dialog"]');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // A filtered URL reloads to the same view: type and resource from the URL.
  await page.getByRole('combobox', { name: 'Event type' }).click();
  await page.getByRole('option', { name: 'com.qlik.space.created', exact: true }).click();
  await expect(page).toHaveURL(/type=com\.qlik\.space\.created/);
  await expect(log).toHaveCount(2);
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect(page.getByRole('combobox', { name: 'Event type' })).toHaveValue('com.qlik.space.created');
  await expect(page.getByRole('textbox', { name: 'Resource (id or name)' })).toHaveValue(spaceId);
  await expect(log).toHaveCount(2);
  await expect(log.nth(1)).toContainText(SPACE);
});

test('Max, who is no admin, is told the audit log is out of reach', async ({ page }) => {
  await signIn(page, 'max', '/audit');
  await expect(page.getByText('The audit log is for tenant admins and Audit Admins')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Audit events' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});
