import type { ReactNode } from 'react';
import { ScopeGate } from '@/components/scope-gate';
import { canReadAudits } from '../model';

/** The audit trail is for tenant admins and Audit Admins (the tenant refuses anyone else with 403). */
export function AuditGate({ roles, children }: { roles: readonly string[]; children: ReactNode }) {
  return (
    <ScopeGate
      allowed={canReadAudits(roles)}
      title="The audit log is for tenant admins and Audit Admins"
      reason="Ask a tenant admin for the AuditAdmin role."
      scopes={[]}
    >
      {children}
    </ScopeGate>
  );
}
