import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { dataSetQuery } from '../api/data-sets';

export interface ProfileProgress {
  /** The data set as read has no fields yet. */
  unprofiled: boolean;
  /** When the data set was read (its query's `dataUpdatedAt`). */
  setReadAt: number;
  /** The tenant answers 202 for the profile; undefined until its first answer. */
  computing: boolean | undefined;
  /** When the profile was read. */
  profileReadAt: number;
}

/**
 * The tenant fills in a data set's schema and row count together with its profile, so a set read before its
 * profile was done is stale. It is read again once the profile is done: after a 202 was seen, or when the profile
 * finished between the two reads (the set has no fields yet and is older than the finished profile). Once read
 * again the set is newer than the profile, so an empty file does not loop.
 */
export function useSetFreshAfterProfile(tenant: TenantTarget, dataSetId: string, progress: ProfileProgress) {
  const queryClient = useQueryClient();
  const sawComputing = useRef(false);
  const { unprofiled, setReadAt, computing, profileReadAt } = progress;
  useEffect(() => {
    if (computing) {
      sawComputing.current = true;
      return;
    }
    if (computing !== false) return;
    if (sawComputing.current || (unprofiled && setReadAt < profileReadAt)) {
      sawComputing.current = false;
      void queryClient.invalidateQueries({ queryKey: dataSetQuery(tenant, dataSetId).queryKey });
    }
  }, [computing, unprofiled, setReadAt, profileReadAt, queryClient, tenant, dataSetId]);
}
