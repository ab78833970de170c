// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GUARDS } from '../auth/guards';
import { api, signIn, startTenant, type TestTenant } from './harness';

/**
 * Bad input, thrown at every guarded endpoint (the guard table lists them all): the tenant answers 4xx with
 * Qlik's error body, never a 5xx, and stays up. Malformed bodies are refused before any handler changes data.
 */
let t: TestTenant;
let token: string;
beforeAll(async () => {
  t = await startTenant();
  token = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
});
afterAll(async () => {
  await t.stop();
});

const routes = () =>
  Object.keys(GUARDS).map((key) => {
    const [method, url] = key.split(' ') as [string, string];
    return { method, url };
  });

const nasty = fc.oneof(
  fc.constantFrom('../../etc/passwd', '/absolute/path', '..', '.', '%00', 'a\u0000b', 'CON', 'nul.txt', '🙂', '<script>alert(1)</script>', '', ' ', '*', '?', '%', "'; DROP TABLE spaces; --"),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 600 }),
  fc.integer().map(String),
);

function fill(url: string, param: string): string {
  return url.replace(/:[A-Za-z]+/g, () => encodeURIComponent(param));
}

/** Counts rows per table: "the data is unchanged" after refused requests. */
function snapshot(): Record<string, number> {
  const tables = t.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('oauth_store', 'sqlite_sequence')").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (t.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

async function expectClientError(response: Response, what: string) {
  const text = await response.text();
  expect(response.status, `${what} → ${response.status} ${text.slice(0, 200)}`).toBeLessThan(500);
  if (response.status >= 400) {
    const body = JSON.parse(text) as { errors?: { code?: string; title?: string }[] };
    expect(Array.isArray(body.errors) && typeof body.errors[0]?.code === 'string', `${what}: error body ${text.slice(0, 200)}`).toBe(true);
  }
}

describe('bad input never makes the tenant fail', () => {
  it('path parameters with path tricks, unicode and huge strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes()), nasty, async (route, param) => {
        if (!route.url.includes(':')) return;
        const url = fill(route.url, param);
        if (process.env.DEBUG_FUZZ) console.info('>>', route.method, url.slice(0, 120));
        const response = await api(t, token, url, { signal: AbortSignal.timeout(5000), method: route.method, headers: route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}' });
        await expectClientError(response, `${route.method} ${url}`);
      }),
      { numRuns: 150, endOnFailure: true },
    );
  }, 120_000);

  it('query strings: wrong types, invalid cursors, absurd limits and sorts', async () => {
    const key = fc.constantFrom('limit', 'next', 'prev', 'page', 'sort', 'filter', 'type', 'name', 'spaceId', 'connectionId', 'folderId', 'folderPath', 'totalResults', 'ownerId', 'includeAllSpaces', 'baseNameWildcard');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes().filter((r) => r.method === 'GET')), fc.dictionary(key, nasty, { maxKeys: 4 }), async (route, query) => {
        const url = `${fill(route.url, 'x')}?${new URLSearchParams(query)}`;
        await expectClientError(await api(t, token, url), `GET ${url}`);
      }),
      { numRuns: 200, endOnFailure: true },
    );
  });

  it('malformed and mistyped bodies are refused without changing data', async () => {
    const before = snapshot();
    const body = fc.oneof(
      fc.constantFrom('{', '[', '{"name":', 'null', '"text"', '12', 'true', '{"name": {"$gt": ""}}', '[{"op":"explode"}]', '\u0000'),
      fc.string({ maxLength: 50 }),
    );
    const writes = routes().filter((r) => r.method !== 'GET' && !r.url.includes('temp-contents') && !r.url.includes('/data-files'));
    if (writes.length === 0) return;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), body, async (route, raw) => {
        let parses = true;
        try {
          const value: unknown = JSON.parse(raw);
          parses = value !== null && typeof value === 'object';
        } catch {
          parses = false;
        }
        if (parses) return; // well-formed objects may be valid requests; only malformed ones must change nothing
        const url = fill(route.url, 'x');
        await expectClientError(await api(t, token, url, { method: route.method, headers: { 'content-type': 'application/json' }, body: raw }), `${route.method} ${url} ${JSON.stringify(raw)}`);
      }),
      { numRuns: 200, endOnFailure: true },
    );
    expect(snapshot()).toEqual(before);
  });

  it('is still up and serving afterwards', async () => {
    expect((await api(t, token, '/api/v1/users/me')).status).toBe(200);
  });
});
