import { apiCallForms, type ApiCall, type ApiCallForms } from '@/lib/api-call';
import type { AuditListParams } from './api/audits';
import { listQuery } from './api/audits';

/** The audit log's current view (first page) as the call the console sends. */
export function auditListApiCall(params: AuditListParams): ApiCall {
  const query = listQuery(params) as Record<string, string | number>;
  return {
    method: 'GET',
    path: 'audits',
    query,
    qlikApi: { module: 'audits', fn: 'getAudits', args: [query] },
    cli: ['audit', 'ls', ...Object.entries(query).flatMap(([key, value]) => [`--${key}`, String(value)])],
  };
}

/** The audit log's current view as curl, qlik-cli and @qlik/api TypeScript against the tenant it was copied from. */
export const auditListCall = (host: string, params: AuditListParams): ApiCallForms =>
  apiCallForms(host, auditListApiCall(params));
