import type { Db } from './db';
import type { SortValue } from '../http/pagination';
import { SYSTEM_RUNTIME, type Runtime } from '../runtime';
import type { ReferenceRelation, ScriptReference } from '../apps/script-references';
import { personalKey } from './data-files';
import type { ItemSort } from './catalog';

/** One app: a space's (or its owner's personal) analytics app as far as its attributes and load script go. */
export interface AppRow {
  id: string;
  item_id: string;
  name: string;
  description: string;
  space_key: string;
  space_id: string | null;
  owner_id: string;
  created_by: string;
  created_time: string;
  last_modified_by: string;
  last_modified_time: string;
}

export interface AppScriptRow {
  id: string;
  app_id: string;
  script: string;
  version_message: string;
  modifier_id: string;
  modified_time: string;
  seq: number;
}

export interface AppReferenceRow {
  app_id: string;
  ordinal: number;
  relation: ReferenceRelation;
  space_name: string | null;
  connection_name: string;
  path: string | null;
  text: string;
}

/** What a dependency question names: a connection of a space (and a file or folder in it, for DataFiles). */
export interface ReferenceTarget {
  /** The space's key (id, or `personal:<userId>`): unqualified references of apps there name it. */
  spaceKey: string;
  /** The space's name (qualified references); null for a personal space, which scripts cannot name. */
  spaceName: string | null;
  connectionName: string;
  /** A file's full name, or a folder's (then every file below it counts). Absent: the whole connection. */
  path?: { name: string; folder: boolean };
  relations?: readonly ReferenceRelation[];
}

export const APP_ITEM_SORTS: Record<ItemSort, { column: string; value: (r: AppRow) => SortValue }> = {
  createdAt: { column: 'a.created_time', value: (r) => r.created_time },
  updatedAt: { column: 'a.last_modified_time', value: (r) => r.last_modified_time },
  name: { column: 'a.name COLLATE NOCASE', value: (r) => r.name },
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The apps repository: apps, their script versions and the references of each app's current script, and the
 * reverse question the lineage and the delete dialogs ask (which apps name this file, folder or connection).
 */
export function appsStore(db: Db, runtime: Runtime = SYSTEM_RUNTIME) {
  const { clock, ids } = runtime;
  const byId = db.prepare('SELECT * FROM apps WHERE id = ?');
  const byItemId = db.prepare('SELECT * FROM apps WHERE item_id = ?');
  const insert = db.prepare(
    `INSERT INTO apps (id, item_id, name, description, space_key, space_id, owner_id, created_by, created_time,
       last_modified_by, last_modified_time)
     VALUES (@id, @item_id, @name, @description, @space_key, @space_id, @owner_id, @created_by, @created_time,
       @last_modified_by, @last_modified_time)`,
  );
  const touch = db.prepare('UPDATE apps SET last_modified_by = ?, last_modified_time = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM apps WHERE id = ?');
  const inSpace = db.prepare('SELECT COUNT(*) AS n FROM apps WHERE space_id = ?');
  const lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM app_scripts WHERE app_id = ?');
  const insertScript = db.prepare(
    `INSERT INTO app_scripts (id, app_id, script, version_message, modifier_id, modified_time, seq)
     VALUES (@id, @app_id, @script, @version_message, @modifier_id, @modified_time, @seq)`,
  );
  const scripts = db.prepare('SELECT * FROM app_scripts WHERE app_id = ? ORDER BY seq DESC');
  const script = db.prepare('SELECT * FROM app_scripts WHERE app_id = ? AND id = ?');
  const current = db.prepare('SELECT * FROM app_scripts WHERE app_id = ? ORDER BY seq DESC LIMIT 1');
  const clearReferences = db.prepare('DELETE FROM app_references WHERE app_id = ?');
  const insertReference = db.prepare(
    `INSERT INTO app_references (app_id, ordinal, relation, space_name, connection_name, path, text)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const references = db.prepare('SELECT * FROM app_references WHERE app_id = ? ORDER BY ordinal');

  return {
    byId: (id: string) => byId.get(id) as AppRow | undefined,
    byItemId: (itemId: string) => byItemId.get(itemId) as AppRow | undefined,
    /** Apps in a space (they keep it from being deleted, as its files do). */
    countInSpace: (spaceId: string) => (inSpace.get(spaceId) as { n: number }).n,

    insert(input: { name: string; description: string; spaceId: string | null; ownerId: string }): AppRow {
      const now = clock.iso();
      const row: AppRow = {
        id: ids.uuid(),
        item_id: ids.objectId(),
        name: input.name,
        description: input.description,
        space_key: input.spaceId ?? personalKey(input.ownerId),
        space_id: input.spaceId,
        owner_id: input.ownerId,
        created_by: input.ownerId,
        created_time: now,
        last_modified_by: input.ownerId,
        last_modified_time: now,
      };
      insert.run(row);
      return row;
    },

    delete: (id: string) => remove.run(id).changes > 0,

    /** A new current script version; its references replace the app's. */
    saveScript(
      app: AppRow,
      input: { script: string; versionMessage: string; modifierId: string; references: ScriptReference[] },
    ): AppScriptRow {
      const now = clock.iso();
      const row: AppScriptRow = {
        id: ids.objectId(),
        app_id: app.id,
        script: input.script,
        version_message: input.versionMessage,
        modifier_id: input.modifierId,
        modified_time: now,
        seq: (lastSeq.get(app.id) as { n: number }).n + 1,
      };
      insertScript.run(row);
      clearReferences.run(app.id);
      input.references.forEach((ref, ordinal) =>
        insertReference.run(app.id, ordinal, ref.relation, ref.spaceName, ref.connectionName, ref.path, ref.text),
      );
      touch.run(input.modifierId, now, app.id);
      return row;
    },

    /** Script versions, newest first. */
    scripts: (appId: string) => scripts.all(appId) as AppScriptRow[],
    /** One version, or the current one for `current`. */
    script: (appId: string, id: string) =>
      (id === 'current' ? current.get(appId) : script.get(appId, id)) as AppScriptRow | undefined,
    references: (appId: string) => references.all(appId) as AppReferenceRow[],

    /** The apps whose current script names the target, with the references that name it. */
    referencing(target: ReferenceTarget): { app: AppRow; reference: AppReferenceRow }[] {
      const where = [
        'r.connection_name = ? COLLATE NOCASE',
        '((r.space_name IS NULL AND a.space_key = ?) OR r.space_name = ? COLLATE NOCASE)',
      ];
      const params: unknown[] = [target.connectionName, target.spaceKey, target.spaceName];
      if (target.path?.folder) {
        where.push("r.path LIKE ? ESCAPE '\\'");
        params.push(`${escapeLike(target.path.name)}/%`);
      } else if (target.path) {
        where.push('r.path = ? COLLATE NOCASE');
        params.push(target.path.name);
      }
      if (target.relations) {
        where.push(`r.relation IN (${target.relations.map(() => '?').join(', ')})`);
        params.push(...target.relations);
      }
      const rows = db
        .prepare(
          `SELECT a.*, r.ordinal AS r_ordinal, r.relation AS r_relation, r.space_name AS r_space_name,
             r.connection_name AS r_connection_name, r.path AS r_path, r.text AS r_text
           FROM app_references r JOIN apps a ON a.id = r.app_id
           WHERE ${where.join(' AND ')} ORDER BY a.name COLLATE NOCASE, a.id, r.ordinal`,
        )
        .all(...params) as (AppRow & Record<`r_${string}`, unknown>)[];
      return rows.map(({ r_ordinal, r_relation, r_space_name, r_connection_name, r_path, r_text, ...app }) => ({
        app: app as AppRow,
        reference: {
          app_id: app.id,
          ordinal: r_ordinal as number,
          relation: r_relation as ReferenceRelation,
          space_name: r_space_name as string | null,
          connection_name: r_connection_name as string,
          path: r_path as string | null,
          text: r_text as string,
        },
      }));
    },

    /** Apps of other spaces whose scripts name a space by its name (they break when it goes). */
    namingSpace: (spaceName: string) =>
      db
        .prepare(
          `SELECT DISTINCT a.* FROM app_references r JOIN apps a ON a.id = r.app_id
           WHERE r.space_name = ? COLLATE NOCASE ORDER BY a.name COLLATE NOCASE, a.id`,
        )
        .all(spaceName) as AppRow[],

    /** Every app (the lineage graphs walk what all scripts name). */
    all: () => db.prepare('SELECT * FROM apps ORDER BY name COLLATE NOCASE, id').all() as AppRow[],

    /** Every app in a space (or personal space). */
    inSpace: (spaceKey: string) =>
      db.prepare('SELECT * FROM apps WHERE space_key = ? ORDER BY name COLLATE NOCASE, id').all(spaceKey) as AppRow[],
  };
}

export type AppsStore = ReturnType<typeof appsStore>;
