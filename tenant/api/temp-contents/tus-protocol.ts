import type { FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Lock, Locker } from '@tus/server';
import { badRequest, errorBody, titleFor } from '../../http/errors';

/**
 * Qlik answers 423 when an upload is in use (a PATCH in flight, or one whose connection dropped and is still
 * draining). @tus/server's MemoryLocker instead asks the holder to stop and hands the lock over, so it is
 * replaced by one that refuses at once; the client waits and resumes from HEAD.
 */
export class NoWaitLocker implements Locker {
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
 * tus extensions temp-contents does not offer. Method overriding is refused too: the route that matched decided
 * who may do what, and @tus/server would otherwise act on another method than the one that was checked.
 */
export function refuseUnsupportedTus(header: (name: string) => string | undefined): void {
  const unsupported: [string, string][] = [
    ['upload-concat', 'Upload-Concat is not supported: temp-contents does not offer the tus concatenation extension.'],
    ['upload-defer-length', 'Upload-Defer-Length is not supported: temp-contents needs Upload-Length when the upload is created.'],
    ['x-http-method-override', 'X-HTTP-Method-Override is not supported: send the method itself.'],
  ];
  for (const [name, detail] of unsupported) {
    if (header(name) !== undefined) throw badRequest(detail, { source: { parameter: name } });
  }
}

/**
 * @tus/server answers errors in plain text. Qlik's temp-contents API answers its error envelope, so error
 * responses are buffered (they are a line long) and rewritten as JSON on their way out.
 */
export function withJsonErrors(res: ServerResponse): void {
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

export const UPLOAD_ID_HEADER = 'x-local-tenant-upload-id';

/**
 * Hands the chosen upload id to tus's naming function through a request header. Whatever the client sent under
 * that name is removed first (tus reads the raw header list), so the value is always ours.
 */
export function setInternalUploadId(request: FastifyRequest, id: string | undefined): void {
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
