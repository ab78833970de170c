import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { TenantContext } from '../../context';
import type { ApiOptions } from '../plugin';
import { badRequest } from '../../http/errors';
import type { TempBlob } from '../../store/blobs';
import { createItem, replaceItem } from '../../services/data-files';
import { fileRights } from './access';
import { readMultipart } from './multipart';
import { toDataFile } from './shape';
import { optionalString, type IdParams } from './schemas';

/**
 * Uploads: a new item (POST) and a replaced one (PUT), each a multipart body with a Json part and, for content,
 * a File part. Content that does not end up in a committed row is removed again (committed content has moved to
 * its final name by then, so the removal only ever finds what was not used).
 */
export async function uploadRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  await app.register(multipart, {
    // Only File/file carries content; Json may arrive as a (blob) file part and is read as a field then.
    isPartAFile: (fieldName) => fieldName?.toLowerCase() === 'file',
    throwFileSizeLimit: true,
    limits: { fileSize: ctx.limits.maxFileSize, fieldSize: 1024 * 1024, fields: 20, parts: 30 },
  });
  app.post('/api/v1/data-files', (request, reply) => postItem(ctx, request, reply));
  app.put<{ Params: IdParams }>('/api/v1/data-files/:id', (request, reply) => putItem(ctx, request, reply));
}

async function postItem(ctx: TenantContext, request: FastifyRequest, reply: FastifyReply) {
  const { json, temp } = await readMultipart(request, ctx.blobs, ctx.limits.maxFileSize);
  try {
    if (json.folder !== undefined && typeof json.folder !== 'boolean') {
      throw badRequest('folder must be a boolean.', { source: { pointer: '/folder' } });
    }
    const folder = json.folder === true;
    if (json.name === undefined) throw badRequest('name is required.', { source: { pointer: '/name' } });
    const item = {
      name: json.name,
      folder,
      connectionId: optionalString(json.connectionId, '/connectionId'),
      folderId: optionalString(json.folderId, '/folderId'),
      sourceId: optionalString(json.sourceId, '/sourceId'),
      tempContentFileId: optionalString(json.tempContentFileId, '/tempContentFileId'),
      appId: optionalString(json.appId, '/appId'),
      content: temp,
    };
    if (folder && item.appId) throw badRequest('Folders cannot be bound to an app.', { source: { pointer: '/appId' } });
    const { row, place } = await createItem(ctx, fileRights(ctx, request), item);
    return reply.code(201).send(toDataFile(row, place));
  } finally {
    ctx.blobs.discard(temp);
  }
}

async function putItem(ctx: TenantContext, request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
  const { id } = request.params;
  const rights = fileRights(ctx, request);
  const target = rights.readable(id);
  rights.requireWrite(target.place);
  ctx.inFlight.hold(id);
  let temp: TempBlob | undefined;
  try {
    const parsed = await readMultipart(request, ctx.blobs, ctx.limits.maxFileSize);
    temp = parsed.temp;
    const { json } = parsed;
    const replacement = {
      name: json.name,
      connectionId: optionalString(json.connectionId, '/connectionId'),
      folderId: optionalString(json.folderId, '/folderId'),
      sourceId: optionalString(json.sourceId, '/sourceId'),
      tempContentFileId: optionalString(json.tempContentFileId, '/tempContentFileId'),
      merge: json.folderMergeBehavior ?? 'merge',
      content: temp,
    };
    if (replacement.merge !== 'merge' && replacement.merge !== 'replace') {
      throw badRequest('folderMergeBehavior must be merge or replace.', { source: { pointer: '/folderMergeBehavior' } });
    }
    const { row, place } = await replaceItem(ctx, rights, target, { ...replacement, merge: replacement.merge });
    return reply.code(201).send(toDataFile(row, place));
  } finally {
    ctx.inFlight.release(id);
    ctx.blobs.discard(temp);
  }
}
