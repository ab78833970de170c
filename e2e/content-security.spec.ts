import { expect, test } from '@playwright/test';
import { signIn } from './fixtures';

test('the built console ships a Content-Security-Policy without inline script', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/
    .exec(html)?.[1]
    ?.replaceAll('&#39;', "'");
  expect(csp, 'index.html carries a CSP meta tag').toBeTruthy();
  const scriptSrc = csp!
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src'));
  expect(scriptSrc).toBe("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  // Every script is a file of our own origin: none inline.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    expect(attributes).toMatch(/\bsrc="\/[^"]+"/);
    expect(body!.trim()).toBe('');
  }
});

test('the policy is enforced: the signed-in console runs with no CSP violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signIn(page, 'ada');
  await expect(page.getByRole('heading', { name: 'Signed in as' })).toBeVisible();
  expect(violations).toEqual([]);
});
