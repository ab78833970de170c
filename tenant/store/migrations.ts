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
  // 3: data files (content lives in <dataDir>/blobs, addressed by SHA-256) and temp-contents uploads
  `
  CREATE TABLE data_files (
    id TEXT PRIMARY KEY,
    -- space id, or 'personal:<userId>' for a personal space; names are unique per space_key
    space_key TEXT NOT NULL,
    space_id TEXT REFERENCES spaces (id),
    name TEXT NOT NULL,
    base_name TEXT NOT NULL,
    parent_id TEXT REFERENCES data_files (id),
    folder INTEGER NOT NULL DEFAULT 0,
    internal INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT,
    owner_id TEXT NOT NULL,
    app_id TEXT,
    created_date TEXT NOT NULL,
    modified_date TEXT NOT NULL,
    content_updated_date TEXT
  );
  CREATE UNIQUE INDEX data_files_unique_name ON data_files (space_key, name COLLATE NOCASE);
  CREATE INDEX data_files_name ON data_files (space_key, name, id);
  CREATE INDEX data_files_parent ON data_files (parent_id);
  CREATE INDEX data_files_owner ON data_files (owner_id, size);
  CREATE INDEX data_files_sha ON data_files (sha256);
  CREATE TABLE temp_contents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('simple', 'tus')),
    name TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    complete INTEGER NOT NULL DEFAULT 0,
    ttl_seconds INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    purged INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX temp_contents_expiry ON temp_contents (purged, expires_at);
  `,
  // 4: catalog data sets, one per data file (schema and profile inferred asynchronously, kept as JSON), and the
  // per-user "Personal" data assets (space_id NULL, one per owner, created with the user's first personal data set)
  `
  CREATE TABLE data_sets (
    id TEXT PRIMARY KEY,
    -- the set's id in the items API (Qlik's items have their own ids)
    item_id TEXT NOT NULL UNIQUE,
    -- the set lives and dies with its file, even when a change event is lost
    file_id TEXT NOT NULL UNIQUE REFERENCES data_files (id) ON DELETE CASCADE,
    data_asset_id TEXT NOT NULL,
    -- space id, or 'personal:<userId>' (as data_files.space_key)
    space_key TEXT NOT NULL,
    space_id TEXT,
    name TEXT NOT NULL,
    technical_name TEXT NOT NULL,
    type TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    properties TEXT NOT NULL DEFAULT '{}',
    connection_id TEXT,
    created_by TEXT NOT NULL,
    created_time TEXT NOT NULL,
    last_modified_by TEXT NOT NULL,
    last_modified_time TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    -- the content the schema describes; a different sha256 on the file means the schema is out of date
    sha256 TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    content_updated TEXT,
    -- bumped whenever the schema must be inferred again; an inference result for an older generation is dropped
    generation INTEGER NOT NULL DEFAULT 1,
    profile_status TEXT NOT NULL DEFAULT 'QUEUED',
    row_count INTEGER,
    schema_json TEXT,
    additional_schemas_json TEXT,
    profile_json TEXT,
    inferred_time TEXT
  );
  CREATE INDEX data_sets_asset_name ON data_sets (data_asset_id, name COLLATE NOCASE, id);
  CREATE INDEX data_sets_space ON data_sets (space_key, name COLLATE NOCASE);
  CREATE INDEX data_sets_name ON data_sets (name COLLATE NOCASE, id);
  CREATE INDEX data_sets_created ON data_sets (created_time, id);
  CREATE INDEX data_sets_pending ON data_sets (profile_status) WHERE profile_status IN ('QUEUED', 'RUNNING');
  CREATE UNIQUE INDEX data_assets_personal ON data_assets (owner_id) WHERE space_id IS NULL;
  `,
  // 5: list orders SQLite can walk and stop at the limit instead of sorting every row: the tenant-wide data-files
  // sorts the console offers (name, size, modified date), a folder's direct items by name and by modified date (the
  // root is parent_id IS NULL), and a whole space by modified date
  `
  CREATE INDEX data_files_all_name ON data_files (name, id);
  CREATE INDEX data_files_all_size ON data_files (size, id);
  CREATE INDEX data_files_all_modified ON data_files (modified_date, id);
  CREATE INDEX data_files_folder_name ON data_files (space_key, parent_id, name, id);
  CREATE INDEX data_files_folder_modified ON data_files (space_key, parent_id, modified_date, id);
  CREATE INDEX data_files_space_modified ON data_files (space_key, modified_date, id);
  `,
  // 6: the spaces page's filters (one type, one owner) in each order it sorts by, so that a filtered first page of
  // a large tenant walks an index and stops at the limit instead of sorting every space of that type or owner
  `
  CREATE INDEX spaces_type_name ON spaces (type, name COLLATE NOCASE, id);
  CREATE INDEX spaces_type_created ON spaces (type, created_at, id);
  CREATE INDEX spaces_owner_name ON spaces (owner_id, name COLLATE NOCASE, id);
  CREATE INDEX spaces_owner_created ON spaces (owner_id, created_at, id);
  CREATE INDEX spaces_owner_type ON spaces (owner_id, type, id);
  `,
  // 7: system groups (Qlik's Everyone, id 000000000000000000000001): listed only with ?systemGroups=true; every user is
  // in it without a membership row, so roles given to it count for everyone
  `
  ALTER TABLE groups ADD COLUMN system INTEGER NOT NULL DEFAULT 0;
  INSERT INTO groups (id, name, description, provider_type, status, created_at, last_updated_at, created_by, system)
  VALUES ('000000000000000000000001', 'com.qlik.Everyone', 'Every user of the tenant', 'custom', 'active',
          strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL, 1);
  `,
  // 8: the audit trail: Qlik's audit events, written in the same transaction as the change they record; events past
  // the retention move to the archive (kept for the tenant's lifetime), listed by day
  `
  CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    event_type_version TEXT NOT NULL,
    event_time TEXT NOT NULL,
    source TEXT NOT NULL,
    user_id TEXT,
    -- what the event is about, for a resource's Activity (the console filters the documented API; these serve it)
    resource_type TEXT,
    resource_id TEXT,
    space_id TEXT,
    data TEXT NOT NULL,
    extensions TEXT NOT NULL
  );
  CREATE INDEX audit_events_time ON audit_events (event_time, id);
  CREATE INDEX audit_events_type ON audit_events (event_type, event_time, id);
  CREATE INDEX audit_events_source ON audit_events (source, event_time, id);
  CREATE INDEX audit_events_user ON audit_events (user_id, event_time, id);
  CREATE INDEX audit_events_type_sort ON audit_events (event_type, id);
  CREATE INDEX audit_events_source_sort ON audit_events (source, id);
  CREATE INDEX audit_events_resource ON audit_events (resource_id, event_time, id);
  CREATE TABLE audit_archive (
    day TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    event_type_version TEXT NOT NULL,
    event_time TEXT NOT NULL,
    source TEXT NOT NULL,
    user_id TEXT,
    data TEXT NOT NULL,
    extensions TEXT NOT NULL
  );
  CREATE INDEX audit_archive_day ON audit_archive (day, event_time);
  -- the distinct types and sources ever recorded, so /audits/types and /audits/sources read a handful of rows
  CREATE TABLE audit_event_types (name TEXT PRIMARY KEY) WITHOUT ROWID;
  CREATE TABLE audit_sources (name TEXT PRIMARY KEY) WITHOUT ROWID;
  `,
  // 9: API keys (#12): only a SHA-256 of each token is kept; a key goes with its user. Every user may make keys
  // (Qlik's "Manage API keys" permission, the api-keys role scope, is in userDefault by default)
  `
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    sub TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sub_type TEXT NOT NULL DEFAULT 'user',
    expiry TEXT NOT NULL,
    created_by_user TEXT NOT NULL,
    created TEXT NOT NULL,
    last_updated TEXT NOT NULL,
    token_hash TEXT NOT NULL
  );
  CREATE INDEX api_keys_created ON api_keys (created, id);
  CREATE INDEX api_keys_sub_created ON api_keys (sub, created, id);
  UPDATE roles SET assigned_scopes = json_insert(assigned_scopes, '$[#]', 'api-keys')
  WHERE name = 'userDefault' AND NOT EXISTS (SELECT 1 FROM json_each(roles.assigned_scopes) WHERE value = 'api-keys');
  `,
  // Schema versions of data sets (#14): one row per inferred content of a set (its `generation`), with the
  // fields' names and types, when the content came and who brought it. Sets already profiled start at version 1.
  `
  CREATE TABLE data_set_schema_versions (
    data_set_id TEXT NOT NULL REFERENCES data_sets (id) ON DELETE CASCADE,
    generation INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_time TEXT NOT NULL,
    row_count INTEGER,
    size INTEGER NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (data_set_id, generation)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX data_set_schema_versions_order ON data_set_schema_versions (data_set_id, version);
  INSERT INTO data_set_schema_versions
    SELECT ds.id, ds.generation, 1, f.owner_id, COALESCE(ds.content_updated, ds.created_time), ds.row_count, ds.size,
      (SELECT json_group_array(json_object('name', json_extract(d.value, '$.name'),
                                           'type', json_extract(d.value, '$.dataType.type')))
       FROM json_each(ds.schema_json, '$.dataFields') d)
    FROM data_sets ds JOIN data_files f ON f.id = ds.file_id
    WHERE ds.profile_status = 'FINISHED' AND ds.schema_json IS NOT NULL;
  `,
  // apps (#14): Qlik Sense apps as far as the console sees them (name, space, owner, load script). A script's
  // lib:// references are kept as written (space name, connection name, path) and resolved when asked, as Qlik's
  // engine resolves them at reload: a renamed space or a file uploaded later changes what they name
  `
  CREATE TABLE apps (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- space id, or 'personal:<ownerId>' (as data_files.space_key)
    space_key TEXT NOT NULL,
    space_id TEXT,
    owner_id TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_time TEXT NOT NULL,
    last_modified_by TEXT NOT NULL,
    last_modified_time TEXT NOT NULL
  );
  CREATE INDEX apps_space ON apps (space_key, name COLLATE NOCASE);
  CREATE INDEX apps_name ON apps (name COLLATE NOCASE, id);
  CREATE INDEX apps_created ON apps (created_time, id);
  CREATE INDEX apps_updated ON apps (last_modified_time, id);
  CREATE TABLE app_scripts (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    script TEXT NOT NULL,
    version_message TEXT NOT NULL DEFAULT '',
    modifier_id TEXT NOT NULL,
    modified_time TEXT NOT NULL,
    seq INTEGER NOT NULL
  );
  CREATE INDEX app_scripts_app ON app_scripts (app_id, seq);
  -- the references of each app's current script
  CREATE TABLE app_references (
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('CONNECT', 'LOAD', 'STORE')),
    space_name TEXT,
    connection_name TEXT NOT NULL,
    path TEXT,
    text TEXT NOT NULL,
    PRIMARY KEY (app_id, ordinal)
  );
  CREATE INDEX app_references_path ON app_references (path COLLATE NOCASE);
  CREATE INDEX app_references_connection ON app_references (connection_name COLLATE NOCASE);
  `,
  // OAuth clients made through the API (#12): served to oidc-provider by the SQLite adapter's Client model; their
  // secrets are kept as salted SHA-256 hashes only, at most 5 per client, named by a hint
  `
  CREATE TABLE oauth_clients (
    client_id TEXT PRIMARY KEY,
    app_type TEXT NOT NULL,
    client_name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    client_uri TEXT NOT NULL DEFAULT '',
    logo_uri TEXT NOT NULL DEFAULT '',
    redirect_uris TEXT NOT NULL DEFAULT '[]',
    allowed_origins TEXT NOT NULL DEFAULT '[]',
    allowed_scopes TEXT NOT NULL DEFAULT '[]',
    allowed_grant_types TEXT NOT NULL DEFAULT '[]',
    allowed_auth_methods TEXT NOT NULL DEFAULT '[]',
    consent_method TEXT NOT NULL DEFAULT 'required',
    owner_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX oauth_clients_created ON oauth_clients (created_at, client_id);
  CREATE TABLE oauth_client_secrets (
    client_id TEXT NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    hint TEXT NOT NULL,
    salt TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    PRIMARY KEY (client_id, hint)
  );
  `,
];
