import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  method: string;
  /** Request target exactly as sent: nothing is encoded or normalized on the way. */
  target: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send only this many bytes of the body, then half-close: a client that went away mid-upload. */
  cutAfter?: number;
  timeoutMs?: number;
}

function decodeChunked(raw: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    out.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/**
 * One HTTP/1.1 request over a plain socket, byte for byte as given: what fetch will not send (malformed targets,
 * oversized headers, truncated bodies). Resolves with the answer (status 0: no answer to a client that left
 * mid-body), or rejects with `reset` / `hang`.
 */
export function rawRequest(origin: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  const body =
    request.body === undefined
      ? undefined
      : Buffer.isBuffer(request.body)
        ? request.body
        : Buffer.from(request.body);
  const headers: Record<string, string> = {
    host: `${hostname}:${port}`,
    connection: 'close',
    ...request.headers,
  };
  if (body && !Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))) {
    headers['content-length'] = String(body.length);
  }
  const head = `${request.method} ${request.target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `hang: no answer to ${request.method} ${request.target.slice(0, 120)} within ${request.timeoutMs ?? 10_000} ms`,
        ),
      );
    }, request.timeoutMs ?? 10_000);
    socket.on('connect', () => {
      socket.write(head);
      if (body) socket.write(request.cutAfter === undefined ? body : body.subarray(0, request.cutAfter));
      if (request.cutAfter !== undefined) socket.end();
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (request.cutAfter !== undefined) {
        resolve({ status: 0, headers: {}, body: '' });
        return;
      }
      reject(new Error(`reset: ${request.method} ${request.target.slice(0, 120)}: ${error.message}`));
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      if (split === -1 && request.cutAfter !== undefined) {
        resolve({ status: 0, headers: {}, body: '' }); // the server may drop a client that left mid-body
        return;
      }
      if (split === -1) {
        reject(
          new Error(
            `reset: no answer to ${request.method} ${request.target.slice(0, 120)} (${raw.length} bytes)`,
          ),
        );
        return;
      }
      const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
      const answerHeaders: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        answerHeaders[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = raw.subarray(split + 4);
      const content = answerHeaders['transfer-encoding'] === 'chunked' ? decodeChunked(rest) : rest;
      resolve({
        status: Number(statusLine!.split(' ')[1]),
        headers: answerHeaders,
        body: content.toString('utf8'),
      });
    });
  });
}
