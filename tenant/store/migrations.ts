/**
 * Schema migrations, applied in order once each (PRAGMA user_version counts them).
 * Append new entries; never edit one that has shipped.
 */
export const migrations: string[] = [
  // 1: tenant, identities, roles and the OAuth server's storage
  `
  CREATE TABLE tenant (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    hostname TEXT NOT NULL,
    region TEXT NOT NULL,
    datacenter TEXT NOT NULL,
    status TEXT NOT NULL,
    created TEXT NOT NULL,
    last_updated TEXT NOT NULL,
    created_by_user TEXT
  );
  CREATE TABLE roles (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('default', 'custom')),
    level TEXT NOT NULL CHECK (level IN ('admin', 'user')),
    assigned_scopes TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    last_updated_at TEXT NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    picture TEXT,
    locale TEXT,
    zoneinfo TEXT,
    created_at TEXT NOT NULL,
    last_updated_at TEXT NOT NULL,
    is_service INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX users_name ON users (name COLLATE NOCASE, id);
  CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
  );
  CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT,
    provider_type TEXT NOT NULL DEFAULT 'custom',
    status TEXT NOT NULL DEFAULT 'active',
    created_at TEXT NOT NULL,
    last_updated_at TEXT NOT NULL,
    created_by TEXT
  );
  CREATE INDEX groups_name ON groups (name COLLATE NOCASE, id);
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX group_members_user ON group_members (user_id);
  CREATE TABLE group_roles (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, role_id)
  );
  CREATE TABLE oauth_store (
    model TEXT NOT NULL,
    id TEXT NOT NULL,
    payload TEXT NOT NULL,
    grant_id TEXT,
    uid TEXT,
    user_code TEXT,
    expires_at INTEGER,
    consumed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (model, id)
  );
  CREATE INDEX oauth_store_grant ON oauth_store (grant_id);
  CREATE INDEX oauth_store_uid ON oauth_store (model, uid);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: spaces and their members, data connections (secrets encrypted), the catalog's DataFiles store and assets
  `
  CREATE TABLE spaces (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('shared', 'managed', 'data')),
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    owner_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX spaces_name ON spaces (name COLLATE NOCASE, id);
  CREATE INDEX spaces_type ON spaces (type, id);
  CREATE INDEX spaces_created ON spaces (created_at, id);
  CREATE INDEX spaces_owner ON spaces (owner_id);
  CREATE TABLE space_assignments (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('user', 'group')),
    assignee_id TEXT NOT NULL,
    roles TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (space_id, assignee_id)
  );
  CREATE INDEX space_assignments_assignee ON space_assignments (assignee_id, space_id);
  CREATE INDEX space_assignments_page ON space_assignments (space_id, created_at, id);
  CREATE TABLE data_connections (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    q_type TEXT NOT NULL,
    datasource_id TEXT NOT NULL,
    connect_statement TEXT NOT NULL,
    architecture INTEGER NOT NULL DEFAULT 0,
    log_on INTEGER NOT NULL DEFAULT 0,
    separate_credentials INTEGER NOT NULL DEFAULT 0,
    properties TEXT NOT NULL DEFAULT '{}',
    secrets TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    space_id TEXT REFERENCES spaces (id),
    owner_id TEXT NOT NULL,
    is_datafiles INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
  );
  -- names are unique per space, and per owner for personal connections
  CREATE UNIQUE INDEX data_connections_name ON data_connections (COALESCE(space_id, 'personal:' || owner_id), name COLLATE NOCASE);
  CREATE INDEX data_connections_space ON data_connections (space_id, is_datafiles);
  CREATE INDEX data_connections_owner ON data_connections (owner_id);
  CREATE TABLE data_stores (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    technical_name TEXT NOT NULL,
    type TEXT NOT NULL,
    created_time TEXT NOT NULL,
    last_modified_time TEXT NOT NULL
  );
  INSERT INTO data_stores (id, name, technical_name, type, created_time, last_modified_time)
    VALUES (lower(hex(randomblob(12))), 'DataFilesStore', 'DataFilesStore', 'qix-datafiles',
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  CREATE TABLE data_assets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    technical_name TEXT NOT NULL,
    space_id TEXT REFERENCES spaces (id),
    app_type TEXT NOT NULL,
    data_store_id TEXT NOT NULL REFERENCES data_stores (id),
    owner_id TEXT,
    created_by TEXT,
    created_time TEXT NOT NULL,
    last_modified_by TEXT,
    last_modified_time TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX data_assets_space ON data_assets (space_id);
  CREATE INDEX data_assets_store ON data_assets (data_store_id);
  `,
];
