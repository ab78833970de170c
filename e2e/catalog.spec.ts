import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_TENANT_PORT } from '../playwright.config';
import { accessToken, expectNoAxeViolations, seriousAxeViolations, signIn, test } from './fixtures';

const TENANT = `http://localhost:${E2E_TENANT_PORT}`;

/** A demo shared space Ada belongs to, read through the tenant API with the page's own token. */
async function firstSharedSpace(page: Page, request: APIRequestContext) {
  const headers = { Authorization: `Bearer ${await accessToken(page)}` };
  const spaces = (await (await request.get(`${TENANT}/api/v1/spaces?type=shared`, { headers })).json()) as {
    data: Array<{ id: string; name: string }>;
  };
  return spaces.data[0]!;
}

/** Drops a file on the data files page the way a browser does: one DataTransfer through the drag events. */
async function dropFile(page: Page, name: string, content: string) {
  const transfer = await page.evaluateHandle(
    ([fileName, text]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], fileName, { type: 'text/csv' }));
      return dt;
    },
    [name, content] as const,
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByRole('status').filter({ hasText: 'Drop files or folders to upload' })).toBeVisible();
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

/**
 * Ada, signed in, drops a CSV on a shared space's data files page, the way a user brings a file, and waits until
 * it is uploaded; returns the space.
 */
async function adaDropsInSharedSpace(page: Page, request: APIRequestContext, name: string, content: string) {
  await signIn(page, 'ada');
  const space = await firstSharedSpace(page, request);
  await page.goto(`/data-files?space=${space.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Data files' })).toBeVisible();
  await dropFile(page, name, content);
  await expect(page.getByText('1 of 1 done', { exact: true })).toBeVisible();
  return space;
}

const CSV = [
  'id,<b>city</b>,population',
  '1,Oslo,709000',
  '2,Bergen,291000',
  '3,Oslo,709000',
  '4,Tromsø,',
  '',
].join('\n');

test('a data file opens as a data set: schema, profile, sample, lineage, and a description that persists', async ({
  page,
  request,
}) => {
  const space = await adaDropsInSharedSpace(page, request, 'catalog-e2e-cities.csv', CSV);

  // From the file's row to its data set.
  const toDataSet = page.getByRole('link', { name: 'Data set of catalog-e2e-cities.csv' });
  const fileId = /\/catalog\/files\/([^/?#]+)/.exec((await toDataSet.getAttribute('href')) ?? '')?.[1];
  expect(fileId).toBeTruthy();
  await toDataSet.click();
  await expect(page).toHaveURL(/\/catalog\/data-sets\/[0-9a-f]+/);
  await expect(page.getByRole('heading', { level: 1, name: 'catalog-e2e-cities.csv' })).toBeVisible();

  // Schema: the inferred fields and types; the markup in a field name is text, not an element.
  await expect(page.getByRole('rowheader', { name: '<b>city</b>' })).toBeVisible();
  const population = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'population' }) });
  await expect(population.getByText('INTEGER', { exact: true })).toBeVisible();
  const id = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'id', exact: true }) });
  await expect(id.getByText('INTEGER', { exact: true })).toBeVisible();
  await expect(page.locator('main b', { hasText: 'city' })).toHaveCount(0);
  await page.getByLabel('Filter fields').fill('pop');
  await expect(page.getByRole('rowheader', { name: '<b>city</b>' })).toHaveCount(0);
  await expect(page).toHaveURL(/filter=pop/);
  // the filter is the profile tab's too: cleared, every field shows again
  await page.getByLabel('Filter fields').fill('');
  await expect(page).not.toHaveURL(/filter=pop/);

  // Profile: statistics and the chart of most frequent values, readable as text.
  await page.getByRole('tab', { name: 'Profile' }).click();
  await expect(page).toHaveURL(/tab=profile/);
  const city = page.getByRole('region', { name: 'Profile of <b>city</b>' });
  await expect(city.getByRole('figure', { name: /values of <b>city<\/b>/ })).toBeVisible();
  await expect(city.getByRole('listitem').filter({ hasText: 'Oslo' })).toContainText('2 (50%)');
  const populationProfile = page.getByRole('region', { name: 'Profile of population' });
  await expect(populationProfile.getByText('Nulls')).toBeVisible();
  // a numeric field gets a histogram over its range, not its top values
  await expect(populationProfile.getByRole('figure', { name: 'Distribution of population' })).toBeVisible();

  // Sample: the first rows.
  await page.getByRole('tab', { name: 'Sample' }).click();
  await expect(page.getByRole('cell', { name: 'Bergen' })).toBeVisible();

  // Lineage: file → folder → space → connection, each a link.
  await page.getByRole('tab', { name: 'Lineage' }).click();
  const lineage = page.getByRole('tabpanel', { name: 'Lineage' });
  await expect(lineage.getByRole('link', { name: 'catalog-e2e-cities.csv' })).toHaveAttribute(
    'href',
    `/data-files?space=${space.id}&selected=${encodeURIComponent(JSON.stringify([fileId]))}`,
  );
  await expect(lineage.getByRole('link', { name: space.name, exact: true })).toHaveAttribute(
    'href',
    `/spaces/${space.id}`,
  );
  await expect(lineage.getByRole('link', { name: /^DataFiles/ })).toHaveAttribute('href', /^\/connections\//);
  // One click back to the file from the header too.
  await expect(page.getByRole('link', { name: 'Open data file' })).toHaveAttribute(
    'href',
    `/data-files?space=${space.id}&selected=${encodeURIComponent(JSON.stringify([fileId]))}`,
  );

  // Description and tags: saved with PATCH, still there after a reload; markup stays text.
  const description = 'Cities <i>by</i> population';
  await page.getByRole('textbox', { name: 'Description' }).fill(description);
  await page.getByRole('combobox', { name: 'Tags' }).fill('geo');
  await page.getByRole('combobox', { name: 'Tags' }).press('Enter');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Data set saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue(description);
  await expect(page.getByText(description, { exact: true }).first()).toBeVisible();
  await expect(page.locator('main i', { hasText: 'by' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Lineage', selected: true })).toBeVisible();

  // And one click back to the file in its space.
  await page.getByRole('link', { name: 'Open data file' }).click();
  await expect(page).toHaveURL(/\/data-files\?/);
  await expect(page.getByRole('link', { name: 'Data set of catalog-e2e-cities.csv' })).toBeVisible();
});

test('the catalog lists, searches and sorts data sets from the URL, and passes axe', async ({ page }) => {
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'Catalog' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Catalog' })).toBeVisible();
  const tree = page.getByRole('navigation', { name: 'Catalog tree' });
  await expect(tree).toContainText('DataFilesStore');
  await tree.getByRole('link', { name: 'Sales data' }).click();
  await expect(page).toHaveURL(/asset=/);
  await tree.getByRole('button', { name: 'Expand Sales data' }).click();
  await expect(tree.getByRole('link', { name: 'orders.csv' })).toBeVisible();

  await page.getByLabel('Search data sets').fill('orders');
  await expect(page).toHaveURL(/q=orders/);
  const table = page.getByRole('table', { name: 'Data sets' });
  await expect(table.getByRole('link', { name: /orders/i }).first()).toBeVisible();

  await table.getByRole('button', { name: /^Name/ }).click();
  await expect(page).toHaveURL(/sort=-name/);
  await expect(table.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');

  await expectNoAxeViolations(page);

  // The data set page, and the Catalog tab of its space, from there.
  await table.getByRole('link', { name: 'orders.csv' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'orders.csv' })).toBeVisible();
  await expectNoAxeViolations(page);
  const spaceHref = await page.getByRole('link', { name: 'Open space' }).getAttribute('href');
  await page.goto(`${spaceHref}/catalog`);
  await expect(
    page.getByRole('table', { name: 'Data sets of this space' }).getByRole('link', { name: 'orders.csv' }),
  ).toBeVisible();
});

test('Ada edits a field in the schema table (alias, description, sensitive); a reload keeps them; the field opens with its histogram; axe passes', async ({
  page,
  request,
}) => {
  // four axe scans and a reload: past the 60 s default on a loaded 2-core machine
  test.slow();
  await adaDropsInSharedSpace(
    page,
    request,
    'catalog-e2e-people.csv',
    [
      'id,name,email,age',
      '1,Ann,ann@example.com,34',
      '2,Bob,bob@example.com,41',
      '3,Cid,cid@example.com,29',
      '',
    ].join('\n'),
  );
  await page.getByRole('link', { name: 'Data set of catalog-e2e-people.csv' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'catalog-e2e-people.csv' })).toBeVisible();

  // Inline in the schema table: the row turns into a form.
  await page.getByRole('button', { name: 'Edit field email' }).click();
  const form = page.getByRole('form', { name: 'Edit field email' });
  await expect(form.getByText(/not another field's name/)).toBeVisible();
  await form.getByRole('textbox', { name: /Alias/ }).fill('name');
  await form.getByRole('button', { name: 'Save field' }).click();
  await expect(form.getByText(/'name' is the name of another field/)).toBeVisible();
  await form.getByRole('textbox', { name: /Alias/ }).fill('Email address');
  await form.getByRole('textbox', { name: 'Description' }).fill('Where we <b>write</b>');
  await form.getByRole('checkbox', { name: 'Sensitive' }).check();
  await expectNoAxeViolations(page);
  await form.getByRole('button', { name: 'Save field' }).click();
  await expect(page.getByText('Field email saved.')).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'email' }) });
  await expect(row.getByText('Email address')).toBeVisible();
  await expect(row.getByText('sensitive')).toBeVisible();

  await page.reload();
  await expect(row.getByText('Email address')).toBeVisible();
  await expect(row.getByText('Where we <b>write</b>')).toBeVisible();
  await expect(row.getByText('sensitive')).toBeVisible();
  await expect(page.locator('main b', { hasText: 'write' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Clicking a field opens it: metadata, figures, histogram and sample values.
  await page.getByRole('rowheader', { name: 'age' }).getByRole('button', { name: 'age' }).click();
  await expect(page).toHaveURL(/field=age/);
  const panel = page.getByRole('dialog', { name: 'Field age' });
  await expect(panel.getByRole('figure', { name: 'Distribution of age' })).toBeVisible();
  await expect(panel.getByRole('region', { name: 'Sample values' }).getByText('34')).toBeVisible();
  expect(await seriousAxeViolations(page, '[role="dialog"]')).toEqual([]);
  await panel.getByRole('button', { name: 'Close field' }).click();
  await expect(page).not.toHaveURL(/field=age/);

  // The profile: a histogram for the numeric field, top values stay for text.
  await page.getByRole('tab', { name: 'Profile' }).click();
  await expect(
    page.getByRole('region', { name: 'Profile of age' }).getByRole('figure', { name: 'Distribution of age' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});
