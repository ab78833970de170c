import { Group, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/empty-state';
import type { TenantTarget } from '@/lib/qlik-host';
import { keyOwnersQuery, type KeyStatus } from '../api/api-keys';
import type { ApiKeysSearch } from '../model';
import { KeyList } from './key-table';

export interface AllApiKeysProps {
  tenant: TenantTarget;
  currentUserId: string;
  search: ApiKeysSearch;
  onSearchChange: (update: Partial<ApiKeysSearch>) => void;
}

const STATUSES = [
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
];

/** Every key of the tenant (TenantAdmin), filtered by owner and status in the URL; revoke any. */
export function AllApiKeys({ tenant, currentUserId, search, onSearchChange }: AllApiKeysProps) {
  const params = { ...(search.owner ? { sub: search.owner } : {}), ...(search.status ? { status: search.status as KeyStatus } : {}) };
  const owners = useQuery(keyOwnersQuery(tenant));
  return (
    <>
      <Group gap="sm" mb="md">
        <Select
          label="Owner"
          placeholder="Everyone"
          clearable
          searchable
          data={(owners.data ?? []).map((user) => ({ value: user.id, label: user.name ?? user.email ?? user.id }))}
          value={search.owner ?? null}
          onChange={(value) => onSearchChange({ owner: value ?? undefined })}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={STATUSES}
          value={search.status ?? null}
          onChange={(value) => onSearchChange({ status: (value as ApiKeysSearch['status']) ?? undefined })}
        />
      </Group>
      <KeyList
        tenant={tenant}
        params={params}
        currentUserId={currentUserId}
        isTenantAdmin
        showOwner
        empty={<EmptyState title="No API keys match" description="Change the owner or status filter to see other keys." />}
      />
    </>
  );
}
