import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Server as TusServer, Metadata, type Lock, type Locker } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { DetailResponse } from '@qlik/api/temp-contents';
import type { TenantContext } from '../context';
import { addGuards, type Guard } from '../auth/guards';
import { ApiError, badRequest, errorBody, notFound, titleFor } from '../http/errors';
import { newObjectId, nowIso } from '../http/ids';
import { requestOrigin } from '../http/pagination';
import type { TempContentRow } from '../store/data-files';
import type { ContentDigest, ContentDigests } from '../store/content-digests';
import { streamToFile } from '../store/blobs';

/** Temp contents and data files have no Qlik scope of their own: any user or admin token may call them. */
export const DATA_FILES_GUARD: Guard = { anyOf: ['user_default', 'admin_classic'] };

export const TUS_PATH = '/api/v1/temp-contents/files';

export const TEMP_CONTENTS_GUARDS: Record<string, Guard> = {
  'POST /api/v1/temp-contents': DATA_FILES_GUARD,
  'GET /api/v1/temp-contents/:id': DATA_FILES_GUARD,
  'GET /api/v1/temp-contents/:id/details': DATA_FILES_GUARD,
  [`POST ${TUS_PATH}`]: DATA_FILES_GUARD,
  [`PATCH ${TUS_PATH}/:id`]: DATA_FILES_GUARD,
  // HEAD is guarded through its GET row
  [`GET ${TUS_PATH}/:id`]: DATA_FILES_GUARD,
};

export const DEFAULT_TTL_SECONDS = 3600;
export const MAX_TTL_SECONDS = 259200;
const SWEEP_INTERVAL_MS = 30_000;
/** How long an expired id keeps answering 410 before it is forgotten (then 404). */
const FORGET_AFTER_MS = 3 * 24 * 3600 * 1000;

export interface TempContentsOptions {
  allowedOrigins: readonly string[];
}

export const tempContentsDir = (dataDir: string) => join(dataDir, 'temp-contents');

/**
 * Browsers send a request body in pieces of a few dozen KB; written as they come, a 1 GiB upload costs tens of
 * thousands of file writes (each a trip through libuv's thread pool) on the tenant's one thread. Pieces are joined
 * to this size first. Whatever is held when the request ends (or is cut off, which tus ends gracefully) is still
 * written; only a failing request loses it, and tus then resumes from what is on disk.
 */
const WRITE_BLOCK = 1024 * 1024;

/**
 * @tus/server's file store, with each PATCH's bytes joined into larger writes and hashed on their way to disk
 * (see ContentDigests).
 */
class DigestingFileStore extends FileStore {
  /** Uploads whose bytes are being flushed to disk, and whether another flush is due after the current one. */
  private readonly flushing = new Map<string, { again: boolean }>();

  constructor(
    directory: string,
    private readonly digests: ContentDigests,
  ) {
    super({ directory });
  }

  /**
   * Starts flushing an upload's written bytes to disk without holding up the PATCH's answer. The import must have
   * the content on disk before its row commits and fsyncs it then; flushed while the next chunks arrive, little is
   * left for that fsync to wait for.
   */
  private flushSoon(id: string): void {
    const running = this.flushing.get(id);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.flushing.set(id, state);
    const flush = async (): Promise<void> => {
      try {
        const file = await open(join(this.directory, id), 'r+');
        try {
          await file.datasync();
        } finally {
          await file.close();
        }
      } catch {
        // Gone (expired, removed) or not flushable here: the import's own fsync still holds.
      }
      if (state.again) {
        state.again = false;
        return flush();
      }
      this.flushing.delete(id);
    };
    void flush();
  }

  override async write(readable: IncomingMessage | Readable, id: string, offset: number): Promise<number> {
    const hash = this.digests.take(id, offset);
    let held: Buffer[] = [];
    let heldBytes = 0;
    let passed = 0;
    const pass = (block: Transform) => {
      if (heldBytes === 0) return;
      const chunk = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      hash?.update(chunk);
      passed += chunk.length;
      block.push(chunk);
    };
    const blocks = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes >= WRITE_BLOCK) pass(this);
        done();
      },
      flush(done) {
        pass(this);
        done();
      },
    });
    // pipeline passes a failure either way: a source error fails the write, a write error ends the source.
    const feeding = pipeline(readable, blocks).catch(() => undefined);
    const written = await super.write(blocks, id, offset);
    await feeding;
    if (hash && written - offset === passed) this.digests.keep(id, hash, written);
    if (written > offset) this.flushSoon(id);
    return written;
  }
}

const isExpired = (row: TempContentRow, now = Date.now()) =>
  row.purged === 1 || Date.parse(row.expires_at) <= now;

/**
 * A temp content the user may import into a data file, or why not. Only its creator may use it, only once
 * complete and before it expires.
 */
export function tempContentForImport(
  ctx: TenantContext,
  id: string,
  userId: string,
): { row: TempContentRow; path: string; digest?: ContentDigest } | { problem: string } {
  const row = ctx.tempContents.byId(id);
  if (!row || row.creator_id !== userId) return { problem: `Temporary content ${id} was not found.` };
  if (isExpired(row)) return { problem: `Temporary content ${id} has expired.` };
  if (!row.complete) return { problem: `Temporary content ${id} is still being uploaded.` };
  const path = join(tempContentsDir(ctx.dataDir), id);
  if (!existsSync(path)) return { problem: `Temporary content ${id} was not found.` };
  const digest = ctx.tempDigests.get(id);
  return { row, path, ...(digest && digest.size === row.size ? { digest } : {}) };
}

/**
 * Qlik answers 423 when an upload is in use (a PATCH in flight, or one whose connection dropped and is still
 * draining). @tus/server's MemoryLocker instead asks the holder to stop and hands the lock over, so it is
 * replaced by one that refuses at once; the client waits and resumes from HEAD.
 */
class NoWaitLocker implements Locker {
  private readonly held = new Set<string>();
  newLock(id: string): Lock {
    const held = this.held;
    return {
      async lock() {
        if (held.has(id)) {
          throw {
            status_code: 423,
            body: 'The upload is in use by another request. Wait, then resume from HEAD.',
          };
        }
        held.add(id);
      },
      async unlock() {
        held.delete(id);
      },
    };
  }
}

/**
 * @tus/server answers errors in plain text. Qlik's temp-contents API answers its error envelope, so error
 * responses are buffered (they are a line long) and rewritten as JSON on their way out.
 */
/**
 * tus extensions temp-contents does not offer. Method overriding is refused too: the route that matched decided
 * who may do what, and @tus/server would otherwise act on another method than the one that was checked.
 */
function refuseUnsupportedTus(header: (name: string) => string | undefined): void {
  const unsupported: [string, string][] = [
    ['upload-concat', 'Upload-Concat is not supported: temp-contents does not offer the tus concatenation extension.'],
    ['upload-defer-length', 'Upload-Defer-Length is not supported: temp-contents needs Upload-Length when the upload is created.'],
    ['x-http-method-override', 'X-HTTP-Method-Override is not supported: send the method itself.'],
  ];
  for (const [name, detail] of unsupported) {
    if (header(name) !== undefined) throw badRequest(detail, { source: { parameter: name } });
  }
}

function withJsonErrors(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: unknown) => ServerResponse;
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  const write = res.write.bind(res) as (chunk: unknown) => boolean;
  let failed = 0;
  const chunks: Buffer[] = [];
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.find((r) => typeof r === 'object' && r !== null);
    if (status < 400) return writeHead(status, headers);
    failed = status;
    const pairs: [string, string][] = [];
    if (Array.isArray(headers)) {
      if (Array.isArray(headers[0])) for (const [k, v] of headers as [string, string][]) pairs.push([k, v]);
      else
        for (let i = 0; i + 1 < headers.length; i += 2)
          pairs.push([String(headers[i]), String(headers[i + 1])]);
    } else if (headers) {
      for (const [k, v] of Object.entries(headers as Record<string, string>)) pairs.push([k, v]);
    }
    for (const [k, v] of pairs) {
      if (!/^content-(type|length)$/i.test(k)) res.setHeader(k, v);
    }
    return res;
  }) as typeof res.writeHead;
  res.write = ((chunk: unknown) => {
    if (!failed) return write(chunk);
    if (chunk) chunks.push(Buffer.from(chunk as string));
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    if (!failed) return end(chunk);
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
    const text = Buffer.concat(chunks).toString('utf8').trim();
    let body: string;
    try {
      JSON.parse(text);
      body = text;
    } catch {
      body = JSON.stringify(
        errorBody([
          {
            code: `HTTP-${failed}`,
            title: titleFor(failed),
            detail: text || titleFor(failed),
          },
        ]),
      );
    }
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(body));
    writeHead(failed);
    return end(body);
  }) as typeof res.end;
}

function parseTtl(raw: string | null | undefined, where: { parameter?: string; pointer?: string }): number {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_TTL_SECONDS;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_TTL_SECONDS) {
    throw badRequest(`ttl must be a whole number of seconds between 1 and ${MAX_TTL_SECONDS}.`, {
      source: where,
    });
  }
  return Number(raw);
}

const UPLOAD_ID_HEADER = 'x-local-tenant-upload-id';

/**
 * Hands the chosen upload id to tus's naming function through a request header. Whatever the client sent under
 * that name is removed first (tus reads the raw header list), so the value is always ours.
 */
function setInternalUploadId(request: FastifyRequest, id: string | undefined): void {
  const raw = request.raw.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i]!.toLowerCase() === UPLOAD_ID_HEADER) raw.splice(i, 2);
  }
  delete request.raw.headers[UPLOAD_ID_HEADER];
  if (id) {
    raw.push(UPLOAD_ID_HEADER, id);
    request.raw.headers[UPLOAD_ID_HEADER] = id;
  }
}

const expiresAt = (createdMs: number, ttl: number) => new Date(createdMs + ttl * 1000).toISOString();

/** Parses one `Range: bytes=…` header against a size; undefined = whole content, 'unsatisfiable' → 416. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined | 'unsatisfiable' {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return 'unsatisfiable';
  let start: number;
  let end: number;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export function registerTempContentsApi(
  app: FastifyInstance,
  ctx: TenantContext,
  options: TempContentsOptions,
): void {
  addGuards(TEMP_CONTENTS_GUARDS);
  const store = ctx.tempContents;
  const dir = tempContentsDir(ctx.dataDir);
  mkdirSync(dir, { recursive: true });
  const { maxLargeFileSize } = ctx.limits;
  const allowed = new Set(options.allowedOrigins);

  const digests = ctx.tempDigests;
  const removeContent = (id: string) => {
    digests.forget(id);
    for (const name of [id, `${id}.json`, `${id}.part`]) rmSync(join(dir, name), { force: true });
  };

  /** Drops expired content (the id keeps answering 410 for a while) and, at startup, files no row owns. */
  const sweep = (startup: boolean) => {
    const now = new Date();
    for (const row of store.expired(now.toISOString())) {
      removeContent(row.id);
      store.markPurged(row.id);
    }
    store.forget(new Date(now.getTime() - FORGET_AFTER_MS).toISOString());
    if (startup) {
      // A crash between tus writing the last byte and onUploadFinish leaves every byte on disk and the row
      // incomplete: HEAD then reports the upload done, so no client PATCHes again and it could never be imported.
      const unfinished = store.unfinishedTus();
      for (const row of unfinished) {
        const path = join(dir, row.id);
        if (existsSync(path) && statSync(path).size === row.size)
          store.complete(row.id, row.size, now.toISOString());
      }
      const live = store.liveIds();
      for (const name of readdirSync(dir)) {
        const id = name.replace(/\.(json|part)$/, '');
        if (!live.has(id) || name.endsWith('.part'))
          rmSync(join(dir, name), { force: true, recursive: true });
      }
    }
  };
  sweep(true);
  const timer = setInterval(() => sweep(false), SWEEP_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  const tus = new TusServer({
    path: TUS_PATH,
    datastore: new DigestingFileStore(dir, digests),
    maxSize: maxLargeFileSize,
    locker: new NoWaitLocker(),
    // Same origins as tenant/auth/cors.ts, so tus never widens (or drops) what the CORS hook already set.
    allowedOrigins: (origin: string) => allowed.has(origin),
    allowedCredentials: true,
    exposedHeaders: ['Retry-After', 'Link', 'Deprecation', 'Sunset'],
    // The route below picks the id (and records the row) before handing the request over.
    namingFunction: (req) => {
      const id = req.headers.get(UPLOAD_ID_HEADER);
      if (!id) throw { status_code: 500, body: 'Upload id missing.' };
      return id;
    },
    onUploadFinish: async (_req, upload) => {
      digests.finish(upload.id, upload.size ?? upload.offset);
      store.complete(upload.id, upload.size ?? upload.offset, nowIso());
      return {};
    },
  });

  /** The caller's own, unexpired upload (404 for anyone else's, as Qlik does). */
  const ownRow = (request: FastifyRequest, id: string): TempContentRow => {
    const row = store.byId(id);
    if (!row || row.creator_id !== request.caller.user.id) {
      throw notFound(`Temporary content ${id} was not found.`, { source: { parameter: 'id' } });
    }
    if (isExpired(row)) throw new ApiError(410, `Temporary content ${id} has expired.`);
    return row;
  };

  const handOverToTus = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    withJsonErrors(reply.raw);
    try {
      await tus.handle(request.raw, reply.raw);
    } catch (error) {
      request.log.error(error);
      if (!reply.raw.headersSent) {
        reply.raw.statusCode = 500;
        reply.raw.end();
      } else reply.raw.destroy();
    }
  };

  void app.register(async (scope) => {
    // Bodies here are content (tus chunks, simple uploads) and are streamed by the handlers, never parsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    scope.post(TUS_PATH, async (request, reply) => {
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      let metadata: Record<string, string | null> = {};
      try {
        const raw = header('upload-metadata');
        if (raw) metadata = Metadata.parse(raw);
      } catch {
        throw badRequest('Upload-Metadata is not valid tus metadata (key base64value pairs).');
      }
      const ttl = parseTtl(metadata.ttl, { parameter: 'Upload-Metadata.ttl' });
      refuseUnsupportedTus(header);
      const length = header('upload-length');
      if (!length || !/^\d{1,16}$/.test(length) || !Number.isSafeInteger(Number(length))) {
        throw badRequest('Upload-Length is required and must be a whole number of bytes: temp-contents does not support deferred lengths.', {
          source: { parameter: 'Upload-Length' },
        });
      }
      if (Number(length) > maxLargeFileSize) {
        throw new ApiError(413, `The content is larger than the limit of ${maxLargeFileSize} bytes.`);
      }
      const id = newObjectId();
      const created = Date.now();
      const now = new Date(created).toISOString();
      store.insert({
        id,
        kind: 'tus',
        name: metadata.filename || id,
        creator_id: request.caller.user.id,
        size: Number(length),
        complete: 0,
        ttl_seconds: ttl,
        created_at: now,
        updated_at: now,
        expires_at: expiresAt(created, ttl),
      });
      setInternalUploadId(request, id);
      await handOverToTus(request, reply);
      if (reply.raw.statusCode !== 201) {
        store.remove(id);
        removeContent(id);
      }
    });

    scope.route({
      method: ['HEAD', 'PATCH'],
      url: `${TUS_PATH}/:id`,
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        refuseUnsupportedTus((name) => [request.headers[name]].flat()[0]);
        const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
        if (request.method === 'PATCH' && type !== 'application/offset+octet-stream') {
          throw new ApiError(415, 'A tus PATCH carries Content-Type: application/offset+octet-stream.');
        }
        ownRow(request, id);
        setInternalUploadId(request, undefined);
        await handOverToTus(request, reply);
        if (request.method === 'PATCH') store.touch(id, nowIso());
      },
    });

    scope.post(
      '/api/v1/temp-contents',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: {
              filename: { type: 'string', maxLength: 1024 },
              ttl: { type: 'string', maxLength: 20 },
            },
          },
        },
      },
      async (request, reply) => {
        const query = request.query as { filename?: string; ttl?: string };
        const ttl = parseTtl(query.ttl, { parameter: 'ttl' });
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > maxLargeFileSize) {
          throw new ApiError(413, `The content is larger than the limit of ${maxLargeFileSize} bytes.`);
        }
        const id = newObjectId();
        const created = Date.now();
        const part = join(dir, `${id}.part`);
        let size = 0;
        const hash = createHash('sha256');
        const meter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            if (size > maxLargeFileSize) {
              return done(
                new ApiError(413, `The content is larger than the limit of ${maxLargeFileSize} bytes.`),
              );
            }
            hash.update(chunk);
            done(null, chunk);
          },
        });
        try {
          await streamToFile(request.raw, meter, part);
        } catch (error) {
          throw error instanceof ApiError ? error : badRequest('The upload was interrupted.');
        }
        renameSync(part, join(dir, id));
        digests.set(id, { sha256: hash.digest('hex'), size });
        const now = nowIso();
        store.insert({
          id,
          kind: 'simple',
          name: query.filename || id,
          creator_id: request.caller.user.id,
          size,
          complete: 1,
          ttl_seconds: ttl,
          created_at: new Date(created).toISOString(),
          updated_at: now,
          expires_at: expiresAt(created, ttl),
        });
        return reply
          .code(201)
          .header('location', `${requestOrigin(request)}/api/v1/temp-contents/${id}`)
          .send();
      },
    );
  });

  app.get('/api/v1/temp-contents/:id/details', async (request, reply) => {
    const { id } = request.params as { id: string };
    const row = ownRow(request, id);
    if (!row.complete) return reply.code(204).send();
    const details: DetailResponse = {
      ID: row.id,
      Name: row.name,
      Size: String(row.size),
      CreatedAt: row.created_at,
      UpdatedAt: row.updated_at,
      Expires: row.expires_at,
      CreatorID: row.creator_id,
      TTLSeconds: row.ttl_seconds,
    };
    return details;
  });

  app.get(
    '/api/v1/temp-contents/:id',
    { schema: { querystring: { type: 'object', properties: { inline: { type: 'string', maxLength: 5 } } } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const row = ownRow(request, id);
      if (!row.complete) return reply.code(204).send();
      const path = join(dir, id);
      if (!existsSync(path)) throw new ApiError(410, `Temporary content ${id} has expired.`);
      const size = statSync(path).size;
      const inline = (request.query as { inline?: string }).inline === '1';
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', 'application/octet-stream')
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        );
      const range = parseRange(request.headers.range, size);
      if (range === 'unsatisfiable') {
        reply.header('content-range', `bytes */${size}`);
        throw new ApiError(
          416,
          `The range ${request.headers.range} is outside the content (${size} bytes).`,
          {
            title: 'Range Not Satisfiable',
            headers: { 'content-range': `bytes */${size}` },
          },
        );
      }
      if (range) {
        return reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
          .header('content-length', range.end - range.start + 1)
          .send(createReadStream(path, range));
      }
      return reply.header('content-length', size).send(createReadStream(path));
    },
  );
}
