import { useEffect } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { describeError } from '@/lib/api-error';

const NOTICE_ID = 'rate-limited';

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
        if (shown) notifications.update(notice);
        else notifications.show(notice);
        shown = true;
      } else if (action.type === 'success' && shown) {
        notifications.hide(NOTICE_ID);
        shown = false;
      }
    });
  }, [queryClient]);
}
