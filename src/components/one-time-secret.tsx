import { ActionIcon, Alert, CopyButton, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';

export interface OneTimeSecretProps {
  /** What the value is, as its field label: "Client secret", "API key". */
  label: string;
  value: string;
  /** Where the value goes, in a sentence after the warning (e.g. "Store it in your CI's secret store."). */
  hint?: string;
}

/**
 * A secret the tenant shows once (an OAuth client secret, an API key): read-only, selectable, with a copy button
 * and a warning that it cannot be shown again. It lives only in the component's props: nothing stores it.
 */
export function OneTimeSecret({ label, value, hint }: OneTimeSecretProps) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="Copy it now">
        <Text size="sm">
          This {label.toLowerCase()} is shown only once. When you close this, it cannot be shown again.
          {hint ? ` ${hint}` : ''}
        </Text>
      </Alert>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label={label}
          value={value}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          style={{ flex: 1 }}
          spellCheck={false}
          autoComplete="off"
        />
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon
                variant="light"
                size="lg"
                mb={2}
                onClick={copy}
                aria-label={copied ? `${label} copied` : `Copy ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
