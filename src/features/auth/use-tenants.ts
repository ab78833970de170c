import { useSyncExternalStore } from 'react';
import type { ConsoleAuth, TenantsSnapshot } from './session';

/** Configured + saved tenants and the active one, re-rendering when they change. */
export function useTenants(auth: ConsoleAuth): TenantsSnapshot {
  return useSyncExternalStore(auth.subscribe, auth.getSnapshot, auth.getSnapshot);
}
