import { Anchor, Group, Text } from '@mantine/core';
import { formatCount } from '@/lib/format';

export interface SelectAllBarProps {
  /** Rows picked one by one (ignored once every matching row is selected). */
  selectedCount: number;
  /** Rows loaded so far (that can be selected), and whether all of them are selected. */
  loadedCount: number;
  allLoadedSelected: boolean;
  /** Rows matching the filters on the tenant, when it counts them. */
  matchingCount?: number | undefined;
  /** More rows match than are loaded. */
  hasMore: boolean;
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
  hasMore,
  allMatching,
  noun,
  onSelectAllMatching,
  onClear,
}: SelectAllBarProps) {
  if (!allMatching && selectedCount === 0) return null;
  // Data files are not counted by the tenant: "all matching items", not a number.
  const matching =
    matchingCount === undefined ? 'all matching' : `all ${formatCount(matchingCount)} matching`;
  return (
    <Group gap="xs" role="status" aria-live="polite" data-testid="selection-bar">
      <Text size="sm">
        {allMatching
          ? `A${matching.slice(1)} ${noun} are selected.`
          : allLoadedSelected && hasMore
            ? `All ${formatCount(loadedCount)} loaded ${noun} are selected.`
            : `${formatCount(selectedCount)} selected.`}
      </Text>
      {!allMatching && allLoadedSelected && hasMore && (
        <Anchor component="button" type="button" size="sm" onClick={onSelectAllMatching}>
          Select {matching} {noun}
        </Anchor>
      )}
      <Anchor component="button" type="button" size="sm" onClick={onClear}>
        Clear selection
      </Anchor>
    </Group>
  );
}
