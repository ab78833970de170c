import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';

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
  // Two origins, a token exchange and the first page's reads: on a busy machine this takes a while.
  await expect(page.getByRole('button', { name: `Account: ${user.name}` })).toBeVisible({ timeout: 30_000 });
}

/** The access token oidc-client-ts keeps in sessionStorage for the signed-in tenant. */
export async function accessToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i) ?? '';
      if (!key.includes('user:')) continue;
      const user = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { access_token?: string };
      if (user.access_token) return user.access_token;
    }
    return undefined;
  });
  if (!token) throw new Error('no signed-in session in sessionStorage');
  return token;
}

/**
 * Waits for the page's finite animations and transitions (a modal fading in while the last one fades out): axe
 * measures colour contrast through the opacity of the moment, and a half-faded button fails it. Spinners run
 * forever and are not waited for.
 */
async function settledAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // a transition starts a frame after its element mounts
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    );
  });
}

/** Serious and critical WCAG 2.1 A/AA violations (axe) on the page, or in one part of it. */
export async function seriousAxeViolations(page: Page, include?: string): Promise<string[]> {
  await settledAnimations(page);
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.html.slice(0, 200)).join(' | ')}`);
}

export async function expectNoAxeViolations(page: Page, include = 'main', what?: string): Promise<void> {
  expect(await seriousAxeViolations(page, include), what).toEqual([]);
}

/** Axe on the open dialog, drawer or popover (each is a role="dialog"). */
export const expectNoAxeInDialog = (page: Page, what: string) =>
  expectNoAxeViolations(page, '[role="dialog"]', what);

/** Axe on the open menu. */
export const expectNoAxeInMenu = (page: Page, what: string) =>
  expectNoAxeViolations(page, '[role="menu"]', what);

/**
 * A batch action's progress dialog, once it has finished: its summary, then Done. Returns the dialog, for a
 * look at its per-item results first when `keepOpen` is set.
 */
export async function finishBatch(page: Page, title: string | RegExp, summary: string | RegExp) {
  const run = page.getByRole('dialog', { name: title });
  await expect(run.getByTestId('batch-summary')).toContainText(summary, { timeout: 30_000 });
  return {
    run,
    results: run.getByRole('table', { name: /^Results per / }),
    done: async () => {
      await run.getByRole('button', { name: 'Done' }).click();
      await expect(run).toBeHidden();
    },
  };
}

/** Creates a PostgreSQL connection from an open connections list (its "New connection" button). */
export async function createPostgresConnection(page: Page, name: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'New connection' }).click();
  const drawer = page.getByRole('dialog', { name: 'New data connection' });
  await drawer.getByRole('radio', { name: 'PostgreSQL' }).check();
  await drawer.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await drawer.getByRole('textbox', { name: 'Host', exact: true }).fill('warehouse.e2e.example.com');
  await drawer.getByRole('textbox', { name: 'Database', exact: true }).fill('analytics');
  await drawer.getByRole('textbox', { name: 'User name', exact: true }).fill('reporter');
  await drawer.getByLabel(/^Password/).fill(password);
  await drawer.getByRole('button', { name: 'Create connection' }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
}

/**
 * Opens a row's "…" menu in a list and picks one of its actions. A string names the item exactly: "Duplicate"
 * must not also match its "Copy duplicate as" submenu.
 */
export async function rowAction(page: Page, itemName: string, action: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${itemName}`, exact: true }).click();
  await page.getByRole('menuitem', { name: action, exact: typeof action === 'string' }).click();
}

/** Deletes one connection from an open list with its row menu's Delete and the confirmation. */
export async function deleteConnection(page: Page, name: string): Promise<void> {
  await rowAction(page, name, /^Delete…/);
  await page
    .getByRole('dialog', { name: 'Delete connection?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
}

/**
 * Console messages that are not the console's to fix: the browser's own report of a response the test asked for
 * (a 4xx a test provokes on purpose is checked where it is provoked, through `ConsoleWatch.expectFailedResponses`).
 */
const EXTERNAL_CONSOLE_MESSAGES: readonly RegExp[] = [];

export interface ConsoleWatch {
  /** Warnings and errors the console logged, and uncaught page errors, so far. */
  problems: string[];
  /** Responses of 400 and above so far, as "STATUS METHOD path?query". */
  failedResponses: string[];
  /** Lets this test provoke failed responses matching these (each a deliberate part of the test). */
  expectFailedResponses: (...patterns: RegExp[]) => void;
  /**
   * Lets this test provoke console problems matching these: the browser's own lines for requests that fail while
   * the test has taken the network away (each a deliberate part of the test).
   */
  expectProblems: (...patterns: RegExp[]) => void;
}

/**
 * `test` with a console watch on every page: a test fails when the console logs a warning or an error (a
 * "registerHostConfig … already registered" on each navigation was 48 of them in one journey), throws, or gets a
 * 4xx/5xx the test did not say it expects (a 403 for asking what the user may not ask).
 */
export const test = base.extend<{ consoleWatch: ConsoleWatch }>({
  consoleWatch: [
    async ({ page }, use) => {
      const expected: RegExp[] = [];
      const expectedProblems: RegExp[] = [];
      const watch: ConsoleWatch = {
        problems: [],
        failedResponses: [],
        expectFailedResponses: (...patterns) => expected.push(...patterns),
        expectProblems: (...patterns) => expectedProblems.push(...patterns),
      };
      const onConsole = (message: ConsoleMessage) => {
        const type = message.type();
        if (type !== 'warning' && type !== 'error') return;
        const text = message.text();
        // The browser's own line for a failed response: judged by its status below, not as a console problem.
        if (/^Failed to load resource: the server responded with a status of \d+/.test(text)) return;
        if (EXTERNAL_CONSOLE_MESSAGES.some((pattern) => pattern.test(text))) return;
        watch.problems.push(`${type}: ${text}`);
      };
      page.on('console', onConsole);
      page.on('pageerror', (error) => watch.problems.push(`pageerror: ${error.message}`));
      page.on('response', (response) => {
        if (response.status() < 400) return;
        const url = new URL(response.url());
        watch.failedResponses.push(
          `${response.status()} ${response.request().method()} ${url.pathname}${url.search}`,
        );
      });
      await use(watch);
      expect(
        watch.problems.filter((line) => !expectedProblems.some((pattern) => pattern.test(line))),
        'console warnings, errors and page errors',
      ).toEqual([]);
      const unexpected = watch.failedResponses.filter(
        (line) => !expected.some((pattern) => pattern.test(line)),
      );
      expect(unexpected, 'responses of 400 and above that the test did not expect').toEqual([]);
    },
    { auto: true },
  ],
});
