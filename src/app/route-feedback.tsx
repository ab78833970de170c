import { useEffect } from 'react';
import { Anchor, Center, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { useQueryErrorResetBoundary } from '@tanstack/react-query';
import { Link, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { ErrorState } from '@/components/error-state';

/**
 * The router's default error component: shows the mapped error and retries by resetting the query error
 * boundary and re-running the route's loaders.
 */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const queryErrorResetBoundary = useQueryErrorResetBoundary();

  useEffect(() => {
    queryErrorResetBoundary.reset();
  }, [queryErrorResetBoundary]);

  return (
    <ErrorState
      error={error}
      onRetry={() => {
        reset();
        void router.invalidate();
      }}
    />
  );
}

export function RoutePending() {
  return (
    <Center py="xl" mih={200}>
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function NotFound() {
  return (
    <Stack align="center" gap="md" py="xl" px="md" ta="center">
      <ThemeIcon size={56} radius="xl" variant="light" color="gray">
        <IconMapQuestion size={30} aria-hidden />
      </ThemeIcon>
      <Title order={1} size="h3">
        Page not found
      </Title>
      <Text c="dimmed" maw={480}>
        There is nothing at this address. It may have moved, or the link is mistyped.
      </Text>
      <Anchor component={Link} to="/">
        Go to the overview
      </Anchor>
    </Stack>
  );
}
