import type { ComponentType } from 'react';
import {
  IconDatabase,
  IconFiles,
  IconFolders,
  IconHistory,
  IconKey,
  IconApps,
  IconLayoutDashboard,
  IconPlugConnected,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';
import type { ConsoleArea } from '@/features/auth/capabilities';

export interface NavItem {
  label: string;
  icon: ComponentType<{ size?: number | string; stroke?: number; 'aria-hidden'?: boolean }>;
  /** Typed route path: a typo or a removed route fails the type check. */
  to: NonNullable<LinkProps['to']>;
  /** Console area whose access decides the hint shown next to the item. */
  area?: ConsoleArea;
  /** Match child routes too (e.g. /spaces/123 keeps "Spaces" active). */
  exact?: boolean;
  /** Changes need a tenant admin: others see the hint "Read only". */
  adminToChange?: boolean;
}

/** The sidebar, as data; `to` only accepts real routes, so a typo or a removed route fails the type check. */
export const NAVIGATION: readonly NavItem[] = [
  { label: 'Overview', icon: IconLayoutDashboard, to: '/', exact: true },
  { label: 'Spaces', icon: IconFolders, to: '/spaces', area: 'spaces' },
  { label: 'Data files', icon: IconFiles, to: '/data-files', area: 'data-files' },
  { label: 'Catalog', icon: IconDatabase, to: '/catalog', area: 'catalog' },
  { label: 'Connections', icon: IconPlugConnected, to: '/connections', area: 'connections' },
  { label: 'Users', icon: IconUsers, to: '/users', area: 'users' },
  { label: 'Groups', icon: IconUsersGroup, to: '/groups', area: 'users' },
  { label: 'Audit log', icon: IconHistory, to: '/audit' },
  { label: 'OAuth clients', icon: IconApps, to: '/oauth-clients', adminToChange: true },
  { label: 'API keys', icon: IconKey, to: '/api-keys' },
];
