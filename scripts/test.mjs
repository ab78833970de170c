// `npm test`: everything, in the order that fails fastest — typecheck, lint, unit + contract tests, build,
// end-to-end in Chromium. Installs what a fresh clone lacks first.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bin, ensureChromium, ensureDependencies, readJson, root, run, runTogether } from './lib.mjs';

ensureDependencies();
ensureChromium();

const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const vitestReport = join(results, 'vitest.json');
const playwrightReport = join(results, 'playwright.json');
rmSync(vitestReport, { force: true });
rmSync(playwrightReport, { force: true });

const steps = [
  // side by side: each is one thread, and together they take the time of the slower one
  [
    'typecheck and lint',
    () =>
      runTogether([
        [bin('tsc'), ['-b', '--pretty']],
        [bin('eslint'), ['.', '--max-warnings', '0']],
      ]),
  ],
  ['unit and contract tests', () => run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`])],
  ['build', () => run(bin('vite'), ['build'])],
  ['end-to-end tests', () => run(bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport })],
];

let failed;
for (const [name, step] of steps) {
  console.info(`\n▶ ${name}`);
  const started = Date.now();
  try {
    await step();
    console.info(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed = name;
    console.error(`✘ ${name}: ${error.message}`);
    break;
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
if (existsSync(playwrightReport)) {
  const { stats } = readJson(playwrightReport);
  passed += stats.expected + stats.flaky;
  failures += stats.unexpected;
  skipped += stats.skipped;
}
if (failed && failures === 0) failures = 1; // a failed typecheck, lint or build counts as a failure too
console.info(`\ntests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
