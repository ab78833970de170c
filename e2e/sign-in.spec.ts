import { expect, test } from '@playwright/test';
import { signIn } from './fixtures';

test('the tenant admin signs in, sees tenant and user on the overview, and signs out', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signIn(page, 'ada');
  await expect(page.getByRole('heading', { level: 1, name: 'Local tenant' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Tenant', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Signed in as' })).toBeVisible();
  await expect(page.getByText('ada@example.com').first()).toBeVisible();
  await expect(page.getByText('TenantAdmin').first()).toBeVisible();
  await expect(page.getByText('Out of reach')).toHaveCount(0);

  // Tokens live in sessionStorage at most: never in the URL or localStorage.
  expect(page.url()).not.toMatch(/code=|access_token|token=/);
  const local = await page.evaluate(() => JSON.stringify(window.localStorage));
  expect(local).not.toMatch(/access_token|refresh_token/);

  await page.getByRole('button', { name: 'Account: Ada Admin' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Manage Console' })).toBeVisible();
  const session = await page.evaluate(() => JSON.stringify(window.sessionStorage));
  expect(session).not.toMatch(/access_token/);
  // Signed out means the guarded pages send us back to sign-in.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Manage Console' })).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('the read-only analyst sees which scopes and roles keep areas out of reach', async ({ page }) => {
  await signIn(page, 'rita');
  await expect(page.getByRole('heading', { name: 'What you can reach' })).toBeVisible();
  await expect(page.getByText(/Out of reach|Limited/).first()).toBeVisible();
  await expect(page.getByText(/TenantAdmin/).first()).toBeVisible();
});

test('a wrong password is refused on the tenant sign-in page with a message', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong email or password');
});

test('an expired access token is renewed without losing the page', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'max');
  await expect(page.getByRole('heading', { name: 'What you can reach' })).toBeVisible();
  const before = await page.evaluate(() => JSON.stringify(window.sessionStorage));
  // The e2e tenant issues 45-second access tokens; wait until this one has expired.
  await page.waitForTimeout(47_000);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'What you can reach' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account: Max Member' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  const after = await page.evaluate(() => JSON.stringify(window.sessionStorage));
  expect(after).not.toBe(before); // a new token came from the refresh token, without the sign-in page
});
