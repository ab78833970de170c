import { useEffect, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { tenantKeys } from '@/lib/query-keys';
import { throttle } from '@/lib/throttle';
import { createTenantTransport } from '../api/tenant-transport';
import { UploadQueue, type QueueSnapshot } from '../queue';
import { reportUploads, uploadStorageKey } from '../presence';

const authenticated = getRouteApi('/_authenticated');

/** One queue per tenant for the life of the tab, so uploads go on while the admin navigates. */
const queues = new Map<string, { queue: UploadQueue; queryClient?: QueryClient }>();

interface SessionSource {
  accessToken(tenantId: string): Promise<string>;
  recoverFromUnauthorized(tenantId: string): Promise<boolean>;
}

/**
 * The lists a finished upload changes are refreshed for the first file at once, then at most this often while more
 * finish. Refreshed per file, a 10,000-file drop refetched the file list about 20 times a second (each refetch
 * cancelling the one under way) and rendered the page again with each answer.
 */
export const REFRESH_AFTER_UPLOADS_MS = 2000;

function queueFor(tenant: { id: string; host: string }, session: SessionSource): UploadQueue {
  let entry = queues.get(tenant.id);
  if (!entry) {
    const refreshLists = throttle(() => {
      const keys = tenantKeys(tenant.id);
      // Exactly what a new or replaced file changes: file lists, the quota used, the catalog's data sets.
      for (const resource of ['data-files', 'data-file-quotas', 'data-sets'] as const) {
        void created.queryClient?.invalidateQueries({ queryKey: keys.resource(resource).all });
      }
    }, REFRESH_AFTER_UPLOADS_MS);
    const created: { queue: UploadQueue; queryClient?: QueryClient } = {
      queue: new UploadQueue({
        transport: createTenantTransport({
          host: tenant.host,
          auth: {
            accessToken: () => session.accessToken(tenant.id),
            recoverFromUnauthorized: () => session.recoverFromUnauthorized(tenant.id),
          },
        }),
        storageKey: uploadStorageKey(tenant.id),
        onUploaded: refreshLists,
      }),
    };
    entry = created;
    queues.set(tenant.id, entry);
    const queue = created.queue;
    const report = () => reportUploads(tenant.id, queue.size > 0);
    queue.subscribe(report);
    report();
  }
  return entry.queue;
}

/** The signed-in tenant's upload queue. */
export function useUploadQueue(): UploadQueue {
  const { auth, tenantConfig } = authenticated.useRouteContext();
  const queryClient = useQueryClient();
  const queue = queueFor(tenantConfig, auth);
  useEffect(() => {
    const entry = queues.get(tenantConfig.id);
    if (entry) entry.queryClient = queryClient;
  }, [queryClient, tenantConfig.id]);
  return queue;
}

export function useQueueSnapshot(queue: UploadQueue): QueueSnapshot {
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot, queue.getSnapshot);
}
