import { describe, expect, it } from 'vitest';
import {
  describeError,
  parseRetryAfter,
  requiredScopesOf,
  retryDelay,
  shouldRetryMutation,
  shouldRetryQuery,
} from './api-error';

/** Builds what @qlik/api throws: an Error with status, headers and the parsed body. */
function httpError(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`HTTP ${status}`), { status, headers: new Headers(headers), data: body });
}

const qlikBody = (code: string, title: string, detail?: string, meta?: Record<string, unknown>) => ({
  errors: [{ code, title, detail, status: code.replace('HTTP-', ''), meta }],
  traceId: 'trace-123',
});

describe('describeError', () => {
  it('names the host when the network is down (status 0 from @qlik/api)', () => {
    const d = describeError(httpError(0, {}), { host: 'https://acme.eu.qlikcloud.com' });
    expect(d.kind).toBe('network');
    expect(d.message).toBe(
      'Cannot reach acme.eu.qlikcloud.com. Check your connection or the tenant host, then retry.',
    );
    expect(d.action).toBe('retry');
  });

  it('treats a fetch TypeError as a network failure', () => {
    expect(describeError(new TypeError('Failed to fetch'), { host: 'http://localhost:8787' })).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('Cannot reach localhost:8787'),
    });
  });

  it('recognises timeouts and aborts', () => {
    expect(describeError(new DOMException('signal timed out', 'TimeoutError')).kind).toBe('timeout');
    expect(describeError(Object.assign(new Error('This operation was aborted'), { status: 0 })).kind).toBe(
      'timeout',
    );
  });

  it('400 shows the detail and keeps the user on the form', () => {
    const d = describeError(httpError(400, qlikBody('HTTP-400', 'Bad Request', 'name is required')));
    expect(d).toMatchObject({ kind: 'bad-request', action: 'none', code: 'HTTP-400', traceId: 'trace-123' });
    expect(d.message).toContain('name is required');
  });

  it('401 says the session expired and offers sign-in', () => {
    expect(describeError(httpError(401, qlikBody('HTTP-401', 'Unauthorized')))).toMatchObject({
      kind: 'unauthorized',
      action: 'sign-in',
      title: 'Your session has expired',
    });
  });

  it('403 for a missing scope names the scope from meta.requiredScopes', () => {
    const d = describeError(
      httpError(
        403,
        qlikBody(
          'HTTP-403',
          'Forbidden',
          'This call needs one of the scopes: admin.users:read, admin.users, admin_classic',
          {
            requiredScopes: ['admin.users:read', 'admin.users', 'admin_classic'],
          },
        ),
      ),
    );
    expect(d.kind).toBe('forbidden-scope');
    expect(d.requiredScopes).toEqual(['admin.users:read', 'admin.users', 'admin_classic']);
    expect(d.message).toBe(
      'This needs one of the scopes admin.users:read, admin.users or admin_classic; sign in again with a preset that includes it.',
    );
    expect(d.action).toBe('sign-in');
  });

  it('403 for a single scope reads naturally', () => {
    const d = describeError(
      httpError(403, qlikBody('HTTP-403', 'Forbidden', 'x', { requiredScopes: ['admin.spaces:read'] })),
    );
    expect(d.message).toBe(
      'This needs the scope admin.spaces:read; sign in again with a preset that includes it.',
    );
  });

  it('403 for a role says who to ask, not to sign in again', () => {
    const d = describeError(
      httpError(403, qlikBody('HTTP-403', 'Forbidden', 'Only a space owner can do that', { reason: 'role' })),
    );
    expect(d.kind).toBe('forbidden-role');
    expect(d.action).toBe('go-back');
    expect(d.message).toContain('Only a space owner can do that');
    expect(d.message).toContain('ask a tenant admin');
  });

  it.each([
    [404, 'not-found', 'go-back'],
    [409, 'conflict', 'none'],
    [412, 'precondition-failed', 'reload'],
    [413, 'too-large', 'none'],
    [423, 'locked', 'retry'],
    [500, 'server', 'retry'],
    [502, 'server', 'retry'],
    [503, 'server', 'retry'],
  ] as const)('HTTP %i → %s with action %s', (status, kind, action) => {
    const d = describeError(httpError(status, qlikBody(`HTTP-${status}`, 'x')));
    expect(d.kind).toBe(kind);
    expect(d.action).toBe(action);
    expect(d.status).toBe(status);
    expect(d.title.length).toBeGreaterThan(3);
    expect(d.message.length).toBeGreaterThan(10);
  });

  it('409 keeps the tenant detail', () => {
    const d = describeError(
      httpError(409, qlikBody('SPACES-409', 'Conflict', 'A space named Sales already exists')),
    );
    expect(d.message).toBe('A space named Sales already exists. Change it and try again.');
  });

  it('429 reads Retry-After and says when it retries', () => {
    const d = describeError(
      httpError(
        429,
        qlikBody('HTTP-429', 'API rate limit reached.', 'You need to wait 13 seconds until limit is lifted.'),
        {
          'Retry-After': '7',
        },
      ),
    );
    expect(d).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 7, action: 'retry' });
    expect(d.message).toBe('Rate limited by the tenant — retrying in 7 s');
  });

  it('429 without the header falls back to the detail', () => {
    const d = describeError(
      httpError(
        429,
        qlikBody('HTTP-429', 'API rate limit reached.', 'You need to wait 13 seconds until limit is lifted.'),
      ),
    );
    expect(d.retryAfterSeconds).toBe(13);
  });

  it('an unexpected error still gets a message', () => {
    const d = describeError(new Error('Boom'));
    expect(d.kind).toBe('unknown');
    expect(d.message).toContain('Boom');
    expect(describeError('weird').message).toContain('unexpected');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('12')).toBe(12);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', undefined, now)).toBe(30);
    expect(parseRetryAfter(null, 'You need to wait 4 seconds')).toBe(4);
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('requiredScopesOf', () => {
  it('parses the scopes from the detail when meta is absent', () => {
    expect(
      requiredScopesOf({
        detail: 'This call needs one of the scopes: admin.users:read, admin.users, admin_classic',
      }),
    ).toEqual(['admin.users:read', 'admin.users', 'admin_classic']);
    expect(requiredScopesOf({ detail: 'Forbidden' })).toBeUndefined();
  });
});

describe('retry policy', () => {
  it('never retries 4xx reads except 429', () => {
    for (const status of [400, 401, 403, 404, 409, 412, 413, 423]) {
      expect(shouldRetryQuery(0, httpError(status))).toBe(false);
    }
    expect(shouldRetryQuery(0, httpError(429, undefined, { 'Retry-After': '1' }))).toBe(true);
  });

  it('retries network errors twice', () => {
    const err = new TypeError('Failed to fetch');
    expect(shouldRetryQuery(0, err)).toBe(true);
    expect(shouldRetryQuery(1, err)).toBe(true);
    expect(shouldRetryQuery(2, err)).toBe(false);
  });

  it('waits Retry-After on 429, else backs off', () => {
    expect(retryDelay(0, httpError(429, undefined, { 'Retry-After': '9' }))).toBe(9000);
    expect(retryDelay(0, new TypeError('Failed to fetch'))).toBe(1000);
    expect(retryDelay(1, new TypeError('Failed to fetch'))).toBe(2000);
    expect(retryDelay(10, httpError(503))).toBe(10_000);
  });

  it('retries writes only on 429', () => {
    expect(shouldRetryMutation(0, httpError(429, undefined, { 'Retry-After': '1' }))).toBe(true);
    expect(shouldRetryMutation(0, new TypeError('Failed to fetch'))).toBe(false);
    expect(shouldRetryMutation(0, httpError(503))).toBe(false);
  });
});
