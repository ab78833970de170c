import { Anchor, Group, Text } from '@mantine/core';
import { formatCount } from '@/lib/format';

export interface SelectAllBarProps {
  /** Rows selected one by one (ignored once every matching row is selected). */
  selectedCount: number;
  /** Rows loaded so far, and whether all of them are selected. */
  loadedCount: number;
  allLoadedSelected: boolean;
  /** Rows matching the filters on the tenant. */
  matchingCount: number;
  allMatching: boolean;
  /** "spaces", "connections"… */
  noun: string;
  onSelectAllMatching: () => void;
  onClear: () => void;
}

/**
 * Under a list with batch actions: says what is selected and offers the step from "every loaded row" to "every
 * row matching the filters", as mail and admin consoles do, and back to nothing.
 */
export function SelectAllBar({
  selectedCount,
  loadedCount,
  allLoadedSelected,
  matchingCount,
  allMatching,
  noun,
  onSelectAllMatching,
  onClear,
}: SelectAllBarProps) {
  if (!allMatching && selectedCount === 0) return null;
  return (
    <Group gap="xs" role="status" aria-live="polite" data-testid="selection-bar">
      <Text size="sm">
        {allMatching
          ? `All ${formatCount(matchingCount)} matching ${noun} are selected.`
          : allLoadedSelected && matchingCount > loadedCount
            ? `All ${formatCount(loadedCount)} loaded ${noun} are selected.`
            : `${formatCount(selectedCount)} selected.`}
      </Text>
      {!allMatching && allLoadedSelected && matchingCount > loadedCount && (
        <Anchor component="button" type="button" size="sm" onClick={onSelectAllMatching}>
          Select all {formatCount(matchingCount)} matching {noun}
        </Anchor>
      )}
      <Anchor component="button" type="button" size="sm" onClick={onClear}>
        Clear selection
      </Anchor>
    </Group>
  );
}
