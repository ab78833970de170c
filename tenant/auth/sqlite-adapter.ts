import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../store/db';

/**
 * oidc-provider storage on SQLite, so that sessions, grants and tokens survive a restart of the tenant and a
 * revoked token is refused at once.
 */
export function sqliteAdapterFactory(db: Db, clients: (clientId: string) => AdapterPayload | undefined = () => undefined) {
  const upsert = db.prepare(
    `INSERT INTO oauth_store (model, id, payload, grant_id, uid, user_code, expires_at, consumed)
     VALUES (@model, @id, @payload, @grantId, @uid, @userCode, @expiresAt, 0)
     ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
       uid = excluded.uid, user_code = excluded.user_code, expires_at = excluded.expires_at`,
  );
  const byId = db.prepare('SELECT payload, consumed, expires_at FROM oauth_store WHERE model = ? AND id = ?');
  const byUid = db.prepare('SELECT payload, consumed, expires_at FROM oauth_store WHERE model = ? AND uid = ?');
  const byUserCode = db.prepare('SELECT payload, consumed, expires_at FROM oauth_store WHERE model = ? AND user_code = ?');
  const consume = db.prepare('UPDATE oauth_store SET consumed = ? WHERE model = ? AND id = ?');
  const destroy = db.prepare('DELETE FROM oauth_store WHERE model = ? AND id = ?');
  const revokeGrant = db.prepare('DELETE FROM oauth_store WHERE grant_id = ?');
  const purge = db.prepare('DELETE FROM oauth_store WHERE expires_at IS NOT NULL AND expires_at < ?');

  const read = (row: unknown): AdapterPayload | undefined => {
    if (!row) return undefined;
    const { payload, consumed, expires_at } = row as { payload: string; consumed: number; expires_at: number | null };
    if (expires_at !== null && expires_at < Date.now()) return undefined;
    const parsed = JSON.parse(payload) as AdapterPayload;
    return consumed ? { ...parsed, consumed } : parsed;
  };

  let writes = 0;

  return class SqliteAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      upsert.run({
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null,
      });
      // Expired rows are dropped now and then instead of on a timer, so the tenant holds no background work.
      if (++writes % 200 === 0) purge.run(Date.now());
    }

    async find(id: string) {
      // Clients made through the API live in their own table (services/oauth-clients.ts); the provider reads them
      // here on every use, so a change or a deletion takes effect at once.
      if (this.model === 'Client') return clients(id);
      return read(byId.get(this.model, id));
    }

    async findByUid(uid: string) {
      return read(byUid.get(this.model, uid));
    }

    async findByUserCode(userCode: string) {
      return read(byUserCode.get(this.model, userCode));
    }

    async consume(id: string): Promise<void> {
      consume.run(Math.floor(Date.now() / 1000), this.model, id);
    }

    async destroy(id: string): Promise<void> {
      destroy.run(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      revokeGrant.run(grantId);
    }
  };
}
