import { getDataStoreDataAssetDataSets } from '@qlik/api/data-stores';
import type { DataSet } from '@qlik/api/data-sets';
import type { CsvSource } from '@/components/export-csv-button';
import { cursorPages } from '@/lib/csv-export';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import type { DataSetListParams } from './data-sets';

/** Data sets per request when exporting (the list pages by number). */
const EXPORT_PAGE = 100;

/** The data-set list as CSV: every set of the chosen store and asset, in the current order. */
export function dataSetsCsv(
  tenant: TenantTarget,
  params: Omit<DataSetListParams, 'page' | 'size'>,
): CsvSource<DataSet> {
  return {
    columns: [
      { header: 'Name', value: (d) => d.name ?? d.technicalName },
      { header: 'Type', value: (d) => d.type },
      { header: 'Description', value: (d) => d.description },
      { header: 'Space ID', value: (d) => d.spaceId },
      { header: 'Owner ID', value: (d) => d.ownerId },
      { header: 'Rows', value: (d) => d.operational?.rowCount },
      { header: 'Size (bytes)', value: (d) => d.operational?.size },
      { header: 'Updated', value: (d) => d.lastModifiedTime },
      { header: 'ID', value: (d) => d.id },
    ],
    pages: (signal) =>
      cursorPages(async (cursor) => {
        const page = Number(cursor ?? 0);
        const { data } = await getDataStoreDataAssetDataSets(
          params.store ?? '*',
          params.asset ?? '*',
          { page, limit: EXPORT_PAGE, sort: [params.sort] },
          apiOptions(tenant, signal),
        );
        const next = page + 1 < (data.pages ?? 0) ? String(page + 1) : undefined;
        return { rows: data.data ?? [], total: data.total, next };
      }),
  };
}
