import { badRequest } from '../../http/errors';
import { decodeCursor } from '../../http/pagination';
import type { AuditQuery, AuditSort } from '../../store/audits';

export interface AuditsQuerystring {
  eventType?: string;
  source?: string;
  userId?: string;
  id?: string;
  eventTime?: string;
  sort?: string;
  limit?: number;
  next?: string;
  prev?: string;
}

const text = { type: 'string', maxLength: 500 } as const;

export const auditsQuerySchema = {
  type: 'object',
  properties: {
    eventType: text,
    source: text,
    userId: text,
    id: { type: 'string', maxLength: 2600 },
    eventTime: { type: 'string', maxLength: 100 },
    sort: { type: 'string', maxLength: 20 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    next: { type: 'string', maxLength: 1000 },
    prev: { type: 'string', maxLength: 1000 },
  },
  additionalProperties: true,
} as const;

const SORTS: readonly AuditSort[] = ['eventTime', 'eventType', 'source'];

/** `±eventTime|eventType|source`; Qlik's default is newest first. */
function sortOf(raw: string | undefined): { sort: AuditSort; descending: boolean } {
  if (!raw) return { sort: 'eventTime', descending: true };
  const match = /^([+-]?)(\w+)$/.exec(raw.trim());
  const field = match?.[2] as AuditSort | undefined;
  if (!match || !field || !SORTS.includes(field)) {
    throw badRequest(`Invalid sort '${raw}'. Allowed: ${SORTS.map((s) => `+${s}, -${s}`).join(', ')}.`, {
      source: { parameter: 'sort' },
    });
  }
  return { sort: field, descending: match[1] === '-' };
}

/** One bound of an `eventTime` interval as the stored ISO form; empty = open. */
function bound(raw: string, which: string): string | undefined {
  if (raw === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(ms)) {
    throw badRequest(`The ${which} of eventTime is not an ISO 8601 time: '${raw}'.`, { source: { parameter: 'eventTime' } });
  }
  return new Date(ms).toISOString();
}

/** `<start>/<end>` (ISO 8601 interval); either side may be left open. */
function intervalOf(raw: string | undefined): { from?: string; to?: string } {
  if (raw === undefined) return {};
  const parts = raw.split('/');
  if (parts.length !== 2 || (parts[0] === '' && parts[1] === '')) {
    throw badRequest(`eventTime must be an interval <start>/<end>, e.g. 2026-05-01T00:00:00Z/2026-05-02T00:00:00Z.`, {
      source: { parameter: 'eventTime' },
    });
  }
  const from = bound(parts[0]!, 'start');
  const to = bound(parts[1]!, 'end');
  if (from && to && from > to) {
    throw badRequest('The start of eventTime is after its end.', { source: { parameter: 'eventTime' } });
  }
  return { from, to };
}

/** The store's query of a `GET /audits` request. */
export function auditQueryOf(q: AuditsQuerystring): AuditQuery {
  if (q.next && q.prev) {
    throw badRequest('next and prev are mutually exclusive; follow one link at a time.', { source: { parameter: 'prev' } });
  }
  const ids = q.id?.split(',').map((id) => id.trim()).filter(Boolean);
  if (ids && ids.length > 100) throw badRequest('id lists at most 100 audit ids.', { source: { parameter: 'id' } });
  return {
    ...(q.eventType ? { eventType: q.eventType } : {}),
    ...(q.source ? { source: q.source } : {}),
    ...(q.userId ? { userId: q.userId } : {}),
    ...(ids?.length ? { ids } : {}),
    ...intervalOf(q.eventTime),
    ...sortOf(q.sort),
    limit: q.limit ?? 10,
    ...(q.next ? { after: decodeCursor(q.next, 'next') } : {}),
    ...(q.prev ? { before: decodeCursor(q.prev, 'prev') } : {}),
  };
}
