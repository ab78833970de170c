// Local-tenant figures for `npm run bench`: API first-page times on a small and a large tenant, and a 1 GiB tus
// upload by curl. Also the helpers the browser-side figures need (a tenant process on a chosen seed, an M2M token).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
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
 * Starts `tenant/main.ts` as its own node process (tsx as a loader) on `port` (0: any free one) and waits until it
 * is ready. `seed` is demo | none | large; the data dir is a fresh temp dir unless given. Returns the URL, the M2M
 * client (printed by the tenant at start) and how long start-up (including seeding) took.
 */
export async function startTenantProcess({ seed = 'demo', dataDir, port = 0, args = [] } = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), `bench-tenant-${seed}-`));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'tenant/main.ts',
      '--port',
      String(port),
      '--data',
      dir,
      '--seed',
      seed,
      '--quiet',
      ...args,
    ],
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

/**
 * Median wall time of `runs` GETs of `path` on each tenant, each read to the end, after `warmup` GETs on each. The
 * tenants take turns request by request (the order flipping every round), so load from elsewhere on the machine
 * falls on all of them alike instead of on whichever happened to be measured while it lasted. The warm-up is the
 * same for all: a tenant process answers its first few dozen requests two to three times slower (JIT, and after a
 * large seed its garbage), and one tenant may have served hundreds of requests (its fill) and the other none.
 */
export async function timeGetsInTurn(targets, path, runs = 21, warmup = 30) {
  const once = async ({ tenant, token }) => {
    const t0 = performance.now();
    const response = await authGet(tenant, token, path);
    const body = await response.json();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup; i++) for (const target of targets) await once(target);
  const samples = targets.map(() => []);
  for (let i = 0; i < runs; i++) {
    const order = targets.map((_, j) => j);
    if (i % 2) order.reverse();
    for (const j of order) samples[j].push(await once(targets[j]));
  }
  return samples.map((values) => ({ median: median(values), runs }));
}

/**
 * Data sets of a tenant process still waiting for their profile, read from its database (read-only, beside the
 * running tenant): a freshly seeded large tenant has 100,000 of them to work off while it is measured.
 */
async function profileBacklog(tenant) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(tenant.dataDir, 'tenant.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        "SELECT COUNT(*) AS total, COALESCE(SUM(profile_status IN ('QUEUED', 'RUNNING')), 0) AS waiting FROM data_sets",
      )
      .get();
  } finally {
    db.close();
  }
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

/**
 * First-page API times on a 100-file demo tenant and on the large tenant, with their ratio. Both tenants run at
 * once and are measured in turn (see timeGetsInTurn); the large one is measured right after its seed, with its
 * profiling backlog still queued, as a user meets it.
 */
export async function apiFigures({ runs = 21, warmup = 30 } = {}) {
  const small = await startTenantProcess({ seed: 'demo' });
  let large;
  try {
    const smallToken = await m2mToken(small);
    const smallFiles = await fillFiles(small, smallToken, 100);
    // Equal page sizes on both tenants: the ratio is then about tenant size, not about 6 rows against 100.
    const smallSpaces = await fillSpaces(small, smallToken, 100);
    large = await startTenantProcess({ seed: 'large' });
    const largeToken = await m2mToken(large);
    const backlog = await profileBacklog(large);
    const targets = [
      { tenant: small, token: smallToken },
      { tenant: large, token: largeToken },
    ];
    const times = [];
    for (const page of FIRST_PAGES) times.push(await timeGetsInTurn(targets, page.path, runs, warmup));
    const left = await profileBacklog(large);
    const count = (n) => n.toLocaleString('en-US');
    return [
      '## Local tenant API',
      '',
      `First page as a tenant admin (automation user, admin.spaces: sees every space); median of ${runs} runs after ${warmup} warm-up requests, the two tenants running side by side and asked in turn.`,
      `Small tenant: demo seed topped up to ${smallFiles} data files and ${smallSpaces} spaces. Large tenant: \`--seed large\` (10,000 extra spaces, 100,000 extra data files), seeded in ${(large.startMs / 1000).toFixed(1)} s; measured at once, with ${count(backlog.waiting)} of its ${count(backlog.total)} data sets still waiting for their profile (${count(left.waiting)} after the measurement: the tenant profiles in the pauses between requests).`,
      '',
      '| call | small tenant | large tenant | large ÷ small |',
      '|---|---|---|---|',
      ...FIRST_PAGES.map(
        (page, i) =>
          `| ${page.label} | ${ms(times[i][0].median)} | ${ms(times[i][1].median)} | ${(times[i][1].median / times[i][0].median).toFixed(2)}× |`,
      ),
    ];
  } finally {
    await large?.stop();
    await small.stop();
  }
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

/** The last curl upload's figures (MB/s), for the console's section of the same run to compare against. */
export let lastCurlUpload;

/**
 * A 1 GiB tus upload by curl against the local tenant, the same flow as the console's: tus creation (POST), one
 * PATCH per 64 MiB chunk, then the import into data files (multipart POST /api/v1/data-files with a Json part
 * naming the tempContentFileId, as the console sends it) until its 201. MB/s are wall time, decimal MB as upload
 * tools report, end to end and for the tus phase (creation and PATCHes) alone; the data file's content is checked
 * by SHA-256.
 */
export async function tusCurlFigures({ size = GiB, chunkSize = 64 * MiB } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'bench-tus-'));
  const tenant = await startTenantProcess({ seed: 'none' });
  try {
    const token = await m2mToken(tenant);
    const { chunks, sha256 } = generateChunks(work, size, chunkSize);
    const name = 'bench-1gib.qvd';
    const t0 = performance.now();
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
      `upload-metadata: filename ${Buffer.from(name).toString('base64')},ttl ${Buffer.from('86400').toString('base64')}`,
      `${tenant.url}/api/v1/temp-contents/files`,
    ]);
    const location = /^location:\s*(\S+)/im.exec(headers)?.[1];
    if (!location) throw new Error(`tus creation gave no location:\n${headers}`);
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
    const tusSeconds = (performance.now() - t0) / 1000;
    const tempContentFileId = new URL(location).pathname.split('/').pop();
    const t1 = performance.now();
    const created = JSON.parse(
      curl([
        '-X',
        'POST',
        '-H',
        `authorization: Bearer ${token}`,
        '-H',
        'accept: application/json',
        '--form-string',
        `Json=${JSON.stringify({ name, tempContentFileId })}`,
        `${tenant.url}/api/v1/data-files`,
      ]),
    );
    const end = performance.now();
    const importSeconds = (end - t1) / 1000;
    const seconds = (end - t0) / 1000;
    const blob = join(tenant.dataDir, 'blobs', sha256);
    const ok =
      created.size === size &&
      existsSync(blob) &&
      statSync(blob).size === size &&
      (await sha256OfFile(blob)) === sha256;
    const mbps = size / 1e6 / seconds;
    const tusMBps = size / 1e6 / tusSeconds;
    lastCurlUpload = { mbps, tusMBps, seconds, tusSeconds, importSeconds };
    return [
      '## tus upload by curl',
      '',
      `${(size / GiB).toFixed(0)} GiB of generated content to the local tenant with curl, the console's flow: tus creation, ${chunks.length} PATCHes of ${chunkSize / MiB} MiB, then the import into data files (POST /api/v1/data-files with tempContentFileId) until its 201. Timed end to end; the tus phase (creation and PATCHes) and the import are also shown alone.`,
      `Throughput: ${mbps.toFixed(1)} MB/s (${seconds.toFixed(1)} s end to end); tus phase alone ${tusMBps.toFixed(1)} MB/s (${tusSeconds.toFixed(1)} s); import ${importSeconds.toFixed(2)} s; data file content SHA-256 ${ok ? 'matches' : 'DOES NOT match'}.`,
    ];
  } finally {
    await tenant.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The first page of `/audits` (newest first, and filtered by type and by user) on a tenant with 100 events and one
 * with 1,000,000, filled straight through the store (scripts/fill-audits.ts) before the tenants start.
 */
export async function auditFigures({ runs = 21, warmup = 30 } = {}) {
  const fill = (count) => {
    const dir = mkdtempSync(join(tmpdir(), `bench-audits-${count}-`));
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/fill-audits.ts', dir, String(count)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    if (result.status !== 0) throw new Error(`fill-audits ${count} failed`);
    return { dir, fillMs: performance.now() - started };
  };
  const smallFill = fill(100);
  const largeFill = fill(1_000_000);
  const small = await startTenantProcess({ seed: 'none', dataDir: smallFill.dir });
  const large = await startTenantProcess({ seed: 'none', dataDir: largeFill.dir });
  try {
    const targets = [
      { tenant: small, token: await m2mToken(small) },
      { tenant: large, token: await m2mToken(large) },
    ];
    const out = [
      '## Audit events: first page, 100 vs 1,000,000 events',
      '',
      `Filled through the store in ${(largeFill.fillMs / 1000).toFixed(1)} s (1,000,000 events). Median of ${runs} GETs after ${warmup} warm-up GETs each, the tenants in turn.`,
      '',
      '| request | 100 events | 1,000,000 events | ratio |',
      '|---|---|---|---|',
    ];
    for (const path of [
      '/api/v1/audits?limit=100',
      '/api/v1/audits?limit=100&eventType=com.qlik.datafile.created',
      '/api/v1/audits?limit=100&userId=bench-user-7',
      '/api/v1/audits?limit=100&sort=%2Bsource',
    ]) {
      const [a, b] = await timeGetsInTurn(targets, path, runs, warmup);
      out.push(`| \`${path.replace('/api/v1', '')}\` | ${ms(a.median)} | ${ms(b.median)} | ${(b.median / a.median).toFixed(2)}× |`);
    }
    return out;
  } finally {
    await small.stop();
    await large.stop();
    rmSync(smallFill.dir, { recursive: true, force: true });
    rmSync(largeFill.dir, { recursive: true, force: true });
  }
}
