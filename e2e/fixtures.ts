import { expect, type Page } from '@playwright/test';

export const DEMO = {
  ada: { name: 'Ada Admin', email: 'ada@example.com', password: 'ada-demo' },
  max: { name: 'Max Member', email: 'max@example.com', password: 'max-demo' },
  rita: { name: 'Rita Reader', email: 'rita@example.com', password: 'rita-demo' },
} as const;

/**
 * Signs in through the real pages: the console's connect screen, the tenant's sign-in page, the callback.
 * (Saved storage state would not carry sessionStorage, where the tokens live.)
 */
export async function signIn(page: Page, who: keyof typeof DEMO, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Manage Console' })).toBeVisible();
  await page.getByRole('radio', { name: /Local tenant/ }).check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInOnTenantPage(page, who);
}

/** The tenant's own sign-in page, after the console sent the browser there; ends back in the signed-in console. */
export async function signInOnTenantPage(page: Page, who: keyof typeof DEMO): Promise<void> {
  const user = DEMO[who];
  await expect(page.getByLabel('Email')).toBeVisible();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: `Account: ${user.name}` })).toBeVisible();
}
