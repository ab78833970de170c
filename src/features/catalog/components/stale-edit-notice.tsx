import { Alert, Button, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';

/**
 * After a 409: every edit is sent with a test of the version it was made on, and someone changed the data set
 * since. Nothing was saved and what was typed stays; reloading brings their change, then saving again applies
 * this one on top.
 */
export function StaleEditNotice({ onReload, reloading }: { onReload: () => void; reloading: boolean }) {
  return (
    <Alert color="orange" variant="light" title="Changed by someone else" role="alert">
      <Text size="sm" mb="xs">
        The data set changed since you opened it, so the tenant refused this edit (409) and nothing was saved.
        What you typed is kept: reload the data set to see the other change, then save again.
      </Text>
      <Button
        size="xs"
        variant="light"
        color="orange"
        leftSection={<IconRefresh size={14} aria-hidden />}
        loading={reloading}
        onClick={onReload}
      >
        Reload data set
      </Button>
    </Alert>
  );
}
