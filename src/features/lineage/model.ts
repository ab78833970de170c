import type { LineageInfoRest } from '@qlik/api/apps';

/** One thing an app's load script reads or writes, as the engine's lineage names it. */
export interface AppSource {
  relation: 'load' | 'store' | 'connect';
  /** `lib://Space:Connection/path`, or a connection name for LIB CONNECT. */
  text: string;
}

/**
 * An entry of `GET /apps/{appId}/data/lineage`: `[lib://…]` for a file it loads, `STORE - [lib://…]` for a file it
 * writes, and a bare connection name (with a `LIB CONNECT TO` statement) for a connection it opens. Entries that
 * name no library (INLINE, RESIDENT, AUTOGENERATE) are left out.
 */
export function appSourceOf(info: LineageInfoRest): AppSource | undefined {
  const discriminator = info.discriminator?.trim() ?? '';
  const store = /^STORE\s*-\s*\[(.*)\]/i.exec(discriminator);
  if (store) return { relation: 'store', text: store[1]! };
  const load = /^\[(lib:\/\/.*)\]$/i.exec(discriminator);
  if (load) return { relation: 'load', text: load[1]! };
  if (/^LIB\s+CONNECT\s+TO/i.test(info.statement ?? '') && discriminator) return { relation: 'connect', text: discriminator };
  return undefined;
}

export const RELATION_LABEL: Record<AppSource['relation'], string> = {
  load: 'Loads',
  store: 'Stores',
  connect: 'Connects to',
};
