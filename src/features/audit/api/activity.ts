import type { QueryClient } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { ACTIVITY_SOURCE, canReadAudits, type ActivityKind } from '../model';
import { auditsQuery, type AuditListParams } from './audits';

// Apart from the Activity tab's component: route loaders import these, and a loader's imports load with the app.

/** What an Activity tab asks `GET /audits` for (its route's loader reads the same). */
export function activityListParams(kind: ActivityKind): AuditListParams {
  const source = ACTIVITY_SOURCE[kind];
  return source ? { source } : {};
}

/** The query an Activity tab reads, for its route's loader (`ensureInfiniteQueryData`). */
export const activityQuery = (tenant: TenantTarget, kind: ActivityKind) =>
  auditsQuery(tenant, activityListParams(kind));

/** What a resource route's loader reads ahead for its Activity tab, when that tab is the one open. */
export function loadActivityTab(
  context: {
    queryClient: QueryClient;
    tenantConfig: TenantTarget;
    capabilities: { roles: readonly string[] };
  },
  kind: ActivityKind,
  tab: string | undefined,
) {
  if (tab !== 'activity' || !canReadAudits(context.capabilities.roles)) return undefined;
  return context.queryClient.ensureInfiniteQueryData(activityQuery(context.tenantConfig, kind));
}
