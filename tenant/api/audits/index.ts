import type { FastifyInstance } from 'fastify';
import type { ArchiveItem, GetByIDResult, GetObjectsResult, GetResult, GetSettingsResult } from '@qlik/api/audits';
import { addGuards } from '../../auth/guards';
import { badRequest, notFound } from '../../http/errors';
import { cursorLinks, requestOrigin } from '../../http/pagination';
import { toArchiveItem, toAuditEvent } from '../../events/audit-events';
import { startAuditRetention } from '../../services/audit-retention';
import type { ApiOptions } from '../plugin';
import { AUDITS_GUARDS, assertAuditReader } from './access';
import { auditQueryOf, auditsQuerySchema, type AuditsQuerystring } from './query';

export interface AuditsApiOptions extends ApiOptions {
  /** How long events stay online before the archive (`EventTTL`). */
  retentionDays: number;
  /** How often expired events move to the archive. */
  retentionSweepMs: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The audits API: the tenant's audit events, their types and sources, the retention and the archive by day. */
export async function auditsApi(app: FastifyInstance, options: AuditsApiOptions): Promise<void> {
  const { ctx, retentionDays } = options;
  addGuards(AUDITS_GUARDS);
  const retention = startAuditRetention(ctx, retentionDays, options.retentionSweepMs);
  app.addHook('onClose', async () => retention.stop());
  // Before the query is validated: a caller who may not read events learns nothing about the parameters.
  app.addHook('preValidation', async (request) => assertAuditReader(request.caller));

  app.get<{ Querystring: AuditsQuerystring }>(
    '/api/v1/audits',
    { schema: { querystring: auditsQuerySchema } },
    async (request): Promise<GetResult> => {
      const page = ctx.audits.list(auditQueryOf(request.query));
      const tenantId = ctx.tenant().id;
      const origin = requestOrigin(request);
      return { data: page.rows.map((row) => toAuditEvent(row, tenantId, origin)), links: cursorLinks(request, page) };
    },
  );

  const names = (data: string[], request: Parameters<typeof cursorLinks>[0]): GetObjectsResult => ({
    data,
    links: cursorLinks(request, {}),
  });
  app.get('/api/v1/audits/types', async (request) => names(ctx.audits.types(), request));
  app.get('/api/v1/audits/sources', async (request) => names(ctx.audits.sources(), request));

  app.get(
    '/api/v1/audits/settings',
    async (): Promise<GetSettingsResult> => ({ data: { EventTTL: retentionDays * 86_400, ArchiveEnabled: true } }),
  );

  app.get<{ Querystring: { date?: string } }>(
    '/api/v1/audits/archive',
    { schema: { querystring: { type: 'object', properties: { date: { type: 'string', maxLength: 30 } } } } },
    async (request): Promise<{ data: ArchiveItem[] }> => {
      const { date } = request.query;
      if (!date || !DAY.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        throw badRequest('date is required, as YYYY-MM-DD.', { source: { parameter: 'date' } });
      }
      const rows = ctx.audits.archiveOf(date);
      if (!rows.length) throw notFound(`No archived events for ${date}.`);
      const tenantId = ctx.tenant().id;
      return { data: rows.map((row) => toArchiveItem(row, tenantId)) };
    },
  );

  app.get<{ Params: { id: string } }>('/api/v1/audits/:id', async (request): Promise<GetByIDResult> => {
    const row = ctx.audits.byId(request.params.id);
    if (!row) throw notFound(`Audit event ${request.params.id} not found.`, { source: { parameter: 'id' } });
    return toAuditEvent(row, ctx.tenant().id, requestOrigin(request));
  });
}
