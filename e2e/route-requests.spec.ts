import { expect, test } from '@playwright/test';
import { signIn } from './fixtures';

/**
 * A cold load of a signed-in page asks for the page's own data together with users/me, not after it: the routes'
 * loaders wait for the layout's users/me and tenants/me, and on a slow link that wait was a round trip before the
 * first rows. users/me is held back here, so the order shows without timing anything.
 */
test('a reloaded list page requests its list while users/me is still unanswered', async ({ page }) => {
  await signIn(page, 'ada', '/spaces');
  await expect(page.getByRole('link', { name: 'Finance' })).toBeVisible();

  const events: string[] = [];
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/v1\/users\/me$/, async (route) => {
    events.push('users/me asked');
    await held;
    events.push('users/me answered');
    await route.continue();
  });
  page.on('request', (request) => {
    if (/\/api\/v1\/spaces\?/.test(request.url()) && request.method() === 'GET') {
      events.push('spaces asked');
      release();
    }
  });
  // Without the early start the list is never asked for while users/me is held: release it after a while anyway.
  const fallback = setTimeout(release, 5_000);

  await page.reload();
  await expect(page.getByRole('link', { name: 'Finance' })).toBeVisible();
  clearTimeout(fallback);

  expect(events).toContain('spaces asked');
  expect(events.indexOf('spaces asked'), events.join(', ')).toBeLessThan(events.indexOf('users/me answered'));
});
