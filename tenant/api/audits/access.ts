import type { Caller } from '../../auth/caller';
import type { Guard } from '../../auth/guards';
import { roleForbidden } from '../../http/errors';

/**
 * No OAuth scope names the audit trail: a console token reaches it with `user_default` (or `admin_classic`), and
 * the caller's roles decide (qlik-api-access-audit-lineage.md §4.1).
 */
const READ_AUDITS: Guard = { anyOf: ['user_default', 'admin_classic'] };

export const AUDITS_GUARDS: Record<string, Guard> = {
  'GET /api/v1/audits': READ_AUDITS,
  'GET /api/v1/audits/:id': READ_AUDITS,
  'GET /api/v1/audits/types': READ_AUDITS,
  'GET /api/v1/audits/sources': READ_AUDITS,
  'GET /api/v1/audits/settings': READ_AUDITS,
  'GET /api/v1/audits/archive': READ_AUDITS,
};

/** Roles that read the whole tenant's events, as Qlik documents: tenant admins and the Audit Admin. */
export const AUDIT_READER_ROLES: readonly string[] = ['TenantAdmin', 'AuditAdmin'];

/** Refuses callers who hold neither reader role (403, reason role). */
export function assertAuditReader(caller: Caller): void {
  if (!caller.roles.some((role) => AUDIT_READER_ROLES.includes(role))) {
    throw roleForbidden('Reading audit events needs the TenantAdmin or AuditAdmin role.');
  }
}
