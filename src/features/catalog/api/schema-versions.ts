import { queryOptions } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { getTenantJson } from '@/lib/tenant-fetch';
import type { SchemaField } from '../schema-diff/diff';
import { dataSetKeys } from './keys';

/** One schema version of a data set (`GET /data-sets/{id}/schema-versions`, the local tenant's own endpoint). */
export interface SchemaVersion {
  version: number;
  dataSetId: string;
  createdTime: string;
  createdBy: string;
  rowCount?: number;
  size: number;
  dataFields: SchemaField[];
}

interface SchemaVersionPage {
  data: SchemaVersion[];
  total: number;
}

/** Versions kept per data set in the view; older ones are counted, not listed. */
export const SCHEMA_VERSIONS_SHOWN = 100;

/**
 * A data set's schema versions, newest first. Keyed under the data set's detail key, so whatever reads the set
 * again (a finished profile after a replace) reads its versions again too.
 */
export function schemaVersionsQuery(tenant: TenantTarget, dataSetId: string) {
  return queryOptions({
    queryKey: [...dataSetKeys(tenant.id).detail(dataSetId), 'schema-versions'] as const,
    queryFn: ({ signal }) =>
      getTenantJson<SchemaVersionPage>(
        tenant,
        `/api/v1/data-sets/${encodeURIComponent(dataSetId)}/schema-versions?limit=${SCHEMA_VERSIONS_SHOWN}`,
        signal,
      ),
    staleTime: 10_000,
  });
}
