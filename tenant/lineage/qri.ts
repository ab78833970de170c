import { qriHash } from '../catalog/qri';

/**
 * Qlik's lineage QRIs (qlik.dev get-started-lineage): a resource, optionally followed by `#h(table)` and
 * `#h(table)#h(field)`. Resources are apps (`qri:app:sense://<appId>`), data files (`qri:qdf:space://h(spaceId)#h(name)`,
 * `qri:qdf:user://h(userId)#h(name)`: the data set's secureQri) and connections (`qri:db:<datasourceId>://h(connectionId)`).
 */
export interface ParsedQri {
  /** The resource part: what a node of the RESOURCE level is keyed by. */
  resource: string;
  kind: 'app' | 'file' | 'connection';
  /** `h(table)` when the QRI names a table (or a field of one). */
  table?: string;
  /** `h(field)` when it names a field. */
  field?: string;
}

const HASH = '[A-Za-z0-9_-]+';
const SHAPES: { kind: ParsedQri['kind']; pattern: RegExp }[] = [
  { kind: 'app', pattern: new RegExp(`^(qri:app:sense://[A-Za-z0-9_.-]+)((?:#${HASH}){0,2})$`) },
  { kind: 'file', pattern: new RegExp(`^(qri:qdf:(?:space|user)://${HASH}#${HASH})((?:#${HASH}){0,2})$`) },
  { kind: 'connection', pattern: new RegExp(`^(qri:db:[A-Za-z0-9_.-]+://${HASH})((?:#${HASH}){0,2})$`) },
];

/** The parts of a QRI, or undefined when it is not one of the shapes above (the API answers 400). */
export function parseQri(qri: string): ParsedQri | undefined {
  for (const { kind, pattern } of SHAPES) {
    const match = pattern.exec(qri);
    if (!match) continue;
    const [, table, field] = match[2]!.split('#');
    return { resource: match[1]!, kind, ...(table ? { table } : {}), ...(field ? { field } : {}) };
  }
  return undefined;
}

export const appQri = (appId: string) => `qri:app:sense://${appId}`;

/**
 * A connection's QRI. Qlik does not document what its hash covers; this tenant hashes the connection's id, which
 * is stable across renames and unique in the tenant (docs/fidelity.md).
 */
export const connectionQri = (datasourceId: string, connectionId: string) =>
  `qri:db:${datasourceId}://${qriHash(connectionId)}`;

export const tableQri = (resourceQri: string, table: string) => `${resourceQri}#${qriHash(table)}`;
export const fieldQri = (resourceQri: string, table: string, field: string) =>
  `${tableQri(resourceQri, table)}#${qriHash(field)}`;
