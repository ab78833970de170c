import { queryOptions } from '@tanstack/react-query';
import { getDataFile, type DataFileUploadResponse } from '@qlik/api/data-files';
import { getItems, type ItemResultResponseBody } from '@qlik/api/items';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { dataSetKeys, queryText } from './keys';
import { cursorOf, dataFileIdOf, itemAttributes } from './items';

export interface DataFileDataSet {
  file: DataFileUploadResponse;
  /** The data set made from the file, or null when the catalog has none (yet). */
  dataSetId: string | null;
}

/** Files sharing a base name in one space live in different folders; a few pages always cover them. */
const MAX_PAGES = 10;

/**
 * Finds the data set of a data file. The file's `qri` should equal the set's `secureQri`, but no API looks a set
 * up by QRI, and the set id differs from the file id. What does hold: the set's item carries
 * `sourceSystemId: "QIX-DF_<fileId>"`, and the items API filters by exact name and space. So: read the file, list dataset items with its base name in its space, and
 * take the one whose source is this file. Should an item lack `sourceSystemId`, the set's technical name (the
 * file's path) in the same space decides instead.
 */
export async function resolveDataFileDataSet(
  tenant: TenantTarget,
  dataFileId: string,
  signal?: AbortSignal,
): Promise<DataFileDataSet> {
  const options = apiOptions(tenant, signal);
  const { data: file } = await getDataFile(dataFileId, options);
  if (file.folder) return { file, dataSetId: null };
  const baseName = file.baseName || file.name.slice(file.name.lastIndexOf('/') + 1);

  const candidates: ItemResultResponseBody[] = [];
  let next: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await getItems(
      {
        resourceType: 'dataset',
        name: queryText(baseName),
        spaceId: file.spaceId ?? 'personal',
        limit: 100,
        ...(next ? { next } : {}),
      },
      options,
    );
    const bySource = data.data.find((item) => dataFileIdOf(item) === dataFileId);
    if (bySource?.resourceId) return { file, dataSetId: bySource.resourceId };
    candidates.push(...data.data);
    next = cursorOf(data.links.next?.href);
    if (!next) break;
  }
  const byPath = candidates.find(
    (item) => !itemAttributes(item).sourceSystemId && itemAttributes(item).technicalName === file.name,
  );
  return { file, dataSetId: byPath?.resourceId ?? null };
}

/** Keyed under data sets: the answer is "which data set", and it changes when sets appear or go. */
export function dataFileDataSetQuery(tenant: TenantTarget, dataFileId: string) {
  return queryOptions({
    queryKey: dataSetKeys(tenant.id).detail({ dataFileId }),
    queryFn: ({ signal }) => resolveDataFileDataSet(tenant, dataFileId, signal),
    staleTime: 10_000,
  });
}
