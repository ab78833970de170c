import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

/** The build the e2e stack serves (playwright.config.ts hands the same folder to vite preview). */
const dist = process.env.E2E_DIST_DIR ?? 'dist';

/**
 * Issue #16's budget for the JS every first visit loads, gzip-compressed (issue #6 set 200 KB; a bare page of this
 * stack: ~156 KB).
 */
const INITIAL_JS_BUDGET = 180 * 1024;

/** The entry script and every module it preloads: what the browser fetches before the first route renders. */
function firstPageScripts(): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  return [
    ...html.matchAll(/<script type="module"[^>]*\bsrc="(\/assets\/[^"]+\.js)"/g),
    ...html.matchAll(/<link rel="modulepreload"[^>]*\bhref="(\/assets\/[^"]+\.js)"/g),
  ].map((match) => match[1]!);
}

test('the first page loads at most 180 KB of gzipped JS, and no feature screen with it', () => {
  const scripts = firstPageScripts();
  expect(scripts.length).toBeGreaterThan(1);
  // A few long-lived files (vite.config.ts groups them), not one per module: 55 small ones took 55 requests.
  expect(scripts.length, scripts.join(', ')).toBeLessThanOrEqual(4);

  let gzipped = 0;
  const sources: string[] = [];
  for (const path of scripts) {
    const file = join(dist, path);
    gzipped += gzipSync(readFileSync(file), { level: 9 }).length;
    if (existsSync(`${file}.map`))
      sources.push(...(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources);
  }
  expect(sources.length, 'the build ships source maps to check the contents against').toBeGreaterThan(0);

  // Feature screens load with their route. A route file that imports a helper from a component module drags that
  // whole screen (and its Mantine parts) onto every first page: the catalog page once did, for its list params.
  const screens = sources.filter((source) => /\/src\/features\/[^/]+\/components\//.test(source));
  expect(screens, 'feature components on the first page').toEqual([]);
  expect(
    gzipped,
    `first-page JS is ${(gzipped / 1024).toFixed(1)} KB gzip across ${scripts.length} files`,
  ).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
});
