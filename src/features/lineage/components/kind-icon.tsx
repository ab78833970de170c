import {
  IconBinaryTree,
  IconColumns,
  IconFile,
  IconLayoutGrid,
  IconPlugConnected,
  IconTable,
} from '@tabler/icons-react';
import type { LineageNodeKind } from '../graph/model';

const ICONS = {
  app: IconLayoutGrid,
  file: IconFile,
  connection: IconPlugConnected,
  table: IconTable,
  field: IconColumns,
  other: IconBinaryTree,
} satisfies Record<LineageNodeKind, unknown>;

/** The icon of a kind of node; decorative, as the kind is always written beside it. */
export function KindIcon({ kind, size = 18 }: { kind: LineageNodeKind; size?: number }) {
  const Icon = ICONS[kind];
  return <Icon size={size} aria-hidden />;
}
