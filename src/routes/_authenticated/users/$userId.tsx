import { createFileRoute } from '@tanstack/react-router';
import { userQuery } from '@/features/users/api/users';
import { UserPage } from '@/features/users/components/user-page';

export const Route = createFileRoute('/_authenticated/users/$userId')({
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(userQuery(context.tenantConfig, params.userId)),
  component: UserRoute,
});

function UserRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { userId } = Route.useParams();
  const navigate = Route.useNavigate();
  return (
    <UserPage
      tenant={tenantConfig}
      userId={userId}
      caller={{ userId: user.id, isTenantAdmin: capabilities.isTenantAdmin, has: capabilities.has }}
      onDeleted={() => void navigate({ to: '/users', replace: true })}
      // MERGE (#12 api-keys): apiKeys={<UserApiKeys tenant={tenantConfig} userId={userId} />}, the "keys of one
      // user" component of src/features/api-keys; the page shows its "API keys" section once it is passed.
    />
  );
}
