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
}

const keyOf = (p: Pick<Principal, 'type' | 'id'>) => `${p.type}:${p.id}`;
const labelOf = (p: Principal, kinds: readonly string[]) =>
  kinds.length > 1 ? `${p.name} (${p.type})` : p.name;

/** Searches users (and groups) on the tenant as the user types, once typing pauses. */
export function PrincipalPicker({
  tenant,
  label,
  kinds,
  value,
  onChange,
  error,
  placeholder = 'Type a name or email',
  description,
  exclude = [],
  required,
}: PrincipalPickerProps) {
  const [search, setSearch] = useState(value?.name ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const typing = debounced.length > 0 && (!value || debounced !== labelOf(value, kinds));
  const { data = [], isFetching } = useQuery({
    ...principalSearchQuery(tenant, debounced, kinds),
    enabled: typing,
    placeholderData: keepPreviousData,
  });
  const found = (typing ? data : []).filter((p) => !exclude.includes(p.id));
  const options = [...(value ? [value] : []), ...found.filter((p) => !value || keyOf(p) !== keyOf(value))];
  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder}
      searchable
      clearable
      required={required}
      error={error}
      searchValue={search}
      onSearchChange={setSearch}
      // the tenant already filtered; filtering again by label would hide matches on email
      filter={({ options: all }) => all}
      nothingFoundMessage={typing ? (isFetching ? 'Searching…' : 'Nobody found') : 'Start typing to search'}
      data={options.map((p) => ({
        value: keyOf(p),
        label: labelOf(p, kinds),
      }))}
      value={value ? keyOf(value) : null}
      onChange={(key) => onChange(options.find((p) => keyOf(p) === key) ?? null)}
    />
  );
}
