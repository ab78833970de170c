import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Ports of the end-to-end stack: a fresh local tenant and the built console (vite preview). */
export const E2E_TENANT_PORT = Number(process.env.E2E_TENANT_PORT ?? 8797);
export const E2E_CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT ?? 4179);
const consoleUrl = `http://localhost:${E2E_CONSOLE_PORT}`;
const tenantUrl = `http://localhost:${E2E_TENANT_PORT}`;
const dataDir = process.env.E2E_TENANT_DATA ?? mkdtempSync(join(tmpdir(), 'e2e-tenant-'));
process.env.E2E_TENANT_DATA = dataDir; // workers re-read this config: keep one data dir per run
/** A second tenant with tight rate limits (30 reads, 10 writes per 10 s), added in the console as a custom tenant. */
export const E2E_LIMITED_TENANT_PORT = Number(process.env.E2E_LIMITED_TENANT_PORT ?? E2E_TENANT_PORT + 100);
const limitedDataDir = process.env.E2E_LIMITED_TENANT_DATA ?? mkdtempSync(join(tmpdir(), 'e2e-limited-'));
process.env.E2E_LIMITED_TENANT_DATA = limitedDataDir;

// Debian's Chromium (this machine kind cannot download Playwright's browsers); Playwright's own elsewhere.
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const chromium = existsSync(DEBIAN_CHROMIUM)
  ? {
      executablePath: DEBIAN_CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    }
  : {};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // A ceiling for a hung test, not a measure: journeys with axe runs take 40-70 s on a busy shared 2-core machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results/playwright',
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }],
  ],
  use: {
    baseURL: consoleUrl,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: chromium } }],
  webServer: [
    {
      // Journeys share a few demo users; Qlik's 20 lineage requests a minute per user is left to tenant tests.
      command: `node_modules/.bin/tsx tenant/main.ts --port ${E2E_TENANT_PORT} --data ${dataDir} --reset --allowed-origin ${consoleUrl} --access-token-ttl 45 --lineage-rate-limit 600 --quiet`,
      url: `${tenantUrl}/.well-known/oauth-authorization-server`,
      reuseExistingServer: false,
      // A ceiling for a hung test, not a measure: journeys with axe runs take 40-70 s on a busy shared 2-core machine.
      timeout: 120_000,
      stdout: 'ignore',
    },
    {
      command: `node_modules/.bin/tsx tenant/main.ts --port ${E2E_LIMITED_TENANT_PORT} --data ${limitedDataDir} --reset --allowed-origin ${consoleUrl} --rate-limits 30,10,10 --quiet`,
      url: `http://localhost:${E2E_LIMITED_TENANT_PORT}/.well-known/oauth-authorization-server`,
      reuseExistingServer: false,
      // A ceiling for a hung test, not a measure: journeys with axe runs take 40-70 s on a busy shared 2-core machine.
      timeout: 120_000,
      stdout: 'ignore',
    },
    {
      command: `node_modules/.bin/vite preview --port ${E2E_CONSOLE_PORT} --strictPort --outDir ${process.env.E2E_DIST_DIR ?? 'dist'}`,
      url: consoleUrl,
      reuseExistingServer: false,
      // A ceiling for a hung test, not a measure: journeys with axe runs take 40-70 s on a busy shared 2-core machine.
      timeout: 120_000,
      env: { MANAGE_CONSOLE_TENANT_URL: tenantUrl },
    },
  ],
});
