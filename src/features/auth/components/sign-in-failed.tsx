import { Button, Center, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { describeError } from '@/lib/api-error';

/** The tenant refused the sign-in, or the callback URL was stale (opened twice, or from another tab). */
export function SignInFailed({ error }: { error: unknown }) {
  const oauthError = error instanceof Error && 'error' in error ? error : undefined;
  const description = describeError(error);
  const message = oauthError
    ? `The tenant answered: ${oauthError.message}. Check that the OAuth client allows this console's redirect URL and origin, then sign in again.`
    : description.kind === 'network'
      ? description.message
      : `${error instanceof Error ? error.message : 'The sign-in could not be completed'}. Start the sign-in again from the tenant list.`;
  return (
    <Center mih="100vh" p="md">
      <Paper p="xl" maw={520} w="100%">
        <Stack align="center" ta="center" gap="md" role="alert">
          <ThemeIcon size={56} radius="xl" variant="light" color="red">
            <IconPlugConnectedX size={30} aria-hidden />
          </ThemeIcon>
          <Title order={1} size="h3">
            Sign-in did not complete
          </Title>
          <Text c="dimmed">{message}</Text>
          <Button component={Link} to="/connect">
            Back to tenants
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
