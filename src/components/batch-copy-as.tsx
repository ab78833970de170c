import { Group, Text } from '@mantine/core';
import { apiScriptForms, type ApiCall } from '@/lib/api-call';
import { CopyAsMenu } from './copy-as-menu';

export interface BatchCopyAsProps {
  /** Every matching row is selected: which rows they are is known only as the batch reads the list. */
  allMatching: boolean;
  /** The batch's calls for the rows picked one by one (a script that goes on past a refused call). */
  calls: () => ApiCall[];
  host: string;
}

/**
 * "Copy as…" for a batch over a selection: a script of the calls the batch sends for the rows picked one by one.
 * With every matching row selected it says why there is nothing to copy, and what to copy instead.
 */
export function BatchCopyAs({ allMatching, calls, host }: BatchCopyAsProps) {
  if (allMatching)
    return (
      <Text size="xs" c="dimmed">
        Copy as… covers rows picked one by one. With every matching row selected, which rows they are is known
        only as the batch reads the list: copy the list&apos;s call (Copy as… above it) to script that.
      </Text>
    );
  return (
    <Group justify="space-between" gap="sm" wrap="nowrap">
      <Text size="xs" c="dimmed">
        The script sends every picked row; the tenant answers for each, refusing the ones you may not change.
      </Text>
      <CopyAsMenu
        size="xs"
        label="Copy batch as…"
        forms={() => apiScriptForms(host, calls(), { eachOnItsOwn: true })}
      />
    </Group>
  );
}
