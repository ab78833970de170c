import { loadConfiguredTenants } from '@/features/auth/tenant-config';
import { createAppContext } from './create-app-context';
import { createAppRouter } from './router';

/** Reads the runtime tenant configuration, then builds the router context and router. */
export async function bootstrap() {
  const context = createAppContext(await loadConfiguredTenants());
  const router = createAppRouter(context);
  return { context, router };
}
