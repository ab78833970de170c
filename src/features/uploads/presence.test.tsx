import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { reportUploads, uploadStorageKey, useHasUploads } from './presence';

describe('useHasUploads', () => {
  it('counts a queue an earlier page of this tab saved, before the queue itself is loaded', () => {
    sessionStorage.setItem(uploadStorageKey('saved-tenant'), '{"v":3,"destinations":[],"parts":1}');
    const { result } = renderHook(() => useHasUploads('saved-tenant'));
    expect(result.current).toBe(true);
    expect(renderHook(() => useHasUploads('other-tenant')).result.current).toBe(false);
  });

  it('follows what the queue reports once it exists, per tenant', () => {
    const { result } = renderHook(() => useHasUploads('reporting-tenant'));
    expect(result.current).toBe(false);
    act(() => reportUploads('reporting-tenant', true));
    expect(result.current).toBe(true);
    act(() => reportUploads('another-tenant', false));
    expect(result.current).toBe(true);
    act(() => reportUploads('reporting-tenant', false));
    expect(result.current).toBe(false);
  });
});
