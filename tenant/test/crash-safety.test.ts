// @vitest-environment node
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DEMO_ACCOUNTS } from '../seed/demo';
import type { TenantServer } from '../server';
import { api, signIn, startTenant } from './harness';
import { scaledTimeout } from './timeouts';

/**
 * Crash safety: the real tenant process is killed with SIGKILL while multipart uploads, tus PATCHes and space and
 * connection writes are in flight, then restarted on the same data directory. The database must open intact,
 * every data-file row must have its content and no leftover content may be listed; whatever was acknowledged
 * before the kill must be there; and the interrupted tus uploads resume from their HEAD offset to the right bytes.
 */

const ROOT = resolve(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'local-tenant-crash-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  target: TenantServer;
  exited: Promise<unknown>;
}

/** The tenant as `npm run tenant` runs it, but as one node process (tsx as a loader), so SIGKILL hits the server itself. */
async function startProcess(dir = dataDir): Promise<Running> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tenant/main.ts', '--port', '0', '--data', dir, '--quiet'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    },
  );
  children.push(child);
  const exited = new Promise((r) => child.once('exit', r));
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`tenant did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`tenant exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  return { child, exited, target: { url, demoAccounts: DEMO_ACCOUNTS } as unknown as TenantServer };
}

const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

/** A request body that sends `head`, then stays open: the request is in flight until the process dies. */
function stalledBody(head: Uint8Array): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(head);
      }
      // never closes: the pending pull keeps the upload open
      return new Promise(() => {});
    },
  });
}

/** The start of a multipart data-file upload whose file part never ends. */
function stalledMultipart(
  json: Record<string, unknown>,
  partial: Uint8Array,
): { body: ReadableStream<Uint8Array>; type: string } {
  const boundary = `----crash${randomBytes(8).toString('hex')}`;
  const head = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="Json"\r\n\r\n${JSON.stringify(json)}\r\n`,
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="File"; filename="big.csv"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(partial),
  ]);
  return { body: stalledBody(head), type: `multipart/form-data; boundary=${boundary}` };
}

const inFlight = (target: TenantServer, token: string, path: string, init: RequestInit) =>
  api(target, token, path, { ...init, duplex: 'half' } as RequestInit).then(
    (r) => r.status,
    () => 'lost' as const,
  );

interface TusUpload {
  location: string;
  content: Buffer;
  committed: number;
}

describe('crash safety', () => {
  it('survives SIGKILL with uploads and writes in flight', async () => {
    const first = await startProcess();
    const token = (await signIn(first.target, 'ada', 'user_default admin_classic')).access_token;
    const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
    const post = (path: string, body: unknown) =>
      api(first.target, token, path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    // Acknowledged before the crash: a space, a connection in it and a file.
    const space = await json<{ id: string }>(
      await post('/api/v1/spaces', { type: 'shared', name: 'Before the crash' }),
    );
    const db = new Database(join(dataDir, 'tenant.db'), { readonly: true });
    const filesConnection = (spaceId: string) =>
      (
        db
          .prepare('SELECT id FROM data_connections WHERE space_id = ? AND is_datafiles = 1')
          .get(spaceId) as { id: string }
      ).id;
    const connection = await json<{ qID: string }>(
      await post('/api/v1/data-connections', {
        qName: 'Before the crash',
        datasourceID: 'rest',
        space: space.id,
        connectionProperties: { url: 'https://example.com' },
      }),
    );
    const committedContent = 'id,amount\n1,10\n2,20\n';
    const form = new FormData();
    form.append('File', new Blob([committedContent]), 'before.csv');
    form.append('Json', JSON.stringify({ name: 'before.csv', connectionId: filesConnection(space.id) }));
    const committedFile = await json<{ id: string }>(
      await api(first.target, token, '/api/v1/data-files', { method: 'POST', body: form }),
    );
    expect(committedFile.id).toBeTruthy();

    // Three tus uploads with their first MiB acknowledged.
    const tus: TusUpload[] = [];
    for (let i = 0; i < 3; i++) {
      const content = randomBytes(3 * MiB);
      const created = await api(first.target, token, '/api/v1/temp-contents/files', {
        method: 'POST',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-length': String(content.length),
          'upload-metadata': `filename ${Buffer.from(`tus-${i}.csv`).toString('base64')}`,
        },
      });
      expect(created.status).toBe(201);
      const location = created.headers.get('location')!;
      const patched = await fetch(location, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${token}`,
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        body: content.subarray(0, MiB),
      });
      expect(patched.status).toBe(204);
      tus.push({ location, content, committed: MiB });
    }

    // In flight at the kill: the next tus chunks, multipart uploads and a burst of space and connection writes.
    const pending: Promise<unknown>[] = [];
    for (const upload of tus) {
      pending.push(
        fetch(upload.location, {
          method: 'PATCH',
          headers: {
            authorization: `Bearer ${token}`,
            'tus-resumable': '1.0.0',
            'upload-offset': String(upload.committed),
            'content-type': 'application/offset+octet-stream',
          },
          body: stalledBody(upload.content.subarray(upload.committed, upload.committed + MiB / 2)),
          duplex: 'half',
        } as RequestInit).catch(() => 'lost'),
      );
    }
    for (let i = 0; i < 3; i++) {
      const multipart = stalledMultipart(
        { name: `in-flight-${i}.csv`, connectionId: filesConnection(space.id) },
        randomBytes(MiB),
      );
      pending.push(
        inFlight(first.target, token, '/api/v1/data-files', {
          method: 'POST',
          body: multipart.body,
          headers: { 'content-type': multipart.type },
        }),
      );
    }
    // And a plain (non-tus) temp-contents upload, half sent.
    pending.push(
      inFlight(first.target, token, '/api/v1/temp-contents?filename=in-flight.csv', {
        method: 'POST',
        body: stalledBody(randomBytes(MiB)),
        headers: { 'content-type': 'application/octet-stream' },
      }),
    );
    await sleep(300);
    const acknowledged = { spaces: [] as string[], connections: [] as string[] };
    let answered = 0;
    const burst = Array.from({ length: 60 }, async (_, i) => {
      try {
        const response =
          i % 2
            ? await post('/api/v1/spaces', { type: 'shared', name: `Burst space ${i}` })
            : await post('/api/v1/data-connections', {
                qName: `Burst connection ${i}`,
                datasourceID: 'rest',
                space: space.id,
                connectionProperties: { url: 'https://example.com' },
              });
        answered++;
        if (response.status === 201) {
          const body = await json<{ id?: string; qID?: string }>(response);
          if (body.qID) acknowledged.connections.push(body.qID);
          else acknowledged.spaces.push(body.id!);
        }
      } catch {
        // cut off by the kill
      }
    });
    while (answered < 10) await sleep(2);
    // The multipart uploads really are half-way: their content is streaming into blobs/tmp.
    const streaming = readdirSync(join(dataDir, 'blobs', 'tmp')).length;
    const partTemp = readdirSync(join(dataDir, 'temp-contents')).filter((name) =>
      name.endsWith('.part'),
    ).length;
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all([...pending, ...burst]);
    db.close();
    expect(acknowledged.spaces.length + acknowledged.connections.length).toBeGreaterThan(0);
    expect(streaming).toBeGreaterThanOrEqual(3);
    expect(partTemp).toBe(1);

    // ---- restart on the same data dir
    const second = await startProcess();
    const after = new Database(join(dataDir, 'tenant.db'), { readonly: true });
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(after.pragma('foreign_key_check')).toEqual([]);

      // Every data-file row has its content, byte for byte; every blob on disk belongs to a row; no tmp leftovers.
      const rows = after.prepare('SELECT id, name, sha256, size FROM data_files WHERE folder = 0').all() as {
        id: string;
        name: string;
        sha256: string;
        size: number;
      }[];
      const blobDir = join(dataDir, 'blobs');
      for (const row of rows) {
        const path = join(blobDir, row.sha256);
        expect(existsSync(path), `${row.name} has no content`).toBe(true);
        const content = readFileSync(path);
        expect(content.length, `${row.name} size`).toBe(row.size);
        expect(sha(content), `${row.name} content`).toBe(row.sha256);
      }
      const referenced = new Set(rows.map((r) => r.sha256));
      const blobs = readdirSync(blobDir).filter((name) => name !== 'tmp');
      expect(
        blobs.filter((name) => !referenced.has(name)),
        'blobs no row references',
      ).toEqual([]);
      expect(readdirSync(join(blobDir, 'tmp')), 'tmp leftovers').toEqual([]);
      expect(
        rows.some((r) => r.name.startsWith('in-flight-')),
        'an interrupted multipart upload became a file',
      ).toBe(false);
      // Temp contents: the half-sent plain upload left neither a row nor content; what is on disk belongs to a row.
      const temps = after.prepare('SELECT id, name FROM temp_contents').all() as {
        id: string;
        name: string;
      }[];
      expect(temps.some((r) => r.name === 'in-flight.csv')).toBe(false);
      const tempIds = new Set(temps.map((r) => r.id));
      expect(
        readdirSync(join(dataDir, 'temp-contents')).filter(
          (name) => !tempIds.has(name.replace(/\.json$/, '')),
        ),
        'temp content no row owns',
      ).toEqual([]);

      const again = (await signIn(second.target, 'ada', 'user_default admin_classic')).access_token;
      const get = (path: string) => api(second.target, again, path);

      // The API lists only files with content, and what was acknowledged before the kill is there.
      const listed = await json<{ data: { id: string; name: string; size: number }[] }>(
        await get(`/api/v1/data-files?connectionId=${filesConnection2(after, space.id)}&limit=100`),
      );
      expect(listed.data.map((f) => f.name)).toEqual(['before.csv']);
      const before = after.prepare('SELECT sha256 FROM data_files WHERE id = ?').get(committedFile.id) as {
        sha256: string;
      };
      expect(before.sha256).toBe(sha(committedContent));
      expect((await get(`/api/v1/spaces/${space.id}`)).status).toBe(200);
      expect((await get(`/api/v1/data-connections/${connection.qID}`)).status).toBe(200);
      for (const id of acknowledged.spaces)
        expect((await get(`/api/v1/spaces/${id}`)).status, `space ${id}`).toBe(200);
      for (const id of acknowledged.connections)
        expect((await get(`/api/v1/data-connections/${id}`)).status, `connection ${id}`).toBe(200);

      // Interrupted tus uploads resume from HEAD and end with the right bytes.
      const resumedFrom: number[] = [];
      for (const upload of tus) {
        const location = upload.location.replace(new URL(upload.location).origin, second.target.url);
        const head = await fetch(location, {
          method: 'HEAD',
          headers: { authorization: `Bearer ${again}`, 'tus-resumable': '1.0.0' },
        });
        expect(head.status).toBe(200);
        const offset = Number(head.headers.get('upload-offset'));
        expect(offset).toBeGreaterThanOrEqual(upload.committed);
        expect(offset).toBeLessThanOrEqual(upload.committed + MiB / 2);
        resumedFrom.push(offset);
        const rest = await fetch(location, {
          method: 'PATCH',
          headers: {
            authorization: `Bearer ${again}`,
            'tus-resumable': '1.0.0',
            'upload-offset': String(offset),
            'content-type': 'application/offset+octet-stream',
          },
          body: new Uint8Array(upload.content.subarray(offset)),
        });
        expect(rest.status).toBe(204);
        expect(Number(rest.headers.get('upload-offset'))).toBe(upload.content.length);
        const id = new URL(location).pathname.split('/').pop()!;
        const downloaded = Buffer.from(await (await get(`/api/v1/temp-contents/${id}`)).arrayBuffer());
        expect(sha(downloaded)).toBe(sha(upload.content));
      }
      const burstKept = after
        .prepare("SELECT COUNT(*) AS n FROM spaces WHERE name LIKE 'Burst space %'")
        .get() as { n: number };
      console.info(
        `crash safety: killed with ${streaming} multipart uploads streaming, 3 tus PATCHes and ${60 - answered} writes in flight; ` +
          `${acknowledged.spaces.length + acknowledged.connections.length} acknowledged writes kept (${burstKept.n} burst spaces on disk); ` +
          `${rows.length} data files checked; tus resumed from ${resumedFrom.map((o) => `${(o / MiB).toFixed(2)} MiB`).join(', ')}`,
      );
    } finally {
      after.close();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, scaledTimeout(60));
});

function filesConnection2(db: Database.Database, spaceId: string): string {
  return (
    db.prepare('SELECT id FROM data_connections WHERE space_id = ? AND is_datafiles = 1').get(spaceId) as {
      id: string;
    }
  ).id;
}

describe('crash during a burst of audited changes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'local-tenant-audit-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves every surviving change with its event and no event without its change', async () => {
    const running = await startProcess(dir);
    const token = (await signIn(running.target, 'ada', 'user_default admin_classic')).access_token;
    const send = (path: string, method: string, body: unknown) =>
      api(running.target, token, path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        async (r) => ({ status: r.status, body: r.status === 201 ? ((await r.json()) as { id: string }) : undefined }),
        () => ({ status: 0, body: undefined }),
      );
    let acknowledged = 0;
    let killed = false;
    // Workers create a space and rename it, again and again, until the process is killed under them.
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const created = await send('/api/v1/spaces', 'POST', { name: `burst-${w}-${i}`, type: 'shared' });
        if (created.status !== 201) return;
        acknowledged++;
        const renamed = await send(`/api/v1/spaces/${created.body!.id}`, 'PATCH', [
          { op: 'replace', path: '/name', value: `burst-${w}-${i}-renamed` },
        ]);
        if (renamed.status !== 200) return;
        acknowledged++;
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    while (acknowledged < 60) await sleep(5);
    running.child.kill('SIGKILL');
    killed = true;
    await running.exited;
    await Promise.all(workers);

    const db = new Database(join(dir, 'tenant.db'), { readonly: true });
    try {
      const spaces = db.prepare("SELECT id, name FROM spaces WHERE name LIKE 'burst-%'").all() as { id: string; name: string }[];
      const events = db
        .prepare("SELECT resource_id, event_type, data FROM audit_events WHERE event_type IN ('com.qlik.space.created', 'com.qlik.space.updated') ORDER BY event_time, id")
        .all() as { resource_id: string; event_type: string; data: string }[];
      const burstEvents = events.filter((e) => (JSON.parse(e.data) as { name: string }).name.startsWith('burst-'));
      expect(spaces.length).toBeGreaterThanOrEqual(30);
      const problems: string[] = [];
      const byId = new Map(spaces.map((space) => [space.id, space]));
      for (const space of spaces) {
        const own = burstEvents.filter((e) => e.resource_id === space.id);
        if (own[0]?.event_type !== 'com.qlik.space.created') problems.push(`${space.name}: no created event`);
        const latest = own.at(-1);
        if (latest && (JSON.parse(latest.data) as { name: string }).name !== space.name)
          problems.push(`${space.name}: its last event names ${latest.data}`);
        if (space.name.endsWith('-renamed') && !own.some((e) => e.event_type === 'com.qlik.space.updated'))
          problems.push(`${space.name}: renamed without an updated event`);
      }
      for (const event of burstEvents) if (!byId.has(event.resource_id)) problems.push(`event without its space: ${event.data}`);
      expect(problems).toEqual([]);
    } finally {
      db.close();
    }
  }, scaledTimeout(120));
});

describe('crash between the last tus byte and its completion', () => {
  /**
   * @tus/server writes the last byte, then calls onUploadFinish, which marks the row complete. A crash in between
   * leaves every byte on disk and the row incomplete: HEAD then reports the full offset (so a tus client, as
   * tus-js-client does, considers the upload done and never PATCHes again), while the import kept answering
   * "still being uploaded" for good. The window is too narrow to hit with a kill, so the state it leaves is made
   * directly: a finished upload whose completion was never recorded.
   */
  it('completes the upload at restart so that it can be imported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-tenant-tus-finish-'));
    try {
      const content = randomBytes(256 * 1024);
      let first = await startTenant({ dataDir: dir });
      let token = (await signIn(first, 'max', 'user_default')).access_token;
      const created = await api(first, token, '/api/v1/temp-contents/files', {
        method: 'POST',
        headers: { 'tus-resumable': '1.0.0', 'upload-length': String(content.length) },
      });
      const id = new URL(created.headers.get('location')!).pathname.split('/').pop()!;
      const patched = await api(first, token, `/api/v1/temp-contents/files/${id}`, {
        method: 'PATCH',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        body: new Uint8Array(content),
      });
      expect(patched.status).toBe(204);
      first.db.prepare('UPDATE temp_contents SET complete = 0 WHERE id = ?').run(id);
      await first.stop();

      first = await startTenant({ dataDir: dir });
      token = (await signIn(first, 'max', 'user_default')).access_token;
      const head = await api(first, token, `/api/v1/temp-contents/files/${id}`, {
        method: 'HEAD',
        headers: { 'tus-resumable': '1.0.0' },
      });
      expect(Number(head.headers.get('upload-offset'))).toBe(content.length);
      const form = new FormData();
      form.append('Json', JSON.stringify({ name: 'finished.bin.csv', tempContentFileId: id }));
      const imported = await api(first, token, '/api/v1/data-files', { method: 'POST', body: form });
      expect(imported.status, await imported.clone().text()).toBe(201);
      const file = (await imported.json()) as { id: string };
      const row = first.db.prepare('SELECT sha256, size FROM data_files WHERE id = ?').get(file.id) as {
        sha256: string;
        size: number;
      };
      expect(row).toEqual({ sha256: sha(content), size: content.length });
      await first.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
