import { ModalsProvider } from '@mantine/modals';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod/mini';
import { ConnectScreen } from '@/features/auth/components/connect-screen';

const searchSchema = z.object({
  /** Where to continue after sign-in (a same-origin path). */
  redirect: z.catch(z.optional(z.string()), undefined),
  /** Back from the tenant's sign-out. */
  signedOut: z.catch(z.optional(z.union([z.number(), z.string(), z.boolean()])), undefined),
  /** Back from the tenant's sign-out to sign in as someone else: the tenant id to sign in to. */
  switchAccount: z.catch(z.optional(z.string()), undefined),
});

export const Route = createFileRoute('/connect')({
  validateSearch: searchSchema,
  component: ConnectRoute,
});

function ConnectRoute() {
  const { auth } = Route.useRouteContext();
  const { redirect, signedOut, switchAccount } = Route.useSearch();
  return (
    <ModalsProvider>
      <ConnectScreen auth={auth} returnTo={redirect ?? '/'} signedOut={signedOut !== undefined} switchAccountTo={switchAccount} />
    </ModalsProvider>
  );
}
