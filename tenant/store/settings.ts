import type { Db } from './db';

/** Tenant-wide secrets and settings that are made once and kept (signing and cookie secrets, the vault key). */
export function settingsStore(db: Db) {
  const byKey = db.prepare('SELECT value FROM settings WHERE key = ?');
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get: (key: string) => (byKey.get(key) as { value: string } | undefined)?.value,

    /** The setting's value, made by `make` and stored the first time it is asked for. */
    ensure(key: string, make: () => string): string {
      const stored = byKey.get(key) as { value: string } | undefined;
      if (stored) return stored.value;
      const value = make();
      insert.run(key, value);
      return value;
    },

    /** Stores a setting that changes (a tenant configuration). */
    put: (key: string, value: string) => void upsert.run(key, value),
  };
}

export type SettingsStore = ReturnType<typeof settingsStore>;
