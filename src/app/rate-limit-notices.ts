import { useEffect } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { describeError } from '@/lib/api-error';

const NOTICE_ID = 'rate-limited';

/** Loaded when first needed, with the toast renderer (see providers.tsx): not part of the first page. */
const notifications = () => import('@mantine/notifications').then((module) => module.notifications);

/**
 * While a read waits out a 429 before its automatic retry, say so: the page is not stuck, the tenant asked
 * us to wait. One notice, updated, gone when the retry succeeds.
 */
export function useRateLimitNotices(queryClient: QueryClient): void {
  useEffect(() => {
    let shown = false;
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated') return;
      const { action } = event;
      if (action.type === 'failed') {
        const description = describeError(action.error);
        if (description.kind !== 'rate-limited') return;
        const notice = {
          id: NOTICE_ID,
          color: 'yellow',
          title: 'Rate limited by the tenant',
          message: `Rate limited by the tenant — retrying in ${description.retryAfterSeconds ?? 5} s`,
          autoClose: ((description.retryAfterSeconds ?? 5) + 2) * 1000,
        };
        const update = shown;
        shown = true;
        void notifications().then((store) => (update ? store.update(notice) : store.show(notice)));
      } else if (action.type === 'success' && shown) {
        shown = false;
        void notifications().then((store) => store.hide(NOTICE_ID));
      }
    });
  }, [queryClient]);
}
