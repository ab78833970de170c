import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Badge, Box, Button, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import {
  IconBuilding,
  IconChevronDown,
  IconChevronRight,
  IconExternalLink,
  IconFolder,
  IconFolders,
  IconPlugConnected,
  IconChartBar,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { Space, SpaceType } from '@qlik/api/spaces';
import { ActionButtons } from '@/components/row-menu';
import { LabelledValue } from '@/components/labelled-value';
import { formatCount, formatDateTime } from '@/lib/format';
import type { TenantTarget } from '@/lib/qlik-host';
import {
  spaceAppsTreeQuery,
  spaceConnectionsQuery,
  spaceFileStatsQuery,
  spaceFoldersQuery,
  spaceQuery,
  spacesQuery,
} from '../api/spaces';
import { TYPE_LABELS, spaceRights, typeLabel, type Caller, type SpaceListParams } from '../model';
import { useUserName } from './space-layout';
import { spaceActions, type SpaceRowAction } from './spaces-table';
import classes from './spaces.module.css';

/**
 * tenant → spaces by type → each space's connections and top-level data-file folders, as a master–detail view:
 * selecting a node shows its details and actions beside the tree; Enter (or the details' Open button, or a double
 * click) opens it. Every level loads only when expanded. The expanded nodes and the selected one are URL state, so
 * a link shows the same tree and Back comes back to it. Keyboard follows the WAI-ARIA tree pattern: one tab stop,
 * arrows move (selection follows), Right/Left expand/collapse, Enter opens.
 */
export interface SpacesTreeProps {
  tenant: TenantTarget;
  tenantName: string;
  types: readonly SpaceType[];
  params: SpaceListParams;
  caller: Caller;
  /** Expanded node ids; undefined: the tenant only. */
  expanded: readonly string[] | undefined;
  /** The selected node id. */
  node: string | undefined;
  onTreeChange: (next: { expanded?: string[]; node?: string }) => void;
  onAction: (action: SpaceRowAction, space: Space) => void;
}

/** Node ids: `tenant`, `type:<type>`, `space:<id>`, `connection:<spaceId>:<id>`, `folder:<spaceId>:<folderId>`. */
type NodeRef =
  | { kind: 'tenant' }
  | { kind: 'type'; type: SpaceType }
  | { kind: 'space'; spaceId: string }
  | { kind: 'connection' | 'folder' | 'app'; spaceId: string; id: string };

export function parseNodeId(id: string | undefined): NodeRef | undefined {
  if (!id) return undefined;
  const [kind, first, second] = id.split(':');
  if (kind === 'tenant') return { kind };
  if (kind === 'type' && (first === 'shared' || first === 'managed' || first === 'data'))
    return { kind, type: first };
  if (kind === 'space' && first) return { kind, spaceId: first };
  if ((kind === 'connection' || kind === 'folder' || kind === 'app') && first && second)
    return { kind, spaceId: first, id: second };
  return undefined;
}

const DEFAULT_EXPANDED = ['tenant'];

interface TreeState {
  expanded: ReadonlySet<string>;
  selected: string;
  toggle: (id: string) => void;
  select: (id: string) => void;
  open: (id: string) => void;
}

interface NodeProps {
  id: string;
  level: number;
  label: ReactNode;
  icon: ReactNode;
  expandable: boolean;
  tree: TreeState;
  children?: ReactNode;
}

function TreeNode({ id, level, label, icon, expandable, tree, children }: NodeProps) {
  const open = expandable && tree.expanded.has(id);
  const selected = tree.selected === id;
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={expandable ? open : undefined}
      aria-selected={selected}
      data-node-id={id}
      className={classes.treeItem}
    >
      <Group
        gap={6}
        wrap="nowrap"
        pl={(level - 1) * 20}
        py={4}
        className={classes.treeRow}
        data-selected={selected || undefined}
        onClick={() => tree.select(id)}
        onDoubleClick={() => tree.open(id)}
      >
        <Box
          w={16}
          c="dimmed"
          style={{ display: 'inline-flex' }}
          onClick={(event) => {
            if (!expandable) return;
            event.stopPropagation();
            tree.toggle(id);
          }}
        >
          {expandable ? (
            open ? (
              <IconChevronDown size={14} aria-hidden />
            ) : (
              <IconChevronRight size={14} aria-hidden />
            )
          ) : null}
        </Box>
        {icon}
        <Text size="sm" component="span" truncate="end">
          {label}
        </Text>
      </Group>
      {open && (
        <ul role="group" className={classes.treeGroup}>
          {children}
        </ul>
      )}
    </li>
  );
}

function StatusItem({ level, children }: { level: number; children: ReactNode }) {
  const id = useId();
  return (
    <li role="treeitem" aria-level={level} data-node-id={id} className={classes.treeItem}>
      <Text size="sm" c="dimmed" pl={(level - 1) * 20 + 22} py={4}>
        {children}
      </Text>
    </li>
  );
}

const LEAF_ICONS = {
  connection: <IconPlugConnected size={16} aria-label="Connection" />,
  folder: <IconFolder size={16} aria-label="Folder" />,
  app: <IconChartBar size={16} aria-label="App (read-only)" />,
};

function SpaceChildren({ tenant, space, tree }: { tenant: TenantTarget; space: Space; tree: TreeState }) {
  const connections = useQuery(spaceConnectionsQuery(tenant, space.id));
  const apps = useQuery(spaceAppsTreeQuery(tenant, space.id));
  const stats = useQuery(spaceFileStatsQuery(tenant, space.id));
  const connectionId = stats.data?.connectionId;
  const folders = useQuery({
    ...spaceFoldersQuery(tenant, connectionId ?? ''),
    enabled: Boolean(connectionId),
  });
  if (connections.isPending || apps.isPending || stats.isPending || (connectionId && folders.isPending)) {
    return (
      <StatusItem level={4}>
        <Loader size="xs" /> Loading…
      </StatusItem>
    );
  }
  const leaves = [
    ...(connections.data ?? []).map((c) => ({ ...c, kind: 'connection' as const })),
    ...(folders.data ?? []).map((f) => ({ ...f, kind: 'folder' as const })),
    ...(apps.data ?? []).map((a) => ({ ...a, kind: 'app' as const })),
  ];
  if (connections.isError || folders.isError || apps.isError)
    return <StatusItem level={4}>Could not load the contents.</StatusItem>;
  if (leaves.length === 0) return <StatusItem level={4}>No connections, folders or apps</StatusItem>;
  return leaves.map((leaf) => (
    <TreeNode
      key={`${leaf.kind}:${leaf.id}`}
      id={`${leaf.kind}:${space.id}:${leaf.id}`}
      level={4}
      label={leaf.kind === 'folder' ? `${leaf.name}/` : leaf.name}
      icon={LEAF_ICONS[leaf.kind]}
      expandable={false}
      tree={tree}
    />
  ));
}

function TypeChildren({
  tenant,
  params,
  type,
  tree,
}: {
  tenant: TenantTarget;
  params: SpaceListParams;
  type: SpaceType;
  tree: TreeState;
}) {
  const list = useInfiniteQuery(spacesQuery(tenant, { ...params, type }));
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
          tree={tree}
        >
          <SpaceChildren tenant={tenant} space={space} tree={tree} />
        </TreeNode>
      ))}
      {list.hasNextPage && (
        <li role="none" className={classes.treeItem}>
          <Button
            variant="subtle"
            size="compact-sm"
            ml={(3 - 1) * 20 + 22}
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            Load more {TYPE_LABELS[type].toLowerCase()} spaces
          </Button>
        </li>
      )}
    </>
  );
}

/** The visible treeitems in document order: what arrow keys walk through. */
function visibleItems(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('[role="treeitem"]')];
}

export function SpacesTree({
  tenant,
  tenantName,
  types,
  params,
  caller,
  expanded: expandedIds,
  node,
  onTreeChange,
  onAction,
}: SpacesTreeProps) {
  const navigate = useNavigate();
  const expanded = new Set(expandedIds ?? DEFAULT_EXPANDED);
  const selected = node ?? 'tenant';
  const rootRef = useRef<HTMLUListElement>(null);
  const focusAfterRender = useRef<string | undefined>(undefined);

  const openNode = (id: string) => {
    const ref = parseNodeId(id);
    if (!ref) return;
    if (ref.kind === 'space') void navigate({ to: '/spaces/$spaceId', params: { spaceId: ref.spaceId } });
    else if (ref.kind === 'connection')
      void navigate({ to: '/connections/$connectionId', params: { connectionId: ref.id } });
    else if (ref.kind === 'folder')
      void navigate({ to: '/spaces/$spaceId/files', params: { spaceId: ref.spaceId } });
    else if (ref.kind === 'app')
      void navigate({ to: '/spaces/$spaceId/catalog', params: { spaceId: ref.spaceId } });
    else toggle(id);
  };
  const toggle = (id: string) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onTreeChange({ expanded: [...next] });
  };
  const tree: TreeState = {
    expanded,
    selected,
    toggle,
    select: (id) => {
      if (id !== selected) onTreeChange({ node: id });
    },
    open: openNode,
  };

  // Roving tabindex, set after every render because items appear as levels load: the tree is one tab stop.
  useLayoutEffect(() => {
    const items = rootRef.current ? visibleItems(rootRef.current) : [];
    const current = items.find((item) => item.dataset.nodeId === selected) ?? items[0];
    for (const item of items) item.tabIndex = item === current ? 0 : -1;
    if (focusAfterRender.current && current?.dataset.nodeId === focusAfterRender.current) {
      focusAfterRender.current = undefined;
      current.focus();
    }
  });
  const shownTypes = params.type ? types.filter((t) => t === params.type) : types;

  const focusItem = (item: HTMLElement | undefined) => {
    const id = item?.dataset.nodeId;
    if (!item || !id) return;
    // items rendered by a level that loaded later have no tabindex yet, and without one focus() does nothing
    item.tabIndex = 0;
    item.focus();
    focusAfterRender.current = id;
    if (parseNodeId(id)) tree.select(id);
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
      case 'Enter':
        if (id && parseNodeId(id)) openNode(id);
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
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper p="xs">
          <Text size="xs" c="dimmed" mb={4} id="spaces-tree-hint">
            Select an item to see its details; Enter or a double click opens it.
          </Text>
          <ul
            ref={rootRef}
            role="tree"
            aria-label="Spaces by type"
            aria-describedby="spaces-tree-hint"
            onKeyDown={onKeyDown}
            className={classes.treeGroup}
          >
            <TreeNode
              id="tenant"
              level={1}
              label={tenantName}
              icon={<IconBuilding size={16} aria-hidden />}
              expandable
              tree={tree}
            >
              {shownTypes.map((type) => (
                <TreeNode
                  key={type}
                  id={`type:${type}`}
                  level={2}
                  label={`${TYPE_LABELS[type]} spaces`}
                  icon={<IconFolders size={16} aria-hidden />}
                  expandable
                  tree={tree}
                >
                  <TypeChildren tenant={tenant} params={params} type={type} tree={tree} />
                </TreeNode>
              ))}
            </TreeNode>
          </ul>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper p="md" component="section" aria-label="Details of the selected item">
          <NodeDetails
            tenant={tenant}
            tenantName={tenantName}
            params={params}
            caller={caller}
            nodeRef={parseNodeId(selected) ?? { kind: 'tenant' }}
            onOpen={() => openNode(selected)}
            onAction={onAction}
          />
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

function NodeDetails({
  tenant,
  tenantName,
  params,
  caller,
  nodeRef,
  onOpen,
  onAction,
}: {
  tenant: TenantTarget;
  tenantName: string;
  params: SpaceListParams;
  caller: Caller;
  nodeRef: NodeRef;
  onOpen: () => void;
  onAction: (action: SpaceRowAction, space: Space) => void;
}) {
  switch (nodeRef.kind) {
    case 'tenant':
    case 'type':
      return <GroupDetails tenant={tenant} tenantName={tenantName} params={params} nodeRef={nodeRef} />;
    case 'space':
      return (
        <SpaceDetails
          tenant={tenant}
          spaceId={nodeRef.spaceId}
          caller={caller}
          onOpen={onOpen}
          onAction={onAction}
        />
      );
    case 'connection':
    case 'folder':
    case 'app':
      return <LeafDetails tenant={tenant} nodeRef={nodeRef} onOpen={onOpen} />;
  }
}

function GroupDetails({
  tenant,
  tenantName,
  params,
  nodeRef,
}: {
  tenant: TenantTarget;
  tenantName: string;
  params: SpaceListParams;
  nodeRef: { kind: 'tenant' } | { kind: 'type'; type: SpaceType };
}) {
  const type = nodeRef.kind === 'type' ? nodeRef.type : undefined;
  const list = useInfiniteQuery(spacesQuery(tenant, { ...params, ...(type ? { type } : {}) }));
  const count = list.data?.pages[0]?.meta?.count;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {type ? `${TYPE_LABELS[type]} spaces` : tenantName}
      </Title>
      <Text size="sm">
        {count === undefined ? 'Counting spaces…' : `${formatCount(count)} space${count === 1 ? '' : 's'}`}
        {params.name || params.ownerId ? ' matching the filters' : ''}.
      </Text>
      <Text size="sm" c="dimmed">
        Expand it (→ or the arrow) to list them; select a space for its details and actions.
      </Text>
    </Stack>
  );
}

function SpaceDetails({
  tenant,
  spaceId,
  caller,
  onOpen,
  onAction,
}: {
  tenant: TenantTarget;
  spaceId: string;
  caller: Caller;
  onOpen: () => void;
  onAction: (action: SpaceRowAction, space: Space) => void;
}) {
  const { data: space, isPending, isError } = useQuery(spaceQuery(tenant, spaceId));
  const owner = useUserName(tenant, space?.ownerId, '');
  const stats = useQuery(spaceFileStatsQuery(tenant, spaceId));
  if (isPending) return <Loader size="sm" aria-label="Loading the space" />;
  if (isError || !space)
    return <Text size="sm">This space could not be read; it may have been deleted.</Text>;
  const rights = spaceRights(caller, space);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Title order={2} size="h4">
          {space.name}
        </Title>
        <Badge variant="light">{typeLabel(space.type)}</Badge>
      </Group>
      {space.description && <Text size="sm">{space.description}</Text>}
      <Stack component="dl" gap="xs" m={0}>
        <LabelledValue term label="Owner">
          {owner}
        </LabelledValue>
        <LabelledValue term label="Data files">
          {stats.data?.files === undefined ? '…' : formatCount(stats.data.files)}
        </LabelledValue>
        <LabelledValue term label="Updated">
          {formatDateTime(space.updatedAt)}
        </LabelledValue>
      </Stack>
      <Group gap="xs">
        <Button size="xs" leftSection={<IconExternalLink size={16} aria-hidden />} onClick={onOpen}>
          Open space
        </Button>
        <ActionButtons actions={spaceActions(space, rights, onAction)} />
      </Group>
    </Stack>
  );
}

const LEAF_TEXT = {
  connection: { title: 'Connection', description: 'A data connection', open: 'Open connection' },
  folder: { title: 'Folder', description: 'A data-file folder', open: 'Open in Data files' },
  app: { title: 'App', description: 'An app (read-only here; what it loads is on the Catalog tab)', open: 'Open the space catalog' },
};

function LeafDetails({
  tenant,
  nodeRef,
  onOpen,
}: {
  tenant: TenantTarget;
  nodeRef: { kind: 'connection' | 'folder' | 'app'; spaceId: string; id: string };
  onOpen: () => void;
}) {
  const { data: space } = useQuery(spaceQuery(tenant, nodeRef.spaceId));
  const connections = useQuery({
    ...spaceConnectionsQuery(tenant, nodeRef.spaceId),
    enabled: nodeRef.kind === 'connection',
  });
  const stats = useQuery({
    ...spaceFileStatsQuery(tenant, nodeRef.spaceId),
    enabled: nodeRef.kind === 'folder',
  });
  const folders = useQuery({
    ...spaceFoldersQuery(tenant, stats.data?.connectionId ?? ''),
    enabled: nodeRef.kind === 'folder' && Boolean(stats.data?.connectionId),
  });
  const apps = useQuery({ ...spaceAppsTreeQuery(tenant, nodeRef.spaceId), enabled: nodeRef.kind === 'app' });
  const leaves = { connection: connections.data, folder: folders.data, app: apps.data }[nodeRef.kind];
  const leaf = leaves?.find((l) => l.id === nodeRef.id);
  const text = LEAF_TEXT[nodeRef.kind];
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {leaf?.name ?? text.title}
      </Title>
      <Text size="sm">
        {text.description} in {space?.name ?? 'this space'}.
      </Text>
      <Group gap="xs">
        <Button size="xs" leftSection={<IconExternalLink size={16} aria-hidden />} onClick={onOpen}>
          {text.open}
        </Button>
      </Group>
    </Stack>
  );
}
