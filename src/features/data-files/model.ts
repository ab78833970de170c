import type {
  DataFilePermission,
  DataFileUploadResponse,
  MultiStatusResponseItem,
} from '@qlik/api/data-files';
import type { Space } from '@qlik/api/spaces';
import { describeError, isHttpError, qlikErrorItem } from '@/lib/api-error';
import { resultsByItem, type ItemResult } from '@/lib/batch-runner';
import type { Permission } from '@/components/guarded-action';

export type DataFile = DataFileUploadResponse;

// ---- paths -------------------------------------------------------------------------------------------------

/** Folder paths as the tenant writes them: segments joined by '/', no leading or trailing '/'. */
export function normaliseFolderPath(raw: string | undefined | null): string {
  return (raw ?? '')
    .split('/')
    .map((segment) => segment.trim())
    .filter(Boolean)
    .join('/');
}

export function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/** The folder above `path`; '' for items at the root. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `path` and every folder above it, outermost first: 'a/b/c' → ['a', 'a/b', 'a/b/c']. */
export function ancestorsOf(path: string): string[] {
  const segments = normaliseFolderPath(path).split('/').filter(Boolean);
  return segments.map((_, index) => segments.slice(0, index + 1).join('/'));
}

export interface BreadcrumbItem {
  label: string;
  /** Folder path to open; '' = the space root. */
  folder: string;
}

/** Root first, then one crumb per folder segment. */
export function breadcrumbOf(rootLabel: string, folder: string): BreadcrumbItem[] {
  return [
    { label: rootLabel, folder: '' },
    ...ancestorsOf(folder).map((path) => ({ label: baseNameOf(path), folder: path })),
  ];
}

/** The name shown in a listing of `folder`: the part of the full name below it. */
export function relativeName(name: string, folder: string): string {
  return folder && name.startsWith(`${folder}/`) ? name.slice(folder.length + 1) : name;
}

/** In the tenant-wide view the path starts with the space, as an admin reads it across spaces. */
export function displayPath(
  file: Pick<DataFile, 'name' | 'spaceId'>,
  spaceName: (id: string) => string,
): string {
  return `${file.spaceId ? spaceName(file.spaceId) : 'Personal'} / ${file.name.split('/').join(' / ')}`;
}

/** "orders" searches anywhere in the base name; a pattern with * or ? is taken as the user wrote it. */
export function toWildcard(query: string | undefined): string | undefined {
  const trimmed = query?.trim();
  if (!trimmed) return undefined;
  return /[*?]/.test(trimmed) ? trimmed : `*${trimmed}*`;
}

/** File type as users say it: the extension in capitals, "Folder" for folders. */
export function typeOf(file: Pick<DataFile, 'baseName' | 'name' | 'folder'>): string {
  if (file.folder) return 'Folder';
  const base = file.baseName ?? baseNameOf(file.name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toUpperCase() : '—';
}

/** A copy's name beside the original: "orders.csv" → "orders - copy.csv" (the extension must stay last). */
export function copyName(baseName: string): string {
  const dot = baseName.lastIndexOf('.');
  return dot > 0 ? `${baseName.slice(0, dot)} - copy${baseName.slice(dot)}` : `${baseName} - copy`;
}

// ---- rights ------------------------------------------------------------------------------------------------

export type { Permission };

export const ALLOWED: Permission = { allowed: true };
const deny = (reason: string): Permission => ({ allowed: false, reason });

/**
 * Space roles that may add and change data files, per space type (qlik.dev space roles; the tenant enforces
 * the same table). The console needs it for an empty folder, where no file's `actions` can answer.
 */
const WRITE_ROLES: Record<string, readonly string[]> = {
  shared: ['facilitator', 'producer', 'codeveloper'],
  managed: ['facilitator', 'contributor'],
  data: ['facilitator', 'producer', 'operator'],
};

export interface Caller {
  userId: string;
  /** TenantAdmin whose token carries admin.spaces: changes files in every space. */
  managesAllSpaces: boolean;
  /** May list users (tenant admins): the owner filter and the change-owner dialog offer everyone, else only "Me". */
  mayListUsers: boolean;
}

const READ_ONLY =
  'You can only view files here. Adding or changing files needs the owner, Can manage or Can edit role in this space.';

/** Whether the caller may add files and folders to a space (undefined = their personal space). */
export function writeInSpace(space: Space | undefined, caller: Caller): Permission {
  if (!space) return ALLOWED;
  if (caller.managesAllSpaces || space.ownerId === caller.userId) return ALLOWED;
  const roles = space.meta?.roles ?? [];
  const writers = (space.type && WRITE_ROLES[space.type]) || [];
  return roles.some((role) => writers.includes(role)) ? ALLOWED : deny(READ_ONLY);
}

const has = (file: DataFile, action: DataFilePermission) =>
  (file.actions ?? []).some((granted) => granted.toLowerCase() === action);

export interface ItemRights {
  rename: Permission;
  move: Permission;
  duplicate: Permission;
  changeOwner: Permission;
  delete: Permission;
}

/** What the caller may do with one item, from the item's own `actions`. */
export function itemRights(file: DataFile): ItemRights {
  const update = has(file, 'update') ? ALLOWED : deny(READ_ONLY);
  return {
    rename: update,
    move: has(file, 'update') || has(file, 'change_space') ? ALLOWED : deny(READ_ONLY),
    duplicate: file.folder ? deny('Folders cannot be duplicated here; duplicate the files inside.') : update,
    changeOwner: has(file, 'change_owner')
      ? ALLOWED
      : deny('Changing the owner needs Can manage in this space, or a tenant admin.'),
    delete: has(file, 'delete') ? ALLOWED : deny(READ_ONLY),
  };
}

/** Only items at the root of a space change space (Qlik's rule for change-space). */
export function changeSpaceRight(file: DataFile): Permission {
  return file.folderId || file.name.includes('/')
    ? deny('Only items at the root of a space can move to another space. Move it to the root folder first.')
    : ALLOWED;
}

// ---- errors ------------------------------------------------------------------------------------------------

/** DF codes in words a user can act on. */
const DF_MESSAGES: Record<string, string> = {
  'DF-004': 'That folder path is not valid. Use names separated by /, without leading or trailing slashes.',
  'DF-005': 'The folder no longer exists. Reload and pick another folder.',
  'DF-006': 'That user does not exist.',
  'DF-008': 'The target is a file, not a folder.',
  'DF-009': 'That space no longer exists.',
  'DF-010': 'That file extension is not allowed. Keep the original extension or use one the tenant accepts.',
  'DF-011': 'File names need an extension, such as .csv or .xlsx.',
  'DF-013': 'You do not have access to that space.',
  'DF-015':
    'That name is not valid. Avoid \\ < > : " | ? *, leading or trailing spaces and empty folder names.',
  'DF-016': 'Your data files quota is full. Delete files you no longer need, then try again.',
  'DF-017': 'The file to copy no longer exists.',
  'DF-018': 'A file cannot replace a folder, nor a folder a file.',
  'DF-019': 'A folder cannot be moved into itself or one of its subfolders.',
  'DF-020': 'That folder is not in the selected space.',
  'DF-021': 'It is being changed by another request. Try again in a moment.',
  'DF-025': 'The target is being changed by another request. Try again in a moment.',
  'DF-026': 'Folders cannot nest that deep.',
};

export interface ActionError {
  /** Form field the error belongs to, when it is about one. */
  field?: 'name';
  message: string;
}

/** A failed data-file action as the user should read it, and which field it belongs to. */
export function actionErrorOf(error: unknown): ActionError {
  const item = isHttpError(error) ? qlikErrorItem(error.data) : undefined;
  const code = item?.code;
  if (isHttpError(error) && error.status === 409) {
    return { field: 'name', message: 'An item with this name already exists here. Choose another name.' };
  }
  if (code && DF_MESSAGES[code]) {
    const field = code === 'DF-010' || code === 'DF-011' || code === 'DF-015' ? 'name' : undefined;
    return { ...(field ? { field } : {}), message: DF_MESSAGES[code] };
  }
  return { message: describeError(error).message };
}

// ---- batch (207) results -----------------------------------------------------------------------------------

/** A 207 item's outcome in words a user can act on: DF codes mapped, a 409 said plainly. */
function multiStatusMessage(item: MultiStatusResponseItem): string {
  if (item.status === 409) return 'An item with this name already exists in the target.';
  return DF_MESSAGES[item.code] ?? item.detail ?? item.title ?? `HTTP ${item.status}`;
}

/**
 * Each requested item's result from a 207 body, for the batch runner. An item missing from the body counts as
 * failed: the tenant did not confirm it.
 */
export function batchItemResults(
  requestedIds: readonly string[],
  items: readonly MultiStatusResponseItem[],
): Map<string, ItemResult> {
  return resultsByItem(
    requestedIds,
    items.map((item) => ({
      id: item.id,
      ok: item.status >= 200 && item.status < 300,
      message: multiStatusMessage(item),
    })),
  );
}
