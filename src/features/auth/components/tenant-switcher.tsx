import { Button, Menu, Text } from '@mantine/core';
import { IconBuildingSkyscraper, IconCheck, IconChevronDown, IconSettings } from '@tabler/icons-react';
import type { ConsoleAuth } from '../session';
import { useTenants } from '../use-tenants';

export interface TenantSwitcherProps {
  auth: ConsoleAuth;
  onSwitch: (tenantId: string) => void;
  onManage: () => void;
}

/** Header menu: which tenant this tab works on, and the way to another. */
export function TenantSwitcher({ auth, onSwitch, onManage }: TenantSwitcherProps) {
  const { tenants, activeTenantId } = useTenants(auth);
  const active = tenants.find((tenant) => tenant.id === activeTenantId);

  return (
    <Menu position="bottom-start" width={300} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          aria-label={`Tenant: ${active?.name ?? 'none'}. Switch tenant`}
          leftSection={<IconBuildingSkyscraper size={18} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          maw={260}
        >
          <Text span truncate="end" size="sm" fw={600}>
            {active?.name ?? 'No tenant'}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Tenants</Menu.Label>
        {tenants.map((tenant) => (
          <Menu.Item
            key={tenant.id}
            onClick={() => tenant.id !== activeTenantId && onSwitch(tenant.id)}
            rightSection={
              tenant.id === activeTenantId ? <IconCheck size={16} aria-label="Current tenant" /> : null
            }
            aria-current={tenant.id === activeTenantId ? 'true' : undefined}
          >
            <Text size="sm" fw={500} truncate="end">
              {tenant.name}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {new URL(tenant.host).host}
            </Text>
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconSettings size={16} aria-hidden />} onClick={onManage}>
          Add or manage tenants
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
