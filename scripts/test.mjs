// `npm test`: everything — typecheck, lint, unit + contract tests, build, end-to-end in Chromium. Installs what a
// fresh clone lacks first.
//
// Two lanes side by side. The end-to-end tests spend most of their time waiting (for a page, a debounce, a token's
// lifetime) and keep about half of one core busy, so the checks run beside them, one at a time and at the lowest CPU
// priority, instead of before them: on 2 cores the whole run takes about the end-to-end tests' time plus the build.
// A failed check stops the browser tests at once.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { bin, ensureChromium, ensureDependencies, readJson, root, run } from './lib.mjs';

ensureDependencies();
ensureChromium();

const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const vitestReport = join(results, 'vitest.json');
const playwrightReport = join(results, 'playwright.json');
const checksLog = join(results, 'checks.log');
for (const file of [vitestReport, playwrightReport, checksLog]) rmSync(file, { force: true });

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * A command as a child process group (so it can be stopped with its web servers and browser). `background`: at the
 * lowest CPU priority, so it takes only what the other lane leaves; its own children (Vitest's workers) inherit it.
 * Linux schedules each session's group of processes as one, and a process's nice counts only inside its group, so
 * there the new session's group is made the lowest priority too (/proc/self/autogroup), before the command starts.
 */
function launch(command, args, { env = {}, output = 'inherit', background = false } = {}) {
  const autogroup = background && existsSync('/proc/self/autogroup');
  const [file, argv] = autogroup
    ? [
        '/bin/sh',
        ['-c', 'echo 19 > /proc/self/autogroup 2>/dev/null; exec nice -n 19 "$0" "$@"', command, ...args],
      ]
    : [command, args];
  const child = spawn(file, argv, {
    cwd: root,
    stdio: output === 'inherit' ? 'inherit' : ['ignore', output, output],
    env: { ...process.env, ...env },
    detached: true,
  });
  if (background && !autogroup && child.pid !== undefined) {
    try {
      setPriority(child.pid, 19);
    } catch {
      // not allowed here: it shares the cores evenly instead
    }
  }
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve(`not started (${error.message})`));
    child.on('exit', (status, signal) => resolve(status ?? signal));
  });
  return {
    exited,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** The checks, one after another, into checks.log; printed whole when they end (they end long before the e2e). */
async function checks() {
  const log = openSync(checksLog, 'a');
  const commands = [
    ['typecheck', bin('tsc'), ['-b', '--pretty', 'false']],
    ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
    // Two workers, as alone: at the lowest priority they only take what the browser tests leave idle.
    [
      'unit and contract tests',
      bin('vitest'),
      ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
    ],
  ];
  const lines = [];
  try {
    for (const [name, command, args] of commands) {
      const started = Date.now();
      const status = await launch(command, args, {
        output: log,
        // At the lowest priority a test takes longer than alone (100,000 rows inserted: 13.6 s against 2.6 s, past
        // the 20 s timeout meant to catch a hang): scaledTimeout (tenant/test/timeouts.ts), which every Vitest
        // timeout goes through, multiplies them by this.
        env: { FORCE_COLOR: '0', NO_COLOR: '1', VITEST_TIMEOUT_SCALE: '3' },
        background: true,
      }).exited;
      if (status !== 0) {
        lines.push(`✘ ${name}: exited with ${status} (${seconds(started)})`);
        return { ok: false, lines };
      }
      lines.push(`✔ ${name} (${seconds(started)})`);
    }
    return { ok: true, lines };
  } finally {
    closeSync(log);
  }
}

const failed = [];
console.info('\n▶ build');
const buildStarted = Date.now();
try {
  run(bin('vite'), ['build']);
  console.info(`✔ build (${seconds(buildStarted)})`);
} catch (error) {
  failed.push('build');
  console.error(`✘ build: ${error.message}`);
}

if (failed.length === 0) {
  console.info(
    '\n▶ end-to-end tests, with typecheck, lint and unit + contract tests beside them (test-results/checks.log)',
  );
  const started = Date.now();
  const e2e = launch(bin('playwright'), ['test'], { env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport } });
  const checked = checks().then((result) => {
    console.info('\n── typecheck, lint, unit and contract tests ──');
    console.info(readFileSync(checksLog, 'utf8').trimEnd());
    for (const line of result.lines) console.info(line);
    console.info('── (end-to-end tests go on) ──\n');
    if (!result.ok) {
      failed.push('checks');
      console.error('Stopping the end-to-end tests: a check failed.');
      e2e.stop();
    }
  });
  const e2eStatus = await e2e.exited;
  await checked;
  if (!failed.includes('checks')) {
    if (e2eStatus === 0) console.info(`✔ end-to-end tests (${seconds(started)})`);
    else {
      failed.push('end-to-end tests');
      console.error(`✘ end-to-end tests: exited with ${e2eStatus} (${seconds(started)})`);
    }
  }
}

let passed = 0;
let failures = 0;
let skipped = 0;
if (existsSync(vitestReport)) {
  const report = readJson(vitestReport);
  passed += report.numPassedTests;
  failures += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
if (existsSync(playwrightReport) && !failed.includes('checks')) {
  const { stats } = readJson(playwrightReport);
  passed += stats.expected + stats.flaky;
  failures += stats.unexpected;
  skipped += stats.skipped;
}
if (failed.length > 0 && failures === 0) failures = 1; // a failed typecheck, lint or build counts as a failure too
console.info(`\ntests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
process.exit(failed.length > 0 ? 1 : 0);
