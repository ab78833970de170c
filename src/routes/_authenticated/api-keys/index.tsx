import { createFileRoute } from '@tanstack/react-router';
import { apiKeysQuery } from '@/features/api-keys/api/api-keys';
import { ApiKeysPage } from '@/features/api-keys/components/api-keys-page';
import { apiKeysSearchSchema } from '@/features/api-keys/model';

export const Route = createFileRoute('/_authenticated/api-keys/')({
  validateSearch: apiKeysSearchSchema,
  loader: ({ context }) => context.queryClient.ensureInfiniteQueryData(apiKeysQuery(context.tenantConfig, { sub: context.user.id })),
  component: ApiKeysRoute,
});

function ApiKeysRoute() {
  const { tenantConfig, tenant, user, capabilities } = Route.useRouteContext();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const canAdminister = !capabilities.isTenantAdmin
    ? { allowed: false, reason: 'Only a tenant admin sees every key and the settings.' }
    : !capabilities.has('admin.users')
      ? { allowed: false, reason: 'Sign in again with a preset that includes admin_classic.' }
      : { allowed: true };
  return (
    <ApiKeysPage
      tenant={tenantConfig}
      tenantId={tenant.id}
      currentUserId={user.id}
      isTenantAdmin={capabilities.isTenantAdmin}
      canAdminister={canAdminister}
      search={search}
      onSearchChange={(update) => void navigate({ search: (prev) => ({ ...prev, ...update }), replace: true })}
    />
  );
}
