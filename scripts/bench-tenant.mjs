// Local-tenant figures for `npm run bench`: API first-page times on a small and a large tenant, and a 1 GiB tus
// upload by curl. Also the helpers the browser-side figures need (a tenant process on a chosen seed, an M2M token).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib.mjs';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const ms = (value) => `${value.toFixed(1)} ms`;

/**
 * Starts `tenant/main.ts` as its own node process (tsx as a loader) on a free port and waits until it is ready.
 * `seed` is demo | none | large; the data dir is a fresh temp dir unless given. Returns the URL, the M2M client
 * (printed by the tenant at start) and how long start-up (including seeding) took.
 */
export async function startTenantProcess({ seed = 'demo', dataDir, args = [] } = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), `bench-tenant-${seed}-`));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tenant/main.ts', '--port', '0', '--data', dir, '--seed', seed, '--quiet', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  const ready = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const url = /ready at (http:\/\/\S+)/.exec(output)?.[1];
      const m2m = /M2M client:\s+(\S+) \/ secret (\S+)/.exec(output);
      if (url && m2m) resolve({ url, clientId: m2m[1], clientSecret: m2m[2] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code, signal) => reject(new Error(`tenant exited (${code ?? signal}):\n${output}`)));
  });
  return {
    ...ready,
    dataDir: dir,
    startMs: performance.now() - started,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A client-credentials token of the tenant's automation user (a tenant admin), as a script or the console's e2e would use. */
export async function m2mToken(tenant, scope = 'user_default admin_classic') {
  const response = await fetch(`${tenant.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      scope,
    }),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

const authGet = (tenant, token, path) =>
  fetch(`${tenant.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** Median wall time of `runs` GETs (after one warm-up), each read to the end. */
export async function timeGet(tenant, token, path, runs = 9) {
  const once = async () => {
    const t0 = performance.now();
    const response = await authGet(tenant, token, path);
    const body = await response.json();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    return { ms: performance.now() - t0, rows: body.data?.length ?? 0 };
  };
  await once();
  const samples = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const sample = await once();
    samples.push(sample.ms);
    rows = sample.rows;
  }
  return { median: median(samples), rows, runs };
}

/** Counts what a listing holds by following its `next` links. */
async function countAll(tenant, token, path) {
  let url = `${tenant.url}${path}`;
  let total = 0;
  while (url) {
    const body = await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json();
    total += body.data.length;
    url = body.links?.next?.href;
  }
  return total;
}

/** Tops a demo tenant up to `files` data files with small CSVs in the automation user's personal space. */
export async function fillFiles(tenant, token, files) {
  const have = await countAll(tenant, token, '/api/v1/data-files?includeAllSpaces=true&limit=100');
  for (let i = have; i < files; i++) {
    const form = new FormData();
    form.append('File', new Blob([`id,value\n${i},${i * 2}\n`]), 'f.csv');
    form.append('Json', JSON.stringify({ name: `bench-${String(i).padStart(4, '0')}.csv` }));
    const response = await fetch(`${tenant.url}/api/v1/data-files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
  }
  return countAll(tenant, token, '/api/v1/data-files?includeAllSpaces=true&limit=100');
}

/** Tops a tenant up to `spaces` spaces (named `Bench NNN`), so that its first page of spaces is a full one too. */
export async function fillSpaces(tenant, token, spaces) {
  const count = async () =>
    (await (await authGet(tenant, token, '/api/v1/spaces?limit=1')).json()).meta.count;
  for (let i = await count(); i < spaces; i++) {
    const response = await fetch(`${tenant.url}/api/v1/spaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Bench ${String(i).padStart(3, '0')}`, type: 'shared' }),
    });
    if (response.status !== 201) throw new Error(`space: ${response.status} ${await response.text()}`);
  }
  return count();
}

const FIRST_PAGES = [
  { label: 'GET /spaces (first page, limit 100)', path: '/api/v1/spaces?limit=100' },
  {
    label: 'GET /data-files (includeAllSpaces, first page, limit 100)',
    path: '/api/v1/data-files?includeAllSpaces=true&limit=100',
  },
  {
    label: 'GET /data-files (includeAllSpaces, sort=-modifiedDate, first page, limit 100)',
    path: '/api/v1/data-files?includeAllSpaces=true&limit=100&sort=-modifiedDate',
  },
];

/** First-page API times on a 100-file demo tenant and on the large tenant, with their ratio. */
export async function apiFigures({ runs = 9 } = {}) {
  const small = await startTenantProcess({ seed: 'demo' });
  let smallTimes;
  let smallFiles;
  let smallSpaces;
  try {
    const token = await m2mToken(small);
    smallFiles = await fillFiles(small, token, 100);
    // Equal page sizes on both tenants: the ratio is then about tenant size, not about 6 rows against 100.
    smallSpaces = await fillSpaces(small, token, 100);
    smallTimes = [];
    for (const page of FIRST_PAGES) smallTimes.push(await timeGet(small, token, page.path, runs));
  } finally {
    await small.stop();
  }
  const large = await startTenantProcess({ seed: 'large' });
  let largeTimes;
  try {
    const token = await m2mToken(large);
    largeTimes = [];
    for (const page of FIRST_PAGES) largeTimes.push(await timeGet(large, token, page.path, runs));
  } finally {
    await large.stop();
  }
  return [
    '## Local tenant API',
    '',
    `First page as a tenant admin (automation user, admin.spaces: sees every space); median of ${runs} runs after one warm-up.`,
    `Small tenant: demo seed topped up to ${smallFiles} data files and ${smallSpaces} spaces. Large tenant: \`--seed large\` (10,000 extra spaces, 100,000 extra data files), seeded in ${(large.startMs / 1000).toFixed(1)} s.`,
    '',
    '| call | small tenant | large tenant | large ÷ small |',
    '|---|---|---|---|',
    ...FIRST_PAGES.map(
      (page, i) =>
        `| ${page.label} | ${ms(smallTimes[i].median)} | ${ms(largeTimes[i].median)} | ${(largeTimes[i].median / smallTimes[i].median).toFixed(2)}× |`,
    ),
  ];
}

/** Writes `size` bytes of random content as chunk files (what curl sends, one PATCH each); returns their paths and the SHA-256. */
function generateChunks(dir, size, chunkSize) {
  const hash = createHash('sha256');
  const chunks = [];
  for (let offset = 0, n = 0; offset < size; offset += chunkSize, n++) {
    const path = join(dir, `chunk-${n}`);
    const fd = openSync(path, 'w');
    const length = Math.min(chunkSize, size - offset);
    // 4 MiB of randomness repeated with a per-block stamp: incompressible enough, and quick to write.
    const block = randomBytes(4 * MiB);
    for (let written = 0; written < length; written += block.length) {
      block.writeUInt32LE(offset + written, 0);
      const piece = block.subarray(0, Math.min(block.length, length - written));
      hash.update(piece);
      writeSync(fd, piece);
    }
    closeSync(fd);
    chunks.push({ path, offset, length });
  }
  return { chunks, sha256: hash.digest('hex') };
}

const sha256OfFile = (path) =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

function curl(args) {
  const result = spawnSync('curl', ['--silent', '--show-error', '--fail-with-body', ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * MiB,
  });
  if (result.status !== 0)
    throw new Error(`curl ${args.join(' ')}: ${result.status} ${result.stderr} ${result.stdout}`);
  return result.stdout;
}

/**
 * A 1 GiB tus upload by curl against the local tenant: creation (POST), then one PATCH per 64 MiB chunk.
 * MB/s counts the PATCHes only (wall time, decimal MB as upload tools report); the stored content is checked by SHA-256.
 */
export async function tusCurlFigures({ size = GiB, chunkSize = 64 * MiB } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'bench-tus-'));
  const tenant = await startTenantProcess({ seed: 'none' });
  try {
    const token = await m2mToken(tenant);
    const { chunks, sha256 } = generateChunks(work, size, chunkSize);
    const headers = curl([
      '-X',
      'POST',
      '-D',
      '-',
      '-o',
      '/dev/null',
      '-H',
      `authorization: Bearer ${token}`,
      '-H',
      'tus-resumable: 1.0.0',
      '-H',
      `upload-length: ${size}`,
      '-H',
      `upload-metadata: filename ${Buffer.from('bench-1gib.bin').toString('base64')}`,
      `${tenant.url}/api/v1/temp-contents/files`,
    ]);
    const location = /^location:\s*(\S+)/im.exec(headers)?.[1];
    if (!location) throw new Error(`tus creation gave no location:\n${headers}`);
    const t0 = performance.now();
    for (const chunk of chunks) {
      curl([
        '-X',
        'PATCH',
        '-T',
        chunk.path,
        '-o',
        '/dev/null',
        '-H',
        `authorization: Bearer ${token}`,
        '-H',
        'tus-resumable: 1.0.0',
        '-H',
        `upload-offset: ${chunk.offset}`,
        '-H',
        'content-type: application/offset+octet-stream',
        location,
      ]);
    }
    const seconds = (performance.now() - t0) / 1000;
    const id = new URL(location).pathname.split('/').pop();
    const stored = join(tenant.dataDir, 'temp-contents', id);
    const ok = statSync(stored).size === size && (await sha256OfFile(stored)) === sha256;
    return [
      '## tus upload by curl',
      '',
      `${(size / GiB).toFixed(0)} GiB of generated content to the local tenant: tus creation, then ${chunks.length} PATCHes of ${chunkSize / MiB} MiB with curl.`,
      `Throughput: ${(size / 1e6 / seconds).toFixed(1)} MB/s (${seconds.toFixed(1)} s); stored content SHA-256 ${ok ? 'matches' : 'DOES NOT match'}.`,
    ];
  } finally {
    await tenant.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
