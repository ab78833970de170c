import { lazy, Suspense, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { theme } from './theme';
import type { AppRouter } from './router';
import type { RouterContext } from './router-context';
import { useRateLimitNotices } from './rate-limit-notices';

/**
 * The toast renderer (and its transitions) loads after the first page: notifications are kept in a store, so any
 * shown before it arrives appear once it mounts. Modals are provided by the pages that open them (the connect
 * screen and the signed-in layout), for the same reason.
 */
const Notifications = lazy(() =>
  import('@mantine/notifications').then((module) => ({ default: module.Notifications })),
);

/** How long a notice stays unless it says otherwise. */
const NOTICE_MS = 5_000;

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
      <Suspense fallback={null}>
        {/*
          Bottom centre: clear of the page header's actions, a drawer's header and buttons, and the upload panel
          (bottom right). Short: a success says its piece in 5 s; failures stay longer (see notifyFailure).
        */}
        <Notifications position="bottom-center" autoClose={NOTICE_MS} containerWidth={420} limit={3} />
      </Suspense>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
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
