// CSV export of 100,000 audit events in the built console: how long it takes and the longest main-thread task
// meanwhile (the page must stay responsive: formatting yields between slices).
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { root } from './lib.mjs';
import { ms } from './bench-tenant.mjs';
import { withSignedInConsole } from './bench-browser.mjs';

/** Long tasks in the page from the moment it loads. */
function observeLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
}

export async function consoleCsvExportFigures({ events = 100_000 } = {}) {
  let figures;
  await withSignedInConsole(
    {
      seed: 'demo',
      // Straight into the running tenant's store (WAL: the tenant keeps serving meanwhile).
      prepare: async (tenant) => {
        const result = spawnSync(
          process.execPath,
          ['--import', 'tsx', 'scripts/fill-audits.ts', tenant.dataDir, String(events)],
          { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
        );
        if (result.status !== 0) throw new Error('fill-audits failed');
      },
    },
    async (page, { consoleUrl }) => {
      await page.addInitScript(observeLongTasks);
      await page.goto(`${consoleUrl}/audit`);
      await page.getByRole('table', { name: 'Audit events' }).getByRole('row').nth(1).waitFor();
      await page.waitForTimeout(1000);
      await page.evaluate(() => (window.__longTasks = []));
      const started = performance.now();
      const download = page.waitForEvent('download', { timeout: 600_000 });
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const file = await download;
      const duration = performance.now() - started;
      const lines = (await readFile(await file.path(), 'utf8')).trimEnd().split('\r\n').length - 1;
      const tasks = await page.evaluate(() => window.__longTasks);
      figures = { duration, lines, longest: Math.max(0, ...tasks), count: tasks.length };
    },
  );
  return [
    '## Console: CSV export of the audit log',
    '',
    `${events.toLocaleString('en-US')} audit events filled into the demo tenant's store (scripts/fill-audits.ts); the built console in Chromium exports the unfiltered audit log ("Export CSV"): every page of 100 events read one after another, formatted 1,000 rows a slice between yields. Duration: click to the download event. Longest task: the longest main-thread task (Long Tasks API, ≥ 50 ms) from the click to the download; tasks: how many long tasks there were.`,
    '',
    '| events | rows in the file | duration | longest task | long tasks |',
    '|---|---|---|---|---|',
    `| ${events.toLocaleString('en-US')} | ${figures.lines.toLocaleString('en-US')} | ${ms(figures.duration)} | ${ms(figures.longest)} | ${figures.count} |`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.info(
    (await consoleCsvExportFigures({ events: Number(process.env.BENCH_EXPORT_EVENTS) || 100_000 })).join(
      '\n',
    ),
  );
}
