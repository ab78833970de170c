import type { Db } from './db';
import type { Runtime } from '../runtime';
import { EVERYONE_GROUP_ID, USER_COLUMNS, type RoleRow, type UserRow } from './identities';

/** A user's fields the users API changes directly. */
export interface UserFields {
  name?: string;
  status?: UserRow['status'];
  locale?: string;
  zoneinfo?: string;
}

/** What a user owns that stays behind when the user goes. */
export interface OwnedContent {
  spaces: number;
  dataConnections: number;
  dataFiles: number;
}

/**
 * The identities' writes (users, memberships, role assignments, groups' changes); the reads, and the inserts the
 * seeds share (createUser, createGroup), stay in identities.ts.
 * Callers run these inside the service's transaction.
 */
export function identityChanges(db: Db, { clock, ids }: Runtime) {
  const roleById = db.prepare('SELECT * FROM roles WHERE id = ?');
  const insertUser = db.prepare(
    `INSERT INTO users (id, subject, name, email, password_hash, status, picture, created_at, last_updated_at, is_service)
     VALUES (@id, @subject, @name, @email, NULL, @status, @picture, @now, @now, 0)`,
  );
  const userBySubjectOrEmail = db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.subject = ? OR u.email = ?`);
  const clearUserRoles = db.prepare('DELETE FROM user_roles WHERE user_id = ?');
  const addUserRole = db.prepare('INSERT OR IGNORE INTO user_roles (user_id, role_id) VALUES (?, ?)');
  const clearMemberships = db.prepare('DELETE FROM group_members WHERE user_id = ?');
  const addMember = db.prepare('INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)');
  const deleteUser = db.prepare('DELETE FROM users WHERE id = ?');
  const deleteAssignmentsOf = db.prepare('DELETE FROM space_assignments WHERE assignee_id = ?');
  const activeAdmins = db.prepare(
    `SELECT COUNT(*) AS n FROM users u WHERE u.status = 'active' AND u.is_service = 0 AND EXISTS (
       SELECT 1 FROM roles r WHERE r.name = 'TenantAdmin' AND r.id IN (
         SELECT role_id FROM user_roles WHERE user_id = u.id
         UNION SELECT gr.role_id FROM group_roles gr JOIN group_members gm ON gm.group_id = gr.group_id WHERE gm.user_id = u.id
         UNION SELECT role_id FROM group_roles WHERE group_id = '${EVERYONE_GROUP_ID}'))`,
  );
  const owned = db.prepare(
    `SELECT (SELECT COUNT(*) FROM spaces WHERE owner_id = @id) AS spaces,
            (SELECT COUNT(*) FROM data_connections WHERE owner_id = @id AND is_datafiles = 0) AS dataConnections,
            (SELECT COUNT(*) FROM data_files WHERE owner_id = @id AND folder = 0) AS dataFiles`,
  );
  const countUsers = db.prepare('SELECT COUNT(*) AS n FROM users WHERE is_service = 0');
  const clearGroupRoles = db.prepare('DELETE FROM group_roles WHERE group_id = ?');
  const addGroupRole = db.prepare('INSERT OR IGNORE INTO group_roles (group_id, role_id) VALUES (?, ?)');
  const deleteGroup = db.prepare('DELETE FROM groups WHERE id = ?');
  const deleteGroupAssignments = db.prepare("DELETE FROM space_assignments WHERE type = 'group' AND assignee_id = ?");
  const memberIds = db.prepare('SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id');

  /** Sets the fields present (typed column names, never input) and stamps last_updated_at. */
  const updateRow = (table: 'users' | 'groups', id: string, fields: object): void => {
    const columns = Object.entries(fields).filter(([, v]) => v !== undefined);
    const sets = [...columns.map(([k]) => `${k} = @${k}`), 'last_updated_at = @now'];
    db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = @id`).run({ ...Object.fromEntries(columns), id, now: clock.iso() });
  };

  return {
    roleById: (id: string) => roleById.get(id) as RoleRow | undefined,
    /** A user that already has this subject or email (a POST /users conflict). */
    userClashing: (subject: string, email: string) => userBySubjectOrEmail.get(subject, email) as UserRow | undefined,

    insertUser(input: { subject: string; name: string; email: string; status: UserRow['status']; picture?: string }): string {
      const id = ids.uid();
      insertUser.run({ id, ...input, picture: input.picture ?? null, now: clock.iso() });
      return id;
    },

    /** Changes the given fields (only those present) and stamps lastUpdatedAt. */
    updateUser: (id: string, fields: UserFields) => updateRow('users', id, fields),

    setUserRoles(userId: string, roleIds: readonly string[]): void {
      clearUserRoles.run(userId);
      for (const roleId of roleIds) addUserRole.run(userId, roleId);
    },

    setUserGroups(userId: string, groupIds: readonly string[]): void {
      clearMemberships.run(userId);
      for (const groupId of groupIds) addMember.run(groupId, userId);
    },

    /** Removes a user with their roles, memberships and space assignments. */
    deleteUser(id: string): void {
      deleteAssignmentsOf.run(id);
      deleteUser.run(id);
    },

    /** Active people (not the service account) holding TenantAdmin directly, through a group or through Everyone. */
    activeTenantAdmins: () => (activeAdmins.get() as { n: number }).n,
    ownedBy: (userId: string) => owned.get({ id: userId }) as OwnedContent,
    countUsers: () => (countUsers.get() as { n: number }).n,

    updateGroup: (id: string, fields: { name?: string; description?: string }) => updateRow('groups', id, fields),

    setGroupRoles(groupId: string, roleIds: readonly string[]): void {
      clearGroupRoles.run(groupId);
      for (const roleId of roleIds) addGroupRole.run(groupId, roleId);
    },

    memberIdsOf: (groupId: string) => (memberIds.all(groupId) as { user_id: string }[]).map((r) => r.user_id),

    /** Removes a group with its memberships, roles and space assignments. */
    deleteGroup(id: string): void {
      deleteGroupAssignments.run(id);
      deleteGroup.run(id);
    },
  };
}

export type IdentityChanges = ReturnType<typeof identityChanges>;
