/**
 * The one query-key factory. Every key is rooted in the tenant, so switching tenants can never show another
 * tenant's cache, and `['tenant', id]` invalidates or removes everything of one tenant at once.
 *
 *   tenantKeys('local').resource('spaces').list({ type: 'shared' })
 *     → ['tenant', 'local', 'spaces', 'list', { type: 'shared' }]
 */
export function tenantKeys(tenantId: string) {
  const all = ['tenant', tenantId] as const;
  return {
    all,
    resource<R extends string>(resource: R) {
      const root = [...all, resource] as const;
      return {
        all: root,
        lists: () => [...root, 'list'] as const,
        list: <P extends object>(params: P) => [...root, 'list', params] as const,
        details: () => [...root, 'detail'] as const,
        detail: <I extends string | object>(id: I) => [...root, 'detail', id] as const,
      };
    },
  };
}
