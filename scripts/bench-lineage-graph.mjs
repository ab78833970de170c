// The console's lineage graph with 500 nodes, for `npm run bench`: time to first draw and the longest main-thread
// task, by full page load of /lineage in Chromium (the tenant seeded by scripts/seed-lineage.ts).
import { rmSync } from 'node:fs';
import { withSignedInConsole } from './bench-browser.mjs';
import { dataDirWithLargeGraph } from './bench-lineage.mjs';
import { median, ms } from './bench-tenant.mjs';

/** In the page: long tasks from the start, and the frame after the first graph node entered the DOM. */
function observeGraphPage() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => {
    if (!document.querySelector('.react-flow__node')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__firstDraw = performance.now())));
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function measureGraph(page, url) {
  await page.goto(url);
  const firstDraw = await (
    await page.waitForFunction(() => window.__firstDraw, undefined, { timeout: 120_000, polling: 'raf' })
  ).jsonValue();
  await page.waitForTimeout(1500);
  const figures = await page.evaluate(() => {
    const graph = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/lineage-graphs/'));
    const dataAt = graph.length ? Math.max(...graph.map((e) => e.responseEnd)) : undefined;
    const durations = (tasks) => tasks.map((t) => t.duration);
    return {
      dataAt,
      longest: Math.max(0, ...durations(window.__longTasks)),
      longestAfterData:
        dataAt === undefined ? undefined : Math.max(0, ...durations(window.__longTasks.filter((t) => t.start + t.duration > dataAt))),
      drawn: document.querySelectorAll('.react-flow__node').length,
    };
  });
  // panning: a drag across the canvas, the longest task while it moves
  const box = await page.locator('.react-flow__pane').boundingBox();
  await page.evaluate(() => (window.__longTasks = []));
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width / 2 - i * 20, box.y + box.height / 2 - i * 10);
    await page.mouse.up();
    await page.waitForTimeout(500);
  }
  const longestPanning = await page.evaluate(() => Math.max(0, ...window.__longTasks.map((t) => t.duration)));
  return { firstDraw, ...figures, longestPanning };
}

export async function consoleLineageGraphFigures({ nodes = 500, runs = 3 } = {}) {
  const { dir, graph } = await dataDirWithLargeGraph(nodes);
  const rows = [];
  try {
    await withSignedInConsole(
      { seed: 'demo', dataDir: dir, tenantArgs: ['--lineage-rate-limit', '0'] },
      async (page, { consoleUrl }) => {
        await page.addInitScript(observeGraphPage);
        const views = [
          [`impact of the root file, all levels (${nodes} nodes)`, graph.rootQri, 'down'],
          ['lineage of the deepest app, all levels (a chain)', graph.deepestAppQri, 'up'],
        ];
        for (const [label, qri, dir] of views) {
          const url = `${consoleUrl}/lineage?qri=${encodeURIComponent(qri)}&dir=${dir}&depth=-1`;
          const samples = [];
          for (let i = 0; i < runs + 1; i++) {
            const sample = await measureGraph(page, url);
            if (i > 0) samples.push(sample);
          }
          const mid = (key) => median(samples.map((s) => s[key]).filter((v) => v !== undefined));
          const max = (key) => Math.max(...samples.map((s) => s[key] ?? 0));
          rows.push(
            `| ${label} | ${ms(mid('firstDraw'))} | ${ms(mid('firstDraw') - mid('dataAt'))} | ${ms(max('longest'))} | ${ms(max('longestAfterData'))} | ${ms(max('longestPanning'))} | ${Math.round(mid('drawn'))} |`,
          );
        }
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    `## Console: lineage graph of ${nodes} nodes`,
    '',
    `A demo tenant plus scripts/seed-lineage.ts's ${graph.files} files and ${graph.apps} apps; the built console in Chromium opens /lineage by full page load, signed in as Ada. First draw: navigation start to the frame after the first graph node entered the DOM; after its data: the same from the end of the last lineage response (layout and first render). Longest task: the longest main-thread task (Long Tasks API) from navigation to 1.5 s after first draw, worst of the runs, and of those ending after the data arrived; panning: the longest task during a 20-step drag of the canvas. Nodes drawn: React Flow renders only those in view. Median of ${runs} loads after one warm-up.`,
    '',
    '| graph | first draw | after its data | longest task | longest task after its data | longest task panning | nodes drawn |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.info((await consoleLineageGraphFigures()).join('\n'));
