import { expect, test, type Page } from '@playwright/test';
import { E2E_TENANT_PORT } from '../playwright.config';
import { accessToken, DEMO, expectNoAxeViolations, signIn, signInOnTenantPage } from './fixtures';

const tenant = `http://localhost:${E2E_TENANT_PORT}`;

const call = (token: string, path: string, init: RequestInit = {}) =>
  fetch(`${tenant}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });

async function userId(adminToken: string, email: string): Promise<string> {
  const response = await call(adminToken, `/api/v1/users?filter=${encodeURIComponent(`email eq "${email}"`)}`);
  return ((await response.json()) as { data: { id: string }[] }).data[0]!.id;
}

async function adminToken(page: Page): Promise<string> {
  await signIn(page, 'ada');
  return accessToken(page);
}

test("Max's API key opens /api/v1/spaces until Ada revokes it; then the same call gets 401", async ({ browser }) => {
  const maxPage = await (await browser.newContext()).newPage();
  await signIn(maxPage, 'max');
  const created = await call(await accessToken(maxPage), '/api/v1/api-keys', { method: 'POST', body: JSON.stringify({ description: 'e2e key', expiry: 'PT1H' }) });
  expect(created.status).toBe(201);
  const key = (await created.json()) as { id: string; token: string };
  expect((await call(key.token, '/api/v1/spaces')).status).toBe(200);

  const adaPage = await (await browser.newContext()).newPage();
  const ada = await adminToken(adaPage);
  expect((await call(ada, `/api/v1/api-keys/${key.id}`, { method: 'DELETE' })).status).toBe(204);
  const refused = await call(key.token, '/api/v1/spaces');
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('APIKEYS-18');
});

test("Ada removes Max's SharedSpaceCreator role and Max's Create space turns disabled without signing in again", async ({ browser }) => {
  const adaPage = await (await browser.newContext()).newPage();
  const ada = await adminToken(adaPage);
  const max = await userId(ada, DEMO.max.email);
  const maxPage = await (await browser.newContext()).newPage();
  await signIn(maxPage, 'max', '/spaces');
  const create = maxPage.getByRole('button', { name: 'Create space' });
  await expect(create).toBeEnabled();
  const patch = (op: string) =>
    call(ada, `/api/v1/users/${max}`, { method: 'PATCH', body: JSON.stringify([{ op, path: op === 'add' ? '/assignedRoles/-' : '/assignedRoles', value: { name: 'SharedSpaceCreator' } }]) });
  expect((await patch('remove-value')).status).toBe(204);
  try {
    // Coming back to the tab re-reads the signed-in user.
    await maxPage.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
    await expect(create).toBeDisabled();
    await expect(maxPage.getByRole('button', { name: 'Account: Max Member' })).toBeVisible();
  } finally {
    expect((await patch('add')).status).toBe(204);
  }
});

test('Ada signs out (the connect screen says so) and switches to Rita in the same browser, cookies kept', async ({ page }) => {
  await signIn(page, 'ada');
  await page.getByRole('button', { name: 'Account: Ada Admin' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Signed out' })).toBeVisible();
  await expectNoAxeViolations(page);
  expect(await page.evaluate(() => JSON.stringify(window.sessionStorage))).not.toMatch(/access_token/);

  // Signing in again shows the tenant's sign-in page: its session ended too.
  await page.getByRole('radio', { name: /Local tenant/ }).check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInOnTenantPage(page, 'ada');

  // Switch account: a fresh sign-in page, and Rita in the same browser.
  await page.getByRole('button', { name: 'Account: Ada Admin' }).click();
  await expect(page.getByRole('button', { name: 'Switch account' })).toBeVisible();
  await page.getByRole('button', { name: 'Switch account' }).click();
  await signInOnTenantPage(page, 'rita');
  await expect(page.getByText('rita@example.com').first()).toBeVisible();
});
