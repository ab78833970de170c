// `npm run bench`: prints figures; never fails on time. Writes the latest figures to docs/benchmarks.md.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { arch, cpus, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bin, ensureDependencies, root, run } from './lib.mjs';
import { apiFigures, auditFigures, tusCurlFigures } from './bench-tenant.mjs';
import {
  consoleFirstLoadFigures,
  consoleFirstRowsFigures,
  consoleUploadFigures,
  consoleWideDataSetFigures,
} from './bench-browser.mjs';
import { consoleDropFigures } from './bench-drop.mjs';
import { consoleCsvExportFigures } from './bench-export.mjs';
import { consoleLineageGraphFigures } from './bench-lineage-graph.mjs';
import { lineageFigures } from './bench-lineage.mjs';

/** curl's tus throughput in this run, so the console's upload figure is compared on the same machine state. */
let curlMBps;
const curlSection = async function tusCurl() {
  const out = await tusCurlFigures();
  curlMBps = Number(/Throughput: ([\d.]+) MB\/s/.exec(out.join('\n'))?.[1]) || undefined;
  return out;
};
const BROWSER_FIGURES = [
  consoleFirstLoadFigures,
  consoleFirstRowsFigures,
  consoleWideDataSetFigures,
  consoleCsvExportFigures,
  consoleLineageGraphFigures,
  async function consoleUpload() {
    return consoleUploadFigures({ curlMBps });
  },
  // 10,000 and 30,000 files: about 10 and 30 minutes on 2 busy cores, most of it the uploads themselves
  consoleDropFigures,
];

ensureDependencies();
run(bin('vite'), ['build', '--logLevel', 'warn']);

const dist = join(root, 'dist');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

// What the first page loads: the entry's scripts, modulepreloads and stylesheets named in index.html.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const initialJs = initial.filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gz(f), 0);
const initialCss = initial.filter((f) => f.endsWith('.css')).reduce((sum, f) => sum + gz(f), 0);

const chunks = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => ({
    file: f,
    raw: statSync(join(dist, 'assets', f)).size,
    gzip: gz(`assets/${f}`),
    initial: initial.includes(`assets/${f}`),
  }))
  .sort((a, b) => b.gzip - a.gzip);

const lines = [
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()} ${arch()}, Node ${process.version}`,
  `Date: ${new Date().toISOString()}`,
  '',
  '## Bundle',
  '',
  `Initial JS (gzip): ${kb(initialJs)} — target ≤ 180 KB (a bare page of this stack: ~156 KB)`,
  `Initial CSS (gzip): ${kb(initialCss)}`,
  '',
  '| chunk | raw | gzip | on first page |',
  '|---|---|---|---|',
  ...chunks.map((c) => `| ${c.file} | ${kb(c.raw)} | ${kb(c.gzip)} | ${c.initial ? 'yes' : ''} |`),
];
console.info(lines.join('\n'));

// `npm run bench -- --only consoleFirstLoadFigures,consoleDropFigures`: those sections (by function name) after the
// bundle's, printed only: a partial run leaves docs/benchmarks.md as the last full run wrote it.
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1]?.split(',')) : undefined;
const sections = [apiFigures, auditFigures, lineageFigures, curlSection, ...BROWSER_FIGURES].filter(
  (s) => !only || only.has(s.name),
);

// Each section runs on its own, so one that breaks (say, no curl) still leaves the others' figures.
for (const section of sections) {
  let out;
  try {
    out = await section();
  } catch (error) {
    out = [
      `## ${section.name}`,
      '',
      `Not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    ];
  }
  console.info(['', ...out].join('\n'));
  lines.push('', ...out);
}
if (!only) {
  writeFileSync(
    join(root, 'docs', 'benchmarks.md'),
    `# Benchmarks\n\nWritten by \`npm run bench\`.\n\n${lines.join('\n')}\n`,
  );
}
