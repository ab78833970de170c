import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { getAudit, getAudits, getAuditTypes, type GetByIDResult, type GetResult } from '@qlik/api/audits';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { getUsers, type User } from '@qlik/api/users';

export const auditKeys = (tenantId: string) => tenantKeys(tenantId).resource('audits');

export type AuditEvent = GetByIDResult;

/** The filters `GET /audits` itself applies; each maps onto one documented query parameter. */
export interface AuditListParams {
  eventType?: string;
  /** The service that emitted the events (`com.qlik/spaces`, …). */
  source?: string;
  userId?: string;
  /** ISO times; either may be open. */
  from?: string;
  to?: string;
}

export const PAGE_SIZE = 100;

/** The `GET /audits` query of a filter set: newest first, as Qlik sorts by default. */
export function listQuery(params: AuditListParams, next?: string): Parameters<typeof getAudits>[0] {
  const interval = params.from || params.to ? `${params.from ?? ''}/${params.to ?? ''}` : undefined;
  return {
    limit: PAGE_SIZE,
    sort: '-eventTime',
    ...(params.eventType ? { eventType: params.eventType } : {}),
    ...(params.source ? { source: params.source } : {}),
    ...(params.userId ? { userId: params.userId } : {}),
    ...(interval ? { eventTime: interval } : {}),
    ...(next ? { next } : {}),
  };
}

/** The cursor of the next page, from the absolute `links.next.href` the tenant returned. */
export function nextCursor(page: GetResult): string | undefined {
  const href = page.links?.next?.href;
  return href ? (new URL(href).searchParams.get('next') ?? undefined) : undefined;
}

export async function listAuditsPage(
  tenant: TenantTarget,
  params: AuditListParams,
  next?: string,
  signal?: AbortSignal,
): Promise<GetResult> {
  return (await getAudits(listQuery(params, next), apiOptions(tenant, signal))).data;
}

export function auditsQuery(tenant: TenantTarget, params: AuditListParams) {
  return infiniteQueryOptions({
    queryKey: auditKeys(tenant.id).list(params),
    queryFn: ({ pageParam, signal }) => listAuditsPage(tenant, params, pageParam || undefined, signal),
    initialPageParam: '',
    getNextPageParam: (last) => nextCursor(last),
    // Every change anywhere adds an event, and no mutation invalidates the trail: read it again on every visit,
    // even one that follows a preload (a hovered link) by less than the second suspense keeps data fresh for.
    staleTime: 0,
    refetchOnMount: 'always',
  });
}

export function auditEventQuery(tenant: TenantTarget, id: string) {
  return queryOptions({
    queryKey: auditKeys(tenant.id).detail(id),
    queryFn: async ({ signal }) => (await getAudit(id, apiOptions(tenant, signal))).data,
  });
}

export function auditTypesQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: [...auditKeys(tenant.id).all, 'types'] as const,
    queryFn: async ({ signal }) => (await getAuditTypes(apiOptions(tenant, signal))).data.data ?? [],
    staleTime: 60_000,
  });
}

/** Users to filter by (first 100 by name); the filter still takes any user id from the URL. */
export function auditUsersQuery(tenant: TenantTarget) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('users').list({ purpose: 'audit', limit: 100 }),
    queryFn: async ({ signal }): Promise<User[]> =>
      (await getUsers({ limit: 100, sort: '+name' }, apiOptions(tenant, signal))).data.data ?? [],
    staleTime: 5 * 60_000,
    retry: false,
  });
}
