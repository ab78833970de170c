/**
 * One error surface for the whole console: any failure (an @qlik/api `InvokeFetchError`, a network failure, a
 * timeout, a plain Error) becomes a title, a message that says what to do, and the action the UI should offer.
 */

export type ErrorKind =
  | 'network'
  | 'timeout'
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden-scope'
  | 'forbidden-role'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'too-large'
  | 'locked'
  | 'rate-limited'
  | 'server'
  | 'unknown';

/** What the UI offers next to the message. */
export type ErrorAction = 'retry' | 'sign-in' | 'reload' | 'go-back' | 'none';

export interface ErrorDescription {
  kind: ErrorKind;
  status?: number;
  title: string;
  message: string;
  action: ErrorAction;
  /** Seconds the tenant asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  /** For a 403 caused by a missing scope: the scopes any one of which would do. */
  requiredScopes?: string[];
  /** Qlik error code, e.g. `HTTP-404`, `DF-011`. */
  code?: string;
  /** The tenant's own explanation, when it gave one. */
  detail?: string;
  traceId?: string;
}

export interface QlikErrorItem {
  code?: string;
  title?: string;
  detail?: string;
  status?: string | number;
  meta?: Record<string, unknown>;
}

/** The shape of @qlik/api's InvokeFetchError (not exported with types by the package, so matched structurally). */
export interface HttpError extends Error {
  status: number;
  headers?: Headers;
  data?: unknown;
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && typeof (error as Partial<HttpError>).status === 'number';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first item of a Qlik error body (`{ errors: [...] }`, or the deprecated top-level mirror on spaces). */
export function qlikErrorItem(data: unknown): QlikErrorItem | undefined {
  if (!isRecord(data)) return undefined;
  const errors = data.errors;
  if (Array.isArray(errors) && isRecord(errors[0])) return errors[0] as QlikErrorItem;
  if (typeof data.code === 'string' || typeof data.title === 'string') return data as QlikErrorItem;
  return undefined;
}

function traceIdOf(data: unknown): string | undefined {
  return isRecord(data) && typeof data.traceId === 'string' ? data.traceId : undefined;
}

/**
 * Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), else from Qlik's 429 detail
 * ("You need to wait N seconds…").
 */
export function parseRetryAfter(
  headerValue: string | null | undefined,
  detail?: string,
  now: number = Date.now(),
): number | undefined {
  if (headerValue) {
    const trimmed = headerValue.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const match = detail ? /wait (\d+) seconds?/i.exec(detail) : null;
  return match ? Number(match[1]) : undefined;
}

/** Scopes named by a 403: `meta.requiredScopes`, else the list in "needs one of the scopes: a, b". */
export function requiredScopesOf(item: QlikErrorItem | undefined): string[] | undefined {
  const fromMeta = item?.meta?.requiredScopes;
  if (Array.isArray(fromMeta) && fromMeta.every((s) => typeof s === 'string') && fromMeta.length > 0) {
    return fromMeta as string[];
  }
  const match = item?.detail ? /scopes?:\s*([\w.:\- ,]+)/i.exec(item.detail) : null;
  if (!match?.[1]) return undefined;
  const scopes = match[1]
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^[\w.:-]+$/.test(s) && s !== 'or' && s !== 'and');
  return scopes.length > 0 ? scopes : undefined;
}

function listScopes(scopes: string[]): string {
  if (scopes.length === 1) return `the scope ${scopes[0]}`;
  return `one of the scopes ${scopes.slice(0, -1).join(', ')} or ${scopes[scopes.length - 1]}`;
}

function isTimeout(error: unknown): boolean {
  // DOMException is not an Error subclass in every environment; match by shape.
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  return typeof message === 'string' && /\b(timed? ?out|aborted)\b/i.test(message);
}

function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  if (!(error instanceof Error)) return false;
  return /failed to fetch|networkerror|network request failed|load failed|fetch failed|ECONNREFUSED/i.test(
    error.message,
  );
}

function hostLabel(host: string | undefined): string {
  if (!host) return 'the tenant';
  try {
    return new URL(host).host;
  } catch {
    return host;
  }
}

export interface DescribeOptions {
  /** The tenant host, named in network errors. */
  host?: string;
}

/** Maps any thrown value to what the user reads and can do about it. */
export function describeError(error: unknown, { host }: DescribeOptions = {}): ErrorDescription {
  if (isHttpError(error) && error.status > 0) return describeHttpError(error);

  // @qlik/api reports fetch failures and aborts as status 0.
  if (isTimeout(error)) {
    return {
      kind: 'timeout',
      title: 'The tenant did not answer in time',
      message: `${hostLabel(host)} took too long to answer. Retry, and if it keeps happening check the tenant's status.`,
      action: 'retry',
    };
  }
  if (isNetworkFailure(error) || (isHttpError(error) && error.status === 0)) {
    return {
      kind: 'network',
      title: 'Cannot reach the tenant',
      message: `Cannot reach ${hostLabel(host)}. Check your connection or the tenant host, then retry.`,
      action: 'retry',
    };
  }
  return {
    kind: 'unknown',
    title: 'Something went wrong',
    message:
      error instanceof Error && error.message
        ? `${error.message}. Retry, and if it keeps happening reload the console.`
        : 'An unexpected error happened. Retry, and if it keeps happening reload the console.',
    action: 'retry',
  };
}

function describeHttpError(error: HttpError): ErrorDescription {
  const { status } = error;
  const item = qlikErrorItem(error.data);
  const detail = item?.detail?.trim() || undefined;
  const base = { status, code: item?.code, detail, traceId: traceIdOf(error.data) };

  switch (status) {
    case 400:
    case 422:
      return {
        ...base,
        kind: 'bad-request',
        title: 'The tenant refused the request',
        message: detail
          ? `${detail}. Correct it and try again.`
          : 'Some of what was sent is not valid. Correct it and try again.',
        action: 'none',
      };
    case 401:
      return {
        ...base,
        kind: 'unauthorized',
        title: 'Your session has expired',
        message: 'Your sign-in is no longer valid. Signing you in again keeps you on this page.',
        action: 'sign-in',
      };
    case 403: {
      const scopes = requiredScopesOf(item);
      const isRole = item?.meta?.reason === 'role';
      if (scopes && !isRole) {
        return {
          ...base,
          kind: 'forbidden-scope',
          title: 'Your sign-in does not include this permission',
          message: `This needs ${listScopes(scopes)}; sign in again with a preset that includes it.`,
          action: 'sign-in',
          requiredScopes: scopes,
        };
      }
      return {
        ...base,
        kind: 'forbidden-role',
        title: 'You do not have access to this',
        message: `${detail ? `${detail}. ` : ''}Your roles or space rights do not allow it; ask a tenant admin or the space owner for access.`,
        action: 'go-back',
      };
    }
    case 404:
      return {
        ...base,
        kind: 'not-found',
        title: 'Not found',
        message: 'It does not exist, was deleted, or you do not have access to it.',
        action: 'go-back',
      };
    case 409:
      return {
        ...base,
        kind: 'conflict',
        title: 'That conflicts with what is already there',
        message: detail
          ? `${detail}. Change it and try again.`
          : 'It conflicts with the current state, for example a name already in use. Change it and try again.',
        action: 'none',
      };
    case 412:
      return {
        ...base,
        kind: 'precondition-failed',
        title: 'Changed by someone else',
        message:
          'It changed since you loaded it. Reload to see the latest version, then apply your change again.',
        action: 'reload',
      };
    case 413:
      return {
        ...base,
        kind: 'too-large',
        title: 'Too large for the tenant',
        message: detail
          ? `${detail}. Send something smaller.`
          : 'The file or request is larger than the tenant accepts. Send something smaller.',
        action: 'none',
      };
    case 423:
      return {
        ...base,
        kind: 'locked',
        title: 'Locked',
        message: 'It is locked, for example by a task that is using it. Try again once it is released.',
        action: 'retry',
      };
    case 429: {
      const retryAfterSeconds = parseRetryAfter(error.headers?.get('retry-after'), detail) ?? 5;
      return {
        ...base,
        kind: 'rate-limited',
        title: 'Rate limited by the tenant',
        message: `Rate limited by the tenant — retrying in ${retryAfterSeconds} s`,
        action: 'retry',
        retryAfterSeconds,
      };
    }
    default:
      if (status >= 500) {
        return {
          ...base,
          kind: 'server',
          title: 'The tenant ran into a problem',
          message: `The tenant could not complete the request (HTTP ${status}). Retry in a moment.`,
          action: 'retry',
        };
      }
      return {
        ...base,
        kind: 'unknown',
        title: 'The request failed',
        message: `${detail ?? item?.title ?? `The tenant answered HTTP ${status}`}. Retry, or go back.`,
        action: 'retry',
      };
  }
}

/** Whether a failed call is worth repeating automatically: network failures, timeouts, 429 and 5xx. */
export function isTransient(error: unknown): boolean {
  const { kind } = describeError(error);
  return kind === 'network' || kind === 'timeout' || kind === 'rate-limited' || kind === 'server';
}

/** TanStack Query retry policy for reads: never on 4xx except 429; network and timeouts twice; 5xx once. */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  const { kind } = describeError(error);
  if (kind === 'rate-limited') return failureCount < 3;
  if (kind === 'network' || kind === 'timeout') return failureCount < 2;
  if (kind === 'server') return failureCount < 1;
  return false;
}

/** Writes are not idempotent, so only a 429 (refused before any work was done) is repeated. */
export function shouldRetryMutation(failureCount: number, error: unknown): boolean {
  return describeError(error).kind === 'rate-limited' && failureCount < 3;
}

/** Waits what the tenant asked for on 429, else backs off exponentially (1 s, 2 s, 4 s … capped at 10 s). */
export function retryDelay(failureCount: number, error: unknown): number {
  const { retryAfterSeconds } = describeError(error);
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  return Math.min(1000 * 2 ** failureCount, 10_000);
}
