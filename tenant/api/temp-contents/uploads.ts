import { spaOrigins } from '../../services/oauth-clients';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Server as TusServer, Metadata } from '@tus/server';
import type { TenantContext } from '../../context';
import type { ApiOptions } from '../plugin';
import { ApiError, badRequest } from '../../http/errors';
import { requestOrigin } from '../../http/pagination';
import { DigestingFileStore } from '../../store/tus-file-store';
import {
  abandonTusUpload,
  beginTusUpload,
  completeTusUpload,
  receiveSimpleUpload,
  tempContentsDir,
  touchTusUpload,
} from '../../services/temp-contents';
import { TUS_PATH, ownUpload } from './access';
import { parseTtl, simpleUploadSchema, type IdParams, type SimpleUploadQuery } from './schemas';
import { NoWaitLocker, UPLOAD_ID_HEADER, refuseUnsupportedTus, setInternalUploadId, withJsonErrors } from './tus-protocol';

export interface UploadsOptions extends ApiOptions {
  /** The console's origins: tus answers CORS on its own and must allow exactly these. */
  allowedOrigins: readonly string[];
}

function createTus(ctx: TenantContext, allowedOrigins: readonly string[]): TusServer {
  const allowed = new Set(allowedOrigins);
  return new TusServer({
    path: TUS_PATH,
    datastore: new DigestingFileStore(tempContentsDir(ctx.dataDir), ctx.tempDigests),
    maxSize: ctx.limits.maxLargeFileSize,
    locker: new NoWaitLocker(),
    // Same origins as tenant/auth/cors.ts, so tus never widens (or drops) what the CORS hook already set.
    allowedOrigins: (origin: string) => allowed.has(origin) || spaOrigins(ctx).has(origin),
    allowedCredentials: true,
    exposedHeaders: ['Retry-After', 'Link', 'Deprecation', 'Sunset'],
    // The create route picks the id (and records the row) before handing the request over.
    namingFunction: (req) => {
      const id = req.headers.get(UPLOAD_ID_HEADER);
      if (!id) throw { status_code: 500, body: 'Upload id missing.' };
      return id;
    },
    onUploadFinish: async (_req, upload) => {
      completeTusUpload(ctx, upload.id, upload.size ?? upload.offset);
      return {};
    },
  });
}

const tooLarge = (limit: number) => new ApiError(413, `The content is larger than the limit of ${limit} bytes.`);

/**
 * Uploads into temp contents: tus (create, then HEAD/PATCH) and the simple one-request upload. Bodies here are
 * content and are streamed by the handlers, never parsed.
 */
export async function uploadRoutes(app: FastifyInstance, { ctx, allowedOrigins }: UploadsOptions): Promise<void> {
  const tus = createTus(ctx, allowedOrigins);
  const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
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
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.post(TUS_PATH, async (request, reply) => {
    const upload = tusCreation(request, ctx.limits.maxLargeFileSize);
    const id = beginTusUpload(ctx, request.caller.user.id, upload);
    setInternalUploadId(request, id);
    await handOver(request, reply);
    if (reply.raw.statusCode !== 201) abandonTusUpload(ctx, id);
  });

  app.route<{ Params: IdParams }>({
    method: ['HEAD', 'PATCH'],
    url: `${TUS_PATH}/:id`,
    handler: async (request, reply) => {
      const { id } = request.params;
      refuseUnsupportedTus((name) => [request.headers[name]].flat()[0]);
      const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (request.method === 'PATCH' && type !== 'application/offset+octet-stream') {
        throw new ApiError(415, 'A tus PATCH carries Content-Type: application/offset+octet-stream.');
      }
      ownUpload(ctx, request, id);
      setInternalUploadId(request, undefined);
      await handOver(request, reply);
      if (request.method === 'PATCH') touchTusUpload(ctx, id);
    },
  });

  app.post<{ Querystring: SimpleUploadQuery }>(
    '/api/v1/temp-contents',
    { schema: simpleUploadSchema },
    async (request, reply) => {
      const ttl = parseTtl(request.query.ttl, { parameter: 'ttl' });
      const { maxLargeFileSize } = ctx.limits;
      if (Number(request.headers['content-length'] ?? 0) > maxLargeFileSize) throw tooLarge(maxLargeFileSize);
      const id = await receiveSimpleUpload(ctx, request.caller.user.id, request.raw, {
        filename: request.query.filename,
        ttl,
      });
      return reply.code(201).header('location', `${requestOrigin(request)}/api/v1/temp-contents/${id}`).send();
    },
  );
}

/** A tus create request's metadata (filename, ttl) and Upload-Length, checked. */
function tusCreation(request: FastifyRequest, maxLargeFileSize: number) {
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
    throw badRequest(
      'Upload-Length is required and must be a whole number of bytes: temp-contents does not support deferred lengths.',
      { source: { parameter: 'Upload-Length' } },
    );
  }
  if (Number(length) > maxLargeFileSize) throw tooLarge(maxLargeFileSize);
  return { filename: metadata.filename, size: Number(length), ttl };
}
