import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeError } from '@/lib/api-error';
// The real local tenant in-process (no mocked HTTP for our own API); test-only, the console never ships it.
import { CONSOLE_ORIGIN, api, signIn, startTenant, type TestTenant } from '../../../../tenant/test/harness';
import type { SendEvents } from '../queue';
import { chunkSizeFor, createTenantTransport, type UploadAuth } from './tenant-transport';

// Vitest resolves tus-js-client's Node build, which cannot read a DOM File; the console ships the browser build.
// @ts-expect-error -- the deep path has no type declarations; its API is the package's
vi.mock('tus-js-client', () => import('../../../../node_modules/tus-js-client/lib.esm/browser/index.js'));

let tenant: TestTenant;
let ada: string;
let rita: string;
let salesData: string;
let salesAnalytics: string;

const staticAuth = (
  token: () => string,
  recover: () => Promise<boolean> = async () => false,
): UploadAuth => ({
  accessToken: async () => token(),
  recoverFromUnauthorized: recover,
});

function recorder() {
  const progress: number[] = [];
  let finishing = 0;
  const urls: (string | undefined)[] = [];
  const events: SendEvents = {
    progress: (loaded) => progress.push(loaded),
    finishing: () => finishing++,
    tusUrl: (url) => urls.push(url),
  };
  return { events, progress, urls, finishing: () => finishing };
}

const csv = (name: string, rows: number) => {
  const lines = ['id,amount'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${i * 3}`);
  return new File([lines.join('\n')], name, { type: 'text/csv', lastModified: 1_700_000_000_000 });
};

async function findByName(token: string, spaceId: string, name: string) {
  const connections = (await (
    await api(tenant, token, `/api/v1/data-files/connections?spaceId=${spaceId}`)
  ).json()) as { data: { id: string }[] };
  const query = new URLSearchParams({ connectionId: connections.data[0]!.id, name });
  const page = (await (await api(tenant, token, `/api/v1/data-files?${query}`)).json()) as {
    data: { id: string; name: string; size: number; folderPath: string | null }[];
  };
  return page.data[0];
}

beforeAll(async () => {
  tenant = await startTenant({ allowedOrigins: [CONSOLE_ORIGIN, window.location.origin] });
  [ada, rita] = await Promise.all([
    signIn(tenant, 'ada', 'user_default').then((t) => t.access_token),
    signIn(tenant, 'rita', 'user_default').then((t) => t.access_token),
  ]);
  const spaces = (await (await api(tenant, ada, '/api/v1/spaces?limit=100')).json()) as {
    data: { id: string; name: string }[];
  };
  salesData = spaces.data.find((s) => s.name === 'Sales data')!.id;
  salesAnalytics = spaces.data.find((s) => s.name === 'Sales analytics')!.id;
});

afterAll(() => tenant?.stop());

describe('tenant transport against the local tenant', () => {
  it('reads the quotas the queue checks against', async () => {
    const transport = createTenantTransport({ host: tenant.url, auth: staticAuth(() => ada) });
    const quota = await transport.quota();
    expect(quota.allowedExtensions).toContain('csv');
    expect(quota.allowedExtensions).not.toContain('exe');
    expect(quota.maxFileSize).toBe(500 * 1024 ** 2);
    expect(quota.maxLargeFileSize).toBeGreaterThan(quota.maxFileSize);
  });

  it('uploads multipart into a space folder (folders created), finds it by name, then replaces it', async () => {
    const transport = createTenantTransport({ host: tenant.url, auth: staticAuth(() => ada) });
    const destination = { spaceId: salesData, folderPath: 'imports' };
    expect(await transport.findExisting(destination, 'imports/2026/q1.csv')).toBeUndefined();
    const first = recorder();
    const file = csv('q1.csv', 2000);
    await transport.send(
      { file, name: 'imports/2026/q1.csv', destination, method: 'multipart' },
      first.events,
      new AbortController().signal,
    );
    expect(first.progress.at(-1)).toBe(file.size);
    const stored = await findByName(ada, salesData, 'imports/2026/q1.csv');
    expect(stored).toMatchObject({ size: file.size, folderPath: 'imports/2026' });
    const existing = await transport.findExisting(destination, 'imports/2026/q1.csv');
    expect(existing).toBe(stored!.id);

    const bigger = csv('q1.csv', 5000);
    await transport.send(
      { file: bigger, name: 'imports/2026/q1.csv', destination, method: 'multipart', replaceId: existing },
      recorder().events,
      new AbortController().signal,
    );
    expect(await findByName(ada, salesData, 'imports/2026/q1.csv')).toMatchObject({
      id: existing,
      size: bigger.size,
    });
  });

  it('finds which of many names exist with a listing per folder, not a request per name', async () => {
    const transport = createTenantTransport({ host: tenant.url, auth: staticAuth(() => ada) });
    const destination = { spaceId: salesData, folderPath: 'bulk' };
    // 12 files in bulk/many (listed: 1,000 per page) and one in bulk/few (asked by name); one of each exists.
    for (const name of ['bulk/many/f03.csv', 'bulk/few/only.csv']) {
      await transport.send(
        { file: csv('x.csv', 3), name, destination, method: 'multipart' },
        recorder().events,
        new AbortController().signal,
      );
    }
    const names = [
      ...Array.from({ length: 12 }, (_, i) => `bulk/many/F${String(i).padStart(2, '0')}.csv`),
      'bulk/few/only.csv',
      'bulk/absent/one.csv', // a folder that does not exist yet holds nothing in the way
      ...Array.from({ length: 10 }, (_, i) => `bulk/new-folder/n${i}.csv`),
    ];
    const requests = vi.spyOn(XMLHttpRequest.prototype, 'open');
    const found = await transport.findExistingMany!(destination, names);
    expect([...found.keys()].sort()).toEqual(['bulk/few/only.csv', 'bulk/many/f03.csv']);
    expect(found.get('bulk/many/f03.csv')).toBe((await findByName(ada, salesData, 'bulk/many/f03.csv'))!.id);
    const lookups = requests.mock.calls
      .map(([, url]) => String(url))
      .filter((u) => u.includes('/data-files?'));
    // the space's folders once; bulk/many listed (bulk/new-folder does not exist: not listed, no 400); bulk/few
    // and bulk/absent asked by name
    expect(lookups).toHaveLength(4);
    expect(lookups.filter((u) => u.includes('excludeFiles=true'))).toHaveLength(1);
    expect(lookups.some((u) => u.includes('new-folder'))).toBe(false);
    requests.mockRestore();
  });

  it('sizes tus chunks to the file: about 16 per file, 1 to 64 MiB', () => {
    const MiB = 1024 ** 2;
    expect(chunkSizeFor(5 * MiB)).toBe(MiB);
    expect(chunkSizeFor(20e6)).toBe(2 * MiB);
    expect(chunkSizeFor(200e6)).toBe(16 * MiB);
    expect(chunkSizeFor(1024 * MiB)).toBe(64 * MiB);
    expect(chunkSizeFor(20 * 1024 * MiB)).toBe(64 * MiB);
  });

  it('uploads through tus (temp-contents) in chunks, then imports it as a data file', async () => {
    const transport = createTenantTransport({
      host: tenant.url,
      auth: staticAuth(() => ada),
      chunkSize: 64 * 1024,
    });
    const file = csv('big.csv', 40_000); // ~400 KB: several chunks
    const r = recorder();
    await transport.send(
      { file, name: 'tus/big.csv', destination: { spaceId: salesData }, method: 'tus' },
      r.events,
      new AbortController().signal,
    );
    expect(r.urls[0]).toMatch(/\/api\/v1\/temp-contents\/files\//);
    expect(r.progress.length).toBeGreaterThan(3);
    expect(r.progress.at(-1)).toBe(file.size);
    expect(r.finishing()).toBe(1);
    expect(await findByName(ada, salesData, 'tus/big.csv')).toMatchObject({ size: file.size });
  });

  it('resumes an interrupted tus upload from the tenant offset; the stored content is byte-identical', async () => {
    const transport = createTenantTransport({
      host: tenant.url,
      auth: staticAuth(() => ada),
      chunkSize: 32 * 1024,
    });
    const file = csv('resumed.csv', 30_000);
    const job = { file, name: 'resumed.csv', destination: { spaceId: salesData }, method: 'tus' as const };
    const first = recorder();
    const pause = new AbortController();
    const progress = first.events.progress;
    first.events.progress = (loaded) => {
      progress(loaded);
      if (loaded >= 64 * 1024) pause.abort();
    };
    const stopped = await transport.send(job, first.events, pause.signal).catch((e: unknown) => e);
    expect((stopped as Error).name).toBe('AbortError');
    const url = first.urls.at(-1)!;
    // the tenant may still hold the aborted PATCH for a moment (423); tus waits and resumes from HEAD
    const second = recorder();
    await transport.send({ ...job, tusUrl: url }, second.events, new AbortController().signal);
    expect(second.progress[0]).toBeGreaterThanOrEqual(64 * 1024);
    const stored = tenant.db
      .prepare('SELECT size, sha256 FROM data_files WHERE name = ? AND space_id = ?')
      .get('resumed.csv', salesData) as { size: number; sha256: string };
    const expected = createHash('sha256')
      .update(Buffer.from(await file.arrayBuffer()))
      .digest('hex');
    expect(stored).toEqual({ size: file.size, sha256: expected });
  });

  it('renews the token after a 401 and goes on', async () => {
    let token = 'expired-token';
    let renewals = 0;
    const transport = createTenantTransport({
      host: tenant.url,
      auth: staticAuth(
        () => token,
        async () => {
          renewals++;
          token = ada;
          return true;
        },
      ),
    });
    await transport.send(
      {
        file: csv('renewed.csv', 10),
        name: 'renewed.csv',
        destination: { spaceId: salesData },
        method: 'multipart',
      },
      recorder().events,
      new AbortController().signal,
    );
    expect(renewals).toBe(1);
    expect(await findByName(ada, salesData, 'renewed.csv')).toBeDefined();
  });

  it('fails in words: a name in use, a refused extension, no permission in the space', async () => {
    const transport = createTenantTransport({ host: tenant.url, auth: staticAuth(() => ada) });
    const send = (name: string, spaceId = salesData, t = transport) =>
      t.send(
        { file: csv(name, 5), name, destination: { spaceId }, method: 'multipart' },
        recorder().events,
        new AbortController().signal,
      );
    await send('twice.csv');
    const taken = describeError(await send('twice.csv').catch((e: unknown) => e));
    expect(taken).toMatchObject({ kind: 'conflict', status: 409 });
    const exe = describeError(await send('tool.exe').catch((e: unknown) => e));
    expect(exe).toMatchObject({ kind: 'bad-request', code: 'DF-010' });
    const asRita = createTenantTransport({ host: tenant.url, auth: staticAuth(() => rita) });
    const denied = describeError(await send('nope.csv', salesAnalytics, asRita).catch((e: unknown) => e));
    expect(denied).toMatchObject({ kind: 'forbidden-role', status: 403 });
  });

  it('stops when aborted (pause) and reports an AbortError', async () => {
    const transport = createTenantTransport({ host: tenant.url, auth: staticAuth(() => ada) });
    const abort = new AbortController();
    abort.abort();
    const error = await transport
      .send(
        { file: csv('paused.csv', 10), name: 'paused.csv', destination: {}, method: 'multipart' },
        recorder().events,
        abort.signal,
      )
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });
});
