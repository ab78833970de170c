// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, CONSOLE_ORIGIN, signIn, startTenant, type TestTenant } from './harness';
import { scaledTimeout } from './timeouts';

/**
 * Qlik's rate limits as the local tenant enforces them when switched on: per user and per tier (reads = Tier 1,
 * writes = Tier 2), over the limit → 429 with Retry-After and Qlik's error body; a refused write changes nothing;
 * and a client that waits out Retry-After gets every request through, once.
 */
const WINDOW_MS = 1000;
const READS = 4;
const WRITES = 2;

let t: TestTenant;
const tok = { ada: '', max: '' };

beforeAll(async () => {
  t = await startTenant({ rateLimit: { tier1: READS, tier2: WRITES, windowMs: WINDOW_MS } });
  tok.ada = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
  tok.max = (await signIn(t, 'max', 'user_default')).access_token;
});
afterAll(async () => {
  await t.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until a fresh window starts, so each test sees its whole allowance. */
const freshWindow = () => sleep(WINDOW_MS + 50);

/** What a well-behaved client (as the console's fetch layer) does: on 429, wait Retry-After seconds and retry. */
async function honouring(send: () => Promise<Response>, log: { limited: number }): Promise<Response> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await send();
    if (response.status !== 429) return response;
    log.limited++;
    const seconds = Number(response.headers.get('retry-after'));
    expect(
      Number.isInteger(seconds) && seconds >= 1,
      `Retry-After ${response.headers.get('retry-after')}`,
    ).toBe(true);
    await response.body?.cancel();
    await sleep(seconds * 1000);
  }
  throw new Error('still limited after 20 attempts');
}

const createSpace = (token: string, name: string) =>
  api(t, token, '/api/v1/spaces', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'shared', name }),
  });

const spacesNamed = (prefix: string) =>
  (t.db.prepare('SELECT name FROM spaces WHERE name LIKE ?').all(`${prefix}%`) as { name: string }[]).map(
    (r) => r.name,
  );

describe('rate limiting', () => {
  it('answers 429 with Retry-After, CORS and Qlik’s error body once a user’s reads are used up', async () => {
    await freshWindow();
    const answers = await Promise.all(
      Array.from({ length: READS + 3 }, () =>
        api(t, tok.ada, '/api/v1/users/me', { headers: { origin: CONSOLE_ORIGIN } }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(READS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    const over = answers.find((r) => r.status === 429)!;
    const seconds = Number(over.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    // The console reads Retry-After across origins: the header must be exposed on the refusal too.
    expect(over.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
    expect(over.headers.get('access-control-expose-headers')).toMatch(/\bretry-after\b/);
    expect(over.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await over.json()) as {
      errors: { code: string; title: string; detail: string; status: number }[];
      traceId: string;
    };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({
      code: 'HTTP-429',
      title: 'API rate limit reached.',
      status: 429, // the users API declares errors[].status a number
    });
    expect(body.errors[0]!.detail).toMatch(/wait \d+ seconds?/);
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
    await Promise.all(answers.filter((r) => r !== over).map((r) => r.body?.cancel()));
  });

  it('counts reads and writes apart, and each user apart', async () => {
    await freshWindow();
    for (let i = 0; i < READS; i++) expect((await api(t, tok.ada, '/api/v1/spaces')).status).toBe(200);
    expect((await api(t, tok.ada, '/api/v1/spaces')).status).toBe(429);
    // Reads used up; writes (Tier 2) and another user's reads still go through.
    const write = await createSpace(tok.ada, `rl tier ${Date.now()}`);
    expect(write.status).toBe(201);
    expect((await api(t, tok.max, '/api/v1/spaces')).status).toBe(200);
  });

  it('refuses writes over the limit without changing data', async () => {
    await freshWindow();
    const prefix = `rl refused ${Date.now()} `;
    const answers = await Promise.all(
      Array.from({ length: WRITES + 2 }, (_, i) => createSpace(tok.ada, `${prefix}${i}`)),
    );
    const created = answers.filter((r) => r.status === 201).length;
    expect(created).toBe(WRITES);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(2);
    expect(spacesNamed(prefix)).toHaveLength(created);
  });

  it(
    'lets a client that honours Retry-After through with every request, exactly once',
    { timeout: scaledTimeout(30) },
    async () => {
      await freshWindow();
      const prefix = `rl honoured ${Date.now()} `;
      const log = { limited: 0 };
      const writes = Array.from({ length: WRITES * 3 }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
      const [reads, made] = await Promise.all([
        Promise.all(
          Array.from({ length: READS * 3 }, () => honouring(() => api(t, tok.max, '/api/v1/spaces'), log)),
        ),
        Promise.all(writes.map((name) => honouring(() => createSpace(tok.ada, name), log))),
      ]);
      expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));
      expect(made.map((r) => r.status)).toEqual(made.map(() => 201));
      // The limiter did engage (else this proves nothing), and no write was lost or done twice.
      expect(log.limited).toBeGreaterThan(0);
      expect(spacesNamed(prefix).sort()).toEqual(writes);
    },
  );
});
