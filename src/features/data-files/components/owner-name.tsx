import { useQuery } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { userQuery } from '../api/data-files';

/** An owner's name once known; the id while loading or when the caller may not read users. */
export function OwnerName({
  tenant,
  userId,
  currentUserId,
}: {
  tenant: TenantTarget;
  userId: string | undefined;
  currentUserId: string;
}) {
  const { data } = useQuery({ ...userQuery(tenant, userId ?? ''), enabled: Boolean(userId) });
  if (!userId) return <>—</>;
  const name = data?.name || userId;
  return <>{userId === currentUserId ? `${name} (you)` : name}</>;
}
