import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { spaceSearchQuery } from '../api/access';
import { usersQuery } from '../api/users';

export interface Picked {
  id: string;
  name: string;
}

interface PickerProps {
  tenant: TenantTarget;
  label: string;
  placeholder?: string;
  value: Picked | null;
  onChange: (value: Picked | null) => void;
  /** Ids not offered. */
  exclude?: readonly string[];
}

/** A searchable select over what the tenant finds for the typed text (once typing pauses). */
function SearchSelect({
  label,
  placeholder,
  value,
  onChange,
  options,
  loading,
  onSearch,
}: Omit<PickerProps, 'tenant' | 'exclude'> & {
  options: Picked[];
  loading: boolean;
  onSearch: (text: string) => void;
}) {
  const known = value && !options.some((o) => o.id === value.id) ? [value, ...options] : options;
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable
      filter={({ options: all }) => all}
      nothingFoundMessage={loading ? 'Searching…' : 'Nothing found'}
      data={known.map((o) => ({ value: o.id, label: o.name }))}
      value={value?.id ?? null}
      // Picking an option shows its label in the box: that is not a new search.
      onSearchChange={(text) => onSearch(text === value?.name ? '' : text)}
      onChange={(id) => onChange(known.find((o) => o.id === id) ?? null)}
    />
  );
}

/** An active user, found by name or email. */
export function UserPicker({ tenant, exclude = [], ...props }: PickerProps) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const list = useInfiniteQuery({
    ...usersQuery(tenant, { q: q || undefined, status: 'active', sort: 'name' }),
    placeholderData: keepPreviousData,
  });
  const options = (list.data?.pages[0]?.data ?? [])
    .filter((u) => !exclude.includes(u.id))
    .map((u) => ({ id: u.id, name: u.email ? `${u.name ?? u.email} (${u.email})` : (u.name ?? u.id) }));
  return <SearchSelect {...props} options={options} loading={list.isFetching} onSearch={setText} />;
}

/** A space, found by name (the tenant's `name` filter: case-insensitive substring). */
export function SpacePicker({ tenant, exclude = [], ...props }: PickerProps) {
  const [text, setText] = useState('');
  const [name] = useDebouncedValue(text.trim(), 250);
  const { data = [], isFetching } = useQuery({
    ...spaceSearchQuery(tenant, name),
    placeholderData: keepPreviousData,
  });
  const options = data.filter((s) => !exclude.includes(s.id));
  return <SearchSelect {...props} options={options} loading={isFetching} onSearch={setText} />;
}
