import { expect, test } from '@playwright/test';
import { E2E_LIMITED_TENANT_PORT } from '../playwright.config';
import { accessToken, signInOnTenantPage } from './fixtures';

const LIMITED_HOST = `localhost:${E2E_LIMITED_TENANT_PORT}`;

test('the console waits out 429s from a rate-limited tenant, says so, and loses no request', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.getByLabel('Tenant host').fill(`http://${LIMITED_HOST}`);
  await page.getByLabel('OAuth client ID').fill('manage-console');
  await page.getByLabel('Display name').fill('Rate-limited tenant');
  await page.getByRole('button', { name: 'Add tenant' }).click();
  await page.getByRole('radio', { name: /Rate-limited tenant/ }).check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInOnTenantPage(page, 'ada');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // Use up this user's read allowance from outside the page, so the console's next reads meet 429s.
  const token = await accessToken(page);
  let limited = 0;
  for (let i = 0; i < 40 && limited === 0; i++) {
    const response = await request.get(`http://${LIMITED_HOST}/api/v1/users/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (response.status() === 429) {
      limited++;
      expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
    }
  }
  expect(limited).toBe(1);

  await page.reload();
  await expect(page.getByText(/Rate limited by the tenant — retrying in \d+ s/)).toBeVisible();
  // Once the window passes, every read the page needed goes through: the overview renders in full.
  await expect(page.getByRole('heading', { name: 'Signed in as' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'What you can reach' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /failed|went wrong/i })).toHaveCount(0);
});
