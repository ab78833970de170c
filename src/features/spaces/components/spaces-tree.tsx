import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Box, Group, Loader, Text } from '@mantine/core';
import {
  IconBuilding,
  IconChevronDown,
  IconChevronRight,
  IconFolder,
  IconFolders,
  IconPlugConnected,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { Space, SpaceType } from '@qlik/api/spaces';
import type { TenantTarget } from '@/lib/qlik-host';
import { spaceConnectionsQuery, spaceFileStatsQuery, spaceFoldersQuery, spacesQuery } from '../api/spaces';
import { TYPE_LABELS, type SpaceListParams } from '../model';

/**
 * tenant → spaces by type → each space's connections and top-level data-file folders. Every level loads only when
 * expanded. Keyboard follows the WAI-ARIA tree pattern: one tab stop, arrows move, Right/Left expand/collapse,
 * Enter opens.
 */
export interface SpacesTreeProps {
  tenant: TenantTarget;
  tenantName: string;
  types: readonly SpaceType[];
  params: SpaceListParams;
}

interface NodeProps {
  id: string;
  level: number;
  label: ReactNode;
  icon: ReactNode;
  expandable: boolean;
  expanded: Set<string>;
  toggle: (id: string) => void;
  onOpen?: () => void;
  children?: ReactNode;
}

function TreeNode({ id, level, label, icon, expandable, expanded, toggle, onOpen, children }: NodeProps) {
  const open = expandable && expanded.has(id);
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={expandable ? open : undefined}
      data-node-id={id}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter' && onOpen) {
          event.preventDefault();
          onOpen();
        }
      }}
      style={{ listStyle: 'none' }}
    >
      <Group
        gap={6}
        wrap="nowrap"
        pl={(level - 1) * 20}
        py={4}
        onClick={() => (expandable ? toggle(id) : onOpen?.())}
        style={{ cursor: 'pointer' }}
      >
        <Box w={16} c="dimmed" style={{ display: 'inline-flex' }}>
          {expandable ? (
            open ? (
              <IconChevronDown size={14} aria-hidden />
            ) : (
              <IconChevronRight size={14} aria-hidden />
            )
          ) : null}
        </Box>
        {icon}
        <Text size="sm" component="span" onDoubleClick={onOpen}>
          {label}
        </Text>
      </Group>
      {open && (
        <ul role="group" style={{ margin: 0, padding: 0 }}>
          {children}
        </ul>
      )}
    </li>
  );
}

function StatusItem({ level, children }: { level: number; children: ReactNode }) {
  const id = useId();
  return (
    <li role="treeitem" aria-level={level} data-node-id={id} style={{ listStyle: 'none' }}>
      <Text size="sm" c="dimmed" pl={(level - 1) * 20 + 22} py={4}>
        {children}
      </Text>
    </li>
  );
}

function SpaceChildren({ tenant, space }: { tenant: TenantTarget; space: Space }) {
  const connections = useQuery(spaceConnectionsQuery(tenant, space.id));
  const stats = useQuery(spaceFileStatsQuery(tenant, space.id));
  const connectionId = stats.data?.connectionId;
  const folders = useQuery({
    ...spaceFoldersQuery(tenant, connectionId ?? ''),
    enabled: Boolean(connectionId),
  });
  const navigate = useNavigate();
  if (connections.isPending || stats.isPending || (connectionId && folders.isPending)) {
    return (
      <StatusItem level={4}>
        <Loader size="xs" /> Loading…
      </StatusItem>
    );
  }
  const leaves = [
    ...(connections.data ?? []).map((c) => ({ ...c, kind: 'connection' as const })),
    ...(folders.data ?? []).map((f) => ({ ...f, kind: 'folder' as const })),
  ];
  if (connections.isError || folders.isError)
    return <StatusItem level={4}>Could not load the contents.</StatusItem>;
  if (leaves.length === 0) return <StatusItem level={4}>No connections or folders</StatusItem>;
  return leaves.map((leaf) => (
    <TreeNode
      key={`${leaf.kind}:${leaf.id}`}
      id={`${leaf.kind}:${leaf.id}`}
      level={4}
      label={leaf.kind === 'connection' ? leaf.name : `${leaf.name}/`}
      icon={
        leaf.kind === 'connection' ? (
          <IconPlugConnected size={16} aria-label="Connection" />
        ) : (
          <IconFolder size={16} aria-label="Folder" />
        )
      }
      expandable={false}
      expanded={new Set()}
      toggle={() => {}}
      onOpen={() =>
        void (leaf.kind === 'connection'
          ? navigate({ to: '/connections/$connectionId', params: { connectionId: leaf.id } })
          : navigate({ to: '/spaces/$spaceId/files', params: { spaceId: space.id } }))
      }
    />
  ));
}

function TypeChildren({
  tenant,
  params,
  type,
  expanded,
  toggle,
}: {
  tenant: TenantTarget;
  params: SpaceListParams;
  type: SpaceType;
  expanded: Set<string>;
  toggle: (id: string) => void;
}) {
  const list = useInfiniteQuery(spacesQuery(tenant, { ...params, type }));
  const navigate = useNavigate();
  if (list.isPending) {
    return (
      <StatusItem level={3}>
        <Loader size="xs" /> Loading spaces…
      </StatusItem>
    );
  }
  if (list.isError) return <StatusItem level={3}>Could not load the spaces.</StatusItem>;
  const spaces = list.data.pages.flatMap((p) => p.data ?? []);
  return (
    <>
      {spaces.length === 0 && <StatusItem level={3}>No spaces</StatusItem>}
      {spaces.map((space) => (
        <TreeNode
          key={space.id}
          id={`space:${space.id}`}
          level={3}
          label={space.name}
          icon={<IconFolders size={16} aria-hidden />}
          expandable
          expanded={expanded}
          toggle={toggle}
          onOpen={() => void navigate({ to: '/spaces/$spaceId', params: { spaceId: space.id } })}
        >
          <SpaceChildren tenant={tenant} space={space} />
        </TreeNode>
      ))}
      {list.hasNextPage && (
        <TreeNode
          id={`more:${type}`}
          level={3}
          label={list.isFetchingNextPage ? 'Loading…' : 'Load more spaces'}
          icon={null}
          expandable={false}
          expanded={expanded}
          toggle={toggle}
          onOpen={() => void list.fetchNextPage()}
        />
      )}
    </>
  );
}

/** The visible treeitems in document order: what arrow keys walk through. */
function visibleItems(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('[role="treeitem"]')];
}

export function SpacesTree({ tenant, tenantName, types, params }: SpacesTreeProps) {
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(['tenant']));
  const [active, setActive] = useState('tenant');
  const rootRef = useRef<HTMLUListElement>(null);
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  // Roving tabindex, set after every render because items appear as levels load: the tree is one tab stop.
  useLayoutEffect(() => {
    const items = rootRef.current ? visibleItems(rootRef.current) : [];
    const current = items.find((item) => item.dataset.nodeId === active) ?? items[0];
    for (const item of items) item.tabIndex = item === current ? 0 : -1;
  });
  const shownTypes = params.type ? types.filter((t) => t === params.type) : types;

  const focusItem = (item: HTMLElement | undefined) => {
    if (!item) return;
    setActive(item.dataset.nodeId ?? '');
    // items rendered by a level that loaded later have no tabindex yet, and without one focus() does nothing
    item.tabIndex = 0;
    item.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const root = rootRef.current;
    const current = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!root || !current) return;
    const items = visibleItems(root);
    const index = items.indexOf(current);
    const id = current.dataset.nodeId;
    const isExpandable = current.getAttribute('aria-expanded') !== null;
    const isOpen = current.getAttribute('aria-expanded') === 'true';
    switch (event.key) {
      case 'ArrowDown':
        focusItem(items[index + 1]);
        break;
      case 'ArrowUp':
        focusItem(items[index - 1]);
        break;
      case 'Home':
        focusItem(items[0]);
        break;
      case 'End':
        focusItem(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (isExpandable && !isOpen && id) toggle(id);
        else if (isOpen) focusItem(items[index + 1]);
        break;
      case 'ArrowLeft':
        if (isOpen && id) toggle(id);
        else focusItem(current.parentElement?.closest<HTMLElement>('[role="treeitem"]') ?? undefined);
        break;
      case ' ':
        if (isExpandable && id) toggle(id);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <ul
      ref={rootRef}
      role="tree"
      aria-label="Spaces by type"
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
        if (item?.dataset.nodeId) setActive(item.dataset.nodeId);
      }}
      style={{ margin: 0, padding: 0 }}
    >
      <TreeNode
        id="tenant"
        level={1}
        label={tenantName}
        icon={<IconBuilding size={16} aria-hidden />}
        expandable
        expanded={expanded}
        toggle={toggle}
      >
        {shownTypes.map((type) => (
          <TreeNode
            key={type}
            id={`type:${type}`}
            level={2}
            label={`${TYPE_LABELS[type]} spaces`}
            icon={<IconFolders size={16} aria-hidden />}
            expandable
            expanded={expanded}
            toggle={toggle}
          >
            <TypeChildren tenant={tenant} params={params} type={type} expanded={expanded} toggle={toggle} />
          </TreeNode>
        ))}
      </TreeNode>
    </ul>
  );
}
