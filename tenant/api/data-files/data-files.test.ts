// @vitest-environment node
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DataFileUploadResponse,
  GetConnectionsResponse,
  GetDataFileInfosResponse,
  MultiStatusResponse,
  QuotaResponse,
} from '@qlik/api/data-files';
import { api, signIn, startTenant, type TestTenant } from '../../test/harness';
import { dataFilesStore, personalKey, type DataFileRow } from '../../store/data-files';
import { openBlobStore } from '../../store/blobs';
import { onDataFileChange, type DataFileChange } from '../../store/data-file-events';
import { spacesStore } from '../../store/spaces';
import { encodeCursor } from '../../http/pagination';

const MAX_FILE_SIZE = 64 * 1024;
let t: TestTenant;
const tok = { ada: '', adaAdmin: '', max: '', rita: '' };
const user = { ada: '', max: '', rita: '' };
const conn = { salesAnalytics: '', salesData: '', marketing: '', adaPersonal: '' };
const space = { salesAnalytics: '', salesData: '', marketing: '' };
const events: DataFileChange[] = [];
let unsubscribe: () => void;

interface ErrorBody {
  errors: { code: string; title: string; detail?: string; status?: string }[];
}
const sha = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function list(token: string, query: Record<string, string | number | boolean> = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const response = await api(t, token, `/api/v1/data-files?${qs}`);
  return { status: response.status, body: await json<GetDataFileInfosResponse & ErrorBody>(response) };
}

interface UploadOptions {
  method?: 'POST' | 'PUT';
  id?: string;
  fileField?: string;
  jsonField?: string;
  /** Json as a file part with filename "" and type application/json, as @qlik/api sends it. */
  jsonAsBlob?: boolean;
  headers?: Record<string, string>;
}

async function upload(
  token: string,
  body: Record<string, unknown> | undefined,
  content?: string | Buffer,
  o: UploadOptions = {},
) {
  const form = new FormData();
  if (content !== undefined)
    form.append(
      o.fileField ?? 'File',
      new Blob([typeof content === 'string' ? content : new Uint8Array(content)]),
      'upload.bin',
    );
  if (body) {
    if (o.jsonAsBlob)
      form.append(o.jsonField ?? 'Json', new Blob([JSON.stringify(body)], { type: 'application/json' }), '');
    else form.append(o.jsonField ?? 'Json', JSON.stringify(body));
  }
  const response = await api(t, token, o.id ? `/api/v1/data-files/${o.id}` : '/api/v1/data-files', {
    method: o.method ?? (o.id ? 'PUT' : 'POST'),
    body: form,
    headers: o.headers,
  });
  return { status: response.status, body: await json<DataFileUploadResponse & ErrorBody>(response) };
}

const post = (token: string, path: string, body: unknown) =>
  api(t, token, path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

const row = (id: string) => dataFilesStore(t.db).byId(id);
const names = (r: GetDataFileInfosResponse) => r.data.map((f) => f.name);

beforeAll(async () => {
  t = await startTenant({ dataFiles: { maxFileSize: MAX_FILE_SIZE, maxLargeFileSize: 1024 * 1024 } });
  unsubscribe = onDataFileChange((e) => events.push(e), t.db);
  [tok.ada, tok.adaAdmin, tok.max, tok.rita] = (
    await Promise.all([
      signIn(t, 'ada', 'user_default'),
      signIn(t, 'ada', 'user_default admin_classic'),
      signIn(t, 'max', 'user_default'),
      signIn(t, 'rita', 'user_default'),
    ])
  ).map((r) => r.access_token) as [string, string, string, string];
  for (const who of ['ada', 'max', 'rita'] as const) {
    const me = await json<{ id: string }>(await api(t, tok[who], '/api/v1/users/me'));
    user[who] = me.id;
  }
  const spaces = spacesStore(t.db);
  space.salesAnalytics = spaces.byName('Sales analytics')!.id;
  space.salesData = spaces.byName('Sales data')!.id;
  space.marketing = spaces.byName('Marketing sandbox')!.id;
  const connections = await json<GetConnectionsResponse>(
    await api(t, tok.adaAdmin, '/api/v1/data-files/connections?limit=100'),
  );
  const bySpace = new Map(connections.data.map((c) => [c.spaceId ?? null, c.id]));
  conn.salesAnalytics = bySpace.get(space.salesAnalytics)!;
  conn.salesData = bySpace.get(space.salesData)!;
  conn.marketing = bySpace.get(space.marketing)!;
  conn.adaPersonal = bySpace.get(null)!;
});

afterAll(async () => {
  unsubscribe?.();
  await t?.stop();
});

describe('connections', () => {
  it('lists the personal connection first and one per visible space', async () => {
    const ada = await json<GetConnectionsResponse>(
      await api(t, tok.ada, '/api/v1/data-files/connections?limit=100'),
    );
    expect(ada.data[0]).toMatchObject({ spaceId: null, name: 'DataFiles', type: 'qix-datafiles.exe' });
    expect(ada.data[0]!.connectStatement).toContain('path=mydatafiles');
    expect(ada.data.map((c) => c.spaceId)).toContain(space.salesData);
    const rita = await json<GetConnectionsResponse>(
      await api(t, tok.rita, '/api/v1/data-files/connections?limit=100'),
    );
    expect(rita.data.map((c) => c.spaceId)).toContain(space.salesAnalytics);
    expect(rita.data.map((c) => c.spaceId)).not.toContain(space.salesData);
    expect(rita.data[0]!.id).not.toBe(conn.adaPersonal);
  });

  it('filters, pages and reports space stats', async () => {
    const personal = await json<GetConnectionsResponse>(
      await api(t, tok.ada, '/api/v1/data-files/connections?personal=true'),
    );
    expect(personal.data).toHaveLength(1);
    const one = await json<GetConnectionsResponse>(
      await api(
        t,
        tok.ada,
        `/api/v1/data-files/connections?spaceId=${space.salesData}&includeSpaceStats=true`,
      ),
    );
    expect(one.data).toHaveLength(1);
    expect(one.data[0]!.spaceStats).toMatchObject({
      totalFileCount: 3,
      totalFolderCount: 2,
      directFolderCount: 2,
    });
    const first = await json<GetConnectionsResponse>(
      await api(t, tok.ada, '/api/v1/data-files/connections?limit=2'),
    );
    expect(first.links.next?.href).toMatch(/^http:\/\/localhost:\d+\/api\/v1\/data-files\/connections\?/);
    const second = await json<GetConnectionsResponse>(
      await fetch(first.links.next!.href!, { headers: { authorization: `Bearer ${tok.ada}` } }),
    );
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
    expect(second.links.prev?.href).toBeTruthy();
  });

  it('gets one by id; a space the caller cannot see is 403, an unknown id 404', async () => {
    expect((await api(t, tok.ada, `/api/v1/data-files/connections/${conn.salesData}`)).status).toBe(200);
    expect((await api(t, tok.ada, `/api/v1/data-files/connections/${conn.adaPersonal}`)).status).toBe(200);
    const rita = await api(t, tok.rita, `/api/v1/data-files/connections/${conn.salesData}`);
    expect(rita.status).toBe(403);
    expect((await json<ErrorBody>(rita)).errors[0]!.code).toBe('DF-013');
    expect((await api(t, tok.ada, '/api/v1/data-files/connections/nope')).status).toBe(404);
  });
});

describe('list parameters', () => {
  it('defaults to the caller’s personal space, files only, whole hierarchy, by name', async () => {
    const { status, body } = await list(tok.ada);
    expect(status).toBe(200);
    expect(names(body)).toEqual(['forecasts/q3.json', 'scratch.csv']);
    expect(body.data[0]).toMatchObject({
      baseName: 'q3.json',
      folderPath: 'forecasts',
      spaceId: null,
      folder: false,
    });
    expect(body.data[0]!.createdDate).toMatch(/\.\d{7}Z$/);
    expect(body.links.self.href).toMatch(/^http:\/\/localhost:\d+\/api\/v1\/data-files/);
    expect(body.links.next).toEqual({ href: null }); // LinksResponse: always there, href null at the end
  });

  it('connectionId lists that space; includeAllSpaces lists every visible space', async () => {
    expect(names((await list(tok.ada, { connectionId: conn.salesData })).body)).toEqual([
      'raw/customers.json',
      'raw/orders.csv',
      'reference/regions.csv',
    ]);
    const rita = (await list(tok.rita, { includeAllSpaces: true, limit: 100 })).body;
    expect(new Set(rita.data.map((f) => f.spaceId))).toEqual(new Set([space.salesAnalytics]));
    const admin = (await list(tok.adaAdmin, { includeAllSpaces: true, limit: 100 })).body;
    expect(admin.data.length).toBeGreaterThanOrEqual(8);
  });

  it('folderId / folderPath scope to a folder; both together is DF-003', async () => {
    const folders = (await list(tok.ada, { connectionId: conn.salesData, excludeFiles: true })).body;
    expect(names(folders)).toEqual(['raw', 'reference']);
    const raw = folders.data[0]!;
    expect(names((await list(tok.ada, { connectionId: conn.salesData, folderId: raw.id })).body)).toEqual([
      'raw/customers.json',
      'raw/orders.csv',
    ]);
    expect(
      names((await list(tok.ada, { connectionId: conn.salesData, folderPath: 'reference' })).body),
    ).toEqual(['reference/regions.csv']);
    const both = await list(tok.ada, { connectionId: conn.salesData, folderPath: 'raw', folderId: raw.id });
    expect(both.status).toBe(400);
    expect(both.body.errors[0]!.code).toBe('DF-003');
    expect((await list(tok.ada, { folderPath: '../x' })).body.errors[0]!.code).toBe('DF-004');
    expect((await list(tok.ada, { folderId: 'missing' })).body.errors[0]!.code).toBe('DF-005');
    const file = (await list(tok.ada)).body.data[0]!;
    expect((await list(tok.ada, { folderId: file.id })).body.errors[0]!.code).toBe('DF-008');
  });

  it('excludeSubFolders, includeFolders, excludeFiles, includeFolderStats', async () => {
    const direct = (
      await list(tok.ada, {
        connectionId: conn.salesAnalytics,
        excludeSubFolders: true,
        includeFolders: true,
      })
    ).body;
    expect(names(direct)).toEqual(['bookings-2024.csv', 'pipeline']);
    const onlyFiles = (await list(tok.ada, { connectionId: conn.salesAnalytics, excludeSubFolders: true }))
      .body;
    expect(names(onlyFiles)).toEqual(['bookings-2024.csv']);
    const withStats = (
      await list(tok.ada, { connectionId: conn.salesAnalytics, excludeFiles: true, includeFolderStats: true })
    ).body;
    expect(withStats.data[0]!.folderStats).toMatchObject({
      totalFileCount: 2,
      directFileCount: 2,
      totalFolderCount: 0,
    });
    expect(withStats.data[0]!.folderStats.aggregateFileSize).toBeGreaterThan(0);
    const noStats = (await list(tok.ada, { connectionId: conn.salesAnalytics, excludeFiles: true })).body;
    expect(noStats.data[0]!.folderStats.totalFileCount).toBe(0);
  });

  it('baseNameWildcard, name, ownerId, notOwnerId', async () => {
    const q = { connectionId: conn.salesAnalytics };
    expect(names((await list(tok.ada, { ...q, baseNameWildcard: '*.TSV' })).body)).toEqual([
      'pipeline/accounts.tsv',
    ]);
    expect(names((await list(tok.ada, { ...q, baseNameWildcard: 'bookings-202?.csv' })).body)).toEqual([
      'bookings-2024.csv',
    ]);
    expect(names((await list(tok.ada, { ...q, baseNameWildcard: '%' })).body)).toEqual([]);
    expect(names((await list(tok.ada, { ...q, name: 'pipeline/opportunities.csv' })).body)).toEqual([
      'pipeline/opportunities.csv',
    ]);
    expect(names((await list(tok.ada, { ...q, ownerId: user.max })).body)).toEqual([
      'pipeline/accounts.tsv',
      'pipeline/opportunities.csv',
    ]);
    expect(names((await list(tok.ada, { ...q, notOwnerId: user.max })).body)).toEqual(['bookings-2024.csv']);
    // ownerId without a connection: that owner's files in every space the caller sees
    const maxFiles = (await list(tok.rita, { ownerId: user.max })).body;
    expect(names(maxFiles)).toEqual(['pipeline/accounts.tsv', 'pipeline/opportunities.csv']);
  });

  it('sort by every field, both directions; a bad sort is DF-002', async () => {
    const q = { connectionId: conn.salesAnalytics, includeFolders: true };
    expect(names((await list(tok.ada, { ...q, sort: '-name' })).body)).toEqual([
      'pipeline/opportunities.csv',
      'pipeline/accounts.tsv',
      'pipeline',
      'bookings-2024.csv',
    ]);
    expect(names((await list(tok.ada, { ...q, sort: '+baseName' })).body)[0]).toBe('pipeline/accounts.tsv');
    const bySize = (await list(tok.ada, { ...q, sort: 'size' })).body.data.map((f) => f.size);
    expect(bySize).toEqual([...bySize].sort((a, b) => a - b));
    expect((await list(tok.ada, { ...q, sort: '-folder' })).body.data[0]!.folder).toBe(true);
    expect((await list(tok.ada, { ...q, sort: 'folder' })).body.data[0]!.folder).toBe(false);
    const byDate = (await list(tok.ada, { ...q, sort: '-modifiedDate' })).body.data.map(
      (f) => f.modifiedDate!,
    );
    expect(byDate).toEqual([...byDate].sort().reverse());
    const bad = await list(tok.ada, { sort: 'color' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.code).toBe('DF-002');
  });

  it('limit 1–1000 and page cursors with absolute links both ways; a bad cursor is DF-001', async () => {
    expect((await list(tok.ada, { limit: 0 })).status).toBe(400);
    expect((await list(tok.ada, { limit: 1001 })).status).toBe(400);
    const first = (await list(tok.ada, { connectionId: conn.salesData, limit: 2 })).body;
    expect(names(first)).toEqual(['raw/customers.json', 'raw/orders.csv']);
    expect(first.links.prev).toEqual({ href: null });
    const next = first.links.next!.href!;
    expect(next.startsWith(t.url)).toBe(true);
    const second = await json<GetDataFileInfosResponse>(
      await fetch(next, { headers: { authorization: `Bearer ${tok.ada}` } }),
    );
    expect(names(second)).toEqual(['reference/regions.csv']);
    expect(second.links.next).toEqual({ href: null });
    const back = await json<GetDataFileInfosResponse>(
      await fetch(second.links.prev!.href!, { headers: { authorization: `Bearer ${tok.ada}` } }),
    );
    expect(names(back)).toEqual(['raw/customers.json', 'raw/orders.csv']);
    const bad = await list(tok.ada, { page: 'garbage' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.code).toBe('DF-001');
    expect((await list(tok.ada, { page: 'n.bm90LWpzb24' })).body.errors[0]!.code).toBe('DF-001');
  });
});

describe('upload, folders and content', () => {
  it('stores multipart content streamed, with its SHA-256, for File/Json in any case and Json as a blob', async () => {
    const content = 'a,b\n1,2\n3,4\n';
    const variants: UploadOptions[] = [
      {},
      { fileField: 'file', jsonField: 'json' },
      { jsonAsBlob: true },
      { fileField: 'FILE', jsonField: 'JSON', jsonAsBlob: true },
    ];
    for (const [i, o] of variants.entries()) {
      const { status, body } = await upload(tok.max, { name: `variants/v${i}.csv` }, content, o);
      expect(status, JSON.stringify(body)).toBe(201);
      expect(body).toMatchObject({
        name: `variants/v${i}.csv`,
        size: content.length,
        ownerId: user.max,
        folder: false,
      });
      expect(body.actions).toEqual(expect.arrayContaining(['read', 'update', 'delete']));
      const stored = row(body.id)!;
      expect(stored.sha256).toBe(sha(content));
      expect(readFileSync(join(t.dataDir, 'blobs', stored.sha256!), 'utf8')).toBe(content);
    }
    const binary = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256));
    const big = await upload(tok.max, { name: 'binary.qvd' }, binary);
    expect(big.status).toBe(201);
    expect(row(big.body.id)!.sha256).toBe(sha(binary));
  });

  it('creates missing parent folders, folders with folder:true, and names relative to folderId', async () => {
    const deep = await upload(tok.max, { name: 'a/b/c/deep.csv' }, 'x\n');
    expect(deep.status).toBe(201);
    const folders = (await list(tok.max, { excludeFiles: true, baseNameWildcard: '?' })).body;
    expect(names(folders)).toEqual(['a', 'a/b', 'a/b/c']);
    expect(deep.body.folderId).toBe(folders.data[2]!.id);
    expect(deep.body.folderPath).toBe('a/b/c');
    const folder = await upload(tok.max, { name: 'empty-folder', folder: true });
    expect(folder.status).toBe(201);
    expect(folder.body).toMatchObject({ folder: true, size: 0 });
    const inside = await upload(tok.max, { name: 'sub/inside.csv', folderId: folder.body.id }, 'y\n');
    expect(inside.body.name).toBe('empty-folder/sub/inside.csv');
    // a path segment that is a file cannot become a folder
    const clash = await upload(tok.max, { name: 'a/b/c/deep.csv/x.csv' }, 'z\n');
    expect(clash.status).toBe(400);
    expect(clash.body.errors[0]!.code).toBe('DF-022');
  });

  it('copies a file (sourceId) sharing content, and a folder with its subtree', async () => {
    const source = (await list(tok.max, { name: 'a/b/c/deep.csv' })).body.data[0]!;
    const copy = await upload(tok.max, { name: 'copy-of-deep.csv', sourceId: source.id });
    expect(copy.status).toBe(201);
    expect(row(copy.body.id)!.sha256).toBe(row(source.id)!.sha256);
    const folderA = (await list(tok.max, { name: 'a', includeFolders: true })).body.data[0]!;
    const tree = await upload(tok.max, { name: 'a-copy', folder: true, sourceId: folderA.id });
    expect(tree.status).toBe(201);
    expect(names((await list(tok.max, { folderId: tree.body.id })).body)).toEqual(['a-copy/b/c/deep.csv']);
  });

  it('PUT replaces content (201), renames and moves; DELETE removes folders recursively', async () => {
    const created = await upload(tok.max, { name: 'moving/file.csv' }, 'one\n');
    const id = created.body.id;
    const replaced = await upload(tok.max, undefined, 'two\n', { id });
    expect(replaced.status).toBe(201);
    expect(row(id)!.sha256).toBe(sha('two\n'));
    expect(existsSync(join(t.dataDir, 'blobs', sha('one\n')))).toBe(false);
    const renamed = await upload(tok.max, { name: 'moving/renamed.csv' }, undefined, { id });
    expect(renamed.body.name).toBe('moving/renamed.csv');
    const target = await upload(tok.max, { name: 'target', folder: true });
    const moved = await upload(tok.max, { folderId: target.body.id }, undefined, { id });
    expect(moved.body).toMatchObject({ name: 'target/renamed.csv', folderId: target.body.id });
    // to another space by connection id
    const toSpace = await upload(
      tok.max,
      { connectionId: conn.salesAnalytics, name: 'from-max.csv' },
      undefined,
      { id },
    );
    expect(toSpace.status).toBe(201);
    expect(toSpace.body).toMatchObject({ spaceId: space.salesAnalytics, name: 'from-max.csv' });
    // folder rename moves the subtree
    const folder = (await list(tok.max, { name: 'moving', includeFolders: true, excludeFiles: true })).body
      .data[0]!;
    await upload(tok.max, { name: 'moving/child.csv' }, 'c\n');
    const renamedFolder = await upload(tok.max, { name: 'moved-folder' }, undefined, { id: folder.id });
    expect(renamedFolder.body.name).toBe('moved-folder');
    expect(names((await list(tok.max, { folderId: folder.id })).body)).toEqual(['moved-folder/child.csv']);
    // into its own subtree
    const sub = await upload(tok.max, { name: 'moved-folder/sub', folder: true });
    const loop = await upload(tok.max, { folderId: sub.body.id }, undefined, { id: folder.id });
    expect(loop.status).toBe(400);
    expect(loop.body.errors[0]!.code).toBe('DF-019');
    const child = (await list(tok.max, { name: 'moved-folder/child.csv' })).body.data[0]!;
    expect((await api(t, tok.max, `/api/v1/data-files/${folder.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(t, tok.max, `/api/v1/data-files/${child.id}`)).status).toBe(404);
    expect(row(sub.body.id)).toBeUndefined();
    expect(existsSync(join(t.dataDir, 'blobs', sha('c\n')))).toBe(false);
    expect((await api(t, tok.max, `/api/v1/data-files/${folder.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('emits change events for the catalog', async () => {
    events.length = 0;
    const created = await upload(tok.max, { name: 'events/e.csv' }, 'e\n');
    await upload(tok.max, undefined, 'e2\n', { id: created.body.id });
    await upload(tok.max, { name: 'events/e2.csv' }, undefined, { id: created.body.id });
    await api(t, tok.max, `/api/v1/data-files/${created.body.id}`, { method: 'DELETE' });
    expect(events.map((e) => `${e.kind}:${e.file.name}`)).toEqual([
      'created:events',
      'created:events/e.csv',
      'replaced:events/e.csv',
      'renamed:events/e2.csv',
      'deleted:events/e2.csv',
    ]);
    expect(events[3]!.previous!.name).toBe('events/e.csv');
  });
});

describe('errors', () => {
  const bad = async (
    body: Record<string, unknown>,
    content: string | undefined,
    code: string,
    status = 400,
    token = tok.max,
  ) => {
    const response = await upload(token, body, content);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.errors[0]!.code).toBe(code);
  };

  it('answers Qlik’s DF codes for bad names, extensions, sources and targets', async () => {
    await bad({ name: 'noext' }, 'x', 'DF-011');
    await bad({ name: 'trailing.' }, 'x', 'DF-011');
    await bad({ name: 'evil.exe' }, 'x', 'DF-010');
    for (const name of [
      '../up.csv',
      '/abs.csv',
      'a//b.csv',
      'back\\slash.csv',
      'nul\u0000.csv',
      'CON.csv',
      'dir/./x.csv',
      '',
    ]) {
      await bad({ name }, 'x', 'DF-015');
    }
    await bad({ name: `${Array.from({ length: 17 }, (_, i) => `d${i}`).join('/')}.csv` }, 'x', 'DF-026');
    await bad({ name: 'x.csv', folderId: 'missing' }, 'x', 'DF-005');
    await bad({ name: 'x.csv', sourceId: 'missing' }, undefined, 'DF-017');
    await bad({ name: 'x.csv', tempContentFileId: 'missing' }, undefined, 'DF-012');
    await bad({ name: 'x.csv', connectionId: 'missing' }, 'x', 'DF-014');
    await bad({ name: 'x.csv', connectionId: conn.salesData }, 'x', 'DF-013', 403, tok.rita);
    const sourceFolder = (await list(tok.max, { name: 'a', includeFolders: true })).body.data[0]!;
    await bad({ name: 'x.csv', sourceId: sourceFolder.id }, undefined, 'DF-018');
    // a folder of another space as parent
    const otherFolder = (await list(tok.max, { connectionId: conn.salesAnalytics, excludeFiles: true })).body
      .data[0]!;
    await bad({ name: 'x.csv', folderId: otherFolder.id }, 'x', 'DF-020');
    await bad({ name: 'x.csv' }, undefined, 'HTTP-400');
    const noJson = await api(t, tok.max, '/api/v1/data-files', {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(noJson.status).toBe(400);
  });

  it('409 for a name taken in the space (case-insensitive), on upload and on rename', async () => {
    await upload(tok.max, { name: 'unique.csv' }, '1\n');
    await bad({ name: 'unique.csv' }, '2\n', 'HTTP-409', 409);
    await bad({ name: 'UNIQUE.CSV' }, '2\n', 'HTTP-409', 409);
    const other = await upload(tok.max, { name: 'other.csv' }, '3\n');
    const rename = await upload(tok.max, { name: 'unique.csv' }, undefined, { id: other.body.id });
    expect(rename.status).toBe(409);
  });

  it('413 above maxFileSize, refused from Content-Length or while streaming; nothing is kept', async () => {
    const before = readdirSync(join(t.dataDir, 'blobs')).length;
    const streamed = await upload(tok.max, { name: 'too-big.csv' }, 'x'.repeat(MAX_FILE_SIZE + 1));
    expect(streamed.status).toBe(413);
    const declared = await upload(
      tok.max,
      { name: 'way-too-big.csv' },
      'x'.repeat(MAX_FILE_SIZE + 2 * 1024 * 1024),
    );
    expect(declared.status).toBe(413);
    const exact = await upload(tok.max, { name: 'exact.csv' }, 'x'.repeat(MAX_FILE_SIZE));
    expect(exact.status).toBe(201);
    expect(readdirSync(join(t.dataDir, 'blobs', 'tmp'))).toEqual([]);
    expect(readdirSync(join(t.dataDir, 'blobs')).length).toBe(before + 1);
  });

  it('423 while another request is changing the same file', async () => {
    const created = await upload(tok.max, { name: 'locked.csv' }, 'l\n');
    const boundary = 'lockboundary';
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const encoder = new TextEncoder();
    const slowBody = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(
          encoder.encode(
            `--${boundary}\r\nContent-Disposition: form-data; name="File"; filename="f.csv"\r\nContent-Type: text/csv\r\n\r\nslow,`,
          ),
        );
        await released;
        controller.enqueue(encoder.encode(`done\r\n--${boundary}--\r\n`));
        controller.close();
      },
    });
    const slow = api(t, tok.max, `/api/v1/data-files/${created.body.id}`, {
      method: 'PUT',
      body: slowBody,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      duplex: 'half',
    } as RequestInit);
    await new Promise((r) => setTimeout(r, 300));
    const second = await upload(tok.max, undefined, 'other\n', { id: created.body.id });
    expect(second.status).toBe(423);
    const del = await api(t, tok.max, `/api/v1/data-files/${created.body.id}`, { method: 'DELETE' });
    expect(del.status).toBe(423);
    release();
    expect((await slow).status).toBe(201);
    expect(row(created.body.id)!.sha256).toBe(sha('slow,done'));
  });
});

describe('rights', () => {
  it('Rita reads a space she consumes but cannot change it; spaces she is not in are invisible', async () => {
    const listed = await list(tok.rita, { connectionId: conn.salesAnalytics });
    expect(listed.status).toBe(200);
    expect(listed.body.data.length).toBeGreaterThan(0);
    expect(listed.body.data[0]!.actions).toEqual(['list', 'read']);
    const denied = await upload(tok.rita, { name: 'nope.csv', connectionId: conn.salesAnalytics }, 'x');
    expect(denied.status).toBe(403);
    const file = listed.body.data[0]!;
    expect((await api(t, tok.rita, `/api/v1/data-files/${file.id}`, { method: 'DELETE' })).status).toBe(403);
    const secret = (await list(tok.ada, { connectionId: conn.salesData })).body.data[0]!;
    expect((await api(t, tok.rita, `/api/v1/data-files/${secret.id}`)).status).toBe(404);
    const hers = await upload(tok.rita, { name: 'mine.csv' }, 'r\n');
    expect(hers.status).toBe(201);
    expect((await api(t, tok.max, `/api/v1/data-files/${hers.body.id}`)).status).toBe(404);
    // a producer writes in the space
    expect(
      (await upload(tok.max, { name: 'by-producer.csv', connectionId: conn.salesAnalytics }, 'p\n')).status,
    ).toBe(201);
  });

  it('a tenant admin with admin.spaces sees and changes every space', async () => {
    const hers = (await list(tok.rita, { name: 'mine.csv' })).body.data[0]!;
    const got = await json<DataFileUploadResponse>(
      await api(t, tok.adaAdmin, `/api/v1/data-files/${hers.id}`),
    );
    expect(got.actions).toContain('change_owner');
    const maxSpace = await upload(
      tok.adaAdmin,
      { name: 'admin-was-here.csv', connectionId: conn.marketing },
      'a\n',
    );
    expect(maxSpace.status).toBe(201);
  });

  it('a space that holds files cannot be deleted (412)', async () => {
    const del = await api(t, tok.max, `/api/v1/spaces/${space.marketing}`, { method: 'DELETE' });
    expect(del.status).toBe(412);
  });
});

describe('actions', () => {
  it('change-space moves a root item (folder with subtree) and answers 204', async () => {
    const folder = await upload(tok.max, { name: 'to-move', folder: true });
    const child = await upload(tok.max, { name: 'to-move/inner.csv' }, 'i\n');
    const moved = await post(tok.max, `/api/v1/data-files/${folder.body.id}/actions/change-space`, {
      spaceId: space.salesAnalytics,
    });
    expect(moved.status).toBe(204);
    expect(row(child.body.id)).toMatchObject({ space_id: space.salesAnalytics, name: 'to-move/inner.csv' });
    const notRoot = await post(tok.max, `/api/v1/data-files/${child.body.id}/actions/change-space`, {
      spaceId: null,
    });
    expect(notRoot.status).toBe(400);
    const back = await post(tok.max, `/api/v1/data-files/${folder.body.id}/actions/change-space`, {
      spaceId: null,
    });
    expect(back.status).toBe(204);
    expect(row(child.body.id)!.space_key).toBe(personalKey(user.max));
    const unknown = await post(tok.max, `/api/v1/data-files/${folder.body.id}/actions/change-space`, {
      spaceId: 'nope',
    });
    expect((await json<ErrorBody>(unknown)).errors[0]!.code).toBe('DF-009');
    const invisible = await post(
      tok.rita,
      `/api/v1/data-files/${(await list(tok.rita, { name: 'mine.csv' })).body.data[0]!.id}/actions/change-space`,
      {
        spaceId: space.salesData,
      },
    );
    expect(invisible.status).toBe(403);
    expect((await json<ErrorBody>(invisible)).errors[0]!.code).toBe('DF-013');
  });

  it('change-owner: admins only; in a personal space the item moves to the new owner', async () => {
    const mine = (await list(tok.rita, { name: 'mine.csv' })).body.data[0]!;
    expect(
      (await post(tok.rita, `/api/v1/data-files/${mine.id}/actions/change-owner`, { ownerId: user.max }))
        .status,
    ).toBe(403);
    const unknownOwner = await post(tok.adaAdmin, `/api/v1/data-files/${mine.id}/actions/change-owner`, {
      ownerId: 'ghost',
    });
    expect((await json<ErrorBody>(unknownOwner)).errors[0]!.code).toBe('DF-006');
    expect(
      (await post(tok.adaAdmin, `/api/v1/data-files/${mine.id}/actions/change-owner`, { ownerId: user.max }))
        .status,
    ).toBe(204);
    expect(row(mine.id)).toMatchObject({ owner_id: user.max, space_key: personalKey(user.max) });
    expect(names((await list(tok.max, { name: 'mine.csv' })).body)).toEqual(['mine.csv']);
  });

  it('batch delete and batch change-space answer 207 with one item per operation', async () => {
    const a = await upload(tok.max, { name: 'batch/a.csv' }, 'a\n');
    const b = await upload(tok.max, { name: 'batch/b.csv' }, 'b\n');
    const foreign = (await list(tok.ada, { name: 'scratch.csv' })).body.data[0]!;
    const moved = await post(tok.max, '/api/v1/data-files/actions/change-space', {
      'change-space': [
        {
          id: (await list(tok.max, { name: 'batch', includeFolders: true })).body.data[0]!.id,
          spaceId: space.salesAnalytics,
        },
        { id: 'missing', spaceId: null },
      ],
    });
    expect(moved.status).toBe(207);
    const movedBody = await json<MultiStatusResponse>(moved);
    expect(movedBody.data.map((d) => [d.status, d.code])).toEqual([
      [204, 'HTTP-204'],
      [404, 'HTTP-404'],
    ]);
    const response = await post(tok.max, '/api/v1/data-files/actions/delete', {
      delete: [{ id: a.body.id }, { id: 'missing' }, { id: foreign.id }],
    });
    expect(response.status).toBe(207);
    const body = await json<MultiStatusResponse>(response);
    expect(body.data).toEqual([
      { id: a.body.id, status: 204, code: 'HTTP-204', title: 'No Content' },
      expect.objectContaining({ id: 'missing', status: 404, code: 'HTTP-404' }),
      expect.objectContaining({ id: foreign.id, status: 404 }),
    ]);
    expect(row(a.body.id)).toBeUndefined();
    expect(row(b.body.id)).toBeDefined();
    const rita = await post(tok.rita, '/api/v1/data-files/actions/delete', {
      delete: [],
      deleteAllBySpace: [{ id: space.salesAnalytics }],
      deleteAllFromPersonalSpace: true,
    });
    const ritaBody = await json<MultiStatusResponse>(rita);
    expect(ritaBody.data.map((d) => d.status)).toEqual([403, 204]);
    expect((await list(tok.rita)).body.data).toEqual([]);
    expect((await post(tok.max, '/api/v1/data-files/actions/delete', { delete: 'x' })).status).toBe(400);
  });
});

describe('quotas', () => {
  it('reports the caller’s usage and the limits; 413 DF-016 when an upload would exceed maxSize', async () => {
    const q = await json<QuotaResponse>(await api(t, tok.max, '/api/v1/data-files/quotas'));
    expect(q).toMatchObject({ maxFileSize: MAX_FILE_SIZE, maxLargeFileSize: 1024 * 1024, maxSize: 2 ** 63 });
    expect(q.allowedExtensions).toEqual(
      expect.arrayContaining(['csv', 'qvd', 'xlsx', 'json', 'parquet', 'tsv']),
    );
    expect(q.allowedInternalExtensions).toEqual(['dxf', 'gml', 'qrep']);
    const expected = (
      t.db
        .prepare('SELECT SUM(size) AS n FROM data_files WHERE owner_id = ? AND folder = 0')
        .get(user.max) as { n: number }
    ).n;
    expect(q.size).toBe(expected);

    const small = await startTenant({ dataFiles: { maxFileSize: 1000, maxSize: 1500 } });
    try {
      const token = (await signIn(small, 'rita', 'user_default')).access_token;
      const send = (name: string, size: number) => {
        const form = new FormData();
        form.append('File', new Blob(['x'.repeat(size)]), 'f');
        form.append('Json', JSON.stringify({ name }));
        return api(small, token, '/api/v1/data-files', { method: 'POST', body: form });
      };
      expect((await send('one.csv', 900)).status).toBe(201);
      const over = await send('two.csv', 900);
      expect(over.status).toBe(413);
      expect((await json<ErrorBody>(over)).errors[0]!.code).toBe('DF-016');
      const quota = await json<QuotaResponse>(await api(small, token, '/api/v1/data-files/quotas'));
      expect(quota).toMatchObject({ size: 900, maxSize: 1500, maxFileSize: 1000 });
    } finally {
      await small.stop();
    }
  });
});

describe('blob store crash safety', () => {
  it('removes tmp leftovers and unreferenced blobs at open, keeps referenced ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blobs-test-'));
    try {
      const store = openBlobStore(dir);
      const kept = store.writeTempSync('kept');
      store.commit(kept);
      const orphan = store.writeTempSync('orphan (crash after rename, before the row)');
      store.commit(orphan);
      store.writeTempSync('leftover (crash while streaming)');
      writeFileSync(join(dir, 'blobs', 'not-a-blob'), 'junk');
      const swept = openBlobStore(dir).sweep(new Set([kept.sha256]));
      expect(swept).toEqual({ tmpRemoved: 1, orphansRemoved: 2 });
      expect(readdirSync(join(dir, 'blobs')).sort()).toEqual([kept.sha256, 'tmp'].sort());
      expect(readFileSync(store.pathOf(kept.sha256), 'utf8')).toBe('kept');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a restarted tenant keeps every referenced blob and drops leftovers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tenant-restart-'));
    try {
      let server = await startTenant({ dataDir });
      const referenced = dataFilesStore(server.db).referencedBlobs();
      await server.close();
      mkdirSync(join(dataDir, 'blobs', 'tmp'), { recursive: true });
      writeFileSync(join(dataDir, 'blobs', 'tmp', 'half-written'), 'partial');
      writeFileSync(join(dataDir, 'blobs', sha('orphan')), 'orphan');
      server = await startTenant({ dataDir });
      expect(readdirSync(join(dataDir, 'blobs', 'tmp'))).toEqual([]);
      expect(new Set(readdirSync(join(dataDir, 'blobs')).filter((n) => n !== 'tmp'))).toEqual(referenced);
      await server.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('large lists', () => {
  it('pages 100,000 rows by keyset: first page and a deep page', async () => {
    const files = dataFilesStore(t.db);
    const key = personalKey(user.ada);
    const now = new Date().toISOString();
    const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const nameOf = (i: number) => `bulk-${String(i).padStart(6, '0')}.csv`;
    const started = performance.now();
    t.db.transaction(() => {
      for (let i = 1; i <= 100_000; i++) {
        files.insert({
          id: idOf(i),
          space_key: key,
          space_id: null,
          name: nameOf(i),
          base_name: nameOf(i),
          parent_id: null,
          folder: 0,
          internal: 0,
          size: i,
          sha256: null,
          owner_id: user.ada,
          app_id: null,
          created_date: now,
          modified_date: now,
          content_updated_date: now,
        } satisfies DataFileRow);
      }
    })();
    console.info(`inserted 100,000 rows in ${(performance.now() - started).toFixed(0)} ms`);

    let at = performance.now();
    const first = await list(tok.ada, { limit: 100, baseNameWildcard: 'bulk-*' });
    console.info(`first page: ${(performance.now() - at).toFixed(1)} ms`);
    expect(names(first.body)).toEqual(Array.from({ length: 100 }, (_, i) => nameOf(i + 1)));

    // the token for "after row 90,000" (what following 900 next links would arrive at)
    const page = `n.${encodeCursor({ v: nameOf(90_000), id: idOf(90_000) })}`;
    at = performance.now();
    const deep = await list(tok.ada, { limit: 100, page, baseNameWildcard: 'bulk-*' });
    console.info(`deep page (after 90,000): ${(performance.now() - at).toFixed(1)} ms`);
    expect(names(deep.body)).toEqual(Array.from({ length: 100 }, (_, i) => nameOf(90_001 + i)));
    expect(deep.body.links.prev?.href).toBeTruthy();

    at = performance.now();
    const bySize = await list(tok.ada, { limit: 10, sort: '-size' });
    console.info(`first page by -size: ${(performance.now() - at).toFixed(1)} ms`);
    expect(bySize.body.data[0]!.size).toBe(100_000);
    t.db.prepare("DELETE FROM data_files WHERE space_key = ? AND name LIKE 'bulk-%'").run(key);
  });
});
