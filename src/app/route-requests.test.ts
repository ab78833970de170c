import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { TenantConfig } from '@/features/auth/tenant-config';
import { startRouteRequests, startWithSession, type RouteRequestContext } from './route-requests';

const tenantConfig = { id: 't1', host: 'https://tenant.example' } as TenantConfig;
const queryClient = new QueryClient();

describe('startRouteRequests', () => {
  it("starts each matched route's requests with its deps and params, and capabilities from the scopes", () => {
    const seen: RouteRequestContext<{ q: string }, { spaceId: string }>[] = [];
    const requests = startWithSession<{ q: string }, { spaceId: string }>((context) => {
      seen.push(context);
      return undefined;
    });
    startRouteRequests(
      [
        { staticData: {}, loaderDeps: undefined, params: {} },
        {
          staticData: { requestsWithSession: requests },
          loaderDeps: { q: 'sales' },
          params: { spaceId: 's1' },
        },
      ],
      { queryClient, tenantConfig, scopes: ['admin.spaces:read'] },
    );

    expect(seen).toHaveLength(1);
    const [context] = seen;
    expect(context!.deps).toEqual({ q: 'sales' });
    expect(context!.params).toEqual({ spaceId: 's1' });
    expect(context!.tenantConfig).toBe(tenantConfig);
    // roles are not known yet: the scopes decide, as for a tenant admin
    expect(context!.capabilities.areas.spaces.level).toBe('full');
    expect(context!.capabilities.areas.connections.level).toBe('none');
  });

  it('keeps a request that throws or fails from breaking the navigation (the loader asks again)', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const throwing = startWithSession(() => {
        throw new Error('bad deps');
      });
      const failing = startWithSession(() => Promise.reject(new Error('403')));
      const next = vi.fn(() => undefined);
      expect(() =>
        startRouteRequests(
          [
            { staticData: { requestsWithSession: throwing }, loaderDeps: {}, params: {} },
            { staticData: { requestsWithSession: failing }, loaderDeps: {}, params: {} },
            { staticData: { requestsWithSession: next }, loaderDeps: {}, params: {} },
          ],
          { queryClient, tenantConfig, scopes: [] },
        ),
      ).not.toThrow();
      expect(next).toHaveBeenCalledOnce();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
