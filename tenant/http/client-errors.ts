import type { Socket } from 'node:net';
import { errorBody, titleFor } from './errors';

const answered = new WeakSet<Socket>();
/** How long a refused client may go on sending before its connection is cut. */
const DRAIN_MS = 5000;

function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/**
 * Answers a request that node's HTTP parser refused (headers or URL over the limit, a malformed request line)
 * with Qlik's error body instead of Fastify's. The connection is then closed after what the client still sends
 * has been read: closing with unread bytes makes the kernel send a reset, and the client would lose the answer.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (answered.has(socket) || socket.destroyed) return;
  answered.add(socket);
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = statusOf(error.code);
  const detail =
    status === 431
      ? 'The request headers (URL included) are larger than the tenant accepts (16 KB).'
      : status === 408
        ? 'The request took too long to arrive.'
        : 'The request is not valid HTTP.';
  const body = JSON.stringify(
    errorBody([{ code: `HTTP-${status}`, title: titleFor(status), detail, status: String(status) }]),
  );
  socket.end(
    `HTTP/1.1 ${status} ${titleFor(status)}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.on('data', () => undefined);
  socket.resume();
  setTimeout(() => socket.destroy(), DRAIN_MS).unref();
}
