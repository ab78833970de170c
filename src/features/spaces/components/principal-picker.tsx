import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { principalSearchQuery, type Principal } from '../api/spaces';

export interface PrincipalPickerProps {
  tenant: TenantTarget;
  label: string;
  kinds: readonly ('user' | 'group')[];
  value: Principal | null;
  onChange: (value: Principal | null) => void;
  error?: string;
  placeholder?: string;
  description?: string;
  /** Ids not offered (e.g. the current owner). */
  exclude?: readonly string[];
  required?: boolean;
  /** Whether the caller may list users (tenant admins); groups may be searched by everyone. */
  canListUsers: boolean;
  /** Offered whatever the caller may search, e.g. the signed-in user as "Me". */
  known?: readonly Principal[];
}

const NO_USER_SEARCH = 'Only a tenant admin can look users up.';

const keyOf = (p: Pick<Principal, 'type' | 'id'>) => `${p.type}:${p.id}`;
const labelOf = (p: Principal, kinds: readonly string[]) =>
  kinds.length > 1 ? `${p.name} (${p.type})` : p.name;

/**
 * Searches users (and groups) on the tenant as the user types, once typing pauses. Only what the caller may list
 * is searched: without admin rights on users, the tenant would refuse a user search (403), so only groups are
 * searched and the reason is shown.
 */
export function PrincipalPicker({
  tenant,
  label,
  kinds,
  value,
  onChange,
  error,
  placeholder,
  description,
  exclude = [],
  required,
  canListUsers,
  known = [],
}: PrincipalPickerProps) {
  const searchable = kinds.filter((kind) => kind !== 'user' || canListUsers);
  const [search, setSearch] = useState(value?.name ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const typing = debounced.length > 0 && (!value || debounced !== labelOf(value, kinds));
  const { data = [], isFetching } = useQuery({
    ...principalSearchQuery(tenant, debounced, searchable),
    enabled: typing && searchable.length > 0,
    placeholderData: keepPreviousData,
  });
  const needle = debounced.toLowerCase();
  const knownMatches = known.filter((p) => !typing || p.name.toLowerCase().includes(needle));
  const found = [...knownMatches, ...(typing ? data : [])].filter((p) => !exclude.includes(p.id));
  const options = [...(value ? [value] : []), ...found.filter((p) => !value || keyOf(p) !== keyOf(value))];
  const limited = searchable.length < kinds.length;
  return (
    <Select
      label={label}
      description={
        limited
          ? [description, searchable.length ? `${NO_USER_SEARCH} Groups can be searched.` : NO_USER_SEARCH]
              .filter(Boolean)
              .join(' ')
          : description
      }
      placeholder={
        placeholder ??
        (searchable.includes('user')
          ? 'Type a name or email'
          : searchable.length
            ? 'Type a group name'
            : 'Choose')
      }
      searchable
      clearable
      required={required}
      error={error}
      searchValue={search}
      onSearchChange={setSearch}
      // the tenant already filtered; filtering again by label would hide matches on email
      filter={({ options: all }) => all}
      disabled={searchable.length === 0 && known.length === 0 && !value}
      nothingFoundMessage={
        typing
          ? isFetching
            ? 'Searching…'
            : 'Nobody found'
          : searchable.length
            ? 'Start typing to search'
            : NO_USER_SEARCH
      }
      data={options.map((p) => ({
        value: keyOf(p),
        label: labelOf(p, kinds),
      }))}
      value={value ? keyOf(value) : null}
      onChange={(key) => onChange(options.find((p) => keyOf(p) === key) ?? null)}
    />
  );
}
