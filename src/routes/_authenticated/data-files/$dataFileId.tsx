import { createFileRoute } from '@tanstack/react-router';
import { detailTabSearchSchema } from '@/components/detail-tabs';
import { dataFileQuery } from '@/features/data-files/api/data-files';
import { DataFilePage } from '@/features/data-files/components/data-file-page';
import { loadActivityTab } from '@/features/audit/api/activity';
import { activityTabOf } from '@/features/audit/components/resource-activity';

/** A data file's page: its facts and its Activity tab. */
export const Route = createFileRoute('/_authenticated/data-files/$dataFileId')({
  validateSearch: detailTabSearchSchema,
  loaderDeps: ({ search }) => ({ tab: search.tab }),
  loader: ({ context, params, deps }) =>
    Promise.all([
      context.queryClient.ensureQueryData(dataFileQuery(context.tenantConfig, params.dataFileId)),
      loadActivityTab(context, 'data-file', deps.tab),
    ]),
  component: DataFileRoute,
});

function DataFileRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { dataFileId } = Route.useParams();
  const { tab } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <DataFilePage
      key={dataFileId}
      tenant={tenantConfig}
      dataFileId={dataFileId}
      currentUserId={user.id}
      tab={tab}
      onTabChange={(next) =>
        void navigate({ search: { tab: next === 'details' ? undefined : next }, replace: true })
      }
      activity={activityTabOf({
        tenant: tenantConfig,
        roles: capabilities.roles,
        kind: 'data-file',
        resourceId: dataFileId,
        currentUserId: user.id,
      })}
    />
  );
}
