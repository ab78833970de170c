import { randomBytes } from 'node:crypto';

/** One entry of Qlik's error envelope: `{ errors: [{ code, title, detail, status, meta }], traceId }`. */
export interface ApiErrorItem {
  code: string;
  title: string;
  detail?: string;
  status?: string;
  meta?: Record<string, unknown>;
  source?: { pointer?: string; parameter?: string };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  431: 'Request Header Fields Too Large',
  429: 'API rate limit reached.',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** An error that the API answers with its own status and Qlik error body; anything else is a 500. */
export class ApiError extends Error {
  readonly status: number;
  readonly items: ApiErrorItem[];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options: { code?: string; title?: string; meta?: Record<string, unknown>; source?: ApiErrorItem['source']; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.headers = options.headers ?? {};
    this.items = [
      {
        code: options.code ?? `HTTP-${status}`,
        title: options.title ?? TITLES[status] ?? 'Error',
        detail,
        status: String(status),
        ...(options.meta ? { meta: options.meta } : {}),
        ...(options.source ? { source: options.source } : {}),
      },
    ];
  }
}

export const badRequest = (detail: string, options?: ConstructorParameters<typeof ApiError>[2]) =>
  new ApiError(400, detail, options);
export const notFound = (detail: string, options?: ConstructorParameters<typeof ApiError>[2]) =>
  new ApiError(404, detail, options);
export const forbidden = (detail: string, options?: ConstructorParameters<typeof ApiError>[2]) =>
  new ApiError(403, detail, options);
export const conflict = (detail: string, options?: ConstructorParameters<typeof ApiError>[2]) =>
  new ApiError(409, detail, options);
/** 403 because of the caller's roles (not the token's scopes). */
export const roleForbidden = (detail: string) => forbidden(detail, { meta: { reason: 'role' } });

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function errorBody(items: ApiErrorItem[], traceId = newTraceId()) {
  return { errors: items, traceId };
}

/**
 * How each API's error items carry `status`, as @qlik/api's types for that API declare it: a number (users,
 * groups, data-connections, api-keys, lineage-graphs), a string (tenants and the catalog), or not at all (spaces,
 * roles, data-files, temp-contents, items). Elsewhere (the OAuth endpoints) it stays a string.
 */
const STATUS_STYLES: [prefix: string, style: 'number' | 'string' | 'none'][] = [
  ['/api/v1/users', 'number'],
  ['/api/v1/groups', 'number'],
  ['/api/v1/data-connections', 'number'],
  ['/api/v1/api-keys', 'number'],
  ['/api/v1/lineage-graphs', 'number'],
  ['/api/v1/tenants', 'string'],
  ['/api/v1/data-sets', 'string'],
  ['/api/v1/data-assets', 'string'],
  ['/api/v1/data-stores', 'string'],
  ['/api/v1/spaces', 'none'],
  ['/api/v1/oauth-clients', 'none'],
  ['/api/v1/roles', 'none'],
  ['/api/v1/data-files', 'none'],
  ['/api/v1/temp-contents', 'none'],
  ['/api/v1/items', 'none'],
];

function statusStyleOf(path: string): 'number' | 'string' | 'none' {
  for (const [prefix, style] of STATUS_STYLES) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return style;
  }
  return 'string';
}

/** An error body's items with `status` in the form the API at `path` declares (see STATUS_STYLES). */
export function styleErrorStatus<T extends { errors?: { status?: unknown }[] }>(body: T, path: string): T {
  const style = statusStyleOf(path);
  for (const item of body.errors ?? []) {
    if (item.status === undefined) continue;
    if (style === 'none') delete item.status;
    else item.status = style === 'number' ? Number(item.status) : String(item.status);
  }
  return body;
}
