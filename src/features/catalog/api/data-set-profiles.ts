import { queryOptions } from '@tanstack/react-query';
import { getDataSetProfiles, type DataSetProfile } from '@qlik/api/data-sets';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { dataSetProfileKeys } from './keys';

export interface DataSetProfileState {
  /** The tenant answered 202: the profile is queued or being computed. */
  computing: boolean;
  profile?: DataSetProfile;
}

export const PROFILE_POLL_MS = 1500;

/**
 * The data set's profile. While the tenant answers 202 the query polls by itself, and stops as soon as a
 * profile (or a failure) arrives.
 */
export function dataSetProfileQuery(tenant: TenantTarget, dataSetId: string) {
  return queryOptions({
    queryKey: dataSetProfileKeys(tenant.id).detail(dataSetId),
    queryFn: async ({ signal }): Promise<DataSetProfileState> => {
      const response = await getDataSetProfiles(dataSetId, { limit: 1 }, apiOptions(tenant, signal));
      const profile = response.data.data?.[0];
      return { computing: response.status === 202, ...(profile ? { profile } : {}) };
    },
    refetchInterval: (query) => (query.state.data?.computing ? PROFILE_POLL_MS : false),
    staleTime: 60_000,
  });
}
