import { Badge, Group, List, Text } from '@mantine/core';
import type { SchemaDiff } from './diff';

const count = new Intl.NumberFormat('en-US');

/** A one-line summary: "1 added · 1 likely renamed · 3 unchanged", or "Same fields". */
export function diffSummary(diff: SchemaDiff): string {
  if (diff.identical) return `Same fields (${count.format(diff.unchanged)})`;
  return [
    diff.added.length ? `${count.format(diff.added.length)} added` : '',
    diff.removed.length ? `${count.format(diff.removed.length)} removed` : '',
    diff.renamedLikely.length ? `${count.format(diff.renamedLikely.length)} likely renamed` : '',
    diff.typeChanged.length ? `${count.format(diff.typeChanged.length)} type changed` : '',
    `${count.format(diff.unchanged)} unchanged`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The changes of a SchemaDiff, one line each; field names render as text. */
export function SchemaDiffView({ diff, label }: { diff: SchemaDiff; label: string }) {
  if (diff.identical) {
    return (
      <Text size="sm" c="dimmed">
        {diffSummary(diff)}
      </Text>
    );
  }
  return (
    <>
      <Text size="sm" mb={4}>
        {diffSummary(diff)}
      </Text>
      <List size="sm" spacing={4} aria-label={label} listStyleType="none" ml={0} pl={0}>
        {diff.added.map((f) => (
          <List.Item key={`a:${f.name}`}>
            <Group gap={6} wrap="nowrap">
              <Badge size="sm" color="teal" variant="light">
                Added
              </Badge>
              <Text size="sm" span fw={600}>
                {f.name}
              </Text>
              <Text size="xs" span c="dimmed">
                {f.type}
              </Text>
            </Group>
          </List.Item>
        ))}
        {diff.removed.map((f) => (
          <List.Item key={`r:${f.name}`}>
            <Group gap={6} wrap="nowrap">
              <Badge size="sm" color="red" variant="light">
                Removed
              </Badge>
              <Text size="sm" span fw={600}>
                {f.name}
              </Text>
              <Text size="xs" span c="dimmed">
                {f.type}
              </Text>
            </Group>
          </List.Item>
        ))}
        {diff.renamedLikely.map((r) => (
          <List.Item key={`n:${r.from}`}>
            <Group gap={6} wrap="nowrap">
              <Badge size="sm" color="violet" variant="light">
                Likely renamed
              </Badge>
              <Text size="sm" span fw={600}>
                {r.from} → {r.to}
              </Text>
              <Text size="xs" span c="dimmed">
                {r.type}, same position: a guess (it may be one field removed and another added)
              </Text>
            </Group>
          </List.Item>
        ))}
        {diff.typeChanged.map((c) => (
          <List.Item key={`t:${c.name}`}>
            <Group gap={6} wrap="nowrap">
              <Badge size="sm" color="orange" variant="light">
                Type changed
              </Badge>
              <Text size="sm" span fw={600}>
                {c.name}
              </Text>
              <Text size="xs" span c="dimmed">
                {c.from} → {c.to}
              </Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </>
  );
}
