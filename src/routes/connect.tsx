import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ConnectScreen } from '@/features/auth/components/connect-screen';

const searchSchema = z.object({
  /** Where to continue after sign-in (a same-origin path). */
  redirect: z.string().optional().catch(undefined),
});

export const Route = createFileRoute('/connect')({
  validateSearch: searchSchema,
  component: ConnectRoute,
});

function ConnectRoute() {
  const { auth } = Route.useRouteContext();
  const { redirect } = Route.useSearch();
  return <ConnectScreen auth={auth} returnTo={redirect ?? '/'} />;
}
