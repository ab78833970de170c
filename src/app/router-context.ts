import type { QueryClient } from '@tanstack/react-query';
import type { ConsoleAuth } from '@/features/auth/session';

/**
 * What every route gets. The pathless `_authenticated` layout adds `tenantConfig`, `session`, `tenant`, `user`,
 * `scopes` and `capabilities` for the routes below it.
 */
export interface RouterContext {
  queryClient: QueryClient;
  auth: ConsoleAuth;
}
