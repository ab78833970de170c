import { useSyncExternalStore } from 'react';

/** Height of the bar the upload panel collapses to; the app shell keeps this much room for it below the page. */
export const UPLOAD_BAR_HEIGHT = 56;

/** Where a tenant's unfinished uploads are saved for the next page of this tab (never tokens, never content). */
export const uploadStorageKey = (tenantId: string) => `manage-console:uploads:${tenantId}`;

/**
 * Whether each tenant has uploads to show, known without the upload queue's code: the signed-in layout asks on every
 * page, and the queue (its bookkeeping, persistence and transport: 11 KB gzip) was on every first load for a bar most
 * visits never show. The queue reports here once it exists; until then, a queue an earlier page of this tab saved
 * counts, since the panel restores it.
 */
const present = new Map<string, boolean>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function savedQueue(tenantId: string): boolean {
  try {
    return sessionStorage.getItem(uploadStorageKey(tenantId)) !== null;
  } catch {
    // storage blocked: nothing was saved either
    return false;
  }
}

function hasUploads(tenantId: string): boolean {
  let has = present.get(tenantId);
  if (has === undefined) {
    has = savedQueue(tenantId);
    present.set(tenantId, has);
  }
  return has;
}

/** The upload queue of a tenant says whether it holds anything. */
export function reportUploads(tenantId: string, has: boolean): void {
  if (present.get(tenantId) === has) return;
  present.set(tenantId, has);
  for (const listener of listeners) listener();
}

/** Whether the tenant has uploads to show: the app shell loads the upload panel and keeps room for its bar then. */
export function useHasUploads(tenantId: string): boolean {
  const read = () => hasUploads(tenantId);
  return useSyncExternalStore(subscribe, read, read);
}
