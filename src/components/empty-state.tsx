import type { ReactNode } from 'react';
import { Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';

export interface EmptyStateProps {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  /** What the user can do next (e.g. a "Create space" button). */
  action?: ReactNode;
}

export function EmptyState({ title, description, icon, action }: EmptyStateProps) {
  return (
    <Stack align="center" gap="sm" py="xl" px="md" ta="center">
      <ThemeIcon size={48} radius="xl" variant="light" color="gray">
        {icon ?? <IconInbox size={26} aria-hidden />}
      </ThemeIcon>
      <Title order={2} size="h4">
        {title}
      </Title>
      {description && (
        <Text c="dimmed" maw={480}>
          {description}
        </Text>
      )}
      {action}
    </Stack>
  );
}

/** The next step of a list whose filters match nothing. */
export function ClearFiltersButton({
  onClick,
  label = 'Clear filters',
}: {
  onClick: () => void;
  label?: string;
}) {
  return (
    <Button variant="default" onClick={onClick}>
      {label}
    </Button>
  );
}
