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
];
