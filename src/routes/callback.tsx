import { createFileRoute, redirect } from '@tanstack/react-router';
import { SignInFailed } from '@/features/auth/components/sign-in-failed';

export const Route = createFileRoute('/callback')({
  // The code in the URL is redeemed once (guarded inside completeSignIn), then we leave this URL for good.
  beforeLoad: async ({ context }) => {
    // The raw browser URL: the router's parsed search would re-serialise the code and state.
    const returnTo = await context.auth.completeSignIn(window.location.href);
    // A new session: nothing cached under a previous one may show.
    context.queryClient.clear();
    throw redirect({ href: returnTo, replace: true });
  },
  errorComponent: SignInFailed,
});
