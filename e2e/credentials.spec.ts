import { expect, test } from '@playwright/test';
import { E2E_TENANT_PORT } from '../playwright.config';
import { expectNoAxeInDialog, expectNoAxeViolations, signIn } from './fixtures';

const tenant = `http://localhost:${E2E_TENANT_PORT}`;

const call = (token: string, path: string, init: RequestInit = {}) =>
  fetch(`${tenant}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });

test('Ada creates a server client; its secret gets a client-credentials token until she deletes the client', async ({ page }) => {
  await signIn(page, 'ada', '/oauth-clients');
  await expect(page.getByRole('heading', { name: 'OAuth clients', level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, 'main', 'OAuth clients page');
  await page.getByRole('button', { name: 'Create client' }).click();
  const form = page.getByRole('dialog', { name: 'Create OAuth client' });
  await form.getByText('Server app (web)').click();
  await form.getByRole('textbox', { name: 'Name' }).fill('E2E nightly export');
  await expect(form.getByRole('checkbox', { name: /admin_classic/ })).toBeChecked();
  await expectNoAxeInDialog(page, 'create OAuth client form');
  await form.getByRole('button', { name: 'Create client' }).click();

  const shown = page.getByRole('dialog', { name: 'Secret of E2E nightly export' });
  await expect(shown.getByText('shown only once')).toBeVisible();
  await expectNoAxeInDialog(page, 'one-time client secret');
  const secret = await shown.getByRole('textbox', { name: 'Client secret' }).inputValue();
  const clientId = (await shown.getByRole('code').textContent())!.trim();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  await shown.getByRole('button', { name: 'I have copied it' }).click();

  const tokenResponse = await fetch(`${tenant}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'user_default admin_classic' }),
  });
  expect(tokenResponse.status).toBe(200);
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  expect((await call(token, '/api/v1/spaces')).status).toBe(200);

  await page.getByRole('button', { name: 'Actions for E2E nightly export' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete OAuth client?' }).getByRole('button', { name: 'Delete client' }).click();
  await expect(page.getByRole('cell', { name: 'E2E nightly export' })).toHaveCount(0);
  expect((await call(token, '/api/v1/spaces')).status).toBe(401);
});

test('Ada creates a SPA client for this console and signs in with it through "Use in this console"', async ({ page }) => {
  await signIn(page, 'ada', '/oauth-clients');
  const consoleOrigin = new URL(page.url()).origin;
  await page.getByRole('button', { name: 'Create client' }).click();
  const form = page.getByRole('dialog', { name: 'Create OAuth client' });
  await form.getByRole('textbox', { name: 'Name' }).fill('E2E console SPA');
  // The form offers this console's origin and callback.
  await expect(form.getByLabel('Redirect URIs')).toHaveValue(`${consoleOrigin}/callback`);
  await expect(form.getByLabel('Allowed origins')).toHaveValue(consoleOrigin);
  await form.getByRole('button', { name: 'Create client' }).click();
  await expect(form).toHaveCount(0);
  const clientId = (await page.getByRole('row', { name: /E2E console SPA/ }).getByRole('code').textContent())!.trim();

  await page.getByRole('button', { name: 'Actions for E2E console SPA' }).click();
  await page.getByRole('menuitem', { name: 'Use in this console' }).click();
  // The tenant's session is still live: back in the console at once, now signed in through the new client.
  await expect(page.getByRole('button', { name: 'Account: Ada Admin' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: /Tenant: .*\(E2E console SPA\)/ })).toBeVisible();
  // The tab holds a session of the new client (beside the console client's own, from the first sign-in).
  const sessions = await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.includes('user:')));
  expect(sessions.some((key) => key.endsWith(`:${clientId}`)), sessions.join(', ')).toBe(true);
  const token = await page.evaluate(
    (id) => (JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((key) => key.endsWith(`:${id}`))!)!) as { access_token: string }).access_token,
    clientId,
  );
  expect((await call(token, '/api/v1/users/me')).status).toBe(200);
});

test('Max generates an API key in "My API keys"; Ada revokes it in the admin view and the key gets 401', async ({ browser }) => {
  // Two users sign in and axe runs on three pages: on a busy machine that outlasts the default timeout.
  test.slow();
  const maxPage = await (await browser.newContext()).newPage();
  await signIn(maxPage, 'max', '/api-keys');
  await expect(maxPage.getByRole('tab', { name: 'My API keys' })).toHaveAttribute('aria-selected', 'true');
  await expect(maxPage.getByRole('tab', { name: 'All keys' })).toBeDisabled();
  await maxPage.getByLabel('Description').fill('E2E console key');
  await maxPage.getByRole('combobox', { name: 'Expires after' }).click();
  await maxPage.getByRole('option', { name: '1 hour' }).click();
  await maxPage.getByRole('button', { name: 'Generate key' }).click();
  const key = await maxPage.getByRole('textbox', { name: 'API key', exact: true }).inputValue();
  expect(key.split('.')).toHaveLength(3);
  await expectNoAxeViolations(maxPage, 'main', 'My API keys with a token shown');
  expect((await call(key, '/api/v1/spaces')).status).toBe(200);

  const adaPage = await (await browser.newContext()).newPage();
  await signIn(adaPage, 'ada', '/api-keys?view=all&status=active');
  await expect(adaPage.getByRole('tab', { name: 'All keys' })).toHaveAttribute('aria-selected', 'true');
  const row = adaPage.getByRole('row', { name: /E2E console key/ });
  await expect(row.getByText('Max Member')).toBeVisible();
  await expectNoAxeViolations(adaPage, 'main', 'all API keys');
  await row.getByRole('button', { name: /Revoke/ }).click();
  await adaPage.getByRole('dialog', { name: 'Revoke API key?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(adaPage.getByRole('row', { name: /E2E console key/ })).toHaveCount(0);
  const refused = await call(key, '/api/v1/spaces');
  expect(refused.status).toBe(401);

  await adaPage.getByRole('tab', { name: 'Settings' }).click();
  await expect(adaPage.getByLabel('Active keys per user')).toBeVisible();
  await expectNoAxeViolations(adaPage, 'main', 'API-key settings');
});
