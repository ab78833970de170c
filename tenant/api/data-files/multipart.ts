import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { ApiError, badRequest } from '../../http/errors';
import { BlobTooLargeError, type BlobStore, type TempBlob } from '../../store/blobs';
import type { JsonPart } from './schemas';

const MULTIPART_OVERHEAD = 1024 * 1024;

const tooLarge = (limit: number) => new ApiError(413, `The file is larger than the limit of ${limit} bytes.`);

/** The Json part's value as an object (it may come as a field or as a file part read as a field). */
function jsonPartOf(raw: unknown): JsonPart {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw badRequest('The Json part is not valid JSON.', { source: { parameter: 'Json' } });
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('The Json part must be a JSON object.', { source: { parameter: 'Json' } });
  }
  return value as JsonPart;
}

/** Streams the File part into the blob store's tmp area (hashed, size-limited). */
async function fileContent(request: FastifyRequest, part: MultipartFile, blobs: BlobStore, limit: number) {
  // A client that goes away inside the part leaves the part's stream waiting for bytes that never come.
  const leftEarly = () => {
    if (!request.raw.complete) part.file.destroy(badRequest('The upload ended before the File part did.'));
  };
  request.raw.once('close', leftEarly);
  try {
    return await blobs.writeTemp(part.file, limit);
  } finally {
    request.raw.off('close', leftEarly);
  }
}

/**
 * Reads a multipart request: the File part is streamed into the blob store's tmp area (hashed, size-limited),
 * the Json part parsed. Part names are matched case-insensitively; Json may come as a file part.
 */
export async function readMultipart(
  request: FastifyRequest,
  blobs: BlobStore,
  maxFileSize: number,
): Promise<{ json: JsonPart; temp?: TempBlob }> {
  if (!request.isMultipart()) {
    throw badRequest('Send multipart/form-data with a Json part (and a File part for content).');
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxFileSize + MULTIPART_OVERHEAD) throw tooLarge(maxFileSize);
  let json: JsonPart | undefined;
  let temp: TempBlob | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (temp) throw badRequest('Send one File part only.');
        temp = await fileContent(request, part, blobs, maxFileSize);
        if (part.file.truncated) throw tooLarge(maxFileSize);
        continue;
      }
      if (part.fieldname.toLowerCase() === 'json') json = jsonPartOf(part.value);
    }
  } catch (error) {
    blobs.discard(temp);
    if (error instanceof BlobTooLargeError) throw tooLarge(maxFileSize);
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxFileSize);
    if (error instanceof ApiError) throw error;
    // A failing disk is the tenant's fault; anything else the parser or the stream met is in the request.
    if ((error as NodeJS.ErrnoException).syscall) throw error;
    throw badRequest(`The multipart body could not be read: ${(error as Error).message}.`);
  }
  return { json: json ?? {}, temp };
}
