import type { ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { theme } from './theme';
import type { AppRouter } from './router';
import type { RouterContext } from './router-context';
import { useRateLimitNotices } from './rate-limit-notices';

export interface AppProvidersProps {
  queryClient: QueryClient;
  children: ReactNode;
  /** Tests pass "test": no transitions or portals to wait for. */
  env?: 'default' | 'test';
}

export function AppProviders({ queryClient, children, env = 'default' }: AppProvidersProps) {
  useRateLimitNotices(queryClient);
  return (
    // No ColorSchemeScript: the built console's CSP allows no inline script; the scheme applies on mount.
    <MantineProvider theme={theme} defaultColorScheme="auto" env={env}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>{children}</ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

export function App({
  router,
  context,
  env,
}: {
  router: AppRouter;
  context: RouterContext;
  env?: 'default' | 'test';
}) {
  return (
    <AppProviders queryClient={context.queryClient} env={env}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
