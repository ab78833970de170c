import { useEffect, useState } from 'react';
import { Alert, Button, Code, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconClockPause,
  IconLock,
  IconLogin,
  IconRefresh,
  IconWifiOff,
} from '@tabler/icons-react';
import { describeError, type ErrorDescription } from '@/lib/api-error';
import { useApiHost } from '@/lib/api-host-context';
import { useErrorActions } from './error-actions';

export interface ErrorStateProps {
  error: unknown;
  /** Retries what failed; without it the retry button reloads the page. */
  onRetry?: () => void;
  /** `page` fills a content area; `inline` sits inside a form or card. */
  variant?: 'page' | 'inline';
  /** Tenant host to name in network errors; defaults to the current tenant. */
  host?: string;
}

function iconFor(kind: ErrorDescription['kind'], size: number) {
  const Icon = iconComponentFor(kind);
  return <Icon size={size} aria-hidden />;
}

function iconComponentFor(kind: ErrorDescription['kind']) {
  switch (kind) {
    case 'network':
    case 'timeout':
      return IconWifiOff;
    case 'unauthorized':
    case 'forbidden-scope':
    case 'forbidden-role':
      return IconLock;
    case 'rate-limited':
      return IconClockPause;
    default:
      return IconAlertTriangle;
  }
}

/** Counts down the tenant's Retry-After, then retries once by itself. */
function useRetryCountdown(
  seconds: number | undefined,
  onDone: (() => void) | undefined,
): number | undefined {
  const [remaining, setRemaining] = useState(seconds);
  useEffect(() => {
    if (seconds === undefined) return;
    const started = Date.now();
    const timer = window.setInterval(() => {
      const left = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setRemaining(left);
      if (left === 0) {
        window.clearInterval(timer);
        onDone?.();
      }
    }, 250);
    return () => window.clearInterval(timer);
  }, [seconds, onDone]);
  return remaining;
}

/** The one way the console shows a failure: what happened, what to do, and the button that does it. */
export function ErrorState({ error, onRetry, variant = 'page', host }: ErrorStateProps) {
  const currentHost = useApiHost();
  const { signIn } = useErrorActions();
  const description = describeError(error, { host: host ?? currentHost });
  const remaining = useRetryCountdown(description.retryAfterSeconds, onRetry);

  const message =
    description.kind === 'rate-limited' && remaining !== undefined
      ? `Rate limited by the tenant — retrying in ${remaining} s`
      : description.message;

  const retry = onRetry ?? (() => window.location.reload());
  const actions = (
    <Group gap="sm">
      {description.action === 'sign-in' && signIn && (
        <Button
          leftSection={<IconLogin size={16} aria-hidden />}
          onClick={() => signIn({ scopes: description.requiredScopes })}
        >
          Sign in again
        </Button>
      )}
      {(description.action === 'retry' || description.action === 'sign-in') && (
        <Button
          variant={description.action === 'retry' ? 'filled' : 'default'}
          leftSection={<IconRefresh size={16} aria-hidden />}
          onClick={retry}
        >
          {description.kind === 'rate-limited' ? 'Retry now' : 'Retry'}
        </Button>
      )}
      {description.action === 'reload' && (
        <Button leftSection={<IconRefresh size={16} aria-hidden />} onClick={retry}>
          Reload
        </Button>
      )}
      {description.action === 'go-back' && (
        <Button
          variant="default"
          leftSection={<IconArrowLeft size={16} aria-hidden />}
          onClick={() => window.history.back()}
        >
          Go back
        </Button>
      )}
    </Group>
  );

  const reference = (description.code || description.traceId) && (
    <Text size="xs" c="dimmed">
      {description.status ? `HTTP ${description.status}` : null}
      {description.code ? (
        <>
          {' · '}
          <Code>{description.code}</Code>
        </>
      ) : null}
      {description.traceId ? (
        <>
          {' · trace '}
          <Code>{description.traceId}</Code>
        </>
      ) : null}
    </Text>
  );

  if (variant === 'inline') {
    return (
      <Alert
        role="alert"
        color="red"
        variant="light"
        title={description.title}
        icon={iconFor(description.kind, 18)}
      >
        <Stack gap="xs">
          <Text size="sm">{message}</Text>
          {description.action !== 'none' && actions}
          {reference}
        </Stack>
      </Alert>
    );
  }

  return (
    <Stack role="alert" align="center" gap="md" py="xl" px="md" maw={560} mx="auto" ta="center">
      <ThemeIcon
        size={56}
        radius="xl"
        variant="light"
        color={description.kind === 'rate-limited' ? 'yellow' : 'red'}
      >
        {iconFor(description.kind, 30)}
      </ThemeIcon>
      <Title order={2} size="h3">
        {description.title}
      </Title>
      <Text c="dimmed">{message}</Text>
      {description.action !== 'none' && actions}
      {reference}
    </Stack>
  );
}
