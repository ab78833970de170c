import { useQuery } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { userQuery } from '@/lib/user-queries';

export interface OwnerNameProps {
  tenant: TenantTarget;
  userId: string | undefined;
  /** The signed-in user, marked "(you)". */
  currentUserId?: string;
}

/** An owner's name once known; the id while loading or when the caller may not read the user; — for none. */
export function OwnerName({ tenant, userId, currentUserId }: OwnerNameProps) {
  const { data } = useQuery({ ...userQuery(tenant, userId ?? ''), enabled: Boolean(userId) });
  if (!userId) return <>—</>;
  const name = data?.name || userId;
  return <>{userId === currentUserId ? `${name} (you)` : name}</>;
}
