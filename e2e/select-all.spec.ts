import { expect, type APIRequestContext } from '@playwright/test';
import { E2E_TENANT_PORT } from '../playwright.config';
import { accessToken, finishBatch, signIn, test } from './fixtures';

const TENANT = `http://localhost:${E2E_TENANT_PORT}`;

/** A space of its own for this spec, filled through the tenant API with the page's token (setup, not the test). */
async function newSpace(request: APIRequestContext, headers: Record<string, string>, name: string) {
  const response = await request.post(`${TENANT}/api/v1/spaces`, { headers, data: { name, type: 'shared' } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test('select all matching connections (more than a page) and delete them; the DataFiles one is skipped', async ({
  page,
  request,
}) => {
  await signIn(page, 'ada');
  const headers = { Authorization: `Bearer ${await accessToken(page)}` };
  const spaceId = await newSpace(request, headers, `Bulk connections ${Date.now()}`);
  const COUNT = 60;
  for (let i = 0; i < COUNT; i++) {
    const response = await request.post(`${TENANT}/api/v1/data-connections`, {
      headers,
      data: {
        qName: `Bulk ${String(i).padStart(3, '0')}`,
        datasourceID: 'rest',
        space: spaceId,
        connectionProperties: { url: 'https://api.example.com/items' },
      },
    });
    expect(response.ok()).toBe(true);
  }

  await page.goto(`/spaces/${spaceId}/connections`);
  const table = page.getByRole('table', { name: 'Data connections' });
  await expect(table.getByRole('link', { name: 'Bulk 000', exact: true })).toBeVisible();
  // One page of 50 is loaded; the space holds 61 (its DataFiles connection too).
  await table.getByRole('checkbox', { name: 'Select all loaded connections' }).check();
  const bar = page.getByTestId('selection-bar');
  await expect(bar).toContainText('All 50 loaded connections are selected.');
  await bar.getByRole('button', { name: 'Select all 61 matching connections' }).click();
  await expect(bar).toContainText('All 61 matching connections are selected.');
  await expect(page).toHaveURL(/all=true/);

  await page.getByRole('button', { name: 'Delete 61 connections' }).click();
  await page
    .getByRole('dialog', { name: 'Delete 61 connections?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  const batch = await finishBatch(page, 'Deleting 61 connections', '60 of 61 deleted, 1 skipped.');
  // Per item: the DataFiles connection is built into its space and was not asked for.
  await expect(
    batch.results.getByRole('row', { name: /DataFiles.*Skipped.*cannot be edited/ }),
  ).toBeVisible();
  await batch.done();
  await expect(table.getByRole('link', { name: /^Bulk / })).toHaveCount(0);
  await expect(page.getByTestId('connections-count')).toHaveText('1 connection');
});

test('select all matching data files in a folder (more than the first page) and delete them all', async ({
  page,
  request,
}) => {
  await signIn(page, 'ada');
  const headers = { Authorization: `Bearer ${await accessToken(page)}` };
  const spaceId = await newSpace(request, headers, `Bulk files ${Date.now()}`);
  const connections = (await (
    await request.get(`${TENANT}/api/v1/data-files/connections?spaceId=${spaceId}`, { headers })
  ).json()) as { data: { id: string }[] };
  const connectionId = connections.data[0]!.id;
  const COUNT = 130;
  for (let i = 0; i < COUNT; i++) {
    const response = await request.post(`${TENANT}/api/v1/data-files`, {
      headers,
      multipart: {
        File: { name: 'f.csv', mimeType: 'text/csv', buffer: Buffer.from(`n\n${i}\n`) },
        Json: JSON.stringify({ name: `bulk/f-${String(i).padStart(3, '0')}.csv`, connectionId }),
      },
    });
    expect(response.status()).toBe(201);
  }

  await page.goto(`/spaces/${spaceId}/files?folder=bulk`);
  const table = page.getByRole('table', { name: 'Data files' });
  await expect(table.getByText('f-000.csv', { exact: true })).toBeVisible();
  // The first page holds 100; the tenant does not count files, so "all matching" has no number.
  await table.getByRole('checkbox', { name: 'Select all loaded items' }).check();
  const bar = page.getByTestId('selection-bar');
  await expect(bar).toContainText('All 100 loaded items are selected.');
  await bar.getByRole('button', { name: 'Select all matching items' }).click();
  await expect(bar).toContainText('All matching items are selected.');

  await page.getByRole('button', { name: 'Delete all matching items' }).click();
  await page
    .getByRole('dialog', { name: 'Delete all matching items?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  const batch = await finishBatch(page, 'Deleting all matching items', `${COUNT} of ${COUNT} deleted.`);
  await batch.done();
  await expect(page.getByRole('heading', { name: 'This folder is empty' })).toBeVisible();
});
