import { createFileRoute } from '@tanstack/react-router';
import { detailTabSearchSchema } from '@/components/detail-tabs';
import { UserApiKeys } from '@/features/api-keys/components/user-api-keys';
import { loadActivityTab } from '@/features/audit/api/activity';
import { activityTabOf } from '@/features/audit/components/resource-activity';
import { userQuery } from '@/features/users/api/users';
import { UserPage } from '@/features/users/components/user-page';

export const Route = createFileRoute('/_authenticated/users/$userId')({
  validateSearch: detailTabSearchSchema,
  loaderDeps: ({ search }) => ({ tab: search.tab }),
  loader: ({ context, params, deps }) =>
    Promise.all([
      context.queryClient.ensureQueryData(userQuery(context.tenantConfig, params.userId)),
      loadActivityTab(context, 'user', deps.tab),
    ]),
  component: UserRoute,
});

function UserRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { userId } = Route.useParams();
  const { tab } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <UserPage
      key={userId}
      tenant={tenantConfig}
      userId={userId}
      caller={{ userId: user.id, isTenantAdmin: capabilities.isTenantAdmin, has: capabilities.has }}
      onDeleted={() => void navigate({ to: '/users', replace: true })}
      apiKeys={
        // A user's keys are listed to a TenantAdmin and to the user (the tenant answers no one else).
        (capabilities.isTenantAdmin || user.id === userId) && (
          <UserApiKeys
            tenant={tenantConfig}
            userId={userId}
            currentUserId={user.id}
            isTenantAdmin={capabilities.isTenantAdmin}
          />
        )
      }
      tab={tab}
      onTabChange={(next) =>
        void navigate({ search: { tab: next === 'details' ? undefined : next }, replace: true })
      }
      activity={activityTabOf({
        tenant: tenantConfig,
        roles: capabilities.roles,
        kind: 'user',
        resourceId: userId,
        currentUserId: user.id,
      })}
    />
  );
}
