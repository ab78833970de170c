import type { ReactNode } from 'react';
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconLock, IconLogin } from '@tabler/icons-react';
import { useErrorActions } from './error-actions';

export interface ScopeGateProps {
  /** Whether the signed-in user can use what is inside (from router context `capabilities`). */
  allowed: boolean;
  /** What is out of reach, e.g. "Every space in the tenant". */
  title?: string;
  /** Why, and what to do, e.g. "Sign in again with a preset that includes admin.spaces:read." */
  reason?: ReactNode;
  /** Scopes that would unlock it, offered as a re-sign-in. */
  scopes?: string[];
  children: ReactNode;
  /** Rendered instead of the default notice. */
  fallback?: ReactNode;
}

/** Shows its children only when the user's scopes and roles allow them; otherwise says what is missing. */
export function ScopeGate({
  allowed,
  title = 'Out of reach',
  reason,
  scopes,
  children,
  fallback,
}: ScopeGateProps) {
  const { signIn } = useErrorActions();
  if (allowed) return <>{children}</>;
  if (fallback !== undefined) return <>{fallback}</>;
  return (
    <Alert color="yellow" variant="light" title={title} icon={<IconLock size={18} aria-hidden />}>
      <Group justify="space-between" align="center" gap="sm">
        {reason && <Text size="sm">{reason}</Text>}
        {scopes && scopes.length > 0 && signIn && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconLogin size={14} aria-hidden />}
            onClick={() => signIn({ scopes })}
          >
            Sign in again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
