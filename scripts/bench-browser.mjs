// Browser-side figures for `npm run bench`: the built console in Chromium, signed in through the real OAuth pages.
// Time from navigation to first rows on a small and on the large tenant, and a 1 GiB tus upload by the console
// against curl's figure, with the browser's memory growth during the upload.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, DEBIAN_CHROMIUM, root } from './lib.mjs';
import { fillFiles, lastCurlUpload, m2mToken, median, ms, startTenantProcess } from './bench-tenant.mjs';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * `vite preview` of the built console on a free port, configured for one tenant: dist/, or the build in
 * BENCH_DIST_DIR (to measure another commit's build with this bench: `git archive`, `npm run build`, point here).
 */
async function startConsole(tenantUrl, port) {
  const outDir = process.env.BENCH_DIST_DIR ? ['--outDir', process.env.BENCH_DIST_DIR] : [];
  const child = spawn(bin('vite'), ['preview', '--port', String(port), '--strictPort', ...outDir], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, MANAGE_CONSOLE_TENANT_URL: tenantUrl },
  });
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** A tenant process, the console in front of it and a Chromium signed in as Ada; `run(page, stack)` measures. */
export async function withSignedInConsole({ seed, prepare, dataDir, tenantArgs = [] }, run) {
  // Imported here: bench.mjs installs dependencies first when a fresh clone has none.
  const { chromium } = await import('@playwright/test');
  // BENCH_CONSOLE_PORT / BENCH_TENANT_PORT: fixed ports, on a machine shared with others who have theirs
  const consolePort = Number(process.env.BENCH_CONSOLE_PORT) || (await freePort());
  const consoleUrl = `http://localhost:${consolePort}`;
  const tenant = await startTenantProcess({
    seed,
    port: Number(process.env.BENCH_TENANT_PORT) || 0,
    ...(dataDir ? { dataDir } : {}),
    args: ['--allowed-origin', consoleUrl, ...tenantArgs],
  });
  const app = await startConsole(tenant.url, consolePort);
  // Launched, not connected over a socket: a remote connection would copy picked files through the socket first.
  const browser = await chromium.launch({
    ...(existsSync(DEBIAN_CHROMIUM) ? { executablePath: DEBIAN_CHROMIUM } : {}),
    args: CHROMIUM_ARGS,
  });
  try {
    if (prepare) await prepare(tenant);
    const page = await browser.newPage();
    await page.goto(consoleUrl);
    await page.getByRole('radio', { name: /Local tenant/ }).check();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('ada-demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Account: Ada Admin' }).waitFor();
    return await run(page, { consoleUrl, tenant, browserPid: childPid(/chrom/) });
  } finally {
    await browser.close();
    await app.stop();
    await tenant.stop();
  }
}

const PAGES = [
  { label: 'Spaces (/spaces)', path: '/spaces' },
  { label: 'Data files, all spaces (/data-files?space=all)', path: '/data-files?space=all' },
];

/**
 * Notes, in the page, when the first data row of the main table is painted: the time since the navigation
 * started (the page's own clock), taken in the frame after the row entered the DOM. Playwright's waits poll
 * (at up to 500 ms steps) and would round the figure to their rhythm.
 */
function markFirstRow() {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('main tbody tr:not([aria-hidden])')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__firstRowPainted = performance.now())));
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Median time from a full page navigation to the first data row painted, and the rendered row count after it. */
async function timeFirstRows(page, consoleUrl, path, runs) {
  await page.addInitScript(markFirstRow);
  const times = [];
  let rows = 0;
  for (let i = 0; i < runs + 1; i++) {
    await page.goto(`${consoleUrl}${path}`);
    const painted = await page.waitForFunction(() => window.__firstRowPainted, undefined, {
      timeout: 60_000,
      polling: 'raf',
    });
    if (i > 0) times.push(await painted.jsonValue());
    // The first row is the header; spacer rows are hidden from the accessibility tree.
    rows = await page.getByRole('main').getByRole('row').count();
  }
  return { median: median(times), rows };
}

export async function consoleFirstRowsFigures({ runs = 5 } = {}) {
  const measure = (seed, prepare) =>
    withSignedInConsole({ seed, prepare }, async (page, { consoleUrl }) => {
      const results = [];
      for (const target of PAGES) results.push(await timeFirstRows(page, consoleUrl, target.path, runs));
      return results;
    });
  const small = await measure('demo', async (tenant) => fillFiles(tenant, await m2mToken(tenant), 100));
  const large = await measure('large');
  return [
    '## Console: navigation to first rows',
    '',
    `Built console (vite preview) in Chromium, signed in as the tenant admin; full page load of the URL until the first data row is painted, timed by the page itself (navigation start to the frame after the row entered the DOM); median of ${runs} after one warm-up. Rendered rows counted after load (virtualized tables keep this bounded).`,
    '',
    '| page | small tenant | large tenant | large ÷ small | rows rendered (large) |',
    '|---|---|---|---|---|',
    ...PAGES.map(
      (target, i) =>
        `| ${target.label} | ${ms(small[i].median)} | ${ms(large[i].median)} | ${(large[i].median / small[i].median).toFixed(2)}× | ${large[i].rows} |`,
    ),
  ];
}

/** The pid of this process's child whose command line matches (Playwright starts the browser as our child). */
function childPid(pattern) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      if (ppid === process.pid && pattern.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8')))
        return Number(entry);
    } catch {
      // ended while we looked
    }
  }
  throw new Error('the browser process was not found');
}

/** Resident memory (kB) of a process and all its descendants, from /proc. */
function treeRssKb(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const current = stack.pop();
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${current}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended
    }
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

/** A 1 GiB file of incompressible content, written in 4 MiB blocks (never whole in memory). */
function generateFile(dir, size) {
  const path = join(dir, 'bench-1gib.qvd');
  const fd = openSync(path, 'w');
  const block = randomBytes(4 * MiB);
  for (let written = 0; written < size; written += block.length) {
    block.writeUInt32LE(written, 0);
    writeSync(fd, block.subarray(0, Math.min(block.length, size - written)));
  }
  closeSync(fd);
  return path;
}

/**
 * The console's requests for one upload, from the page's Resource Timing (the browser's own clock, as wall-clock
 * ms): the tus creation POST, the PATCHes (and the time from one PATCH's answer to the next one's start, summed),
 * and the import POST. Playwright's request events are not used: they reach this process late, some by seconds.
 */
function uploadRequests(page) {
  return page.evaluate(() => {
    const wall = (t) => performance.timeOrigin + t;
    const entries = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.initiatorType === 'xmlhttprequest');
    const path = (entry) => new URL(entry.name).pathname;
    const creation = entries.find((entry) => path(entry) === '/api/v1/temp-contents/files');
    const patches = entries.filter((entry) => path(entry).startsWith('/api/v1/temp-contents/files/'));
    const imported = entries.find(
      (entry) => path(entry) === '/api/v1/data-files' && new URL(entry.name).search === '',
    );
    if (!creation || patches.length === 0 || !imported) return undefined;
    let between = 0;
    for (let i = 1; i < patches.length; i++) between += patches[i].startTime - patches[i - 1].responseEnd;
    return {
      created: wall(creation.startTime),
      patches: patches.length,
      between,
      lastPatch: wall(patches.at(-1).responseEnd),
      importSent: wall(imported.startTime),
      imported: wall(imported.responseEnd),
    };
  });
}

/**
 * What this Chromium manages with no tus, no console and no tenant: the same file sent as plain XHR PATCHes of
 * `chunkSize` (File.slice, one after the other) to a local HTTP server that only counts the bytes. The ceiling the
 * console's tus phase can reach on this machine.
 */
async function chromiumCeiling(browser, file, size, chunkSize) {
  let received = 0;
  const sink = createHttpServer((request, response) => {
    if (request.method === 'GET') {
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><input type="file" aria-label="File">');
      return;
    }
    request.on('data', (chunk) => (received += chunk.length));
    request.on('end', () => {
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise((resolve) => sink.listen(0, 'localhost', resolve));
  const page = await browser.newPage();
  try {
    await page.goto(`http://localhost:${sink.address().port}/`);
    await page.getByLabel('File').setInputFiles(file);
    const ms = await page.evaluate(async (chunk) => {
      const picked = document.querySelector('input').files[0];
      const started = performance.now();
      for (let offset = 0; offset < picked.size; offset += chunk) {
        await new Promise((resolve, reject) => {
          const request = new XMLHttpRequest();
          request.open('PATCH', '/sink');
          request.onload = resolve;
          request.onerror = reject;
          request.send(picked.slice(offset, offset + chunk));
        });
      }
      return performance.now() - started;
    }, chunkSize);
    if (received !== size) throw new Error(`the sink received ${received} of ${size} bytes`);
    return size / 1e6 / (ms / 1000);
  } finally {
    await page.close();
    await new Promise((resolve) => sink.close(resolve));
  }
}

/**
 * Notes in the page the wall-clock time (Date.now()) at which a text reading exactly "Uploaded" enters the DOM, as
 * it happens: Playwright's own wait polls, and on a long wait only every few hundred ms.
 */
function noteWhenUploaded(page) {
  return page.evaluate(() => {
    const isLabel = (node) => node.nodeType === Node.TEXT_NODE && node.data.trim() === 'Uploaded';
    const holdsLabel = (node) => {
      if (isLabel(node)) return true;
      if (node.nodeType !== Node.ELEMENT_NODE || !node.textContent.includes('Uploaded')) return false;
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) if (isLabel(walker.currentNode)) return true;
      return false;
    };
    const observer = new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const nodes = mutation.type === 'characterData' ? [mutation.target] : mutation.addedNodes;
        for (const node of nodes) {
          if (!holdsLabel(node)) continue;
          window.__benchUploadedAt = Date.now();
          observer.disconnect();
          return;
        }
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    // Room for every request of the upload, and none of the page load's before it.
    performance.setResourceTimingBufferSize(10_000);
    performance.clearResourceTimings();
  });
}

/**
 * The console uploads a 1 GiB file (tus, File.slice chunks) into Ada's personal space: MB/s end to end (picking
 * to "Uploaded") and for the tus phase alone, against curl's figures of the same run, and memory growth.
 */
export async function consoleUploadFigures({ size = GiB, curlMBps } = {}) {
  const curl = lastCurlUpload;
  const curlEndToEnd = curlMBps ?? curl?.mbps;
  const work = mkdtempSync(join(tmpdir(), 'bench-upload-'));
  try {
    const file = generateFile(work, size);
    return await withSignedInConsole({ seed: 'demo' }, async (page, { consoleUrl, browserPid }) => {
      await page.goto(`${consoleUrl}/data-files`);
      await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
      const baseline = treeRssKb(browserPid);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(browserPid))), 250);
      await noteWhenUploaded(page);
      const started = Date.now();
      await page.getByLabel('Files to upload').setInputFiles(file);
      await page
        .getByText('Uploaded', { exact: true })
        .first()
        .waitFor({ timeout: 15 * 60_000 });
      clearInterval(sampler);
      const uploadedAt = (await page.evaluate(() => window.__benchUploadedAt)) ?? Date.now();
      const seconds = (uploadedAt - started) / 1000;
      const marks = await uploadRequests(page);
      if (!marks) throw new Error("the upload's tus or import requests were not seen");
      const mbps = size / 1e6 / seconds;
      const tusSeconds = (marks.lastPatch - marks.created) / 1000;
      const tusMBps = size / 1e6 / tusSeconds;
      const importSeconds = (marks.imported - marks.importSent) / 1000;
      const before = (marks.created - started) / 1000;
      const after = (uploadedAt - marks.imported) / 1000;
      const chunkMiB = Math.round(size / marks.patches / MiB);
      const ceiling = await chromiumCeiling(page.context().browser(), file, size, chunkMiB * MiB);
      const ratio = (a, b) => (b ? (a / b).toFixed(2) : 'n/a');
      return [
        `## Console: ${size >= GiB ? `${(size / GiB).toFixed(0)} GiB` : `${(size / MiB).toFixed(0)} MiB`} upload (tus)`,
        '',
        `The built console in Chromium uploads a generated file picked with the file input into the personal space: quota and name checks, tus creation and ${marks.patches} PATCHes (about ${chunkMiB} MiB each, read lazily with File.slice), then the import into data files (POST /api/v1/data-files with tempContentFileId). Timed end to end, from picking the file until the panel's "Uploaded" label enters the page (noted by a MutationObserver) — the same flow curl is timed on above, plus the console's own checks before and rendering after. The tus phase (creation POST sent to last PATCH answered) and the import (POST sent to answered) are also shown alone, from the page's Resource Timing.`,
        `Throughput: ${mbps.toFixed(1)} MB/s (${seconds.toFixed(1)} s end to end)${curlEndToEnd ? `; curl in the same run: ${curlEndToEnd.toFixed(1)} MB/s; console ÷ curl = ${ratio(mbps, curlEndToEnd)} (target ≥ 0.7)` : ''}.`,
        `tus phase alone: ${tusMBps.toFixed(1)} MB/s (${tusSeconds.toFixed(1)} s)${curl ? `; curl ${curl.tusMBps.toFixed(1)} MB/s; console ÷ curl = ${ratio(tusMBps, curl.tusMBps)}` : ''}. Import: ${importSeconds.toFixed(2)} s${curl ? ` (curl: ${curl.importSeconds.toFixed(2)} s)` : ''}. Between one PATCH's answer and the next request: ${(marks.between / 1000).toFixed(2)} s in all. Before the tus creation (checks): ${before.toFixed(2)} s; after the import until "Uploaded" shows: ${after.toFixed(2)} s.`,
        `Chromium's own ceiling in the same run (plain XHR PATCHes of the same ${chunkMiB} MiB slices to a local server that only counts bytes, no tus, console or tenant): ${ceiling.toFixed(1)} MB/s; the console's tus phase reaches ${ratio(tusMBps, ceiling)} of it.`,
        `Browser memory (all Chromium processes, RSS): ${(baseline / 1024).toFixed(0)} MB before, peak ${(peak / 1024).toFixed(0)} MB during; growth ${((peak - baseline) / 1024).toFixed(0)} MB (target < 100 MB).`,
      ];
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Chromium DevTools' "Fast 3G" as the issue measured it: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up. */
const FAST_3G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const UNTHROTTLED = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

/**
 * One cold load of a signed-in page (browser cache cleared, the session in sessionStorage as after a sign-in):
 * requests started and bytes received (encoded, as on the wire) before the first data row was painted, and that
 * time. Requests and bytes come from the DevTools protocol, which sees cross-origin API calls too.
 */
async function coldLoad(page, cdp, url) {
  const started = new Map();
  const bytes = new Map();
  const onRequest = (event) => {
    if (!event.request.url.startsWith('data:')) started.set(event.requestId, event.wallTime * 1000);
  };
  const onFinished = (event) => bytes.set(event.requestId, event.encodedDataLength);
  cdp.on('Network.requestWillBeSent', onRequest);
  cdp.on('Network.loadingFinished', onFinished);
  try {
    await page.goto('about:blank');
    await cdp.send('Network.clearBrowserCache');
    started.clear();
    bytes.clear();
    await page.goto(url);
    const painted = await (
      await page.waitForFunction(() => window.__firstRowPainted, undefined, {
        timeout: 120_000,
        polling: 'raf',
      })
    ).jsonValue();
    const paintedAt = await page.evaluate((at) => performance.timeOrigin + at, painted);
    // let the requests that were under way finish, so their bytes are known
    await page.waitForLoadState('networkidle').catch(() => {});
    const before = [...started].filter(([, at]) => at <= paintedAt).map(([id]) => id);
    return {
      ms: painted,
      requests: before.length,
      bytes: before.reduce((sum, id) => sum + (bytes.get(id) ?? 0), 0),
    };
  } finally {
    cdp.off('Network.requestWillBeSent', onRequest);
    cdp.off('Network.loadingFinished', onFinished);
  }
}

/** First load of the signed-in Spaces page, unthrottled and on Fast 3G: requests, bytes, time to first rows. */
export async function consoleFirstLoadFigures({ runs = 3 } = {}) {
  const path = '/spaces';
  const results = await withSignedInConsole({ seed: 'demo' }, async (page, { consoleUrl }) => {
    await page.addInitScript(markFirstRow);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const measured = {};
    for (const [label, profile] of [
      ['unthrottled', UNTHROTTLED],
      ['Fast 3G', FAST_3G],
    ]) {
      await cdp.send('Network.emulateNetworkConditions', profile);
      measured[label] = [];
      for (let i = 0; i < runs; i++) measured[label].push(await coldLoad(page, cdp, `${consoleUrl}${path}`));
    }
    await cdp.send('Network.emulateNetworkConditions', UNTHROTTLED);
    return measured;
  });
  const row = (label) => {
    const all = results[label];
    const list = (key, format) => all.map((r) => format(r[key])).join(', ');
    return `| ${label} | ${list('requests', String)} | ${list('bytes', (b) => `${(b / 1024).toFixed(0)} KiB`)} | ${list('ms', (t) => `${(t / 1000).toFixed(2)} s`)} | ${(median(all.map((r) => r.ms)) / 1000).toFixed(2)} s |`;
  };
  return [
    '## Console: first load of the signed-in Spaces page',
    '',
    `Built console (vite preview) in Chromium, signed in as the tenant admin (demo tenant); the browser cache cleared before each of ${runs} loads of ${path}. Requests started and bytes received on the wire (DevTools protocol: encoded sizes, API calls included) before the first data row was painted, and the time from navigation start to that paint. Fast 3G: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up (Network.emulateNetworkConditions). Targets: ≤ 30 requests; first rows within 3 s on Fast 3G.`,
    '',
    '| network | requests (each run) | bytes (each run) | first rows (each run) | median |',
    '|---|---|---|---|---|',
    row('unthrottled'),
    row('Fast 3G'),
  ];
}

// ------------------------------------------------------------------------------------- wide data sets

const WIDE_ROWS = 500;

/** A CSV of `fields` columns and WIDE_ROWS rows: integers, categories and dates in turn (histograms and top values). */
function wideCsv(fields) {
  const header = Array.from({ length: fields }, (_, j) => `f${String(j).padStart(4, '0')}`).join(',');
  const rows = [header];
  for (let r = 0; r < WIDE_ROWS; r++) {
    const cells = new Array(fields);
    for (let j = 0; j < fields; j++) {
      const kind = j % 3;
      cells[j] =
        kind === 0
          ? String((r * 7919 + j * 104729) % 1000)
          : kind === 1
            ? `c${(r + j) % 7}`
            : `2024-${String(1 + ((r + j) % 12)).padStart(2, '0')}-${String(1 + (r % 28)).padStart(2, '0')}`;
    }
    rows.push(cells.join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** Uploads a wide CSV into the first shared space and waits for its profile; returns the data set id. */
async function uploadWideDataSet(tenant, token, fields) {
  const auth = { authorization: `Bearer ${token}` };
  const get = async (path) => {
    const response = await fetch(`${tenant.url}${path}`, { headers: auth });
    return { status: response.status, body: await response.json() };
  };
  const spaceId = (await get('/api/v1/spaces?type=shared&limit=1')).body.data[0].id;
  // a file goes into a space through the space's DataFiles connection
  const connectionId = (await get(`/api/v1/data-files/connections?spaceId=${spaceId}`)).body.data[0].id;
  const name = `wide-${fields}.csv`;
  const form = new FormData();
  form.append('File', new Blob([wideCsv(fields)]), name);
  form.append('Json', JSON.stringify({ name, connectionId }));
  const upload = await fetch(`${tenant.url}/api/v1/data-files`, {
    method: 'POST',
    headers: auth,
    body: form,
  });
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const deadline = Date.now() + 10 * 60_000;
  let dataSetId;
  while (Date.now() < deadline) {
    dataSetId ??= (
      await get(`/api/v1/items?resourceType=dataset&name=${encodeURIComponent(name)}&spaceId=${spaceId}`)
    ).body.data?.[0]?.resourceId;
    if (dataSetId && (await get(`/api/v1/data-sets/${dataSetId}/profiles?limit=1`)).status === 200) {
      return dataSetId;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no profile of ${name} within 10 minutes`);
}

/**
 * In the page: long tasks as they happen, and the time the first content (`selector`) is painted (the frame after
 * it entered the DOM).
 */
function observeWidePage(selectors) {
  const selector = selectors[new URLSearchParams(location.search).get('tab')];
  if (!selector) return;
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => {
    if (!document.querySelector(selector)) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__firstContent = performance.now())));
  });
  observer.observe(document, { childList: true, subtree: true });
}

const WIDE_TABS = [
  { tab: 'schema', selector: 'main tbody th[scope="row"]', resource: (id) => `/api/v1/data-sets/${id}?` },
  {
    tab: 'profile',
    selector: 'main [aria-label^="Profile of "]',
    resource: (id) => `/api/v1/data-sets/${id}/profiles`,
  },
];

/** One full load of a data set's tab: first content (from navigation and from its data's arrival), tasks, DOM. */
async function measureWideTab(page, consoleUrl, dataSetId, { tab, resource }, profileTo) {
  // BENCH_WIDE_PROFILE=<dir>: a CPU profile of the load and the typing, to find what the long tasks hold
  const cdp = profileTo ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(`${consoleUrl}/catalog/data-sets/${dataSetId}?tab=${tab}`);
  const first = await (
    await page.waitForFunction(() => window.__firstContent, undefined, { timeout: 120_000, polling: 'raf' })
  ).jsonValue();
  await page.waitForTimeout(1500);
  const figures = await page.evaluate(
    ({ path }) => {
      const arrived = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes(path) || e.name.endsWith(path.replace(/\?$/, '')))
        .map((e) => e.responseEnd);
      const dataAt = arrived.length ? Math.max(...arrived) : undefined;
      const durations = (tasks) => tasks.map((t) => t.duration);
      return {
        dataAt,
        longest: Math.max(0, ...durations(window.__longTasks)),
        // tasks that ended after the data arrived: parsing the response and drawing it, not the app's start
        longestAfterData:
          dataAt === undefined
            ? undefined
            : Math.max(0, ...durations(window.__longTasks.filter((t) => t.start + t.duration > dataAt))),
        nodes: document.getElementsByTagName('*').length,
      };
    },
    { path: resource(dataSetId) },
  );
  // Typing in the field filter: the longest task from the first key to a second after the last.
  await page.evaluate(() => (window.__longTasks = []));
  await page.getByLabel('Filter fields').pressSequentially('f12', { delay: 120 });
  await page.waitForTimeout(1000);
  const typing = await page.evaluate(() => Math.max(0, ...window.__longTasks.map((t) => t.duration)));
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(profileTo, `wide-${tab}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
  return {
    first,
    afterData: figures.dataAt === undefined ? undefined : first - figures.dataAt,
    ...figures,
    typing,
  };
}

/**
 * Data sets of 1,000 and 5,000 fields (WIDE_ROWS rows each) opened on their Schema and Profile tabs in the built
 * console: first content, the longest main-thread task, DOM nodes, and the longest task while typing a filter.
 */
export async function consoleWideDataSetFigures({ fieldCounts = [1000, 5000], runs = 3 } = {}) {
  const rows = [];
  await withSignedInConsole({ seed: 'demo' }, async (page, { consoleUrl, tenant }) => {
    const token = await m2mToken(tenant);
    await page.addInitScript(
      observeWidePage,
      Object.fromEntries(WIDE_TABS.map((target) => [target.tab, target.selector])),
    );
    for (const fields of fieldCounts) {
      const dataSetId = await uploadWideDataSet(tenant, token, fields);
      for (const target of WIDE_TABS) {
        const samples = [];
        for (let i = 0; i < runs + 1; i++) {
          const profileTo = i === runs ? process.env.BENCH_WIDE_PROFILE : undefined;
          const sample = await measureWideTab(page, consoleUrl, dataSetId, target, profileTo);
          if (i > 0) samples.push(sample);
        }
        const mid = (key) => median(samples.map((s) => s[key]).filter((v) => v !== undefined));
        const max = (key) => Math.max(...samples.map((s) => s[key]));
        rows.push(
          `| ${fields.toLocaleString('en-US')} | ${target.tab} | ${ms(mid('first'))} | ${samples.every((s) => s.afterData !== undefined) ? ms(mid('afterData')) : 'n/a'} | ${ms(max('longest'))} | ${samples.every((s) => s.longestAfterData !== undefined) ? ms(max('longestAfterData')) : 'n/a'} | ${ms(max('typing'))} | ${Math.round(mid('nodes')).toLocaleString('en-US')} |`,
        );
      }
    }
  });
  return [
    '## Console: wide data sets (schema and profile)',
    '',
    `A generated CSV of N fields × ${WIDE_ROWS} rows (integers, categories and dates in turn) in a shared space, profiled by the tenant first; the built console in Chromium opens the data set's tab by full page load. First content: navigation start to the frame after the first schema row or profile card entered the DOM, and the same from the end of the response it is drawn from (the data set, or its profile). Longest task: the longest main-thread task (Long Tasks API) from navigation to 1.5 s after first content, worst of the runs, and the longest of those that ended after the data arrived (the app's start excluded); while typing: the longest task from typing "f12" into the field filter (120 ms between keys) to 1 s after. DOM nodes: elements in the document after load. Median of ${runs} loads after one warm-up.`,
    '',
    '| fields | tab | first content | after its data | longest task | longest task after its data | longest task while typing | DOM nodes |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}
