import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { getItems, type ItemResultResponseBody } from '@qlik/api/items';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { itemKeys } from './keys';

/** The parts of a data-file data set's item (`resourceAttributes`, untyped in @qlik/api) the console reads. */
export interface DataSetItemAttributes {
  /** `QIX-DF_<dataFileId>`: the one stable link from a data set to the file it was made from. */
  sourceSystemId?: string;
  dataAssetId?: string;
  technicalName?: string;
  type?: string;
  size?: number;
}

export function itemAttributes(item: ItemResultResponseBody): DataSetItemAttributes {
  const raw = item.resourceAttributes;
  return typeof raw === 'object' && raw !== null ? (raw as DataSetItemAttributes) : {};
}

const SOURCE_PREFIX = 'QIX-DF_';

/** The data file id a data set item was made from, from its `sourceSystemId`. */
export function dataFileIdOf(item: ItemResultResponseBody): string | undefined {
  const source = itemAttributes(item).sourceSystemId;
  return source?.startsWith(SOURCE_PREFIX) ? source.slice(SOURCE_PREFIX.length) : undefined;
}

/** The cursor in an absolute `links.next.href`, as the items API pages with opaque cursors. */
export function cursorOf(href: string | undefined, name: 'next' | 'prev' = 'next'): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href).searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A data set's item: what the caller may do with it (`actions`) and the `sourceSystemId` that names its data
 * file. `null` when the items service does not list it (yet).
 */
export function dataSetItemQuery(tenant: TenantTarget, dataSetId: string) {
  return queryOptions({
    queryKey: itemKeys(tenant.id).detail({ resourceType: 'dataset', resourceId: dataSetId }),
    queryFn: async ({ signal }): Promise<ItemResultResponseBody | null> => {
      const { data } = await getItems(
        { resourceType: 'dataset', resourceId: dataSetId, limit: 1 },
        apiOptions(tenant, signal),
      );
      return data.data[0] ?? null;
    },
    staleTime: 30_000,
  });
}

export const SPACE_ITEMS_PAGE_SIZE = 50;

/** The data sets of one space, newest change first, following the items API's cursors. */
export function spaceDataSetsQuery(tenant: TenantTarget, spaceId: string) {
  return infiniteQueryOptions({
    queryKey: itemKeys(tenant.id).list({ resourceType: 'dataset', spaceId }),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data } = await getItems(
        {
          resourceType: 'dataset',
          spaceId,
          sort: '-updatedAt',
          limit: SPACE_ITEMS_PAGE_SIZE,
          ...(pageParam ? { next: pageParam } : {}),
        },
        apiOptions(tenant, signal),
      );
      return { items: data.data, next: cursorOf(data.links.next?.href) };
    },
    getNextPageParam: (last) => last.next,
    staleTime: 30_000,
  });
}
