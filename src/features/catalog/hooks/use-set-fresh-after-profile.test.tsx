import type { ReactNode } from 'react';
import { renderHook } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { DataSet } from '@qlik/api/data-sets';
import { describe, expect, it } from 'vitest';
import { dataSetQuery } from '../api/data-sets';
import { useSetFreshAfterProfile, type ProfileProgress } from './use-set-fresh-after-profile';

const tenant = { id: 'local', host: 'http://localhost:1' };
const key = dataSetQuery(tenant, 'ds1').queryKey;

/** A cache holding the set as read at `setReadAt`; no observer, so invalidating marks it without a refetch. */
function setup(initial: ProfileProgress) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(key, { id: 'ds1' } as DataSet, { updatedAt: initial.setReadAt });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const hook = renderHook((progress: ProfileProgress) => useSetFreshAfterProfile(tenant, 'ds1', progress), {
    wrapper,
    initialProps: initial,
  });
  const stale = () => queryClient.getQueryState(key)!.isInvalidated;
  return { ...hook, stale };
}

describe('useSetFreshAfterProfile', () => {
  it('reads the set again when its profile finished between reading the set and reading the profile', () => {
    // The race the catalog e2e met: set read with no fields, profile done by the time it was asked for (200).
    const { stale } = setup({ unprofiled: true, setReadAt: 1_000, computing: false, profileReadAt: 1_200 });
    expect(stale()).toBe(true);
  });

  it('reads the set again when the profile goes from 202 to done', () => {
    const { stale, rerender } = setup({
      unprofiled: false,
      setReadAt: 1_000,
      computing: true,
      profileReadAt: 1_100,
    });
    expect(stale()).toBe(false);
    rerender({ unprofiled: false, setReadAt: 1_000, computing: false, profileReadAt: 2_600 });
    expect(stale()).toBe(true);
  });

  it('leaves a set alone while its profile loads, and one read after its profile (an empty file stays empty)', () => {
    expect(
      setup({ unprofiled: true, setReadAt: 1_000, computing: undefined, profileReadAt: 0 }).stale(),
    ).toBe(false);
    expect(
      setup({ unprofiled: true, setReadAt: 3_000, computing: false, profileReadAt: 1_200 }).stale(),
    ).toBe(false);
    expect(
      setup({ unprofiled: false, setReadAt: 1_000, computing: false, profileReadAt: 1_200 }).stale(),
    ).toBe(false);
  });
});
