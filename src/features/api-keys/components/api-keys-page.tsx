import { Suspense } from 'react';
import { Loader, Tabs, Tooltip } from '@mantine/core';
import { PageHeader } from '@/components/page-header';
import type { Permission } from '@/components/guarded-action';
import type { TenantTarget } from '@/lib/qlik-host';
import type { ApiKeysSearch } from '../model';
import { AllApiKeys } from './all-api-keys';
import { ApiKeysSettings } from './api-keys-settings';
import { MyApiKeys } from './my-api-keys';

export interface ApiKeysPageProps {
  tenant: TenantTarget;
  tenantId: string;
  currentUserId: string;
  isTenantAdmin: boolean;
  /** Every key and the settings: a TenantAdmin (with admin scopes) only. */
  canAdminister: Permission;
  search: ApiKeysSearch;
  onSearchChange: (update: Partial<ApiKeysSearch>) => void;
}

/** "My API keys" for everyone; every key and the tenant's settings for a TenantAdmin. */
export function ApiKeysPage({ tenant, tenantId, currentUserId, isTenantAdmin, canAdminister, search, onSearchChange }: ApiKeysPageProps) {
  const view = canAdminister.allowed ? (search.view ?? 'mine') : 'mine';
  const adminTab = (value: 'all' | 'settings', label: string) =>
    canAdminister.allowed ? (
      <Tabs.Tab value={value}>{label}</Tabs.Tab>
    ) : (
      <Tooltip label={canAdminister.reason} multiline maw={300} withArrow>
        <Tabs.Tab value={value} disabled>
          {label}
        </Tabs.Tab>
      </Tooltip>
    );
  return (
    <>
      <PageHeader title="API keys" description="Keys that let scripts call the API as their owner, with the owner's roles and no scopes." />
      <Tabs value={view} onChange={(value) => onSearchChange({ view: (value as ApiKeysSearch['view']) ?? 'mine' })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="mine">My API keys</Tabs.Tab>
          {adminTab('all', 'All keys')}
          {adminTab('settings', 'Settings')}
        </Tabs.List>
        <Suspense fallback={<Loader aria-label="Loading API keys" />}>
          <Tabs.Panel value="mine">
            <MyApiKeys tenant={tenant} tenantId={tenantId} currentUserId={currentUserId} isTenantAdmin={isTenantAdmin} />
          </Tabs.Panel>
          <Tabs.Panel value="all">
            <AllApiKeys tenant={tenant} currentUserId={currentUserId} search={search} onSearchChange={onSearchChange} />
          </Tabs.Panel>
          <Tabs.Panel value="settings">
            <ApiKeysSettings tenant={tenant} tenantId={tenantId} />
          </Tabs.Panel>
        </Suspense>
      </Tabs>
    </>
  );
}
