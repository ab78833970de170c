// @vitest-environment node
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFileUploadResponse } from '@qlik/api/data-files';
import type { DetailResponse } from '@qlik/api/temp-contents';
import { CONSOLE_ORIGIN, api, signIn, startTenant, type TestTenant } from '../../test/harness';
import { dataFilesStore } from '../../store/data-files';

const MAX_LARGE = 2 * 1024 * 1024;
let t: TestTenant;
const tok = { ada: '', max: '' };

interface ErrorBody {
  errors: { code: string; title: string; detail?: string }[];
}
const sha = (content: Uint8Array | string) => createHash('sha256').update(content).digest('hex');
const b64 = (value: string) => Buffer.from(value).toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function content(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 8)) % 256;
  return out;
}

function tusCreate(
  token: string,
  length: number,
  metadata: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const meta = Object.entries(metadata)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');
  return api(t, token, '/api/v1/temp-contents/files', {
    method: 'POST',
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      ...(meta ? { 'upload-metadata': meta } : {}),
      ...headers,
    },
  });
}

function tusPatch(token: string, location: string, offset: number, body: BodyInit, init: RequestInit = {}) {
  return fetch(location, {
    method: 'PATCH',
    body,
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
  });
}

/** HEAD, waiting out 423 while an interrupted PATCH is still draining (what a tus client does). */
async function tusOffset(token: string, location: string): Promise<Response> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(location, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' },
    });
    if (response.status !== 423) return response;
    await sleep(100);
  }
  throw new Error('upload stayed locked');
}

async function importTemp(token: string, tempContentFileId: string, name: string) {
  const form = new FormData();
  form.append('Json', JSON.stringify({ name, tempContentFileId }));
  const response = await api(t, token, '/api/v1/data-files', { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as DataFileUploadResponse & ErrorBody };
}

beforeAll(async () => {
  t = await startTenant({ dataFiles: { maxLargeFileSize: MAX_LARGE } });
  [tok.ada, tok.max] = (
    await Promise.all([signIn(t, 'ada', 'user_default'), signIn(t, 'max', 'user_default')])
  ).map((r) => r.access_token) as [string, string];
});
afterAll(async () => {
  await t?.stop();
});

describe('simple upload', () => {
  it('POST streams the body, answers 201 + absolute Location; download, Range and details work', async () => {
    const body = content(10_000);
    const created = await api(t, tok.ada, '/api/v1/temp-contents?filename=sales.csv&ttl=600', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${t.url}/api/v1/temp-contents/[0-9a-f]{24}$`));
    const id = location.split('/').pop()!;
    const download = await api(t, tok.ada, `/api/v1/temp-contents/${id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(body)).toBe(true);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const range = await api(t, tok.ada, `/api/v1/temp-contents/${id}?inline=1`, {
      headers: { range: 'bytes=100-199' },
    });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe('bytes 100-199/10000');
    expect(Buffer.from(await range.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);
    const suffix = await api(t, tok.ada, `/api/v1/temp-contents/${id}`, { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(body.subarray(9990))).toBe(true);
    expect(
      (await api(t, tok.ada, `/api/v1/temp-contents/${id}`, { headers: { range: 'bytes=20000-' } })).status,
    ).toBe(416);
    const details = (await (
      await api(t, tok.ada, `/api/v1/temp-contents/${id}/details`)
    ).json()) as DetailResponse;
    expect(details).toMatchObject({ ID: id, Name: 'sales.csv', Size: '10000', TTLSeconds: 600 });
    expect(Date.parse(details.Expires!) - Date.parse(details.CreatedAt!)).toBe(600_000);
    // only the creator reads it
    expect((await api(t, tok.max, `/api/v1/temp-contents/${id}`)).status).toBe(404);
    expect((await api(t, tok.max, `/api/v1/temp-contents/${id}/details`)).status).toBe(404);
    // and imports it into a data file with the same SHA-256
    const imported = await importTemp(tok.ada, id, 'from-temp.csv');
    expect(imported.status).toBe(201);
    expect(dataFilesStore(t.db).byId(imported.body.id)!.sha256).toBe(sha(body));
    expect((await importTemp(tok.max, id, 'not-mine.csv')).body.errors[0]!.code).toBe('DF-012');
  });

  it('refuses a bad ttl (400) and content above maxLargeFileSize (413)', async () => {
    for (const ttl of ['0', 'abc', '259201']) {
      const response = await api(t, tok.ada, `/api/v1/temp-contents?filename=x.csv&ttl=${ttl}`, {
        method: 'POST',
        body: 'x',
      });
      expect(response.status).toBe(400);
    }
    const big = await api(t, tok.ada, '/api/v1/temp-contents?filename=big.csv', {
      method: 'POST',
      body: content(MAX_LARGE + 1),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as ErrorBody).errors[0]!.code).toBe('HTTP-413');
  });
});

describe('tus resumable uploads', () => {
  it('creates, resumes after an interrupted PATCH, completes and imports with a matching SHA-256', async () => {
    const body = content(600_000);
    const created = await tusCreate(
      tok.ada,
      body.length,
      { filename: 'big.csv', ttl: '900' },
      { origin: CONSOLE_ORIGIN },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
    expect(created.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('location');
    const location = created.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${t.url}/api/v1/temp-contents/files/[0-9a-f]{24}$`));
    const id = location.split('/').pop()!;
    expect((await api(t, tok.ada, `/api/v1/temp-contents/${id}/details`)).status).toBe(204);

    // send half, then drop the connection mid-body
    const half = body.length / 2;
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(body.subarray(0, half));
      },
    });
    const interrupted = tusPatch(tok.ada, location, 0, stream, {
      signal: controller.signal,
      duplex: 'half',
    } as RequestInit);
    await sleep(400);
    controller.abort();
    await expect(interrupted).rejects.toThrow();

    const head = await tusOffset(tok.ada, location);
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-length')).toBe(String(body.length));
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(half);

    const rest = await tusPatch(tok.ada, location, offset, body.subarray(offset));
    expect(rest.status).toBe(204);
    expect(rest.headers.get('upload-offset')).toBe(String(body.length));
    const details = (await (
      await api(t, tok.ada, `/api/v1/temp-contents/${id}/details`)
    ).json()) as DetailResponse;
    expect(details).toMatchObject({ ID: id, Name: 'big.csv', Size: String(body.length), TTLSeconds: 900 });

    const imported = await importTemp(tok.ada, id, 'big/imported.csv');
    expect(imported.status).toBe(201);
    expect(imported.body.size).toBe(body.length);
    expect(dataFilesStore(t.db).byId(imported.body.id)!.sha256).toBe(sha(body));
  });

  it('imports by hard-linking the content: SHA-256 kept, the temp content stays readable and importable, nothing left over', async () => {
    const body = content(1_500_000);
    const created = await tusCreate(tok.ada, body.length, { filename: 'linked.csv' });
    const location = created.headers.get('location')!;
    const id = location.split('/').pop()!;
    expect((await tusPatch(tok.ada, location, 0, body.subarray(0, 700_000))).status).toBe(204);
    expect((await tusPatch(tok.ada, location, 700_000, body.subarray(700_000))).status).toBe(204);
    const blobDir = join(t.dataDir, 'blobs');
    const blobs = () => readdirSync(blobDir).filter((name) => name !== 'tmp');
    const before = blobs().length;
    const download = async () =>
      Buffer.from(await (await api(t, tok.ada, `/api/v1/temp-contents/${id}`)).arrayBuffer());

    const first = await importTemp(tok.ada, id, 'linked/first.csv');
    expect(first.status).toBe(201);
    expect(dataFilesStore(t.db).byId(first.body.id)!.sha256).toBe(sha(body));
    const blob = join(blobDir, sha(body));
    const temp = join(t.dataDir, 'temp-contents', id);
    // One copy of the bytes on disk under both names (inode numbers mean nothing on Windows).
    if (process.platform !== 'win32') expect(statSync(blob).ino).toBe(statSync(temp).ino);
    expect(readdirSync(join(blobDir, 'tmp'))).toEqual([]);
    expect((await download()).equals(body)).toBe(true);

    const second = await importTemp(tok.ada, id, 'linked/second.csv');
    expect(second.status).toBe(201);
    expect(dataFilesStore(t.db).byId(second.body.id)!.sha256).toBe(sha(body));
    expect(blobs().length).toBe(before + 1);

    // A complete upload takes no more bytes, so the content the data files share cannot change through it.
    const more = await tusPatch(tok.ada, location, body.length, content(10));
    expect(more.status).toBeGreaterThanOrEqual(400);
    expect(sha(readFileSync(blob))).toBe(sha(body));

    // Deleting the data files removes the blob's name, not the temp content.
    for (const file of [first.body, second.body]) {
      expect((await api(t, tok.ada, `/api/v1/data-files/${file.id}`, { method: 'DELETE' })).status).toBe(204);
    }
    expect(existsSync(blob)).toBe(false);
    expect((await download()).equals(body)).toBe(true);
    expect(readdirSync(join(blobDir, 'tmp'))).toEqual([]);
  });

  it('409 on an offset mismatch, with Qlik’s JSON error body', async () => {
    const created = await tusCreate(tok.ada, 100, { filename: 'x.csv' });
    const location = created.headers.get('location')!;
    const wrong = await tusPatch(tok.ada, location, 10, content(10));
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get('content-type')).toContain('application/json');
    expect(((await wrong.json()) as ErrorBody).errors[0]!.code).toBe('HTTP-409');
  });

  it('423 while another PATCH holds the upload', async () => {
    const created = await tusCreate(tok.ada, 1000, { filename: 'locked.csv' });
    const location = created.headers.get('location')!;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(content(500));
        await released;
        c.enqueue(content(500));
        c.close();
      },
    });
    const first = tusPatch(tok.ada, location, 0, slow, { duplex: 'half' } as RequestInit);
    await sleep(300);
    const second = await tusPatch(tok.ada, location, 0, content(10));
    expect(second.status).toBe(423);
    const head = await fetch(location, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${tok.ada}`, 'tus-resumable': '1.0.0' },
    });
    expect(head.status).toBe(423);
    release();
    expect((await first).status).toBe(204);
  });

  it('410 once the ttl has passed (PATCH, HEAD, details, download, import)', async () => {
    const created = await tusCreate(tok.ada, 100, { filename: 'short.csv', ttl: '1' });
    const location = created.headers.get('location')!;
    const id = location.split('/').pop()!;
    expect((await tusPatch(tok.ada, location, 0, content(50))).status).toBe(204);
    await sleep(1200);
    expect((await tusPatch(tok.ada, location, 50, content(50))).status).toBe(410);
    expect(
      (
        await fetch(location, {
          method: 'HEAD',
          headers: { authorization: `Bearer ${tok.ada}`, 'tus-resumable': '1.0.0' },
        })
      ).status,
    ).toBe(410);
    expect((await api(t, tok.ada, `/api/v1/temp-contents/${id}/details`)).status).toBe(410);
    expect((await api(t, tok.ada, `/api/v1/temp-contents/${id}`)).status).toBe(410);
    expect((await importTemp(tok.ada, id, 'late.csv')).body.errors[0]!.code).toBe('DF-012');
  });

  it('413 above maxLargeFileSize; 400 for a bad ttl; only the creator may touch an upload', async () => {
    expect((await tusCreate(tok.ada, MAX_LARGE + 1)).status).toBe(413);
    expect((await tusCreate(tok.ada, 10, { ttl: '999999' })).status).toBe(400);
    const created = await tusCreate(tok.ada, 10, { filename: 'mine.csv' });
    const location = created.headers.get('location')!;
    expect((await tusPatch(tok.max, location, 0, content(10))).status).toBe(404);
    expect(
      (
        await fetch(location, {
          method: 'HEAD',
          headers: { authorization: `Bearer ${tok.max}`, 'tus-resumable': '1.0.0' },
        })
      ).status,
    ).toBe(404);
    const noVersion = await api(t, tok.ada, '/api/v1/temp-contents/files', {
      method: 'POST',
      headers: { 'upload-length': '10' },
    });
    expect(noVersion.status).toBe(412);
    expect((await api(t, undefined, '/api/v1/temp-contents/files', { method: 'POST' })).status).toBe(401);
  });

  it('answers CORS only for allowed origins', async () => {
    const other = await tusCreate(tok.ada, 10, {}, { origin: 'https://evil.example' });
    expect(other.status).toBe(201);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.url}/api/v1/temp-contents/files`, {
      method: 'OPTIONS',
      headers: {
        origin: CONSOLE_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'tus-resumable, upload-length',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('tus-resumable');
  });
});

describe('import after a restart', () => {
  /**
   * The SHA-256 computed as bytes arrive lives in memory only. After a restart the import must hash from disk
   * what the new process did not see arrive: an upload finished before it, and one resumed after it.
   */
  it('keeps the SHA-256 of uploads finished before the restart and of uploads resumed after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-tenant-tus-restart-'));
    const options = { dataDir: dir, dataFiles: { maxLargeFileSize: MAX_LARGE } };
    let tenant = await startTenant(options);
    try {
      const create = async (token: string, length: number) => {
        const created = await api(tenant, token, '/api/v1/temp-contents/files', {
          method: 'POST',
          headers: { 'tus-resumable': '1.0.0', 'upload-length': String(length) },
        });
        expect(created.status).toBe(201);
        return created.headers.get('location')!;
      };
      const finished = content(800_000).reverse();
      const resumed = content(900_000).map((byte) => byte ^ 0x5a);
      let token = (await signIn(tenant, 'ada', 'user_default')).access_token;
      const finishedAt = await create(token, finished.length);
      expect((await tusPatch(token, finishedAt, 0, finished)).status).toBe(204);
      const resumedAt = await create(token, resumed.length);
      expect((await tusPatch(token, resumedAt, 0, resumed.subarray(0, 400_000))).status).toBe(204);

      await tenant.stop();
      tenant = await startTenant(options);
      token = (await signIn(tenant, 'ada', 'user_default')).access_token;
      const moved = (location: string) => `${tenant.url}${new URL(location).pathname}`;
      expect((await tusPatch(token, moved(resumedAt), 400_000, resumed.subarray(400_000))).status).toBe(204);

      for (const [location, body, name] of [
        [finishedAt, finished, 'before-restart.csv'],
        [resumedAt, resumed, 'resumed-after-restart.csv'],
      ] as const) {
        const form = new FormData();
        form.append('Json', JSON.stringify({ name, tempContentFileId: location.split('/').pop() }));
        const imported = await api(tenant, token, '/api/v1/data-files', { method: 'POST', body: form });
        expect(imported.status).toBe(201);
        const { id } = (await imported.json()) as DataFileUploadResponse;
        expect(dataFilesStore(tenant.db).byId(id!)!.sha256, name).toBe(sha(body));
        expect(sha(readFileSync(join(dir, 'blobs', sha(body))))).toBe(sha(body));
      }
    } finally {
      await tenant.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
