import type { FastifyInstance } from 'fastify';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DetailResponse } from '@qlik/api/temp-contents';
import type { ApiOptions } from '../plugin';
import { ApiError } from '../../http/errors';
import { tempContentsDir } from '../../services/temp-contents';
import { ownUpload } from './access';
import { contentSchema, type ContentQuery, type IdParams } from './schemas';

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

/** A temp content's details and its bytes (whole or one range), for its creator only. */
export async function contentRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: IdParams }>('/api/v1/temp-contents/:id/details', async (request, reply) => {
    const row = ownUpload(ctx, request, request.params.id);
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

  app.get<{ Params: IdParams; Querystring: ContentQuery }>(
    '/api/v1/temp-contents/:id',
    { schema: contentSchema },
    async (request, reply) => {
      const { id } = request.params;
      const row = ownUpload(ctx, request, id);
      if (!row.complete) return reply.code(204).send();
      const path = join(tempContentsDir(ctx.dataDir), id);
      if (!existsSync(path)) throw new ApiError(410, `Temporary content ${id} has expired.`);
      const size = statSync(path).size;
      const inline = request.query.inline === '1';
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(row.name)}`);
      const range = parseRange(request.headers.range, size);
      if (range === 'unsatisfiable') {
        reply.header('content-range', `bytes */${size}`);
        throw new ApiError(416, `The range ${request.headers.range} is outside the content (${size} bytes).`, {
          title: 'Range Not Satisfiable',
          headers: { 'content-range': `bytes */${size}` },
        });
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
