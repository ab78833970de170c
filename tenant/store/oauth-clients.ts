import type { Db } from './db';
import type { Runtime } from '../runtime';
import { compileScim } from '../http/scim';

export type OAuthAppType = 'web' | 'native' | 'spa' | 'anonymous-embed';

export interface OAuthClientRow {
  client_id: string;
  app_type: OAuthAppType;
  client_name: string;
  description: string;
  client_uri: string;
  logo_uri: string;
  /** JSON arrays of strings. */
  redirect_uris: string;
  allowed_origins: string;
  allowed_scopes: string;
  allowed_grant_types: string;
  allowed_auth_methods: string;
  consent_method: 'required' | 'trusted';
  owner_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClientSecretRow {
  client_id: string;
  hint: string;
  salt: string;
  hash: string;
  created_at: string;
  created_by: string | null;
}

/** The fields of a client a create or a change writes (arrays as arrays). */
export interface OAuthClientFields {
  appType: OAuthAppType;
  clientName: string;
  description: string;
  clientUri: string;
  logoUri: string;
  redirectUris: string[];
  allowedOrigins: string[];
  allowedScopes: string[];
  allowedGrantTypes: string[];
  allowedAuthMethods: string[];
  consentMethod: 'required' | 'trusted';
}

const columnsOf = (f: OAuthClientFields) => ({
  appType: f.appType,
  clientName: f.clientName,
  description: f.description,
  clientUri: f.clientUri,
  logoUri: f.logoUri,
  redirectUris: JSON.stringify(f.redirectUris),
  allowedOrigins: JSON.stringify(f.allowedOrigins),
  allowedScopes: JSON.stringify(f.allowedScopes),
  allowedGrantTypes: JSON.stringify(f.allowedGrantTypes),
  allowedAuthMethods: JSON.stringify(f.allowedAuthMethods),
  consentMethod: f.consentMethod,
});

/** The row as fields (what services change and compare). */
export function fieldsOf(row: OAuthClientRow): OAuthClientFields {
  const list = (text: string) => JSON.parse(text) as string[];
  return {
    appType: row.app_type,
    clientName: row.client_name,
    description: row.description,
    clientUri: row.client_uri,
    logoUri: row.logo_uri,
    redirectUris: list(row.redirect_uris),
    allowedOrigins: list(row.allowed_origins),
    allowedScopes: list(row.allowed_scopes),
    allowedGrantTypes: list(row.allowed_grant_types),
    allowedAuthMethods: list(row.allowed_auth_methods),
    consentMethod: row.consent_method,
  };
}

/**
 * OAuth clients made through the API and their hashed secrets. A tenant holds at most a few hundred clients
 * (Qlik's limit is 200), so lists read them all and page in memory.
 */
export function oauthClientsStore(db: Db, { clock }: Runtime) {
  const byId = db.prepare('SELECT * FROM oauth_clients WHERE client_id = ?');
  const all = db.prepare('SELECT * FROM oauth_clients ORDER BY created_at, client_id');
  const count = db.prepare('SELECT COUNT(*) AS n FROM oauth_clients');
  const insert = db.prepare(
    `INSERT INTO oauth_clients (client_id, app_type, client_name, description, client_uri, logo_uri, redirect_uris,
       allowed_origins, allowed_scopes, allowed_grant_types, allowed_auth_methods, consent_method, owner_id, created_at, updated_at)
     VALUES (@clientId, @appType, @clientName, @description, @clientUri, @logoUri, @redirectUris, @allowedOrigins,
       @allowedScopes, @allowedGrantTypes, @allowedAuthMethods, @consentMethod, @ownerId, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE oauth_clients SET client_name = @clientName, description = @description, client_uri = @clientUri,
       logo_uri = @logoUri, redirect_uris = @redirectUris, allowed_origins = @allowedOrigins,
       allowed_scopes = @allowedScopes, allowed_grant_types = @allowedGrantTypes,
       allowed_auth_methods = @allowedAuthMethods, consent_method = @consentMethod, updated_at = @now
     WHERE client_id = @clientId`,
  );
  const remove = db.prepare('DELETE FROM oauth_clients WHERE client_id = ?');
  const secretsOf = db.prepare('SELECT * FROM oauth_client_secrets WHERE client_id = ? ORDER BY created_at, hint');
  const insertSecret = db.prepare(
    `INSERT INTO oauth_client_secrets (client_id, hint, salt, hash, created_at, created_by)
     VALUES (@clientId, @hint, @salt, @hash, @now, @createdBy)`,
  );
  const removeSecret = db.prepare('DELETE FROM oauth_client_secrets WHERE client_id = ? AND hint = ?');
  // Every token, code and grant oidc-provider stored for the client (its payloads name the client).
  const revokeTokens = db.prepare("DELETE FROM oauth_store WHERE json_extract(payload, '$.clientId') = ?");
  const serviceUserStatus = db.prepare('UPDATE users SET status = ?, last_updated_at = ? WHERE subject = ? AND is_service = 1');

  return {
    byId: (clientId: string) => byId.get(clientId) as OAuthClientRow | undefined,
    all: () => all.all() as OAuthClientRow[],
    count: () => (count.get() as { n: number }).n,
    /**
     * The clients a SCIM filter on clientId, clientName, appType, tenantId and createdByType keeps (tenantId and
     * createdByType are the same for every client of this tenant: compared as constants).
     */
    matching(filter: string, tenantId: string): OAuthClientRow[] {
      const { sql, params } = compileScim(filter, {
        clientId: 'client_id',
        clientName: 'client_name',
        appType: 'app_type',
        tenantId: `'${tenantId.replace(/'/g, "''")}'`,
        createdByType: "'user'",
      });
      return db.prepare(`SELECT * FROM oauth_clients WHERE ${sql}`).all(...params) as OAuthClientRow[];
    },
    insert(clientId: string, fields: OAuthClientFields, ownerId: string | null): OAuthClientRow {
      insert.run({ clientId, ...columnsOf(fields), ownerId, now: clock.iso() });
      return byId.get(clientId) as OAuthClientRow;
    },
    update(clientId: string, fields: OAuthClientFields): OAuthClientRow {
      update.run({ clientId, ...columnsOf(fields), now: clock.iso() });
      return byId.get(clientId) as OAuthClientRow;
    },
    remove: (clientId: string) => void remove.run(clientId),
    secretsOf: (clientId: string) => secretsOf.all(clientId) as ClientSecretRow[],
    insertSecret: (row: { clientId: string; hint: string; salt: string; hash: string; createdBy: string | null }) =>
      void insertSecret.run({ ...row, now: clock.iso() }),
    removeSecret: (clientId: string, hint: string) => removeSecret.run(clientId, hint).changes > 0,
    /** Drops the client's tokens, codes and grants: they are refused from the next request on. */
    revokeTokens: (clientId: string) => revokeTokens.run(clientId).changes,
    /** A client's service user stops (or starts again) acting: its tokens are refused while it is not active. */
    setServiceUserStatus: (subject: string, status: 'active' | 'disabled' | 'deleted') =>
      void serviceUserStatus.run(status, clock.iso(), subject),
  };
}

export type OAuthClientsStore = ReturnType<typeof oauthClientsStore>;
