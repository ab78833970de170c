import {
  experimental_streamedQuery as streamedQuery,
  queryOptions,
  type QueryClient,
} from '@tanstack/react-query';
import { getGroups } from '@qlik/api/groups';
import { getSpace, getSpaceAssignments, getSpaces, type Assignment, type Space } from '@qlik/api/spaces';
import { getUser, getUsers, type User } from '@qlik/api/users';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { tenantKeys } from '@/lib/query-keys';
import { explainSpaceAccess, subjectOf, type AccessSubject, type SpaceAccessExplanation } from '../explain';
import { cursorOf, scimString } from './users';

/**
 * Explain access reads only documented endpoints (users, groups, spaces, space assignments), so it works on a real
 * tenant. One space costs its assignments (one request per 100 members) and the user; every space a user reaches
 * costs the spaces list (100 per request) plus one assignments request per space not owned by them: Qlik documents
 * no cross-space "assignments of a principal" read, so the scan runs on request, streams its findings and its
 * progress, and stops when the page closes. Owned spaces need no assignments read (the owner holds every role).
 */

export const accessKeys = (tenantId: string) => tenantKeys(tenantId).resource('access');

/** Requests in flight during a scan: enough to hide latency, few enough for Qlik's per-tenant rate limits. */
export const SCAN_CONCURRENCY = 6;

/** Every assignment of a space, page by page. */
export async function allAssignments(
  tenant: TenantTarget,
  spaceId: string,
  signal?: AbortSignal,
): Promise<Assignment[]> {
  const all: Assignment[] = [];
  let next: string | undefined;
  do {
    const { data } = await getSpaceAssignments(
      spaceId,
      { limit: 100, ...(next ? { next } : {}) },
      apiOptions(tenant, signal),
    );
    all.push(...(data.data ?? []));
    next = cursorOf(data);
  } while (next);
  return all;
}

/** The system group every user is in (Everyone): its space assignments count for all. */
async function everyoneGroup(tenant: TenantTarget, signal?: AbortSignal) {
  const { data } = await getGroups({ systemGroups: true }, apiOptions(tenant, signal));
  // Qlik names it com.qlik.Everyone; the console says Everyone, as Qlik's own UI does.
  const group = (data.data ?? []).find((g) => g.name?.endsWith('Everyone'));
  return group?.id ? { id: group.id, name: 'Everyone' } : undefined;
}

/** The user as explain access needs them: groups (with Everyone) and tenant roles, direct or through a group. */
export function accessSubjectQuery(tenant: TenantTarget, userId: string) {
  return queryOptions({
    queryKey: accessKeys(tenant.id).detail({ userId, purpose: 'subject' }),
    queryFn: async ({ signal }): Promise<AccessSubject> => {
      const [user, everyone] = await Promise.all([
        getUser(userId, {}, apiOptions(tenant, signal)).then((r) => r.data),
        everyoneGroup(tenant, signal),
      ]);
      return subjectOf(user, everyone);
    },
  });
}

/** Names of groups by id (one request for up to 100). */
async function groupNames(
  tenant: TenantTarget,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const filter = ids.map((id) => `id eq ${scimString(id)}`).join(' or ');
  const { data } = await getGroups({ filter, limit: 100 }, apiOptions(tenant, signal));
  return new Map((data.data ?? []).map((g) => [g.id!, g.name ?? g.id!]));
}

/** One user's access to one space: "Why can't Max see Finance?" */
export function spaceAccessQuery(tenant: TenantTarget, userId: string, spaceId: string) {
  return queryOptions({
    queryKey: accessKeys(tenant.id).detail({ userId, spaceId }),
    queryFn: async ({ signal, client }): Promise<SpaceAccessExplanation> => {
      const [subject, space, assignments] = await Promise.all([
        client.fetchQuery(accessSubjectQuery(tenant, userId)),
        getSpace(spaceId, apiOptions(tenant, signal)).then((r) => r.data),
        allAssignments(tenant, spaceId, signal),
      ]);
      const names = await groupNames(
        tenant,
        assignments.filter((a) => a.type === 'group').map((a) => a.assigneeId),
        signal,
      );
      return explainSpaceAccess(subject, space, assignments, names);
    },
  });
}

export interface AccessScan {
  /** Spaces the user reaches, in the order found. */
  reachable: SpaceAccessExplanation[];
  checked: number;
  /** Spaces in the tenant (as far as the caller sees), once the first page told. */
  total?: number;
  done: boolean;
}

type ScanChunk =
  | { kind: 'total'; total: number }
  | { kind: 'checked'; count: number; reachable: SpaceAccessExplanation[] }
  | { kind: 'done' };

/** Runs `work` over `items` with at most `limit` in flight, in order of completion. */
async function* pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const queue = [...items];
  const running = new Set<Promise<{ result: R; self: Promise<unknown> }>>();
  const launch = () => {
    const item = queue.shift()!;
    const promise: Promise<{ result: R; self: Promise<unknown> }> = work(item).then((result) => ({
      result,
      self: promise,
    }));
    running.add(promise);
  };
  while (queue.length && running.size < limit) launch();
  while (running.size) {
    const { result, self } = await Promise.race(running);
    running.delete(self as Promise<{ result: R; self: Promise<unknown> }>);
    if (queue.length) launch();
    yield result;
  }
}

/** Every space one user reaches, with the roles and their sources: streamed page by page as the scan goes. */
export async function* scanUserAccess(
  tenant: TenantTarget,
  subject: AccessSubject,
  signal?: AbortSignal,
): AsyncGenerator<ScanChunk> {
  let next: string | undefined;
  let first = true;
  do {
    const { data } = await getSpaces(
      { limit: 100, sort: '+name', ...(next ? { next } : {}) },
      apiOptions(tenant, signal),
    );
    if (first && data.meta?.count !== undefined) yield { kind: 'total', total: data.meta.count };
    first = false;
    const spaces: Space[] = data.data ?? [];
    const explain = async (space: Space) =>
      explainSpaceAccess(
        subject,
        space,
        // The owner holds every role whatever the assignments say: no request needed.
        space.ownerId === subject.userId ? [] : await allAssignments(tenant, space.id, signal),
      );
    const found: SpaceAccessExplanation[] = [];
    for await (const explanation of pooled(spaces, SCAN_CONCURRENCY, explain)) {
      if (explanation.reachable) found.push(explanation);
    }
    yield { kind: 'checked', count: spaces.length, reachable: found };
    next = cursorOf(data);
  } while (next && !signal?.aborted);
  yield { kind: 'done' };
}

/** A scan as a streamed query's function: the page renders what has been found so far, and the progress. */
export const streamedScan = (
  streamFn: (context: { signal: AbortSignal; client: QueryClient }) => AsyncIterable<ScanChunk>,
) =>
  streamedQuery<ScanChunk, AccessScan>({
    streamFn,
    reducer: (scan, chunk) =>
      chunk.kind === 'total'
        ? { ...scan, total: chunk.total }
        : chunk.kind === 'checked'
          ? {
              ...scan,
              checked: scan.checked + chunk.count,
              reachable: [...scan.reachable, ...chunk.reachable],
            }
          : { ...scan, done: true },
    initialValue: { reachable: [], checked: 0, done: false },
  });

/** Every space one user reaches, streamed. */
export function userAccessScanQuery(tenant: TenantTarget, userId: string) {
  return queryOptions({
    queryKey: accessKeys(tenant.id).detail({ userId, purpose: 'scan' }),
    queryFn: streamedScan(async function* ({ signal, client }) {
      const subject = await client.fetchQuery(accessSubjectQuery(tenant, userId));
      yield* scanUserAccess(tenant, subject, signal);
    }),
    staleTime: 5 * 60_000,
  });
}

/**
 * Every member of a space with their explanation: the owner, users assigned directly, and the members of assigned
 * groups (the first 100 of each group, read with `assignedGroups.id eq`, which needs a tenant admin).
 */
export function spaceMembersAccessQuery(tenant: TenantTarget, spaceId: string, canListUsers: boolean) {
  return queryOptions({
    queryKey: accessKeys(tenant.id).list({ spaceId, purpose: 'members', canListUsers }),
    queryFn: async ({ signal }): Promise<{ user: User; explanation: SpaceAccessExplanation }[]> => {
      const [space, assignments, everyone] = await Promise.all([
        getSpace(spaceId, apiOptions(tenant, signal)).then((r) => r.data),
        allAssignments(tenant, spaceId, signal),
        everyoneGroup(tenant, signal),
      ]);
      const userIds = new Set<string>(space.ownerId ? [space.ownerId] : []);
      for (const a of assignments) if (a.type === 'user') userIds.add(a.assigneeId);
      const users = new Map<string, User>();
      if (canListUsers) {
        const groupIds = assignments
          .filter((a) => a.type === 'group' && a.assigneeId !== everyone?.id)
          .map((a) => a.assigneeId);
        const clauses = [
          ...[...userIds].map((id) => `id eq ${scimString(id)}`),
          ...groupIds.map((id) => `assignedGroups.id eq ${scimString(id)}`),
        ];
        // One request per 50 clauses keeps the URL short.
        for (let i = 0; i < clauses.length; i += 50) {
          const { data } = await getUsers(
            { filter: clauses.slice(i, i + 50).join(' or '), limit: 100 },
            apiOptions(tenant, signal),
          );
          for (const user of data.data ?? []) users.set(user.id, user);
        }
      } else {
        for (const id of userIds) {
          const user = await getUser(id, {}, apiOptions(tenant, signal)).then(
            (r) => r.data,
            () => undefined,
          );
          if (user) users.set(id, user);
        }
      }
      return [...users.values()]
        .map((user) => ({
          user,
          explanation: explainSpaceAccess(subjectOf(user, everyone), space, assignments),
        }))
        .sort((a, b) => (a.user.name ?? '').localeCompare(b.user.name ?? ''));
    },
  });
}

/** Spaces whose name contains the text (the first 20), for the "check a space" picker. */
export function spaceSearchQuery(tenant: TenantTarget, name: string) {
  return queryOptions({
    queryKey: tenantKeys(tenant.id).resource('spaces').list({ name, purpose: 'explain-picker' }),
    queryFn: async ({ signal }): Promise<{ id: string; name: string }[]> => {
      const { data } = await getSpaces(
        { limit: 20, sort: '+name', ...(name ? { name } : {}) },
        apiOptions(tenant, signal),
      );
      return (data.data ?? []).map((s) => ({ id: s.id, name: s.name }));
    },
    staleTime: 30_000,
  });
}
