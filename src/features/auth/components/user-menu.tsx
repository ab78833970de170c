import {
  Avatar,
  Badge,
  Box,
  Button,
  Code,
  Divider,
  Group,
  Popover,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import type { User } from '@qlik/api/users';
import { roleNames } from '../api/my-user';

export interface UserMenuProps {
  user: Pick<User, 'name' | 'email' | 'assignedRoles'>;
  scopes: readonly string[];
  onSignOut: () => void;
  /** Signs out and goes to a fresh tenant sign-in, to continue as someone else. */
  onSwitchAccount?: () => void;
}

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0]];
  return letters.join('').toUpperCase() || '?';
}

/**
 * Who is signed in, with which roles and granted scopes, and the way out. A popover (a dialog), not a menu: it is
 * mostly facts, and a role="menu" may only hold menu items (axe).
 */
export function UserMenu({ user, scopes, onSignOut, onSwitchAccount }: UserMenuProps) {
  const roles = roleNames(user);
  return (
    <Popover position="bottom-end" width={320} withinPortal trapFocus shadow="md">
      <Popover.Target>
        <UnstyledButton px={6} py={4} style={{ borderRadius: 'var(--mantine-radius-md)' }}>
          {/* Named by its content, not aria-label, so the visible name is part of the accessible one (WCAG 2.5.3). */}
          <VisuallyHidden>Account: {user.name}</VisuallyHidden>
          <Group gap={8} wrap="nowrap" aria-hidden>
            <Avatar radius="xl" size={32} color="teal">
              {initialsOf(user.name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" truncate="end" maw={160}>
              {user.name}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Popover.Target>
      {/* A dialog named by its target: "Account: <name>". */}
      <Popover.Dropdown p={0}>
        <Box px="sm" py="xs">
          <Text fw={600}>{user.name}</Text>
          {user.email && (
            <Text size="sm" c="dimmed">
              {user.email}
            </Text>
          )}
        </Box>
        <Divider />
        <Stack gap={6} px="sm" py="xs">
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            Roles
          </Text>
          {roles.length > 0 ? (
            <Group gap={4}>
              {roles.map((role) => (
                <Badge key={role} variant="light" size="sm" tt="none">
                  {role}
                </Badge>
              ))}
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Default user role only
            </Text>
          )}
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt={4}>
            Granted scopes
          </Text>
          <Group gap={4}>
            {scopes.map((scope) => (
              <Code key={scope}>{scope}</Code>
            ))}
          </Group>
        </Stack>
        <Divider />
        <Box p="xs">
          {[
            ...(onSwitchAccount
              ? [{ label: 'Switch account', Icon: IconUserCircle, onClick: onSwitchAccount }]
              : []),
            { label: 'Sign out', Icon: IconLogout, onClick: onSignOut },
          ].map(({ label, Icon, onClick }) => (
            <Button
              key={label}
              variant="subtle"
              color="gray"
              fullWidth
              justify="flex-start"
              leftSection={<Icon size={16} aria-hidden />}
              onClick={onClick}
            >
              {label}
            </Button>
          ))}
        </Box>
      </Popover.Dropdown>
    </Popover>
  );
}
