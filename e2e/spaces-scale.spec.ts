import { expect, test } from '@playwright/test';
import { openDatabase, type Db } from '../tenant/store/db';
import { seedLarge } from '../tenant/seed/large';
import { createContext } from '../tenant/context';
import { spacesStore } from '../tenant/store/spaces';
import { signIn } from './fixtures';

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
