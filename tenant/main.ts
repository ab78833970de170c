import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_ALLOWED_ORIGINS } from './auth/origins';
import { QLIK_RATE_LIMITS, type RateLimitOptions } from './http/rate-limit';
import type { TenantServerOptions } from './server';

const HELP = `Local Qlik Cloud tenant

Usage: npm run tenant -- [options]

  --port N               port to listen on (default 8787; 0 = any free port)
  --host H               interface to bind (default localhost)
  --data DIR             data directory: SQLite + file content (default .local-tenant)
  --allowed-origin URL   console origin allowed for CORS and {origin}/callback (repeatable;
                         default ${DEFAULT_ALLOWED_ORIGINS.join(', ')})
  --public-url URL       public origin when it is not http://localhost:<port>
  --seed demo|none|large what an empty data dir is seeded with (default demo; large adds
                         10,000 spaces and 100,000 data files for benchmarks)
  --reset                wipe the data directory first
  --access-token-ttl S   access-token lifetime in seconds (default 21600 = 6 h, as Qlik Cloud)
  --rate-limit           enforce Qlik's per-user limits (Tier 1 1,000/min, Tier 2 100/min)
  --rate-limits R,W,S    enforce custom limits instead: R reads and W writes per S seconds
                         (e.g. 30,10,10 to watch the console wait out 429s)
  --lineage-rate-limit N lineage-graphs requests per minute per caller (default 20, as Qlik
                         Cloud; 0 = no limit)
  --upload-quota SIZE    bytes of data files each user may hold (Qlik's per-user quota; default
                         no cap), e.g. 50MB or 1GiB: uploads past it get 413 DF-016
  --max-file-size SIZE   largest file uploaded in one request (default 500MiB)
  --max-large-file-size SIZE
                         largest file uploaded through temp-contents / tus (default 6GiB)
  --audit-retention-days N
                         days audit events stay online before they move to the archive
                         (default 90, as Qlik Cloud; /audits/archive?date= serves them after)
  --quiet                no request log
  --help                 this text
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.TENANT_PORT ?? '8787' },
    host: { type: 'string', default: 'localhost' },
    data: { type: 'string', default: '.local-tenant' },
    'allowed-origin': { type: 'string', multiple: true },
    'public-url': { type: 'string' },
    seed: { type: 'string', default: 'demo' },
    reset: { type: 'boolean', default: false },
    'access-token-ttl': { type: 'string' },
    'rate-limit': { type: 'boolean', default: false },
    'rate-limits': { type: 'string' },
    'lineage-rate-limit': { type: 'string' },
    'upload-quota': { type: 'string' },
    'max-file-size': { type: 'string' },
    'max-large-file-size': { type: 'string' },
    'audit-retention-days': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (values.seed !== 'demo' && values.seed !== 'none' && values.seed !== 'large') {
  console.error(`--seed must be demo, none or large, not ${values.seed}`);
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}

function parseRateLimits(spec: string | undefined): RateLimitOptions | undefined {
  if (spec === undefined) return values['rate-limit'] ? QLIK_RATE_LIMITS : undefined;
  const parts = spec.split(',').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`--rate-limits must be three positive integers READS,WRITES,SECONDS, not ${spec}`);
    process.exit(2);
  }
  const [tier1, tier2, seconds] = parts as [number, number, number];
  return { tier1, tier2, windowMs: seconds * 1000 };
}

function parseLineageRateLimit(spec: string | undefined): { limit: number; windowMs: number } | false | undefined {
  if (spec === undefined) return undefined;
  const limit = Number(spec);
  if (!Number.isInteger(limit) || limit < 0) {
    console.error(`--lineage-rate-limit must be a whole number of requests per minute (0 = no limit), not ${spec}`);
    process.exit(2);
  }
  return limit === 0 ? false : { limit, windowMs: 60_000 };
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** A size as bytes, or with a unit (`50MB`, `1.5GiB`); exits with a message when it is none. */
function parseSize(option: string, spec: string | undefined): number | undefined {
  if (spec === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(spec);
  const unit = match?.[2]?.toLowerCase() ?? '';
  const bytes = match && Object.hasOwn(UNITS, unit) ? Math.floor(Number(match[1]) * UNITS[unit]!) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    console.error(`--${option} must be a size in bytes or with a unit (e.g. 50MB, 1GiB), not ${spec}`);
    process.exit(2);
  }
  return bytes;
}

function parseRetentionDays(spec: string | undefined): number | undefined {
  if (spec === undefined) return undefined;
  const days = Number(spec);
  if (!Number.isFinite(days) || days <= 0) {
    console.error(`--audit-retention-days must be a positive number of days, not ${spec}`);
    process.exit(2);
  }
  return days;
}

const envOrigins = process.env.TENANT_ALLOWED_ORIGINS?.split(',')
  .map((o) => o.trim())
  .filter(Boolean);
// Every option is read, and a bad one refused, before the server's modules load: a typo is answered at once.
const options: TenantServerOptions = {
  dataDir: resolve(values.data),
  port,
  host: values.host,
  allowedOrigins: values['allowed-origin'] ?? envOrigins ?? DEFAULT_ALLOWED_ORIGINS,
  publicUrl: values['public-url'],
  seed: values.seed,
  reset: values.reset,
  accessTokenTtlSeconds: values['access-token-ttl'] ? Number(values['access-token-ttl']) : undefined,
  rateLimit: parseRateLimits(values['rate-limits']),
  lineageRateLimit: parseLineageRateLimit(values['lineage-rate-limit']),
  dataFiles: {
    maxSize: parseSize('upload-quota', values['upload-quota']),
    maxFileSize: parseSize('max-file-size', values['max-file-size']),
    maxLargeFileSize: parseSize('max-large-file-size', values['max-large-file-size']),
  },
  auditRetentionDays: parseRetentionDays(values['audit-retention-days']),
  logger: !values.quiet,
};
const { buildServer } = await import('./server');
const server = await buildServer(options);

console.info(`
Local tenant ready at ${server.url}   (data: ${resolve(values.data)})
  allowed console origins: ${server.allowedOrigins.join(', ')}
  OAuth SPA client:  ${server.consoleClientId}
  OAuth M2M client:  ${server.m2m.clientId} / secret ${server.m2m.clientSecret}
  demo sign-ins:
${server.demoAccounts.map((a) => `    ${a.name.padEnd(12)} ${a.email.padEnd(18)} ${a.password.padEnd(10)} (${a.description})`).join('\n')}
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
