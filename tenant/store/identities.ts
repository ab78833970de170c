import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Db } from './db';
import { SYSTEM_RUNTIME, type Runtime } from '../runtime';
import { cursorList, type CursorListQuery, type CursorPage } from '../http/list';
import { attributesIn, conjunctsOf, scimFail, type ScimColumns, type ScimNode } from '../http/scim';

export interface UserRow {
  id: string;
  subject: string;
  name: string;
  email: string;
  status: 'active' | 'invited' | 'disabled' | 'deleted' | 'provisioned';
  picture: string | null;
  locale: string | null;
  zoneinfo: string | null;
  created_at: string;
  last_updated_at: string;
  is_service: number;
}

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  type: 'default' | 'custom';
  level: 'admin' | 'user';
  assigned_scopes: string;
  created_at: string;
  last_updated_at: string;
}

/** Qlik's Everyone group: every user belongs to it. */
export const EVERYONE_GROUP_ID = '000000000000000000000001';

export interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  provider_type: 'idp' | 'custom';
  status: 'active' | 'disabled';
  created_at: string;
  last_updated_at: string;
  created_by: string | null;
  system: number;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

function passwordMatches(stored: string, password: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(expected, actual);
}

export const USER_COLUMNS =
  'u.id, u.subject, u.name, u.email, u.status, u.picture, u.locale, u.zoneinfo, u.created_at, u.last_updated_at, u.is_service';

const EQ = ['eq'] as const;
const EQ_CO = ['eq', 'co'] as const;
/** Effective role ids of `u` (direct, through groups, and the userDefault role every user has). */
const EFFECTIVE_ROLE_IDS = `SELECT role_id FROM user_roles WHERE user_id = u.id
  UNION SELECT gr.role_id FROM group_roles gr JOIN group_members gm ON gm.group_id = gr.group_id WHERE gm.user_id = u.id
  UNION SELECT id FROM roles WHERE name = 'userDefault'`;

/**
 * The users list's filter, as @qlik/api documents it: `eq` on id, subject, name, email, status, clientId,
 * assignedRoles.id/name, assignedGroups.id, assignedGroupsAssignedRoles.name and assignedScopes; `co` on name, email
 * and subject. assignedRoles are the user's own roles (as in the User shape); assignedScopes the effective ones.
 */
const USER_FILTER: ScimColumns = {
  id: { column: 'u.id', operators: EQ },
  subject: { column: 'u.subject', operators: EQ_CO },
  name: { column: 'u.name', operators: EQ_CO },
  email: { column: 'u.email', operators: EQ_CO },
  status: { column: 'u.status', operators: EQ },
  // Users of this tenant are never created by an OAuth client, so no user matches a clientId.
  clientId: { column: 'NULL', operators: EQ },
  'assignedRoles.id': {
    column: 'r.id',
    operators: EQ,
    exists: (c) => `EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND ${c})`,
  },
  'assignedRoles.name': {
    column: 'r.name',
    operators: EQ,
    exists: (c) => `EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND ${c})`,
  },
  'assignedGroups.id': {
    column: 'gm.group_id',
    operators: EQ,
    exists: (c) => `EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = u.id AND ${c})`,
  },
  'assignedGroupsAssignedRoles.name': {
    column: 'r.name',
    operators: EQ,
    exists: (c) =>
      `EXISTS (SELECT 1 FROM group_members gm JOIN group_roles gr ON gr.group_id = gm.group_id JOIN roles r ON r.id = gr.role_id WHERE gm.user_id = u.id AND ${c})`,
  },
  assignedScopes: {
    column: 's.value',
    operators: EQ,
    exists: (c) => `EXISTS (SELECT 1 FROM roles r, json_each(r.assigned_scopes) s WHERE r.id IN (${EFFECTIVE_ROLE_IDS}) AND ${c})`,
  },
};

/** Qlik: "Any filters for status must be grouped together and applied to the whole query." */
function statusClausesGrouped(filter: ScimNode): void {
  for (const conjunct of conjunctsOf(filter)) {
    const attributes = attributesIn(conjunct);
    if (attributes.includes('status') && attributes.some((a) => a !== 'status')) {
      scimFail(
        'filters on status must be grouped together and applied to the whole query, e.g. (name eq "Bob" or name eq "Alice") and (status eq "active" or status eq "disabled")',
      );
    }
  }
}

/** The identities repository (users, groups, roles) of a database; the tenant builds it once, in createContext. */
export function identities(db: Db, runtime: Runtime = SYSTEM_RUNTIME) {
  const { clock, ids } = runtime;
  const userById = db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`);
  const userBySubject = db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.subject = ?`);
  const userByEmail = db.prepare(`SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = ?`);
  const rolesOfUser = db.prepare(
    `SELECT r.* FROM roles r WHERE r.id IN (
       SELECT role_id FROM user_roles WHERE user_id = ?
       UNION SELECT gr.role_id FROM group_roles gr JOIN group_members gm ON gm.group_id = gr.group_id WHERE gm.user_id = ?
       UNION SELECT role_id FROM group_roles WHERE group_id = '${EVERYONE_GROUP_ID}')
     ORDER BY r.name`,
  );
  const directRolesOfUser = db.prepare(
    'SELECT r.* FROM roles r JOIN user_roles ur ON ur.role_id = r.id WHERE ur.user_id = ? ORDER BY r.name',
  );
  const groupsOfUser = db.prepare(
    'SELECT g.* FROM groups g JOIN group_members gm ON gm.group_id = g.id WHERE gm.user_id = ? ORDER BY g.name',
  );
  const rolesOfGroup = db.prepare(
    'SELECT r.* FROM roles r JOIN group_roles gr ON gr.role_id = r.id WHERE gr.group_id = ? ORDER BY r.name',
  );
  const groupById = db.prepare('SELECT * FROM groups WHERE id = ?');
  const groupByName = db.prepare('SELECT * FROM groups WHERE name = ?');
  const roleByName = db.prepare('SELECT * FROM roles WHERE name = ?');
  const insertUser = db.prepare(
    `INSERT INTO users (id, subject, name, email, password_hash, status, created_at, last_updated_at, is_service)
     VALUES (@id, @subject, @name, @email, @passwordHash, 'active', @now, @now, @isService)`,
  );
  const insertRole = db.prepare(
    `INSERT INTO roles (id, name, description, type, level, assigned_scopes, created_at, last_updated_at)
     VALUES (@id, @name, @description, @type, @level, @scopes, @now, @now)`,
  );
  const insertGroup = db.prepare(
    `INSERT INTO groups (id, name, description, provider_type, status, created_at, last_updated_at, created_by)
     VALUES (@id, @name, @description, @providerType, 'active', @now, @now, @createdBy)`,
  );
  const assignUserRole = db.prepare('INSERT OR IGNORE INTO user_roles (user_id, role_id) VALUES (?, ?)');
  const assignGroupRole = db.prepare('INSERT OR IGNORE INTO group_roles (group_id, role_id) VALUES (?, ?)');
  const addMember = db.prepare('INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)');

  return {
    userById: (id: string) => userById.get(id) as UserRow | undefined,
    userBySubject: (subject: string) => userBySubject.get(subject) as UserRow | undefined,
    userByEmail(email: string): UserRow | undefined {
      const row = userByEmail.get(email) as (UserRow & { password_hash: string | null }) | undefined;
      if (!row) return undefined;
      const { password_hash: _hash, ...user } = row;
      return user;
    },

    /** Checks a sign-in; undefined for an unknown email, a wrong password or a user who may not sign in. */
    authenticate(email: string, password: string): UserRow | undefined {
      const row = userByEmail.get(email.trim()) as (UserRow & { password_hash: string | null }) | undefined;
      if (!row?.password_hash || row.status !== 'active' || !passwordMatches(row.password_hash, password)) return undefined;
      const { password_hash: _hash, ...user } = row;
      return user;
    },

    /** Effective roles: direct and through groups. */
    rolesOf: (userId: string) => rolesOfUser.all(userId, userId) as RoleRow[],
    directRolesOf: (userId: string) => directRolesOfUser.all(userId) as RoleRow[],
    groupsOf: (userId: string) => groupsOfUser.all(userId) as GroupRow[],
    rolesOfGroup: (groupId: string) => rolesOfGroup.all(groupId) as RoleRow[],
    groupById: (id: string) => groupById.get(id) as GroupRow | undefined,
    groupByName: (name: string) => groupByName.get(name) as GroupRow | undefined,
    roleByName: (name: string) => roleByName.get(name) as RoleRow | undefined,

    /** A page of users (not the service account), SCIM-filtered and sorted as Qlik's users list. */
    listUsers: (query: CursorListQuery): CursorPage<UserRow> =>
      cursorList<UserRow, 'name' | 'email' | 'status' | 'createdAt' | 'id' | '_id' | 'subject'>({
        db,
        query,
        select: `SELECT ${USER_COLUMNS} FROM users u`,
        where: [{ sql: 'u.is_service = 0', params: [] }],
        scim: USER_FILTER,
        scimOptions: { validate: statusClausesGrouped },
        sorts: {
          name: { column: 'u.name COLLATE NOCASE', value: (r) => r.name },
          email: { column: 'u.email COLLATE NOCASE', value: (r) => r.email },
          status: { column: 'u.status', value: (r) => r.status },
          createdAt: { column: 'u.created_at', value: (r) => r.created_at },
          subject: { column: 'u.subject', value: (r) => r.subject },
          id: { column: 'u.id', value: (r) => r.id },
          _id: { column: 'u.id', value: (r) => r.id },
        },
        defaultSort: 'name',
        idColumn: 'u.id',
        id: (r) => r.id,
      }),

    /** A page of groups: regular ones, or the system groups (Everyone). */
    listGroups: (query: CursorListQuery, system: boolean): CursorPage<GroupRow> =>
      cursorList<GroupRow, 'name' | 'createdAt' | 'id'>({
        db,
        query,
        where: [{ sql: 'g.system = ?', params: [system ? 1 : 0] }],
        select: 'SELECT g.* FROM groups g',
        scim: { id: 'g.id', name: 'g.name', status: 'g.status', providerType: 'g.provider_type', description: 'g.description' },
        sorts: {
          name: { column: 'g.name COLLATE NOCASE', value: (r) => r.name },
          createdAt: { column: 'g.created_at', value: (r) => r.created_at },
          id: { column: 'g.id', value: (r) => r.id },
        },
        defaultSort: 'name',
        idColumn: 'g.id',
        id: (r) => r.id,
      }),

    listRoles: (query: CursorListQuery): CursorPage<RoleRow> =>
      cursorList<RoleRow, 'name' | 'level' | 'type' | 'id'>({
        db,
        query,
        select: 'SELECT r.* FROM roles r',
        scim: { id: 'r.id', name: 'r.name', type: 'r.type', level: 'r.level' },
        sorts: {
          name: { column: 'r.name COLLATE NOCASE', value: (r) => r.name },
          level: { column: 'r.level', value: (r) => r.level },
          type: { column: 'r.type', value: (r) => r.type },
          id: { column: 'r.id', value: (r) => r.id },
        },
        defaultSort: 'name',
        idColumn: 'r.id',
        id: (r) => r.id,
      }),

    createRole(input: { name: string; description: string; type: 'default' | 'custom'; level: 'admin' | 'user'; scopes: string[] }) {
      const id = ids.uid();
      insertRole.run({ id, ...input, scopes: JSON.stringify(input.scopes), now: clock.iso() });
      return id;
    },

    createUser(input: { name: string; email: string; password?: string; roles?: string[]; isService?: boolean; subject?: string }) {
      const id = ids.uid();
      insertUser.run({
        id,
        subject: input.subject ?? `local|${input.email.toLowerCase()}`,
        name: input.name,
        email: input.email,
        passwordHash: input.password ? hashPassword(input.password) : null,
        now: clock.iso(),
        isService: input.isService ? 1 : 0,
      });
      for (const roleName of input.roles ?? []) {
        const role = roleByName.get(roleName) as RoleRow | undefined;
        if (!role) throw new Error(`Unknown role ${roleName}`);
        assignUserRole.run(id, role.id);
      }
      return id;
    },

    createGroup(input: { name: string; description?: string; members?: string[]; roles?: string[]; createdBy?: string }) {
      const id = ids.uid();
      insertGroup.run({
        id,
        name: input.name,
        description: input.description ?? null,
        providerType: 'custom',
        now: clock.iso(),
        createdBy: input.createdBy ?? null,
      });
      for (const userId of input.members ?? []) addMember.run(id, userId);
      for (const roleName of input.roles ?? []) {
        const role = roleByName.get(roleName) as RoleRow | undefined;
        if (!role) throw new Error(`Unknown role ${roleName}`);
        assignGroupRole.run(id, role.id);
      }
      return id;
    },
  };
}

export type Identities = ReturnType<typeof identities>;
