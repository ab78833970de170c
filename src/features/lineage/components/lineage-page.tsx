import { useCallback } from 'react';
import { Code, Text } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import type { TenantTarget } from '@/lib/qlik-host';
import type { LineageViewSearch } from '../search';
import { LineageView } from './lineage-view';

const route = getRouteApi('/_authenticated/lineage/');

/** `/lineage?qri=…`: the lineage (and, for tenant admins, the impact) of any node, e.g. an app. */
export function LineagePage({ target, canSeeImpact }: { target: TenantTarget; canSeeImpact: boolean }) {
  const { qri, ...view } = route.useSearch();
  const navigate = route.useNavigate();
  const onViewChange = useCallback(
    (change: Partial<LineageViewSearch>) =>
      void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true }),
    [navigate],
  );
  return (
    <>
      <PageHeader
        title="Lineage"
        description={
          qri ? (
            <Text size="sm" component="span">
              Of <Code>{qri}</Code>
            </Text>
          ) : undefined
        }
      />
      {qri ? (
        <LineageView
          target={target}
          qri={qri}
          view={view}
          onViewChange={onViewChange}
          canSeeImpact={canSeeImpact}
        />
      ) : (
        <EmptyState
          title="No node chosen"
          description="Open lineage from an app (a space's Catalog tab, or the catalog's apps) or from a data set's Lineage tab."
        />
      )}
    </>
  );
}
