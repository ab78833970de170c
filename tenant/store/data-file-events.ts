import type { Db } from './db';
import type { DataFileRow } from './data-files';

export type DataFileChangeKind = 'created' | 'replaced' | 'renamed' | 'moved' | 'deleted';

/**
 * One committed change to a data file or folder. `previous` is the row before a replace, rename or move.
 * Recursive operations (folder delete, rename, move) emit one event per affected row, parents first for
 * created/renamed/moved and children first for deleted. `db` says which tenant it happened in.
 */
export interface DataFileChange {
  kind: DataFileChangeKind;
  file: DataFileRow;
  previous?: DataFileRow;
  db: Db;
}

export type DataFileListener = (event: DataFileChange) => void;

const listeners = new Set<{ listener: DataFileListener; db?: Db }>();

/**
 * Subscribes to data-file changes (the catalog keeps a data set per file with it). With `db`, only changes of that
 * tenant database are delivered. Listeners run synchronously after the commit; one that throws is logged and
 * does not fail the request. Returns the unsubscribe function.
 */
export function onDataFileChange(listener: DataFileListener, db?: Db): () => void {
  const entry = { listener, db };
  listeners.add(entry);
  return () => {
    listeners.delete(entry);
  };
}

export function emitDataFileChanges(events: readonly DataFileChange[]): void {
  for (const event of events) {
    for (const { listener, db } of listeners) {
      if (db && db !== event.db) continue;
      try {
        listener(event);
      } catch (error) {
        console.error('data-file change listener failed', error);
      }
    }
  }
}
