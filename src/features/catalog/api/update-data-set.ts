import { useMutation, useQueryClient } from '@tanstack/react-query';
import { patchDataSet, type DataSet, type JsonPatch } from '@qlik/api/data-sets';
import { isHttpError, qlikErrorItem } from '@/lib/api-error';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { dataSetKeys, itemKeys } from './keys';

export interface DataSetEdit {
  description: string;
  tags: string[];
}

export type EditableField = keyof DataSetEdit;

/** Only what changed, as JSON Patch; an unchanged form sends nothing. */
export function editPatch(current: DataSet, next: DataSetEdit): JsonPatch[] {
  const ops: JsonPatch[] = [];
  if ((current.description ?? '') !== next.description) {
    ops.push({ op: 'replace', path: '/description', value: next.description });
  }
  const tags = current.tags ?? [];
  if (tags.length !== next.tags.length || tags.some((tag, i) => tag !== next.tags[i])) {
    ops.push({ op: 'replace', path: '/tags', value: next.tags });
  }
  return ops;
}

/**
 * The form field a refused patch is about. The tenant points at the operation (`/0`, `/1` …) or at the
 * property (`/description`); both lead back to the field that operation changed.
 */
export function fieldOfPatchError(error: unknown, ops: readonly JsonPatch[]): EditableField | undefined {
  if (!isHttpError(error) || error.status !== 400) return undefined;
  const item = qlikErrorItem(error.data);
  const source = (item?.meta?.source ?? (item as { source?: unknown } | undefined)?.source) as
    { pointer?: string } | undefined;
  const pointer = source?.pointer;
  if (!pointer) return undefined;
  const index = /^\/(\d+)/.exec(pointer);
  const path = index ? ops[Number(index[1])]?.path : pointer;
  if (path?.startsWith('/description')) return 'description';
  if (path?.startsWith('/tags')) return 'tags';
  return undefined;
}

export function useUpdateDataSet(tenant: TenantTarget, dataSetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ops: JsonPatch[]): Promise<DataSet | undefined> => {
      const response = await patchDataSet(dataSetId, ops, apiOptions(tenant));
      // 204 carries no body; the detail is then read again below.
      return response.status === 200 ? response.data : undefined;
    },
    onSuccess: async (updated) => {
      const detail = dataSetKeys(tenant.id).detail(dataSetId);
      if (updated) queryClient.setQueryData(detail, updated);
      await Promise.all([
        updated ? undefined : queryClient.invalidateQueries({ queryKey: detail }),
        queryClient.invalidateQueries({ queryKey: dataSetKeys(tenant.id).lists() }),
        queryClient.invalidateQueries({ queryKey: itemKeys(tenant.id).all }),
      ]);
    },
  });
}
