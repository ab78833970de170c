import { QueryClient } from '@tanstack/react-query';
import { retryDelay, shouldRetryMutation, shouldRetryQuery } from '@/lib/api-error';

/**
 * One QueryClient per app (tests make their own). Reads retry transient failures only (never 4xx except 429,
 * waiting Retry-After on 429); writes only retry a 429, which the tenant refused before doing any work.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        retry: shouldRetryQuery,
        retryDelay,
        refetchOnWindowFocus: true,
      },
      mutations: {
        retry: shouldRetryMutation,
        retryDelay,
      },
    },
  });
}
