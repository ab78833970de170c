import { expect, type Page } from '@playwright/test';
import { DEMO, seriousAxeViolations, signIn, test } from './fixtures';

const AREAS = ['Overview', 'Spaces', 'Data files', 'Catalog', 'Connections'] as const;

/** Moves keyboard focus with Tab until the named sidebar link has it; fails when it is never reached. */
async function tabTo(page: Page, name: string): Promise<void> {
  // A link's name may carry its access hint ("Spaces Limited").
  const link = page
    .getByRole('navigation', { name: 'Console areas' })
    .getByRole('link', { name: new RegExp(`^${name}( |$)`) });
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await link.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`the "${name}" link is not reachable with Tab`);
}

for (const who of ['ada', 'max', 'rita'] as const) {
  test(`${DEMO[who].name} reaches every area by keyboard, each page renders and passes axe`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, who);
    for (const area of AREAS) {
      // Start from the top of the page, where a keyboard user lands: the skip link is the first stop.
      await page.getByRole('link', { name: 'Skip to content' }).focus();
      await tabTo(page, area);
      await page.keyboard.press('Enter');
      const main = page.getByRole('main');
      await expect(main.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('progressbar', { name: /loading/i })).toHaveCount(0);
      await page.keyboard.press('Tab');
      // Something changes when it takes focus: an outline, a ring, or (Mantine's inputs) the border colour.
      const focusShows = await page.evaluate(async () => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return false;
        // Mantine animates border colours: each look is read once the transition is over.
        const look = () => {
          const style = getComputedStyle(el);
          return `${style.outlineStyle} ${style.outlineColor} ${style.boxShadow} ${style.borderColor}`;
        };
        await new Promise((resolve) => setTimeout(resolve, 400));
        const focused = look();
        el.blur();
        await new Promise((resolve) => setTimeout(resolve, 400));
        const blurred = look();
        el.focus();
        return focused !== blurred;
      });
      expect(focusShows, `${area}: the focused element shows focus`).toBe(true);
      expect(await seriousAxeViolations(page), `${area} as ${who}`).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });
}
