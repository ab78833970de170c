import { expect } from '@playwright/test';
import { openDatabase, type Db } from '../tenant/store/db';
import { seedLarge } from '../tenant/seed/large';
import { createContext } from '../tenant/context';
import { spacesStore } from '../tenant/store/spaces';
import { signIn, test } from './fixtures';

const SPACES = 10_000;

/** A second connection to the running e2e tenant's database (WAL lets it write beside the server). */
function withDb<T>(work: (db: Db) => T): T {
  const db = openDatabase(process.env.E2E_TENANT_DATA!);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

test.beforeAll(() => {
  withDb((db) => {
    const seeded = db.prepare("SELECT COUNT(*) AS n FROM spaces WHERE name LIKE 'Region %'").get() as {
      n: number;
    };
    if (seeded.n === 0) {
      seedLarge(createContext({ db, dataDir: process.env.E2E_TENANT_DATA! }), { spaces: SPACES, files: 0 });
    }
  });
});

// Later specs pick spaces from lists capped at 100: put the tenant back as the demo left it.
test.afterAll(() => {
  withDb((db) => {
    const store = spacesStore(db);
    const ids = db
      .prepare("SELECT id FROM spaces WHERE name LIKE 'Region %' OR name = 'Bulk archive'")
      .all() as {
      id: string;
    }[];
    for (const { id } of ids) store.delete(id);
    const left = db.prepare("SELECT COUNT(*) AS n FROM spaces WHERE name LIKE 'Region %'").get() as {
      n: number;
    };
    expect(left.n).toBe(0);
  });
});

test('10,000 spaces: the table knows them all but keeps the DOM to the rows on screen', async ({ page }) => {
  await signIn(page, 'ada');
  await page.goto('/spaces?q=Region');
  const table = page.getByRole('table', { name: 'Spaces' });
  await expect(table).toBeVisible();
  await expect(table).toHaveAttribute('aria-rowcount', String(SPACES + 1));
  await expect(page.getByTestId('spaces-count')).toContainText('of 10,000 spaces');

  const rows = table.locator('tbody tr[data-index]');
  const scroller = page.getByTestId('spaces-scroll');
  let deepest = 0;
  for (let i = 0; i < 6; i++) {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    // wait for the next page to arrive and render before scrolling again
    await expect
      .poll(async () => Number(await rows.last().getAttribute('data-index')))
      .toBeGreaterThan(deepest);
    deepest = Number(await rows.last().getAttribute('data-index'));
    expect(await rows.count()).toBeLessThan(200);
  }
  // more than five pages of 100 came in through scrolling alone
  expect(deepest).toBeGreaterThan(500);
  await expect(rows.last()).toContainText(/Region \d{5}/);
  const indexes = await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('aria-rowindex'))));
  expect(Math.min(...indexes)).toBeGreaterThan(400);
});

test('select all 10,000 matching spaces; a batch add decides per space, shows progress, cancels, lists results', async ({
  page,
  consoleWatch,
}) => {
  // Rita already is a member of every hundredth space: the tenant says so (409), the result says "skipped".
  consoleWatch.expectFailedResponses(/^409 POST \/api\/v1\/spaces\/[^/]+\/assignments$/);
  // Hang guards, not measures: reading 100 pages of spaces takes 30 s to 2 min on a busy shared machine.
  test.setTimeout(360_000);
  await signIn(page, 'ada');
  await page.goto('/spaces?q=Region');
  const table = page.getByRole('table', { name: 'Spaces' });
  await expect(table).toHaveAttribute('aria-rowcount', String(SPACES + 1));

  await table.getByRole('checkbox', { name: 'Select all loaded spaces' }).check();
  const bar = page.getByTestId('selection-bar');
  await expect(bar).toContainText('All 100 loaded spaces are selected.');
  await bar.getByRole('button', { name: 'Select all 10,000 matching spaces' }).click();
  await expect(bar).toContainText('All 10,000 matching spaces are selected.');
  await expect(page).toHaveURL(/all=true/);

  await page.getByRole('button', { name: 'Add member to 10,000 spaces' }).click();
  const form = page.getByRole('dialog', { name: 'Add a member to 10,000 spaces' });
  await form.getByRole('combobox', { name: 'User or group' }).fill('Rita');
  await page.getByRole('option', { name: 'Rita Reader (user)' }).click();
  await form.getByRole('combobox', { name: 'Roles' }).click();
  // "Can edit" exists in shared and data spaces, not in managed ones: a third are skipped by the console.
  await page.getByRole('option', { name: 'Can edit (producer)' }).click();
  await page.keyboard.press('Escape');
  await form.getByRole('button', { name: 'Add to 10,000 spaces' }).click();

  const run = page.getByRole('dialog', { name: 'Adding Rita Reader to 10,000 spaces' });
  const summary = run.getByTestId('batch-summary');
  // Every matching space is read (100 pages), not only the 100 loaded.
  await expect(summary).toContainText('of 10,000 handled', { timeout: 240_000 });
  await expect
    .poll(
      async () =>
        Number(/(\d[\d,]*) added/.exec((await summary.textContent()) ?? '')?.[1]?.replace(/,/g, '')),
      {
        timeout: 60_000,
      },
    )
    .toBeGreaterThanOrEqual(150);
  await run.getByRole('button', { name: 'Cancel' }).click();
  await expect(summary).toContainText(
    /^Cancelled\. [\d,]+ of 10,000 added, [\d,]+ skipped, [\d,]+ not run\./,
  );

  // Per-space decisions, with their reasons: managed spaces cannot give the role (console), Rita already was a
  // member of every hundredth space (the tenant's 409, reported as a skip), the rest not run.
  const results = run.getByRole('table', { name: 'Results per space' });
  await expect(
    results.getByRole('row', { name: /Region 00002 .*cannot be given in managed spaces/ }),
  ).toBeVisible();
  await expect(results.getByRole('row', { name: /Region 00001 .*already a member/ })).toBeVisible();
  // The results list is virtualized and in space order: the spaces the cancel kept from running come after the
  // thousands decided before the run, so they are rendered only once the list is scrolled down to them.
  await results.evaluate((table) => {
    let scroller = table.parentElement;
    while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
    scroller?.scrollTo(0, scroller.scrollHeight);
  });
  await expect(results.getByText('Cancelled before it ran.').first()).toBeVisible();
  await run.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);
});
