import { useState, type KeyboardEvent } from 'react';
import { Loader, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFolder, IconFolderOpen } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { foldersQuery } from '../api/data-files';
import { ancestorsOf, baseNameOf, parentOf, type DataFile } from '../model';
import type { Scope } from '../search';
import classes from './data-files.module.css';

export interface FolderTreeProps {
  tenant: TenantTarget;
  scope: Scope;
  connectionId: string | undefined;
  /** Name of the root node, e.g. the space. */
  rootLabel: string;
  /** The open folder ('' = root). */
  current: string;
  onOpen: (folder: string) => void;
}

const ROOT = '';

/**
 * Folders of one space as a WAI-ARIA tree: each level loads when it is expanded. Arrow keys move between
 * visible folders (Right/Left expand, enter, collapse, go up), Home/End jump, Enter opens.
 */
export function FolderTree({ tenant, scope, connectionId, rootLabel, current, onOpen }: FolderTreeProps) {
  const [expanded, setExpanded] = useState<Set<string>>(
    () => new Set([ROOT, ...ancestorsOf(parentOf(current))]),
  );
  const [focused, setFocused] = useState(current);
  // Opening a folder elsewhere (breadcrumb, table) reveals it in the tree.
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    setFocused(current);
    const wanted = [ROOT, ...ancestorsOf(parentOf(current))].filter((path) => !expanded.has(path));
    if (wanted.length) setExpanded(new Set([...expanded, ...wanted]));
  }

  const toggle = (path: string, open?: boolean) => {
    const next = new Set(expanded);
    if (open ?? !next.has(path)) next.add(path);
    else next.delete(path);
    setExpanded(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="treeitem"]')];
    const active = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    const index = active ? items.indexOf(active) : -1;
    if (!active || index < 0) return;
    const path = active.dataset.path ?? ROOT;
    const focus = (element: HTMLElement | undefined) => {
      if (!element) return;
      setFocused(element.dataset.path ?? ROOT);
      element.focus();
    };
    const isOpen = active.getAttribute('aria-expanded') === 'true';
    const canOpen = active.hasAttribute('aria-expanded');
    switch (event.key) {
      case 'ArrowDown':
        focus(items[index + 1]);
        break;
      case 'ArrowUp':
        focus(items[index - 1]);
        break;
      case 'Home':
        focus(items[0]);
        break;
      case 'End':
        focus(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (canOpen && !isOpen) toggle(path, true);
        else if (isOpen) focus(items[index + 1]);
        break;
      case 'ArrowLeft':
        if (isOpen && path !== ROOT) toggle(path, false);
        else if (path !== ROOT) focus(items.find((item) => item.dataset.path === parentOf(path)));
        break;
      case 'Enter':
      case ' ':
        onOpen(path);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const node = { tenant, scope, connectionId, expanded, focused, current, toggle, onOpen, setFocused };
  return (
    <ul role="tree" aria-label="Folders" className={classes.tree} onKeyDown={onKeyDown}>
      <TreeNode {...node} path={ROOT} label={rootLabel} level={1} position={1} siblings={1} hasChildren />
    </ul>
  );
}

interface NodeProps {
  tenant: TenantTarget;
  scope: Scope;
  connectionId: string | undefined;
  expanded: Set<string>;
  focused: string;
  current: string;
  toggle: (path: string, open?: boolean) => void;
  onOpen: (path: string) => void;
  setFocused: (path: string) => void;
  path: string;
  label: string;
  level: number;
  /** Place among its siblings (1-based) and how many there are. */
  position: number;
  siblings: number;
  hasChildren: boolean;
}

/**
 * The tree is flat in the DOM: every visible folder is a sibling `treeitem` with aria-level, so each is named by
 * its own label only (nested, an open folder would also be named after everything inside it).
 */
function TreeNode(props: NodeProps) {
  const { path, label, level, hasChildren, expanded, focused, current, toggle, onOpen, setFocused } = props;
  const open = hasChildren && expanded.has(path);
  const Icon = open ? IconFolderOpen : IconFolder;
  return (
    <>
      <li
        role="treeitem"
        aria-level={level}
        aria-posinset={props.position}
        aria-setsize={props.siblings}
        aria-selected={path === current}
        aria-expanded={hasChildren ? open : undefined}
        tabIndex={path === focused ? 0 : -1}
        data-path={path}
        className={classes.item}
        onFocus={() => setFocused(path)}
      >
        <div
          className={classes.row}
          style={{ paddingLeft: `calc(${level - 1} * var(--mantine-spacing-sm) + 4px)` }}
          onClick={() => onOpen(path)}
        >
          {hasChildren ? (
            <span
              className={classes.toggle}
              aria-hidden
              onClick={(event) => {
                event.stopPropagation();
                toggle(path);
              }}
            >
              {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            </span>
          ) : (
            <span className={classes.toggle} aria-hidden />
          )}
          <Icon size={16} aria-hidden style={{ flex: 'none' }} />
          <span className={classes.label} title={label}>
            {label}
          </span>
        </div>
      </li>
      {open && <TreeChildren {...props} />}
    </>
  );
}

function TreeChildren(props: NodeProps) {
  const { tenant, scope, connectionId, path, level } = props;
  const { data, isError } = useQuery(foldersQuery(tenant, scope, connectionId, path));
  // Folders already shown stay shown if a background refresh fails.
  if (data === undefined) {
    return (
      <li role="none" style={{ paddingLeft: `calc(${level} * var(--mantine-spacing-sm) + 4px)` }}>
        {isError ? (
          <Text size="xs" c="red">
            Could not load folders.
          </Text>
        ) : (
          <Loader size="xs" aria-label="Loading folders" m={4} />
        )}
      </li>
    );
  }
  return (
    <>
      {data.map((folder: DataFile, index) => (
        <TreeNode
          key={folder.id}
          {...props}
          path={folder.name}
          label={folder.baseName ?? baseNameOf(folder.name)}
          level={level + 1}
          position={index + 1}
          siblings={data.length}
          hasChildren={(folder.folderStats?.directFolderCount ?? 1) > 0}
        />
      ))}
    </>
  );
}
