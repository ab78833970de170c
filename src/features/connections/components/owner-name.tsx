import { useQuery } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { ownerQuery } from '../api/connections';

/** The owner's name, "You" for the caller, or the user ID while (or when) the name cannot be read. */
export function OwnerName({
  tenant,
  userId,
  currentUserId,
}: {
  tenant: TenantTarget;
  userId: string | undefined;
  currentUserId: string;
}) {
  const { data } = useQuery({
    ...ownerQuery(tenant, userId ?? ''),
    enabled: Boolean(userId) && userId !== currentUserId,
  });
  if (!userId) return <>—</>;
  if (userId === currentUserId) return <>You</>;
  return <>{data?.name ?? userId}</>;
}
