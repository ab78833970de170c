import { createFileRoute, redirect } from '@tanstack/react-router';
import { AreaGate } from '@/features/auth/components/area-gate';
import { dataFileDataSetQuery } from '@/features/catalog/api/resolve-data-file';
import { DataFileDataSet } from '@/features/catalog/components/data-file-data-set';

export const Route = createFileRoute('/_authenticated/catalog/files/$dataFileId')({
  loader: async ({ context, params }) => {
    if (context.capabilities.areas.catalog.level === 'none') return;
    const { dataSetId } = await context.queryClient.ensureQueryData(
      dataFileDataSetQuery(context.tenantConfig, params.dataFileId),
    );
    // Not inside a try/catch: the router must see this redirect.
    if (dataSetId) {
      throw redirect({
        to: '/catalog/data-sets/$dataSetId',
        params: { dataSetId },
        search: { tab: 'schema', field: '' },
        replace: true,
      });
    }
  },
  component: DataFileRoute,
});

function DataFileRoute() {
  const { tenantConfig, capabilities } = Route.useRouteContext();
  const access = capabilities.areas.catalog;
  return (
    <AreaGate access={access}>
      <DataFileDataSet target={tenantConfig} />
    </AreaGate>
  );
}
