import type { ReactNode } from 'react';
import { Stack, Text, type MantineSize } from '@mantine/core';

export interface LabelledValueProps {
  label: string;
  children: ReactNode;
  /** Inside a `<dl>`: the label is its term and the value its description. */
  term?: boolean;
  /** The value's text size; the surrounding size when omitted. */
  size?: MantineSize;
}

/** A small uppercase label over its value, as the detail pages show facts. */
export function LabelledValue({ label, children, term = false, size }: LabelledValueProps) {
  return (
    <Stack gap={2}>
      <Text component={term ? 'dt' : 'p'} size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      {term ? (
        <Text component="dd" size={size} m={0}>
          {children}
        </Text>
      ) : (
        <Text component="div" size={size}>
          {children}
        </Text>
      )}
    </Stack>
  );
}
