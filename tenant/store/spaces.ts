import type { ActionName, RoleType, SpaceType } from '@qlik/api/spaces';
import type { Db } from './db';
import { SYSTEM_RUNTIME, type Runtime } from '../runtime';
import { cursorList, type CursorPage } from '../http/list';

export type { RoleType, SpaceType };

export const SPACE_TYPES: readonly SpaceType[] = ['shared', 'managed', 'data'];

/** Every space has one DataFiles connection, kept with the space by this repository. */
export const DATAFILES_NAME = 'DataFiles';
export const DATAFILES_TYPE = 'qix-datafiles.exe';
export const dataFilesStatement = (spaceName: string) =>
  `CUSTOM CONNECT TO "provider=${DATAFILES_TYPE};path=${spaceName}:datafiles;"`;

/** Roles a member can hold per space type (qlik.dev space-roles; @qlik/api's RoleType comment for managed). */
export const ASSIGNABLE_ROLES: Record<SpaceType, readonly RoleType[]> = {
  shared: ['codeveloper', 'consumer', 'dataconsumer', 'facilitator', 'producer'],
  managed: ['basicconsumer', 'consumer', 'contributor', 'dataconsumer', 'facilitator', 'publisher'],
  data: ['consumer', 'dataconsumer', 'datapreview', 'facilitator', 'operator', 'producer', 'publisher'],
};

export interface SpaceRow {
  id: string;
  type: SpaceType;
  name: string;
  description: string;
  owner_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface AssignmentRow {
  id: string;
  space_id: string;
  type: 'user' | 'group';
  assignee_id: string;
  roles: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/**
 * Whom space rights are computed for. The HTTP layer derives it from the caller (roles and token scopes), so the
 * repository stays free of OAuth and every module asks the same question the same way.
 */
export interface SpacePrincipal {
  userId: string;
  groupIds: readonly string[];
  /** Sees every space (tenant admin whose token carries admin.spaces:read). */
  seesAll: boolean;
  /** May change every space and its members (tenant admin whose token carries admin.spaces). */
  managesAll: boolean;
  /** Space types the principal may read at all; undefined = every type. */
  types?: readonly SpaceType[];
}

/** What a principal may do in one space. */
export interface SpaceAccess {
  isOwner: boolean;
  /** Roles from the user's own assignment and those of their groups (all assignable roles for the owner). */
  roles: RoleType[];
  /** Rename, describe, delete, manage members: owner, facilitator or an admin with admin.spaces. */
  canManage: boolean;
  canChangeOwner: boolean;
  /** Create content such as data connections: owner, producer, facilitator (contributor in managed spaces). */
  canCreate: boolean;
  actions: ActionName[];
}

const CREATOR_ROLES: ReadonlySet<RoleType> = new Set(['producer', 'facilitator', 'contributor']);
const PUBLISHER_ROLES: ReadonlySet<RoleType> = new Set(['publisher', 'facilitator']);

export function accessOf(
  space: Pick<SpaceRow, 'type' | 'owner_id'>,
  principal: SpacePrincipal,
  assigned: Iterable<RoleType>,
): SpaceAccess {
  const isOwner = space.owner_id === principal.userId;
  const assignable = ASSIGNABLE_ROLES[space.type];
  const held = new Set([...assigned].filter((r) => assignable.includes(r)));
  const roles = isOwner ? [...assignable] : assignable.filter((r) => held.has(r));
  const canManage = isOwner || held.has('facilitator') || principal.managesAll;
  const canChangeOwner = isOwner || principal.managesAll;
  const canCreate = isOwner || [...held].some((r) => CREATOR_ROLES.has(r));
  const canPublish = space.type !== 'shared' && (isOwner || [...held].some((r) => PUBLISHER_ROLES.has(r)));
  const actions = new Set<ActionName>(['read']);
  if (canManage) actions.add('update').add('delete');
  if (canChangeOwner) actions.add('change_owner');
  if (canCreate) actions.add('create');
  if (canPublish) actions.add('publish');
  return { isOwner, roles, canManage, canChangeOwner, canCreate, actions: [...actions].sort() };
}

/** SQL condition (on alias `s`) for the spaces a principal can see, with its parameters. */
export function visibleSpacesSql(principal: SpacePrincipal, alias = 's'): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (!principal.seesAll) {
    const assignees = [principal.userId, ...principal.groupIds];
    parts.push(
      `(${alias}.owner_id = ? OR ${alias}.id IN (SELECT space_id FROM space_assignments WHERE assignee_id IN (${assignees.map(() => '?').join(', ')})))`,
    );
    params.push(principal.userId, ...assignees);
  }
  if (principal.types && principal.types.length < SPACE_TYPES.length) {
    parts.push(
      principal.types.length ? `${alias}.type IN (${principal.types.map(() => '?').join(', ')})` : '0',
    );
    params.push(...principal.types);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

/** Seeing fewer than 1 in this many spaces counts as few (see visibleSpacesListSql). */
const FEW_SPACES_SHARE = 20;

/**
 * The visibility condition of a spaces listing (alias `s`), phrased for the plan SQLite should pick; it plans
 * without statistics, so the phrasing decides. None for a principal who sees every space: the page then walks
 * the sort index and stops at the limit, and `meta.count` is SQLite's count of the table instead of a scan.
 * A principal who sees only a few spaces seeks their own and their assigned ones and sorts those. One who sees a
 * fair share (an owner of thousands of spaces) walks the sort index too, testing each row against the spaces
 * they may see: seeking and sorting would read every one of their spaces for one page. The unary `+` keeps
 * SQLite from seeking owner_id (and type) there. Whether the share is fair is counted up to the threshold only.
 */
export function visibleSpacesListSql(
  db: Db,
  principal: SpacePrincipal,
): { sql: string; params: unknown[] } | undefined {
  const visible = visibleSpacesSql(principal);
  if (visible.sql === '1') return undefined;
  if (principal.seesAll) return visible;
  const all = db.prepare('SELECT COUNT(*) FROM spaces').pluck().get() as number;
  const threshold = Math.ceil(all / FEW_SPACES_SHARE);
  const seen = db
    .prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM spaces s WHERE ${visible.sql} LIMIT ?)`)
    .pluck()
    .get(...visible.params, threshold) as number;
  if (seen < threshold) return visible;
  const assignees = [principal.userId, ...principal.groupIds];
  const parts = [
    `(+s.owner_id = ? OR s.id IN (SELECT space_id FROM space_assignments WHERE assignee_id IN (${assignees.map(() => '?').join(', ')})))`,
  ];
  const params: unknown[] = [principal.userId, ...assignees];
  if (principal.types && principal.types.length < SPACE_TYPES.length) {
    parts.push(principal.types.length ? `+s.type IN (${principal.types.map(() => '?').join(', ')})` : '0');
    params.push(...principal.types);
  }
  return { sql: parts.join(' AND '), params };
}

export type SpaceSort = 'name' | 'type' | 'createdAt';
export const SPACE_SORTS: Record<SpaceSort, { column: string; value: (row: SpaceRow) => string }> = {
  // The column is declared COLLATE NOCASE already; spelling it out again hides the index from a next page's seek.
  name: { column: 's.name', value: (r) => r.name },
  type: { column: 's.type', value: (r) => r.type },
  createdAt: { column: 's.created_at', value: (r) => r.created_at },
};

export const parseRoles = (row: Pick<AssignmentRow, 'roles'>) => JSON.parse(row.roles) as RoleType[];

export interface SpaceListQuery {
  principal: SpacePrincipal;
  types: readonly SpaceType[];
  /** Part of the name (`*` matches anything). */
  name?: string;
  ownerId?: string;
  /** Only spaces where the principal holds one of these roles (or that they own). */
  roles: readonly RoleType[];
  /** Only spaces the principal may publish to (`action=publish`). */
  publishable: boolean;
  filter?: string;
  sort?: string;
  limit: number;
  next?: string;
  prev?: string;
}

const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`).replace(/\*/g, '%')}%`;

function listSpaces(db: Db, q: SpaceListQuery): CursorPage<SpaceRow> {
  const { principal } = q;
  const where: { sql: string; params: unknown[] }[] = [];
  const visible = visibleSpacesListSql(db, principal);
  if (visible) where.push(visible);
  if (q.types.length) where.push({ sql: `s.type IN (${q.types.map(() => '?').join(', ')})`, params: [...q.types] });
  if (q.name) where.push({ sql: "s.name LIKE ? ESCAPE '\\'", params: [likeContains(q.name)] });
  if (q.ownerId) where.push({ sql: 's.owner_id = ?', params: [q.ownerId] });
  const assignees = [principal.userId, ...principal.groupIds];
  const heldRoles = (roles: readonly string[]) => ({
    sql: `(s.owner_id = ? OR EXISTS (SELECT 1 FROM space_assignments a, json_each(a.roles) j
           WHERE a.space_id = s.id AND a.assignee_id IN (${assignees.map(() => '?').join(', ')})
             AND j.value IN (${roles.map(() => '?').join(', ')})))`,
    params: [principal.userId, ...assignees, ...roles],
  });
  if (q.roles.length) where.push(heldRoles(q.roles));
  if (q.publishable) {
    where.push({ sql: "s.type IN ('managed', 'data')", params: [] }, heldRoles(['publisher', 'facilitator']));
  }
  return cursorList<SpaceRow, SpaceSort>({
    db,
    query: { filter: q.filter, sort: q.sort, limit: q.limit, next: q.next, prev: q.prev, totalResults: true },
    select: 'SELECT s.* FROM spaces s',
    where,
    scim: { id: 's.id', name: 's.name', type: 's.type', ownerId: 's.owner_id' },
    sorts: SPACE_SORTS,
    defaultSort: 'name',
    idColumn: 's.id',
    id: (r) => r.id,
  });
}

/**
 * The spaces repository of a database. A space is stored with its DataFiles connection and its catalog data
 * asset: `create`, `update` and `delete` keep the three rows in step, all or nothing. The tenant builds it once,
 * in createContext; tests that inspect a database build their own.
 */
export function spacesStore(db: Db, runtime: Runtime = SYSTEM_RUNTIME) {
  const { clock, ids } = runtime;
  const byId = db.prepare('SELECT * FROM spaces WHERE id = ?');
  const byName = db.prepare('SELECT * FROM spaces WHERE name = ?');
  const insert = db.prepare(
    `INSERT INTO spaces (id, type, name, description, owner_id, created_at, created_by, updated_at)
     VALUES (@id, @type, @name, @description, @owner_id, @created_at, @created_by, @updated_at)`,
  );
  const update = db.prepare(
    'UPDATE spaces SET name = @name, description = @description, owner_id = @owner_id, updated_at = @updated_at WHERE id = @id',
  );
  const remove = db.prepare('DELETE FROM spaces WHERE id = ?');
  const insertConnection = db.prepare(
    `INSERT INTO data_connections (id, name, q_type, datasource_id, connect_statement, space_id, owner_id, is_datafiles, created, updated)
     VALUES (@id, @name, @type, 'qix-datafiles', @statement, @spaceId, @ownerId, 1, @now, @now)`,
  );
  const renameConnection = db.prepare(
    `UPDATE data_connections SET connect_statement = @statement, owner_id = @ownerId, updated = @now
     WHERE space_id = @spaceId AND is_datafiles = 1`,
  );
  const deleteConnection = db.prepare('DELETE FROM data_connections WHERE space_id = ? AND is_datafiles = 1');
  const dataFilesStore = db.prepare("SELECT id FROM data_stores WHERE name = 'DataFilesStore'");
  const insertAsset = db.prepare(
    `INSERT INTO data_assets (id, name, technical_name, space_id, app_type, data_store_id, owner_id, created_by, created_time, last_modified_by, last_modified_time)
     VALUES (@id, @name, @name, @spaceId, 'QIX-DF', @storeId, @ownerId, @by, @now, @by, @now)`,
  );
  const renameAsset = db.prepare(
    `UPDATE data_assets SET name = @name, technical_name = @name, owner_id = @ownerId, last_modified_by = @by,
       last_modified_time = @now, version = version + 1
     WHERE space_id = @spaceId AND app_type = 'QIX-DF'`,
  );
  const deleteAssets = db.prepare("DELETE FROM data_assets WHERE space_id = ? AND app_type = 'QIX-DF'");
  const assetOf = db.prepare("SELECT * FROM data_assets WHERE space_id = ? AND app_type = 'QIX-DF'");

  const assignmentById = db.prepare('SELECT * FROM space_assignments WHERE space_id = ? AND id = ?');
  const assignmentOf = db.prepare('SELECT * FROM space_assignments WHERE space_id = ? AND assignee_id = ?');
  const assignmentsOf = db.prepare('SELECT * FROM space_assignments WHERE space_id = ? ORDER BY created_at, id');
  const insertAssignment = db.prepare(
    `INSERT INTO space_assignments (id, space_id, type, assignee_id, roles, created_at, created_by, updated_at, updated_by)
     VALUES (@id, @space_id, @type, @assignee_id, @roles, @created_at, @created_by, @updated_at, @updated_by)`,
  );
  const updateAssignment = db.prepare(
    'UPDATE space_assignments SET roles = ?, updated_at = ?, updated_by = ? WHERE space_id = ? AND id = ?',
  );
  const deleteAssignment = db.prepare('DELETE FROM space_assignments WHERE space_id = ? AND id = ?');
  const deleteAssigneeFromSpace = db.prepare(
    'DELETE FROM space_assignments WHERE space_id = ? AND assignee_id = ?',
  );

  const store = {
    byId: (id: string) => byId.get(id) as SpaceRow | undefined,
    byName: (name: string) => byName.get(name) as SpaceRow | undefined,
    dataAssetOf: (spaceId: string) => assetOf.get(spaceId) as Record<string, unknown> | undefined,

    /**
     * Roles each space grants the principal through their own or their groups' assignments, for a whole page of
     * spaces in one query.
     */
    assignedRoles(spaceIds: readonly string[], principal: SpacePrincipal): Map<string, Set<RoleType>> {
      const out = new Map<string, Set<RoleType>>();
      if (!spaceIds.length) return out;
      const assignees = [principal.userId, ...principal.groupIds];
      const rows = db
        .prepare(
          `SELECT space_id, roles FROM space_assignments
           WHERE space_id IN (${spaceIds.map(() => '?').join(', ')}) AND assignee_id IN (${assignees.map(() => '?').join(', ')})`,
        )
        .all(...spaceIds, ...assignees) as Pick<AssignmentRow, 'space_id' | 'roles'>[];
      for (const row of rows) {
        const set = out.get(row.space_id) ?? new Set<RoleType>();
        for (const role of parseRoles(row)) set.add(role);
        out.set(row.space_id, set);
      }
      return out;
    },

    /** The space and what the principal may do there; undefined when it does not exist or is not visible. */
    access(spaceId: string, principal: SpacePrincipal): { space: SpaceRow; access: SpaceAccess } | undefined {
      return store.accessMany([spaceId], principal).get(spaceId);
    },

    /** `access` for a page of spaces in two queries; spaces that do not exist or are not visible are left out. */
    accessMany(
      spaceIds: readonly string[],
      principal: SpacePrincipal,
    ): Map<string, { space: SpaceRow; access: SpaceAccess }> {
      const out = new Map<string, { space: SpaceRow; access: SpaceAccess }>();
      const unique = [...new Set(spaceIds)];
      if (!unique.length) return out;
      const rows =
        unique.length === 1
          ? [store.byId(unique[0]!)].filter((row) => row !== undefined)
          : (db
              .prepare(`SELECT * FROM spaces WHERE id IN (${unique.map(() => '?').join(', ')})`)
              .all(...unique) as SpaceRow[]);
      const visibleType = (space: SpaceRow) => !principal.types || principal.types.includes(space.type);
      const candidates = rows.filter(visibleType);
      const assignedBySpace = store.assignedRoles(
        candidates.map((space) => space.id),
        principal,
      );
      for (const space of candidates) {
        const assigned = assignedBySpace.get(space.id) ?? new Set<RoleType>();
        if (!principal.seesAll && space.owner_id !== principal.userId && assigned.size === 0) continue;
        out.set(space.id, { space, access: accessOf(space, principal, assigned) });
      }
      return out;
    },

    /** A new space with its DataFiles connection and its catalog data asset, all or nothing. */
    create(input: {
      type: SpaceType;
      name: string;
      description?: string;
      ownerId: string;
      createdBy: string;
    }): SpaceRow {
      const now = clock.iso();
      const row: SpaceRow = {
        id: ids.objectId(),
        type: input.type,
        name: input.name,
        description: input.description ?? '',
        owner_id: input.ownerId,
        created_at: now,
        created_by: input.createdBy,
        updated_at: now,
      };
      db.transaction(() => {
        insert.run(row);
        insertConnection.run({
          id: ids.uuid(),
          name: DATAFILES_NAME,
          type: DATAFILES_TYPE,
          statement: dataFilesStatement(row.name),
          spaceId: row.id,
          ownerId: row.owner_id,
          now,
        });
        const storeRow = dataFilesStore.get() as { id: string };
        insertAsset.run({
          id: ids.objectId(),
          name: row.name,
          spaceId: row.id,
          storeId: storeRow.id,
          ownerId: row.owner_id,
          by: input.createdBy,
          now,
        });
      })();
      return row;
    },

    /** Renames follow through to the DataFiles connection and the data asset; a new owner drops their assignment. */
    update(
      space: SpaceRow,
      changes: { name?: string; description?: string; ownerId?: string },
      by: string,
    ): SpaceRow {
      const now = clock.iso();
      const next: SpaceRow = {
        ...space,
        name: changes.name ?? space.name,
        description: changes.description ?? space.description,
        owner_id: changes.ownerId ?? space.owner_id,
        updated_at: now,
      };
      db.transaction(() => {
        update.run(next);
        if (next.name !== space.name || next.owner_id !== space.owner_id) {
          renameConnection.run({
            spaceId: space.id,
            statement: dataFilesStatement(next.name),
            ownerId: next.owner_id,
            now,
          });
          renameAsset.run({ spaceId: space.id, name: next.name, ownerId: next.owner_id, by, now });
        }
        if (next.owner_id !== space.owner_id) deleteAssigneeFromSpace.run(space.id, next.owner_id);
      })();
      return next;
    },

    /** Deletes a space with its DataFiles connection and data asset. Whether it may go is the caller's business. */
    delete(spaceId: string): void {
      db.transaction(() => {
        deleteConnection.run(spaceId);
        deleteAssets.run(spaceId);
        remove.run(spaceId);
      })();
    },

    assignment: (spaceId: string, id: string) => assignmentById.get(spaceId, id) as AssignmentRow | undefined,
    assignmentOf: (spaceId: string, assigneeId: string) =>
      assignmentOf.get(spaceId, assigneeId) as AssignmentRow | undefined,
    /** Every member of a space, oldest first. */
    assignmentsOf: (spaceId: string) => assignmentsOf.all(spaceId) as AssignmentRow[],

    /** One page of the spaces a principal sees, filtered as the spaces list is, with the total count. */
    list: (q: SpaceListQuery): CursorPage<SpaceRow> => listSpaces(db, q),

    /** One page of a space's members. */
    listAssignments(q: {
      spaceId: string;
      type?: 'user' | 'group' | 'bot';
      assigneeId?: string;
      limit: number;
      next?: string;
      prev?: string;
    }): CursorPage<AssignmentRow> {
      const where = [{ sql: 'a.space_id = ?', params: [q.spaceId] as unknown[] }];
      if (q.type) where.push({ sql: 'a.type = ?', params: [q.type] });
      if (q.assigneeId) where.push({ sql: 'a.assignee_id = ?', params: [q.assigneeId] });
      return cursorList<AssignmentRow, 'createdAt'>({
        db,
        query: { limit: q.limit, next: q.next, prev: q.prev, totalResults: true },
        select: 'SELECT a.* FROM space_assignments a',
        where,
        scim: {},
        sorts: { createdAt: { column: 'a.created_at', value: (r) => r.created_at } },
        defaultSort: 'createdAt',
        idColumn: 'a.id',
        id: (r) => r.id,
      });
    },

    addAssignment(input: {
      spaceId: string;
      type: 'user' | 'group';
      assigneeId: string;
      roles: RoleType[];
      by: string;
    }): AssignmentRow {
      const now = clock.iso();
      const row: AssignmentRow = {
        id: ids.objectId(),
        space_id: input.spaceId,
        type: input.type,
        assignee_id: input.assigneeId,
        roles: JSON.stringify(input.roles),
        created_at: now,
        created_by: input.by,
        updated_at: now,
        updated_by: input.by,
      };
      insertAssignment.run(row);
      return row;
    },

    setAssignmentRoles(row: AssignmentRow, roles: RoleType[], by: string): AssignmentRow {
      const now = clock.iso();
      updateAssignment.run(JSON.stringify(roles), now, by, row.space_id, row.id);
      return { ...row, roles: JSON.stringify(roles), updated_at: now, updated_by: by };
    },

    deleteAssignment: (spaceId: string, id: string) => deleteAssignment.run(spaceId, id).changes > 0,
  };
  return store;
}

export type SpacesStore = ReturnType<typeof spacesStore>;
