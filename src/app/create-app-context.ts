import { ConsoleAuth } from '@/features/auth/session';
import { installQlikApiAuth } from '@/features/auth/qlik-api';
import type { TenantConfig } from '@/features/auth/tenant-config';
import { createQueryClient } from './query-client';
import type { RouterContext } from './router-context';

/** Everything the router context needs, wired once per app (and once per test). */
export function createAppContext(configured: readonly TenantConfig[]): RouterContext {
  const auth = new ConsoleAuth(configured);
  installQlikApiAuth(auth);
  return { auth, queryClient: createQueryClient() };
}
