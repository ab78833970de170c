import type { TenantContext } from '../context';
import { ApiError, badRequest, conflict, forbidden } from '../http/errors';
import { BlobTooLargeError, type TempBlob } from '../store/blobs';
import { NotAFolderError, parentPath, personalConnectionId, personalUserOf, type DataFileRow } from '../store/data-files';
import { emitDataFileChanges, type DataFileChange, type DataFileChangeKind } from '../store/data-file-events';
import { canonicalName, checkDepth, checkExtension, depthOf, dfError, MAX_FOLDER_DEPTH, nameTaken } from './data-file-names';
import type { FileRights, Place } from './data-file-rights';
import { locked } from './in-flight';
import { outcomeOf, type ItemOutcome } from './outcomes';
import { tempContentForImport } from './temp-contents';
import type { AuditEventType } from '../events/audit-events';

/**
 * Changes to data files and folders. Content is put in place first (the blob store), then the rows change in one
 * transaction that records an event per changed item; listeners (the catalog) hear of the changes after the
 * commit. The caller's rights come in as a FileRights; every rule about names, content and quotas is here.
 */

const EVENT_TYPES: Record<DataFileChangeKind, AuditEventType> = {
  created: 'com.qlik.datafile.created',
  replaced: 'com.qlik.datafile.updated',
  renamed: 'com.qlik.datafile.updated',
  moved: 'com.qlik.datafile.moved',
  deleted: 'com.qlik.datafile.deleted',
};

const fileData = (file: DataFileRow) => ({
  id: file.id,
  name: file.name,
  folder: file.folder === 1,
  size: file.size,
  spaceId: file.space_id,
  ownerId: file.owner_id,
  ...(file.space_id ? {} : { personalSpaceOf: personalUserOf(file.space_key) }),
});

/**
 * The changes of one request: each is recorded as an event inside its transaction and announced to listeners
 * once everything has committed. A transaction that fails takes its changes with it.
 */
export class FileChanges {
  private readonly list: DataFileChange[] = [];

  constructor(
    private readonly ctx: TenantContext,
    readonly actorId: string,
  ) {}

  add(kind: DataFileChangeKind, file: DataFileRow, previous?: DataFileRow): void {
    this.list.push({ kind, file, previous, db: this.ctx.db });
    this.ctx.events.record({
      type: EVENT_TYPES[kind],
      actorId: this.actorId,
      resourceType: 'data-file',
      resourceId: file.id,
      spaceId: file.space_id,
      data: { ...fileData(file), change: kind, ...(previous ? { previous: fileData(previous) } : {}) },
      ...(previous ? { before: { ...fileData(previous), change: kind } } : {}),
    });
  }

  /**
   * Commits tmp content (when there is some), then runs `write` in a transaction; the content is released again
   * and the changes recorded meanwhile dropped if the write fails.
   */
  commit<T>(content: TempBlob | undefined, write: () => T): T {
    const { ctx } = this;
    const sha = content ? ctx.blobs.commit(content) : undefined;
    try {
      return this.within(write);
    } catch (error) {
      if (sha) ctx.blobs.release([sha], ctx.dataFiles.isBlobReferenced);
      if (error instanceof NotAFolderError) {
        throw dfError(400, 'DF-022', `Cannot create the parent folders: ${error.message}`);
      }
      if (isUniqueViolation(error)) throw conflict('An item with this name already exists in this space.');
      throw error;
    }
  }

  /** Runs `write` in a transaction; the changes it recorded go with it if it fails. */
  within<T>(write: () => T): T {
    const mark = this.list.length;
    try {
      return this.ctx.db.transaction(write)();
    } catch (error) {
      this.list.length = mark;
      throw error;
    }
  }

  /** Tells the listeners (after every commit of the request). */
  announce(): void {
    emitDataFileChanges(this.list);
  }
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT');

function checkQuota(ctx: TenantContext, userId: string, adding: number, replacing = 0): void {
  if (adding === 0) return;
  const { maxSize } = ctx.limits;
  if (ctx.dataFiles.usageOf(userId) - replacing + adding > maxSize) {
    throw dfError(413, 'DF-016', `The data files quota of ${maxSize} bytes would be exceeded.`);
  }
}

/**
 * Content from a temp-contents upload, taken into the blob store without copying it: a hard link, fsynced, with
 * the SHA-256 computed as the upload arrived (or by reading it when that is not known). The temp content stays
 * readable and importable under its own name.
 */
async function importTemp(ctx: TenantContext, id: string, userId: string): Promise<TempBlob> {
  const found = tempContentForImport(ctx, id, userId);
  if ('problem' in found) throw dfError(400, 'DF-012', found.problem, 'tempContentFileId');
  const { maxLargeFileSize } = ctx.limits;
  try {
    return await ctx.blobs.linkTemp(found.path, maxLargeFileSize, found.digest);
  } catch (error) {
    if (error instanceof BlobTooLargeError) {
      throw new ApiError(413, `The file is larger than the limit of ${maxLargeFileSize} bytes.`);
    }
    throw error;
  }
}

/** A new item's row fields besides its place and name. */
export interface ItemContent {
  folder: boolean;
  internal: boolean;
  size: number;
  sha256: string | null;
  appId: string | null;
}

/**
 * Inserts an item at `name` in `place` with any missing parent folders, inside the caller's transaction. 409 when
 * the name is taken. Uploads, copies and the seeds all add items through here.
 */
export function insertItem(
  ctx: TenantContext,
  changes: FileChanges,
  place: { key: string; spaceId: string | null },
  name: string,
  item: ItemContent,
  now: string,
): DataFileRow {
  const files = ctx.dataFiles;
  const parents = files.ensureFolders(place, parentPath(name), changes.actorId, now);
  for (const created of parents.created) changes.add('created', created);
  if (files.byName(place.key, name)) throw nameTaken(name);
  const inserted = files.insert(
    files.newRow({
      space_key: place.key,
      space_id: place.spaceId,
      name,
      parent_id: parents.folder?.id ?? null,
      folder: item.folder ? 1 : 0,
      internal: item.internal ? 1 : 0,
      size: item.size,
      sha256: item.sha256,
      owner_id: changes.actorId,
      app_id: item.appId,
      content_updated_date: item.folder ? null : now,
      now,
    }),
  );
  changes.add('created', inserted);
  return inserted;
}

/** A file with new content, uploaded by the actor; its old content goes once no row uses it. */
function replaceContent(
  ctx: TenantContext,
  changes: FileChanges,
  row: DataFileRow,
  content: { size: number; sha256: string | null },
  now: string,
  released: (string | null)[],
): DataFileRow {
  const next = ctx.dataFiles.update({
    ...row,
    size: content.size,
    sha256: content.sha256,
    owner_id: changes.actorId,
    modified_date: now,
    content_updated_date: now,
  });
  released.push(row.sha256);
  changes.add('replaced', next, row);
  return next;
}

/** Copies a folder's subtree under `target` (merge: same names are replaced). Runs inside a transaction. */
function copyTree(
  ctx: TenantContext,
  changes: FileChanges,
  source: DataFileRow,
  target: DataFileRow,
  place: Place,
  now: string,
  released: (string | null)[],
): void {
  const files = ctx.dataFiles;
  const parents = new Map<string, string>([[source.id, target.id]]);
  for (const child of files.descendants(source)) {
    const name = target.name + child.name.slice(source.name.length);
    checkDepth(name);
    const existing = files.byName(place.key, name);
    const parentId = parents.get(child.parent_id ?? '') ?? target.id;
    if (existing) {
      if (existing.folder !== child.folder) {
        throw dfError(400, 'DF-018', `${name} is a ${existing.folder ? 'folder' : 'file'} in the target.`);
      }
      if (!child.folder) replaceContent(ctx, changes, existing, child, now, released);
      parents.set(child.id, existing.id);
      continue;
    }
    const { id: _id, base_name: _base, created_date: _created, modified_date: _modified, ...copied } = child;
    const row = files.insert(
      files.newRow({
        ...copied,
        space_key: place.key,
        space_id: place.spaceId,
        name,
        parent_id: parentId,
        owner_id: changes.actorId,
        content_updated_date: child.folder ? null : now,
        now,
      }),
    );
    parents.set(child.id, row.id);
    changes.add('created', row);
  }
}

/** A new item as the upload's Json part describes it (already parsed), with the File part's content if any. */
export interface NewItem {
  name: unknown;
  folder: boolean;
  connectionId?: string | null;
  folderId?: string | null;
  sourceId?: string | null;
  tempContentFileId?: string | null;
  appId?: string | null;
  content?: TempBlob;
}

/** The source of a copy (`sourceId`): an item the caller sees, of the same kind as the new one. */
function copySource(ctx: TenantContext, rights: FileRights, sourceId: string, folder: boolean, mismatch: string) {
  const row = ctx.dataFiles.byId(sourceId);
  if (!row || !rights.ofKey(row.space_key).read) {
    throw dfError(400, 'DF-017', `Source ${sourceId} was not found.`, 'sourceId');
  }
  if (Boolean(row.folder) !== folder) throw dfError(400, 'DF-018', mismatch);
  return row;
}

/**
 * A new file (uploaded, imported from temp contents or copied) or folder (empty or copied), with any missing
 * parent folders. The File part's content, when given, is committed with the row or left for the caller to
 * discard.
 */
export async function createItem(ctx: TenantContext, rights: FileRights, item: NewItem) {
  const place = rights.ofConnection(item.connectionId);
  rights.requireWrite(place);
  const parent = item.folderId ? rights.folderIn(item.folderId, place) : null;
  const relative = canonicalName(item.name);
  const name = parent ? `${parent.name}/${relative}` : relative;
  checkDepth(name);
  const internal = item.folder ? false : checkExtension(name);
  const sources = [item.content, item.sourceId, item.tempContentFileId].filter(Boolean).length;
  if (item.folder && (item.content || item.tempContentFileId)) {
    throw badRequest('A folder has no content: send no File part and no tempContentFileId.');
  }
  if (!item.folder && sources !== 1) throw badRequest('Send exactly one of: a File part, sourceId or tempContentFileId.');
  const source = item.sourceId
    ? copySource(ctx, rights, item.sourceId, item.folder, 'The source and the new item must both be files or both be folders.')
    : undefined;
  if (ctx.dataFiles.byName(place.key, name)) throw nameTaken(name);
  const content = item.tempContentFileId ? await importTemp(ctx, item.tempContentFileId, rights.userId) : item.content;
  const size = content?.size ?? (source && !source.folder ? source.size : 0);
  try {
    checkQuota(ctx, rights.userId, size);
  } catch (error) {
    if (content !== item.content) ctx.blobs.discard(content);
    throw error;
  }
  const now = ctx.clock.iso();
  const changes = new FileChanges(ctx, rights.userId);
  const row = changes.commit(content, () => {
    const sha256 = content?.sha256 ?? source?.sha256 ?? null;
    const inserted = insertItem(ctx, changes, place, name, { folder: item.folder, internal, size, sha256, appId: item.appId ?? null }, now);
    if (source?.folder) copyTree(ctx, changes, source, inserted, place, now, []);
    return inserted;
  });
  changes.announce();
  return { row, place };
}

/** What a replace (PUT) asks for: a new name, place or parent, new content, or a folder copied in. */
export interface Replacement {
  name?: unknown;
  connectionId?: string | null;
  folderId?: string | null;
  sourceId?: string | null;
  tempContentFileId?: string | null;
  merge: 'merge' | 'replace';
  content?: TempBlob;
}

/** Where a replaced item ends up: its place, full name and whether it is a system file. */
function replacedName(rights: FileRights, row: DataFileRow, target: Place, input: Replacement) {
  const parent = input.folderId ? rights.folderIn(input.folderId, target) : null;
  let name: string;
  if (input.name !== undefined && input.name !== null) {
    const relative = canonicalName(input.name);
    name = parent ? `${parent.name}/${relative}` : relative;
  } else if (input.folderId) name = `${parent!.name}/${row.base_name}`;
  else if (input.folderId === null) name = row.base_name;
  else name = row.name;
  checkDepth(name);
  return name;
}

/** A folder keeps within the depth limit and out of its own subtree. */
function checkFolderMove(row: DataFileRow, subtree: DataFileRow[], target: Place, name: string): void {
  const deepest = subtree.reduce((d, r) => Math.max(d, depthOf(r.name)), depthOf(row.name));
  if (deepest - depthOf(row.name) + depthOf(name) > MAX_FOLDER_DEPTH) {
    throw dfError(400, 'DF-026', `Folders nest at most ${MAX_FOLDER_DEPTH} levels deep.`);
  }
  if (target.key === row.space_key && (name === row.name ? false : name.startsWith(`${row.name}/`))) {
    throw dfError(400, 'DF-019', 'A folder cannot be moved into itself or one of its subfolders.');
  }
}

/** The copy source of a replace, checked against the item it replaces. */
function replaceSource(ctx: TenantContext, rights: FileRights, row: DataFileRow, sourceId: string): DataFileRow {
  const source = copySource(ctx, rights, sourceId, Boolean(row.folder), 'The source and the target must both be files or both be folders.');
  if (row.folder && (source.id === row.id || source.name.startsWith(`${row.name}/`)) && source.space_key === row.space_key) {
    throw dfError(400, 'DF-019', 'A folder cannot be copied into itself.');
  }
  return source;
}

/**
 * Replaces an item (PUT): renames or moves it (a folder with its subtree), gives a file new content (uploaded,
 * imported or copied) or copies a folder's content into a folder, merging or replacing what is there. The caller
 * holds the item in flight meanwhile; other changes to its subtree answer 423.
 */
export async function replaceItem(
  ctx: TenantContext,
  rights: FileRights,
  { row, place }: { row: DataFileRow; place: Place },
  input: Replacement,
) {
  const files = ctx.dataFiles;
  // An absent connectionId keeps the item where it is (a re-upload must not move it by accident).
  const target = input.connectionId === undefined ? place : rights.ofConnection(input.connectionId);
  rights.requireWrite(target);
  const name = replacedName(rights, row, target, input);
  const subtree = row.folder ? files.descendants(row) : [];
  if (row.folder) checkFolderMove(row, subtree, target, name);
  const internal = row.folder ? false : checkExtension(name);
  if (ctx.inFlight.firstHeld(subtree.map((r) => r.id))) throw locked(row.id);
  const existing = files.byName(target.key, name);
  if (existing && existing.id !== row.id) throw nameTaken(name);
  if (row.folder && (input.content || input.tempContentFileId)) {
    throw badRequest('A folder has no content: send no File part and no tempContentFileId.');
  }
  if ([input.content, input.sourceId, input.tempContentFileId].filter(Boolean).length > 1) {
    throw badRequest('Send at most one of: a File part, sourceId or tempContentFileId.');
  }
  const source = input.sourceId ? replaceSource(ctx, rights, row, input.sourceId) : undefined;
  const content = input.tempContentFileId ? await importTemp(ctx, input.tempContentFileId, rights.userId) : input.content;
  let committed = false;
  try {
    const newContent = content ? { size: content.size, sha256: content.sha256 } : source && !source.folder ? source : undefined;
    if (newContent) checkQuota(ctx, rights.userId, newContent.size, row.owner_id === rights.userId ? row.size : 0);
    const changes = new FileChanges(ctx, rights.userId);
    const released: (string | null)[] = [];
    const now = ctx.clock.iso();
    const updated = changes.commit(content, () => {
      let current = moveReplaced(ctx, changes, row, target, name, now);
      if (internal !== Boolean(current.internal)) current = files.setInternal(current, internal);
      if (newContent) current = replaceContent(ctx, changes, current, newContent, now, released);
      if (source?.folder) copyInto(ctx, changes, source, current, target, input.merge, now, released);
      return current;
    });
    committed = true;
    ctx.blobs.release(released, files.isBlobReferenced);
    changes.announce();
    return { row: updated, place: target };
  } finally {
    if (!committed && content !== input.content) ctx.blobs.discard(content);
  }
}

/** The item at its new name and place (with missing parent folders), inside the replace's transaction. */
function moveReplaced(
  ctx: TenantContext,
  changes: FileChanges,
  row: DataFileRow,
  target: Place,
  name: string,
  now: string,
): DataFileRow {
  const parents = ctx.dataFiles.ensureFolders({ key: target.key, spaceId: target.spaceId }, parentPath(name), changes.actorId, now);
  for (const created of parents.created) changes.add('created', created);
  const parentId = parents.folder?.id ?? null;
  if (name === row.name && target.key === row.space_key && parentId === row.parent_id) return row;
  const kind = target.key !== row.space_key || parentId !== row.parent_id ? 'moved' : 'renamed';
  const pairs = ctx.dataFiles.moveTree(row, { key: target.key, spaceId: target.spaceId, name, parentId }, now);
  for (const [before, after] of pairs) changes.add(kind, after, before);
  return pairs[0]![1];
}

/** A folder's content copied into a folder: merged over what is there, or replacing all of it. */
function copyInto(
  ctx: TenantContext,
  changes: FileChanges,
  source: DataFileRow,
  folder: DataFileRow,
  target: Place,
  merge: 'merge' | 'replace',
  now: string,
  released: (string | null)[],
): void {
  if (merge === 'replace') {
    for (const child of ctx.dataFiles.descendants(folder).reverse()) {
      for (const removed of ctx.dataFiles.deleteTree(child)) {
        released.push(removed.sha256);
        changes.add('deleted', removed);
      }
    }
  }
  copyTree(ctx, changes, source, folder, target, now, released);
}

/** Deletes an item and, for a folder, everything below it; their content goes once no row uses it. */
function deleteTree(ctx: TenantContext, changes: FileChanges, row: DataFileRow): void {
  const subtree = row.folder ? [row, ...ctx.dataFiles.descendants(row)] : [row];
  const inUse = ctx.inFlight.firstHeld(subtree.map((r) => r.id));
  if (inUse) throw locked(inUse);
  const removed = changes.within(() => {
    const rows = ctx.dataFiles.deleteTree(row);
    for (const r of rows) changes.add('deleted', r);
    return rows;
  });
  ctx.blobs.release(
    removed.map((r) => r.sha256),
    ctx.dataFiles.isBlobReferenced,
  );
}

export function deleteItem(ctx: TenantContext, rights: FileRights, id: string): void {
  const { row, place } = rights.readable(id);
  rights.requireWrite(place);
  const changes = new FileChanges(ctx, rights.userId);
  deleteTree(ctx, changes, row);
  changes.announce();
}

/** Moves a root item (and a folder's subtree) to another space; `ownerId` also hands it over. */
function moveToPlace(
  ctx: TenantContext,
  changes: FileChanges,
  row: DataFileRow,
  target: Place,
  now: string,
  ownerId?: string,
): void {
  if (row.parent_id) {
    throw badRequest(`${row.name} is inside a folder; only items at the root of a space change space or owner.`);
  }
  const inUse = ctx.inFlight.firstHeld([row, ...(row.folder ? ctx.dataFiles.descendants(row) : [])].map((r) => r.id));
  if (inUse) throw locked(inUse);
  if (target.key === row.space_key && !ownerId) return;
  const existing = ctx.dataFiles.byName(target.key, row.name);
  if (existing && existing.id !== row.id) throw nameTaken(row.name);
  changes.commit(undefined, () => {
    const pairs = ctx.dataFiles.moveTree(
      row,
      { key: target.key, spaceId: target.spaceId, name: row.name, parentId: null, ownerId },
      now,
    );
    if (target.key !== row.space_key) for (const [before, after] of pairs) changes.add('moved', after, before);
  });
}

function changeSpaceOf(ctx: TenantContext, rights: FileRights, changes: FileChanges, id: string, spaceId: string | null | undefined) {
  const { row, place } = rights.readable(id);
  rights.requireWrite(place);
  const target = rights.ofSpaceId(spaceId, row.owner_id);
  rights.requireWrite(target);
  moveToPlace(ctx, changes, row, target, ctx.clock.iso());
}

/** Moves a root item to another space (null: its owner's personal space). */
export function changeSpace(ctx: TenantContext, rights: FileRights, id: string, spaceId: string | null | undefined): void {
  const changes = new FileChanges(ctx, rights.userId);
  changeSpaceOf(ctx, rights, changes, id, spaceId);
  changes.announce();
}

/** Moves items to other spaces, each on its own. */
export function changeSpaces(
  ctx: TenantContext,
  rights: FileRights,
  items: { id: string; spaceId?: string | null }[],
): ItemOutcome[] {
  const changes = new FileChanges(ctx, rights.userId);
  const outcomes = items.map((item) => outcomeOf(item.id, () => changeSpaceOf(ctx, rights, changes, item.id, item.spaceId)));
  changes.announce();
  return outcomes;
}

/**
 * Hands an item over. In a personal space the owner is the space, so the item moves to the new owner's personal
 * space; in a shared space only its owner changes (its data set follows through the join, no event needed).
 */
export function changeOwner(ctx: TenantContext, rights: FileRights, id: string, ownerId: string): void {
  const { row, place } = rights.readable(id);
  if (!place.manage) {
    throw forbidden('Changing the owner of a data file needs Can manage in its space, or a tenant admin.', {
      meta: { reason: 'role' },
    });
  }
  if (!ctx.identities.userById(ownerId)) throw dfError(400, 'DF-006', `User ${ownerId} was not found.`);
  const changes = new FileChanges(ctx, rights.userId);
  const now = ctx.clock.iso();
  if (!row.space_id) moveToPlace(ctx, changes, row, rights.personal(ownerId), now, ownerId);
  else {
    if (ctx.inFlight.firstHeld([row.id])) throw locked(row.id);
    ctx.db.transaction(() => {
      const updated = ctx.dataFiles.update({ ...row, owner_id: ownerId, modified_date: now });
      ctx.events.record({
        type: 'com.qlik.datafile.updated',
        actorId: rights.userId,
        resourceType: 'data-file',
        resourceId: row.id,
        spaceId: row.space_id,
        data: { ...fileData(updated), change: 'owner', previous: fileData(row) },
        before: { ...fileData(row), change: 'owner' },
      });
    })();
  }
  changes.announce();
}

/** What a batch delete names: items, every root item of spaces, and the caller's personal space. */
export interface BatchDelete {
  items: { id: string }[];
  spaces: { id: string }[];
  personalSpace: boolean;
}

/** Deletes items, each on its own (an item already gone with a folder deleted earlier in the batch is done). */
export function deleteItems(ctx: TenantContext, rights: FileRights, batch: BatchDelete): ItemOutcome[] {
  const changes = new FileChanges(ctx, rights.userId);
  const outcomes: ItemOutcome[] = [];
  for (const item of batch.items) {
    outcomes.push(
      outcomeOf(item.id, () => {
        const { row, place } = rights.readable(item.id);
        rights.requireWrite(place);
        if (ctx.dataFiles.byId(row.id)) deleteTree(ctx, changes, row);
      }),
    );
  }
  const deleteRoots = (place: Place) => {
    for (const root of ctx.dataFiles.roots(place.key)) deleteTree(ctx, changes, root);
  };
  for (const item of batch.spaces) {
    outcomes.push(
      outcomeOf(item.id, () => {
        const place = rights.ofSpaceId(item.id, rights.userId);
        rights.requireWrite(place);
        deleteRoots(place);
      }),
    );
  }
  if (batch.personalSpace) {
    outcomes.push(outcomeOf(personalConnectionId(rights.userId), () => deleteRoots(rights.personal(rights.userId))));
  }
  changes.announce();
  return outcomes;
}
