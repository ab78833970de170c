import { useQuery } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { userNameQuery } from '../api/users';

/** An owner's name once known; the id until then, or when the caller may not read users. */
export function OwnerName({ target, userId }: { target: TenantTarget; userId: string | undefined }) {
  const { data } = useQuery({ ...userNameQuery(target, userId ?? ''), enabled: Boolean(userId) });
  if (!userId) return <>—</>;
  return <>{data ?? userId}</>;
}
