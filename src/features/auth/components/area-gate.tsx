import type { ReactNode } from 'react';
import { ScopeGate } from '@/components/scope-gate';
import type { AreaAccess, ConsoleArea } from '../capabilities';

const OUT_OF_REACH: Record<ConsoleArea, string> = {
  spaces: 'Spaces are out of reach',
  users: 'Users are out of reach',
  connections: 'Data connections are out of reach',
  'data-files': 'Data files are out of reach',
  catalog: 'The catalog is out of reach',
};

export interface AreaGateProps {
  /** The area's entry of router context `capabilities.areas`. */
  access: AreaAccess;
  /** Narrower than the area's level where a page needs one scope in particular. */
  allowed?: boolean;
  children: ReactNode;
}

/** A console area's page, or why it is out of reach and the sign-in that would unlock it. */
export function AreaGate({ access, allowed = access.level !== 'none', children }: AreaGateProps) {
  return (
    <ScopeGate
      allowed={allowed}
      title={OUT_OF_REACH[access.area]}
      reason={access.remedy}
      scopes={access.missingScopes}
    >
      {children}
    </ScopeGate>
  );
}
