// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { guardFor } from '../auth/guards';
import { whenCatalogIdle } from '../catalog/data-sets';
import { api, CONSOLE_ORIGIN, signIn, startTenant, type TestTenant } from './harness';
import { answerOf, contractBreach } from './fuzz/oracle';
import { rawRequest } from './fuzz/raw-http';
import {
  INHERITED_NAMES,
  NUMBER_TEXTS,
  deepArray,
  deepJson,
  hostileJsonValue,
  jsonText,
  nastyString,
  pathVariants,
} from './fuzz/hostile';
import { scaledTimeout } from './timeouts';

/**
 * Everything a client can send, at every route the tenant serves (taken from the server's own route list, so a new
 * route is fuzzed without a line here): hostile path spellings, inherited property names, non-finite numbers,
 * broken multipart, deep JSON, oversized headers, random bytes, every tus header. The contract: never a 5xx, never
 * a hang (10 s), every refusal in Qlik's error shape, nothing left on disk by a broken upload.
 *
 * `npm test` runs it with a fixed seed; `npm run fuzz` runs it longer with a fresh seed (FUZZ_RUNS, FUZZ_SEED).
 */
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE), seed: SEED, endOnFailure: true });
const LONG = 120_000 * Math.max(1, SCALE);

let t: TestTenant;
let admin = '';
let noScope = '';
const realIds: string[] = [];

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
type Route = { method: string; url: string };
let routes: Route[] = [];
let apiRoutes: Route[] = [];

/** encodeURIComponent, with lone surrogates sent as the bytes a careless client would send (it throws on them). */
const encodeSegment = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '')) + '%ED%A0%80';
  }
};
const fill = (url: string, value: string) => url.replace(/:[A-Za-z]+/g, () => encodeSegment(value));

async function expectContract(path: string, send: () => Promise<Response>) {
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    throw new Error(
      `${path}: ${(error as Error).name === 'TimeoutError' ? 'hang (no answer within 10 s)' : (error as Error).message}`,
    );
  }
  const breach = contractBreach(path, await answerOf(response));
  expect(breach, path.slice(0, 200)).toBeUndefined();
}

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  expectContract(`${init.method ?? 'GET'} ${path}`, () =>
    api(t, init.token ?? admin, path, { ...init, signal: AbortSignal.timeout(10_000) }),
  );

beforeAll(async () => {
  t = await startTenant();
  admin = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
  noScope = (await signIn(t, 'ada', 'identity.email:read')).access_token;
  const ids = (sql: string) => (t.db.prepare(sql).all() as { id: string }[]).map((r) => r.id);
  realIds.push(
    ...ids('SELECT id FROM spaces LIMIT 3'),
    ...ids('SELECT id FROM space_assignments LIMIT 2'),
    ...ids('SELECT id FROM data_connections LIMIT 3'),
    ...ids('SELECT id FROM data_files LIMIT 3'),
    ...ids('SELECT id FROM data_sets LIMIT 2'),
    ...ids('SELECT id FROM users LIMIT 2'),
    ...ids('SELECT id FROM groups LIMIT 1'),
    ...ids('SELECT id FROM tenant'),
  );
  routes = t.routes.filter((r) => !['HEAD', 'OPTIONS', 'TRACE', 'QUERY'].includes(r.method));
  apiRoutes = routes.filter((r) => r.url.startsWith('/api/v1/'));
}, scaledTimeout(60));

afterAll(async () => {
  await t?.stop();
});

describe('one path for routing and every check', () => {
  it(
    'every API route, spelled every way, is 401 without a token and 401/403/404 with a token lacking its scope',
    async () => {
      const seen: string[] = [];
      for (const route of apiRoutes) {
        const path = fill(route.url, realIds[0]!);
        const guard = guardFor(route.method, route.url)!;
        for (const variant of pathVariants(path)) {
          const init = {
            method: route.method,
            headers: BODY_METHODS.has(route.method) ? { 'content-type': 'application/json' } : undefined,
            body: BODY_METHODS.has(route.method) ? '{}' : undefined,
          };
          const anonymous = await rawRequest(t.url, {
            method: route.method,
            target: variant,
            headers: init.headers,
            body: init.body,
          });
          expect(
            [401, 404],
            `${route.method} ${variant} without a token → ${anonymous.status} ${anonymous.body.slice(0, 120)}`,
          ).toContain(anonymous.status);
          expect(
            contractBreach(variant, {
              status: anonymous.status,
              contentType: anonymous.headers['content-type'] ?? '',
              body: anonymous.body,
            }),
          ).toBeUndefined();
          if (guard.anyOf.length) {
            const scoped = await rawRequest(t.url, {
              method: route.method,
              target: variant,
              headers: { ...init.headers, authorization: `Bearer ${noScope}` },
              body: init.body,
            });
            expect(
              [401, 403, 404],
              `${route.method} ${variant} with a token lacking ${guard.anyOf.join('|')} → ${scoped.status} ${scoped.body.slice(0, 120)}`,
            ).toContain(scoped.status);
          }
          seen.push(variant);
        }
      }
      expect(seen.length).toBeGreaterThan(apiRoutes.length * 10);
    },
    LONG,
  );

  it('an encoded path reaches the same guard as the plain one (not a 404 that hides a bypass)', async () => {
    const plain = await rawRequest(t.url, { method: 'GET', target: '/api/v1/users' });
    const encoded = await rawRequest(t.url, { method: 'GET', target: '/%61pi/%76%31/users' });
    expect([plain.status, encoded.status]).toEqual([401, 401]);
    const withScope = await rawRequest(t.url, {
      method: 'GET',
      target: '/%61pi/v1/u%73ers',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(withScope.status).toBe(200);
  });
});

describe('CORS only for allowed origins', () => {
  const foreign = [
    'http://evil.example',
    'null',
    `${CONSOLE_ORIGIN}.evil.example`,
    CONSOLE_ORIGIN.replace('http:', 'https:'),
    CONSOLE_ORIGIN.toUpperCase(),
  ];

  it(
    'no route echoes a foreign origin, on requests or preflights',
    async () => {
      for (const route of routes) {
        const path = fill(route.url, realIds[0]!);
        for (const origin of foreign) {
          const preflight = await fetch(`${t.url}${path}`, {
            method: 'OPTIONS',
            signal: AbortSignal.timeout(10_000),
            headers: { origin, 'access-control-request-method': route.method },
          }).catch((e: Error) => {
            throw new Error(`preflight ${route.method} ${path}: ${e.message}`);
          });
          expect(
            preflight.headers.get('access-control-allow-origin'),
            `preflight ${route.method} ${path} from ${origin}`,
          ).toBeNull();
          const actual = await fetch(`${t.url}${path}`, {
            method: route.method,
            redirect: 'manual',
            signal: AbortSignal.timeout(10_000),
            headers: {
              origin,
              authorization: `Bearer ${admin}`,
              ...(BODY_METHODS.has(route.method) ? { 'content-type': 'application/json' } : {}),
            },
            body: BODY_METHODS.has(route.method) ? '{}' : undefined,
          }).catch((e: Error) => {
            throw new Error(`${route.method} ${path}: ${e.message}`);
          });
          expect(
            actual.headers.get('access-control-allow-origin'),
            `${route.method} ${path} from ${origin}`,
          ).toBeNull();
          expect(actual.status, `${route.method} ${path}`).toBeLessThan(500);
        }
      }
    },
    LONG,
  );

  it('the allowed origin gets CORS with credentials on the token endpoint and the API', async () => {
    for (const path of ['/oauth/token', '/oauth/revoke', '/api/v1/spaces']) {
      const preflight = await fetch(`${t.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: CONSOLE_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin'), path).toBe(CONSOLE_ORIGIN);
      expect(preflight.headers.get('access-control-allow-credentials'), path).toBe('true');
    }
  });

  it('a browser on the console origin cannot use the machine client at the token endpoint', async () => {
    const response = await fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { origin: CONSOLE_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: t.m2m.clientId,
        client_secret: t.m2m.clientSecret,
      }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('no 5xx for anything a client can send', () => {
  it(
    'path parameters: inherited names, path tricks, unicode, huge strings',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...apiRoutes.filter((r) => r.url.includes(':'))),
          fc.oneof(nastyString, fc.constantFrom(...realIds)),
          async (route, param) => {
            const path = fill(route.url, param);
            const body = BODY_METHODS.has(route.method) ? '{}' : undefined;
            await call(path, {
              method: route.method,
              headers: body ? { 'content-type': 'application/json' } : {},
              body,
            });
          },
        ),
        runs(300),
      );
    },
    LONG,
  );

  it(
    'query strings: inherited filter attributes, non-finite numbers, bad cursors and sorts',
    async () => {
      const key = fc.constantFrom(
        'limit',
        'next',
        'prev',
        'page',
        'sort',
        'filter',
        'type',
        'name',
        'spaceId',
        'connectionId',
        'folderId',
        'folderPath',
        'totalResults',
        'ownerId',
        'includeAllSpaces',
        'baseNameWildcard',
        'systemGroups',
        'query',
        'resourceType',
        'allowInternalFiles',
        ...INHERITED_NAMES,
      );
      const value = fc.oneof(
        nastyString,
        fc.constantFrom(...NUMBER_TEXTS),
        fc.constantFrom(...INHERITED_NAMES).map((name) => `${name} eq "x"`),
        fc
          .tuple(fc.constantFrom(...INHERITED_NAMES), fc.constantFrom('co', 'pr', 'sw', 'gt'))
          .map(([name, op]) => `${name} ${op} "1"`),
        fc.constantFrom(...INHERITED_NAMES).map((name) => `-${name}`),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes.filter((r) => r.method === 'GET')),
          fc.dictionary(key, value, { maxKeys: 4 }),
          async (route, query) => {
            await call(`${fill(route.url, realIds[0]!)}?${new URLSearchParams(query)}`);
          },
        ),
        runs(400),
      );
    },
    LONG,
  );

  it('every list refuses non-finite and out-of-range limits with a 400', async () => {
    for (const route of apiRoutes.filter((r) => r.method === 'GET' && !r.url.includes(':'))) {
      for (const limit of ['Infinity', '-Infinity', '1e999', 'NaN']) {
        const response = await api(t, admin, `${route.url}?limit=${limit}`);
        expect(response.status, `${route.url}?limit=${limit}`).toBeLessThan(500);
      }
    }
  });

  it(
    'JSON bodies: inherited keys and patch paths, non-finite numbers, deep nesting',
    async () => {
      const field = fc.constantFrom(
        'name',
        'description',
        'type',
        'ownerId',
        'roles',
        'assigneeId',
        'qName',
        'qConnectStatement',
        'qType',
        'datasourceID',
        'connectionProperties',
        'qUsername',
        'qPassword',
        'spaceId',
        'space',
        'folderId',
        'connectionId',
        'tempContentFileId',
        'sourceId',
        'folder',
        'delete',
        'connections',
        'ids',
        'id',
        'grant_type',
        'token',
        'token_type_hint',
        'refresh_token',
        'client_id',
        'code',
        'code_verifier',
        'redirect_uri',
        'scope',
      );
      const object = fc.dictionary(
        fc.oneof(field, fc.constantFrom(...INHERITED_NAMES), nastyString),
        hostileJsonValue,
        { maxKeys: 6 },
      );
      const patch = fc.array(
        fc.record({
          op: fc.constantFrom(
            'replace',
            'add',
            'remove',
            'test',
            'move',
            'copy',
            'explode',
            ...INHERITED_NAMES,
          ),
          path: fc.oneof(
            fc.constantFrom(
              '/name',
              '/description',
              '/ownerId',
              '/qName',
              '/qConnectStatement',
              '/qUsername',
              '/qPassword',
              '/connectionProperties/constructor',
              '/connectionProperties/__proto__',
              '/connectionProperties/toString',
              '/connectionProperties/host',
              '/schema/dataFields/0/alias',
              '/schema/dataFields/-1/alias',
              '/schema/dataFields/99999999999999999999/alias',
              '/schema/dataFields/constructor/alias',
              '/__proto__/polluted',
              '/constructor/prototype/polluted',
              '',
              '/',
              '/assignedRoles',
              '/status',
            ),
            nastyString,
          ),
          value: hostileJsonValue,
        }),
        { maxLength: 4 },
      );
      const text = fc.oneof(
        fc
          .tuple(fc.oneof(object, patch, hostileJsonValue), fc.boolean())
          .map(([value, inf]) => jsonText(value, inf)),
        fc.constantFrom(
          deepJson(20_000),
          deepArray(20_000),
          `[${deepJson(5_000)}]`,
          '{"limit":1e999}',
          '{"name":"x","__proto__":{"polluted":1}}',
          '{',
          '[',
          '\u0000',
          'null',
        ),
      );
      const writes = routes.filter((r) => BODY_METHODS.has(r.method) && !r.url.startsWith('/interaction'));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...writes),
          fc.oneof(fc.constantFrom(...realIds), nastyString),
          text,
          fc.constantFrom(
            'application/json',
            'application/json-patch+json',
            'application/x-www-form-urlencoded',
            'text/plain',
          ),
          async (route, param, body, type) => {
            await call(fill(route.url, param), {
              method: route.method,
              headers: { 'content-type': type },
              body,
            });
          },
        ),
        runs(500),
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    LONG,
  );

  it(
    'malformed bodies change no data',
    async () => {
      const counts = () => {
        const tables = t.db
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('oauth_store', 'sqlite_sequence', 'temp_contents')",
          )
          .all() as { name: string }[];
        return Object.fromEntries(
          tables.map(({ name }) => [
            name,
            (t.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n,
          ]),
        );
      };
      // Profiles still running from the seed or earlier cases add schema versions on their own: wait them out.
      await whenCatalogIdle(t.db);
      const before = counts();
      const malformed = fc.oneof(
        fc.constantFrom('{', '[', '{"name":', '"text"', '12', 'true', '\u0000', deepArray(20_000)),
        fc.string({ maxLength: 50 }).filter((text) => {
          try {
            const value: unknown = JSON.parse(text);
            return value === null || typeof value !== 'object';
          } catch {
            return true;
          }
        }),
      );
      // A DELETE ignores its body: with a real id and a body that parses (12, true, "text") it rightly deletes.
      const writes = apiRoutes.filter(
        (r) =>
          BODY_METHODS.has(r.method) &&
          r.method !== 'DELETE' &&
          !r.url.includes('temp-contents') &&
          !r.url.includes('/data-files'),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...writes),
          fc.constantFrom(...realIds),
          malformed,
          async (route, id, body) => {
            await call(fill(route.url, id), {
              method: route.method,
              headers: { 'content-type': 'application/json' },
              body,
            });
          },
        ),
        runs(200),
      );
      expect(counts()).toEqual(before);
    },
    LONG,
  );

  it(
    'random bytes under any content type',
    async () => {
      const writes = routes.filter((r) => BODY_METHODS.has(r.method));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...writes),
          fc.uint8Array({ maxLength: 4096 }),
          fc.constantFrom(
            'application/json',
            'multipart/form-data; boundary=x',
            'application/offset+octet-stream',
            'application/octet-stream',
            'application/x-www-form-urlencoded',
            '',
          ),
          async (route, bytes, type) => {
            await call(fill(route.url, realIds[3] ?? 'x'), {
              method: route.method,
              headers: type ? { 'content-type': type } : {},
              body: Buffer.from(bytes),
            });
          },
        ),
        runs(200),
      );
    },
    LONG,
  );
});

describe('uploads: broken multipart, every tus header, clients that leave mid-body', () => {
  const connectionOf = () =>
    (
      t.db
        .prepare('SELECT id FROM data_connections WHERE is_datafiles = 1 AND space_id IS NOT NULL LIMIT 1')
        .get() as { id: string } | undefined
    )?.id ?? '';
  const multipart = (
    boundary: string,
    parts: { name: string; content: string | Buffer; filename?: string; type?: string }[],
    close = true,
  ) =>
    Buffer.concat([
      ...parts.flatMap((p) => [
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
        ),
        Buffer.from(p.content),
        Buffer.from('\r\n'),
      ]),
      Buffer.from(close ? `--${boundary}--\r\n` : ''),
    ]);

  it(
    'broken multipart to every multipart endpoint answers 4xx',
    async () => {
      const fileId = (
        t.db.prepare('SELECT id FROM data_files WHERE folder = 0 LIMIT 1').get() as { id: string }
      ).id;
      const targets = ['/api/v1/data-files', `/api/v1/data-files/${fileId}`];
      const good = (boundary: string) =>
        multipart(boundary, [
          {
            name: 'Json',
            content: JSON.stringify({
              name: `fuzz-${randomBytes(4).toString('hex')}.csv`,
              connectionId: connectionOf(),
            }),
          },
          { name: 'File', content: 'a,b\n1,2\n'.repeat(2000), filename: 'x.csv', type: 'text/csv' },
        ]);
      const bodies = fc.oneof(
        fc.constant({ type: 'multipart/form-data', body: good('b') }),
        fc.constant({ type: 'multipart/form-data; boundary=', body: good('b') }),
        fc.constant({ type: 'multipart/form-data; boundary=other', body: good('b') }),
        fc
          .uint8Array({ maxLength: 2000 })
          .map((bytes) => ({ type: 'multipart/form-data; boundary=b', body: Buffer.from(bytes) })),
        fc
          .nat({ max: 16_000 })
          .map((cut) => ({ type: 'multipart/form-data; boundary=b', body: good('b').subarray(0, cut) })),
        fc.constant({
          type: 'multipart/form-data; boundary=b',
          body: multipart('b', [{ name: 'Json', content: deepJson(20_000) }]),
        }),
        fc.constant({
          type: 'multipart/form-data; boundary=b',
          body: multipart('b', [
            { name: 'Json', content: '{"name":"a.csv","connectionId":"constructor"}' },
            { name: 'File', content: 'x', filename: 'a.csv' },
            { name: 'File', content: 'y', filename: 'b.csv' },
          ]),
        }),
        fc.constantFrom(...INHERITED_NAMES).map((name) => ({
          type: 'multipart/form-data; boundary=b',
          body: multipart('b', [
            { name, content: '{}' },
            { name: 'Json', content: `{"${name}":1}` },
          ]),
        })),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...targets),
          fc.constantFrom('POST', 'PUT'),
          bodies,
          async (path, method, { type, body }) => {
            if (method === 'PUT' && path === '/api/v1/data-files') return;
            if (method === 'POST' && path !== '/api/v1/data-files') return;
            const answer = await rawRequest(t.url, {
              method,
              target: path,
              headers: { authorization: `Bearer ${admin}`, 'content-type': type },
              body,
            });
            expect(
              contractBreach(path, {
                status: answer.status,
                contentType: answer.headers['content-type'] ?? '',
                body: answer.body,
              }),
              `${method} ${path} ${type}`,
            ).toBeUndefined();
          },
        ),
        runs(120),
      );
    },
    LONG,
  );

  it('a client that leaves inside the File part leaves nothing behind', async () => {
    const body = multipart('b', [
      { name: 'Json', content: JSON.stringify({ name: 'cut.csv', connectionId: connectionOf() }) },
      { name: 'File', content: Buffer.alloc(512 * 1024, 65), filename: 'cut.csv' },
    ]);
    for (const cutAfter of [200, 300, 20_000, 400_000]) {
      const answer = await rawRequest(t.url, {
        method: 'POST',
        target: '/api/v1/data-files',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'multipart/form-data; boundary=b' },
        body,
        cutAfter,
      });
      expect(
        answer.status === 0 || (answer.status >= 400 && answer.status < 500),
        `cut after ${cutAfter}: ${answer.status}`,
      ).toBe(true);
    }
    const b64 = Buffer.from('cut.csv').toString('base64');
    const created = await api(t, admin, '/api/v1/temp-contents/files', {
      method: 'POST',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-length': String(512 * 1024),
        'upload-metadata': `filename ${b64}`,
      },
    });
    const uploadPath = new URL(created.headers.get('location')!).pathname;
    for (const cutAfter of [0, 1000, 300_000]) {
      const offset =
        (
          await rawRequest(t.url, {
            method: 'HEAD',
            target: uploadPath,
            headers: { authorization: `Bearer ${admin}`, 'tus-resumable': '1.0.0' },
          })
        ).headers['upload-offset'] ?? '0';
      await rawRequest(t.url, {
        method: 'PATCH',
        target: uploadPath,
        headers: {
          authorization: `Bearer ${admin}`,
          'tus-resumable': '1.0.0',
          'upload-offset': offset,
          'content-type': 'application/offset+octet-stream',
        },
        body: Buffer.alloc(512 * 1024 - Number(offset), 66),
        cutAfter,
      });
    }
    for (const cutAfter of [0, 1000, 300_000]) {
      await rawRequest(t.url, {
        method: 'POST',
        target: '/api/v1/temp-contents?filename=cut.csv',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
        body: Buffer.alloc(512 * 1024, 67),
        cutAfter,
      });
    }
    await expectNoLeftovers();
  });

  it(
    'every tus header, on create, offset, head and patch',
    async () => {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const header = fc.record(
        {
          'tus-resumable': fc.constantFrom('1.0.0', '0.2.2', '', 'x'),
          'upload-length': fc.constantFrom(...NUMBER_TEXTS, '10', '1000000000000000000000'),
          'upload-defer-length': fc.constantFrom('1', '0', 'x'),
          'upload-concat': fc.constantFrom(
            'partial',
            'final;/api/v1/temp-contents/files/a /api/v1/temp-contents/files/b',
            'final',
            'x',
          ),
          'upload-metadata': fc.oneof(
            fc.constantFrom(
              `filename ${b64('a.csv')}`,
              'garbage',
              'a b c',
              'filename',
              `ttl ${b64('Infinity')}`,
              `ttl ${b64('-1')}`,
              `filename ${b64('a\u0000b')}`,
              `constructor ${b64('x')}`,
              `__proto__ ${b64('x')}`,
            ),
            nastyString,
          ),
          'upload-offset': fc.constantFrom(...NUMBER_TEXTS, '0', '5'),
          'x-http-method-override': fc.constantFrom('PATCH', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'x'),
          'content-type': fc.constantFrom(
            'application/offset+octet-stream',
            'application/json',
            'text/plain',
            '',
          ),
        },
        { requiredKeys: [] },
      );
      const created = await api(t, admin, '/api/v1/temp-contents/files', {
        method: 'POST',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-length': '10',
          'upload-metadata': `filename ${b64('a.csv')}`,
        },
      });
      expect(created.status).toBe(201);
      const uploadPath = new URL(created.headers.get('location')!).pathname;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            'POST /api/v1/temp-contents/files',
            `PATCH ${uploadPath}`,
            `HEAD ${uploadPath}`,
            `DELETE ${uploadPath}`,
            `GET ${uploadPath}`,
            `OPTIONS ${uploadPath}`,
          ),
          header,
          fc.uint8Array({ maxLength: 20 }),
          async (target, headers, bytes) => {
            const [method, path] = target.split(' ') as [string, string];
            const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
            const hasBody = method === 'PATCH' || method === 'POST';
            const answer = await rawRequest(t.url, {
              method,
              target: path,
              headers: { authorization: `Bearer ${admin}`, ...clean },
              body: hasBody ? Buffer.from(bytes) : undefined,
            });
            if (method === 'HEAD') {
              expect(answer.status, `${target} ${JSON.stringify(clean)}`).toBeLessThan(500);
              return;
            }
            expect(
              contractBreach(path, {
                status: answer.status,
                contentType: answer.headers['content-type'] ?? '',
                body: answer.body,
              }),
              `${target} ${JSON.stringify(clean)}`,
            ).toBeUndefined();
          },
        ),
        runs(300),
      );
    },
    LONG,
  );

  it('unsupported tus extensions answer 4xx saying what is not supported', async () => {
    const answer = await api(t, admin, '/api/v1/temp-contents/files', {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-concat': 'partial', 'upload-length': '5' },
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { errors: { detail: string }[] }).errors[0]!.detail).toMatch(
      /concatenation/i,
    );
  });
});

describe('oversized requests', () => {
  it('oversized headers and URLs get 431 in Qlik error shape, without a reset', async () => {
    for (const size of [17_000, 100_000, 1_000_000]) {
      const big = 'x'.repeat(size);
      const requests: { method: string; target: string; headers?: Record<string, string>; body?: string }[] =
        [
          { method: 'GET', target: '/api/v1/spaces', headers: { 'x-big': big } },
          { method: 'GET', target: `/api/v1/spaces?q=${big}` },
          {
            method: 'POST',
            target: '/oauth/token',
            headers: { 'x-big': big, 'content-type': 'application/json' },
            body: '{}',
          },
          { method: 'GET', target: `/api/v1/${big}` },
        ];
      for (const request of requests) {
        const answer = await rawRequest(t.url, {
          ...request,
          headers: { authorization: `Bearer ${admin}`, ...request.headers },
        });
        expect(answer.status, `${request.target.slice(0, 40)} with ${size} bytes`).toBe(431);
        expect(
          contractBreach(request.target, {
            status: answer.status,
            contentType: answer.headers['content-type'] ?? '',
            body: answer.body,
          }),
        ).toBeUndefined();
      }
    }
  });
});

describe('each finding of the hostile sweep, one by one', () => {
  const errorOf = async (response: Response) =>
    (
      (await response.json()) as {
        errors: { code: string; detail?: string; source?: { pointer?: string; parameter?: string } }[];
      }
    ).errors[0]!;
  const post = (path: string, body: unknown) =>
    api(t, admin, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('a SCIM filter naming an inherited property is a 400 on every filtered list', async () => {
    for (const list of ['users', 'groups', 'roles', 'spaces', 'data-connections']) {
      for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
        const response = await api(
          t,
          admin,
          `/api/v1/${list}?${new URLSearchParams({ filter: `${name} eq "x"` })}`,
        );
        expect(response.status, `${list} ${name}`).toBe(400);
        expect((await errorOf(response)).detail).toMatch(/unknown attribute/);
      }
    }
  });

  it('limit=Infinity, -Infinity and 1e999 are a 400 on every list', async () => {
    for (const route of apiRoutes.filter(
      (r) => r.method === 'GET' && !r.url.includes(':') && !/\/(me|quotas|types|sources|settings|core-init|count)$/.test(r.url), // not lists
    )) {
      for (const limit of ['Infinity', '-Infinity', '1e999']) {
        const response = await api(t, admin, `${route.url}?limit=${limit}`);
        expect(response.status, `${route.url}?limit=${limit}`).toBe(400);
      }
    }
  });

  it('a datasourceID or connection property named like an inherited property is refused on its field', async () => {
    const space = (
      t.db.prepare("SELECT id FROM spaces WHERE type = 'shared' LIMIT 1").get() as { id: string }
    ).id;
    for (const name of ['constructor', '__proto__', 'toString']) {
      const created = await post('/api/v1/data-connections', {
        qName: `ds ${name}`,
        datasourceID: name,
        space,
        connectionProperties: { host: 'x' },
      });
      expect(created.status, name).toBe(400);
      expect((await errorOf(created)).source?.pointer).toBe('/connectionProperties');
    }
    const postgres = (
      t.db.prepare("SELECT id FROM data_connections WHERE datasource_id = 'postgres' LIMIT 1").get() as {
        id: string;
      }
    ).id;
    for (const name of ['constructor', '__proto__', 'toString']) {
      const patched = await api(t, admin, `/api/v1/data-connections/${postgres}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ op: 'replace', path: `/connectionProperties/${name}`, value: 'x' }]),
      });
      expect(patched.status, name).toBe(400);
      expect((await errorOf(patched)).detail).toContain(`unknown connection property '${name}'`);
    }
  });

  it('multipart without a boundary, with the wrong one, of random bytes or cut short is a 400', async () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="Json"\r\n\r\n{"name":"a.csv"}\r\n--b\r\nContent-Disposition: form-data; name="File"; filename="a.csv"\r\n\r\na,b\n1,2\n';
    for (const [type, content] of [
      ['multipart/form-data', `${body}\r\n--b--\r\n`],
      ['multipart/form-data; boundary=zzz', `${body}\r\n--b--\r\n`],
      ['multipart/form-data; boundary=b', randomBytes(300)],
      ['multipart/form-data; boundary=b', body],
    ] as const) {
      const response = await api(t, admin, '/api/v1/data-files', {
        method: 'POST',
        headers: { 'content-type': type },
        body: content,
      });
      expect(response.status, type).toBe(400);
    }
    await expectNoLeftovers();
  });

  it('JSON nested 20,000 levels deep is a 400 at the token and revoke endpoints and the API', async () => {
    for (const path of ['/oauth/token', '/oauth/revoke']) {
      const response = await fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"grant_type":${deepArray(20_000)}}`,
      });
      expect(response.status, path).toBe(400);
      expect((await errorOf(response)).code).toBe('OAUTH-invalid_request');
    }
    const response = await api(t, admin, '/api/v1/spaces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"name":"deep","type":"shared","description":${deepArray(20_000)}}`,
    });
    expect(response.status).toBe(400);
  });

  it('names with control characters are refused on their field, everywhere a name is given', async () => {
    const space = (
      t.db.prepare("SELECT id FROM spaces WHERE type = 'shared' LIMIT 1").get() as { id: string }
    ).id;
    for (const name of [
      'NUL\u0000here',
      'tab\there',
      'line\nbreak',
      'trailing\n',
      'bell\u0007',
      'c1\u0085',
    ]) {
      const spaceResponse = await post('/api/v1/spaces', { name, type: 'shared' });
      expect(spaceResponse.status, JSON.stringify(name)).toBe(400);
      expect((await errorOf(spaceResponse)).source?.pointer).toBe('/name');
      const connection = await post('/api/v1/data-connections', {
        qName: name,
        datasourceID: 'postgres',
        space,
        connectionProperties: { host: 'db', port: 5432, database: 'x' },
      });
      expect(connection.status, JSON.stringify(name)).toBe(400);
      expect((await errorOf(connection)).source?.pointer).toBe('/qName');
    }
    const dataSet = (t.db.prepare('SELECT id FROM data_sets LIMIT 1').get() as { id: string }).id;
    const tagged = await api(t, admin, `/api/v1/data-sets/${dataSet}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ op: 'add', path: '/tags/-', value: 'a\u0000b' }]),
    });
    expect(tagged.status).toBe(400);
  });
});

/** Files a broken or abandoned upload left: tmp content, and temp contents no live row owns (or half written). */
function leftovers(): string[] {
  const tmp = join(t.dataDir, 'blobs', 'tmp');
  const temp = join(t.dataDir, 'temp-contents');
  const live = new Set(
    (t.db.prepare('SELECT id FROM temp_contents WHERE purged = 0').all() as { id: string }[]).map(
      (r) => r.id,
    ),
  );
  return [
    ...(existsSync(tmp) ? readdirSync(tmp).map((name) => `blobs/tmp/${name}`) : []),
    ...(existsSync(temp)
      ? readdirSync(temp)
          .filter((name) => name.endsWith('.part') || !live.has(name.replace(/\.json$/, '')))
          .map((name) => `temp-contents/${name}`)
      : []),
  ];
}

async function expectNoLeftovers() {
  // A refused upload is cleaned up as its request ends; give the last one a moment.
  for (let i = 0; i < 50 && leftovers().length; i++) await new Promise((r) => setTimeout(r, 100));
  expect(leftovers()).toEqual([]);
}

describe('afterwards', () => {
  it('left no temp file behind and still serves', async () => {
    await expectNoLeftovers();
    expect((await api(t, admin, '/api/v1/users/me')).status).toBe(200);
  });
});
