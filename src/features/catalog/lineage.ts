import type { DataSet } from '@qlik/api/data-sets';
import type { ItemResultResponseBody } from '@qlik/api/items';
import { dataFileIdOf } from './api/items';

export interface DataSetLineage {
  /** The data file the set was made from, when the items service names it. */
  fileId?: string;
  /** The file's path in its space (`folder/name.csv`), from the set's technical name. */
  filePath: string;
  /** Folder path without a trailing slash; '' at the top of the space. */
  folder: string;
  /** Undefined for a personal space. */
  spaceId?: string;
  spaceName?: string;
  /** The space's DataFiles connection, which created the set. */
  connectionId?: string;
}

export function lineageOf(set: DataSet, item: ItemResultResponseBody | null | undefined): DataSetLineage {
  const filePath = set.technicalName;
  const slash = filePath.lastIndexOf('/');
  const fileId = item ? dataFileIdOf(item) : undefined;
  return {
    ...(fileId ? { fileId } : {}),
    filePath,
    folder: slash > 0 ? filePath.slice(0, slash) : '',
    ...(set.spaceId ? { spaceId: set.spaceId } : {}),
    ...(set.dataAssetInfo.name ? { spaceName: set.dataAssetInfo.name } : {}),
    ...(set.createdByConnectionId ? { connectionId: set.createdByConnectionId } : {}),
  };
}

/**
 * Search of the data-files page that shows the file (or its folder) in its space. That page keeps its selection
 * as a list of ids (`selected`), so the file goes in as a one-item list.
 */
export function dataFilesSearch(lineage: DataSetLineage, withFile: boolean): Record<string, unknown> {
  return {
    space: lineage.spaceId ?? 'personal',
    ...(lineage.folder ? { folder: lineage.folder } : {}),
    ...(withFile && lineage.fileId ? { selected: [lineage.fileId] } : {}),
  };
}
