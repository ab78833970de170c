import type { TenantContext } from '../context';

/** Qlik keeps events online for 90 days, then in the archive for the tenant's lifetime. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

/** Moves events older than the retention (on the context's clock) to the archive; returns how many moved. */
export function archiveExpiredEvents(ctx: TenantContext, retentionDays: number): number {
  const cutoff = new Date(ctx.clock.now().getTime() - retentionDays * DAY_MS).toISOString();
  return ctx.audits.archiveBefore(cutoff);
}

/** Archives expired events now and then every `intervalMs` until the server closes. */
export function startAuditRetention(
  ctx: TenantContext,
  retentionDays: number,
  intervalMs: number,
): { stop: () => void } {
  archiveExpiredEvents(ctx, retentionDays);
  const timer = setInterval(() => archiveExpiredEvents(ctx, retentionDays), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
