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

function ChangeLine({
  badge,
  color,
  field,
  note,
}: {
  badge: string;
  color: string;
  field: string;
  note: string;
}) {
  return (
    <List.Item>
      <Group gap={6} wrap="nowrap">
        <Badge size="sm" color={color} variant="light">
          {badge}
        </Badge>
        <Text size="sm" span fw={600}>
          {field}
        </Text>
        <Text size="xs" span c="dimmed">
          {note}
        </Text>
      </Group>
    </List.Item>
  );
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
          <ChangeLine key={`a:${f.name}`} badge="Added" color="teal" field={f.name} note={f.type} />
        ))}
        {diff.removed.map((f) => (
          <ChangeLine key={`r:${f.name}`} badge="Removed" color="red" field={f.name} note={f.type} />
        ))}
        {diff.renamedLikely.map((r) => (
          <ChangeLine
            key={`n:${r.from}`}
            badge="Likely renamed"
            color="violet"
            field={`${r.from} → ${r.to}`}
            note={`${r.type}, same position: a guess (it may be one field removed and another added)`}
          />
        ))}
        {diff.typeChanged.map((c) => (
          <ChangeLine
            key={`t:${c.name}`}
            badge="Type changed"
            color="orange"
            field={c.name}
            note={`${c.from} → ${c.to}`}
          />
        ))}
      </List>
    </>
  );
}
