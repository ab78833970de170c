import { z } from 'zod/mini';
import type { AuditListParams } from './api/audits';

const isoTime = z.string().check(z.maxLength(40), z.refine((value) => !Number.isNaN(Date.parse(value))));
const text = (max: number) => z.catch(z.optional(z.string().check(z.maxLength(max))), undefined);

/**
 * The audit log's state in the URL (filters, live tail, the open event), so every view is a link that reloads to
 * itself. Bad values fall back to defaults instead of failing the page.
 */
export const auditSearchSchema = z.object({
  type: text(200),
  user: text(100),
  resource: text(200),
  from: z.catch(z.optional(isoTime), undefined),
  to: z.catch(z.optional(isoTime), undefined),
  live: z.catch(z.optional(z.boolean()), undefined),
  event: text(100),
});

export type AuditSearch = z.infer<typeof auditSearchSchema>;

/** What `GET /audits` filters (the resource is matched on the loaded pages; the API has no parameter for it). */
export function listParamsOf(search: AuditSearch): AuditListParams {
  return {
    ...(search.type ? { eventType: search.type } : {}),
    ...(search.user ? { userId: search.user } : {}),
    ...(search.from ? { from: new Date(search.from).toISOString() } : {}),
    ...(search.to ? { to: new Date(search.to).toISOString() } : {}),
  };
}
