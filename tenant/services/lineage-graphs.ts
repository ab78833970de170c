import type { TenantContext } from '../context';
import { ApiError, badRequest, notFound } from '../http/errors';
import { parseScim, type ScimNode } from '../http/scim';
import { dataFileQri, qriHash } from '../catalog/qri';
import { scriptTables } from '../apps/script-references';
import { appRightsIn, resolveReferences } from './apps';
import { personalKey, personalUserOf, type DataFileRow } from '../store/data-files';
import type { ConnectionRow } from '../store/data-connections';
import type { AppRow } from '../store/apps';
import type { SpacePrincipal } from '../store/spaces';
import { appQri, connectionQri, parseQri, type ParsedQri } from '../lineage/qri';
import { walk, type Direction, type LineageLink, type LineageResource, type LineageTable, type LineageWorld, type Reach } from '../lineage/graph';

/**
 * The lineage graphs of this tenant, as one caller sees them: every app and what its current load script reads
 * (data files, connections) and stores (data files). Built per request from the stores, walked by lineage/graph.ts.
 */
export class LineageView {
  private readonly resources = new Map<string, LineageResource>();
  private readonly links: LineageLink[] = [];
  private readonly spaceReads = new Map<string, boolean>();
  private readonly appReads = new Map<string, boolean>();

  constructor(
    private readonly ctx: TenantContext,
    private readonly principal: SpacePrincipal,
  ) {
    for (const app of ctx.apps.all()) this.addApp(app);
  }

  get world(): LineageWorld {
    return { resources: this.resources, links: this.links };
  }

  /** The resources `levels` levels up- or downstream of the base QRI (after `baseOf` found it). */
  reach(base: ParsedQri, direction: Direction, levels: number): Reach {
    return walk(this.world, base.resource, direction, levels);
  }

  /**
   * The base node of a request: 400 for a malformed QRI, 404 when nothing has it, 403 when the caller cannot
   * read it (Qlik's "User does not have access to the node").
   */
  baseOf(qri: string): ParsedQri {
    const parsed = parseQri(qri);
    if (!parsed) throw badRequest(`${qri} is not a QRI of an app, a data file or a connection.`, { source: { parameter: 'id' } });
    const resource = this.resources.get(parsed.resource) ?? this.lookUp(parsed);
    if (!resource) throw notFound('record is not found', { source: { parameter: 'id' } });
    if (!resource.readable) throw new ApiError(403, 'User does not have access to the node');
    return parsed;
  }

  /** A node named in the query (`node` of expand): a QRI inside the reach, else 404. */
  nodeIn(reach: Reach, qri: string): ParsedQri {
    const parsed = parseQri(qri);
    if (!parsed) throw badRequest(`${qri} is not a QRI of an app, a data file or a connection.`, { source: { parameter: 'node' } });
    const resource = reach.resources.find((r) => r.qri === parsed.resource);
    if (!resource) throw notFound(`${qri} is not in the graph of ${reach.base}.`, { source: { parameter: 'node' } });
    if (!resource.readable) throw new ApiError(403, 'User does not have access to the node');
    return parsed;
  }

  private canReadPlace(spaceKey: string): boolean {
    const personalUser = personalUserOf(spaceKey);
    if (personalUser) return personalUser === this.principal.userId || this.principal.seesAll;
    let read = this.spaceReads.get(spaceKey);
    if (read === undefined) {
      read = this.ctx.spaces.access(spaceKey, this.principal) !== undefined;
      this.spaceReads.set(spaceKey, read);
    }
    return read;
  }

  /** Whether the caller reads a space's apps (the same for every app there: ownership adds only edit rights). */
  private canReadApps(spaceKey: string): boolean {
    let read = this.appReads.get(spaceKey);
    if (read === undefined) {
      read = appRightsIn(this.ctx, spaceKey, this.principal).read;
      this.appReads.set(spaceKey, read);
    }
    return read;
  }

  private addApp(app: AppRow): void {
    const script = this.ctx.apps.script(app.id, 'current');
    const tables = script ? scriptTables(script.script) : [];
    const resource: LineageResource = {
      qri: appQri(app.id),
      kind: 'app',
      id: app.id,
      label: app.name,
      readable: this.canReadApps(app.space_key),
      tables: [],
    };
    this.resources.set(resource.qri, resource);
    for (const { reference, file, connection } of resolveReferences(this.ctx, app)) {
      const source = file ? this.fileResource(file) : connection ? this.connectionResource(connection) : undefined;
      if (!source) continue;
      const named = tables.filter((t) => t.relation === reference.relation && same(t.url, reference.text));
      if (reference.relation === 'STORE') {
        this.linkTables(resource, source, 'STORE', named.map((t) => t.table));
      } else {
        for (const t of named) addTable(resource, t.table, t.fields === '*' ? (source.tables[0]?.fields ?? []) : t.fields);
        this.linkTables(source, resource, file ? 'LOAD' : 'READ', named.map((t) => t.table));
      }
    }
    // a table stored without being loaded from a file (e.g. from SQL) is still the app's
    for (const t of tables.filter((t) => t.relation === 'STORE')) addTable(resource, t.table, []);
  }

  /** One link per table a script moves between two resources (one without tables when the script names none). */
  private linkTables(from: LineageResource, to: LineageResource, relation: LineageLink['relation'], appTables: string[]) {
    const fileTable = (from.kind === 'app' ? to : from).tables[0]?.label;
    if (appTables.length === 0) this.links.push({ source: from.qri, target: to.qri, relation });
    for (const table of appTables) {
      const [sourceTable, targetTable] = from.kind === 'app' ? [table, fileTable] : [fileTable, table];
      this.links.push({ source: from.qri, target: to.qri, relation, sourceTable, targetTable });
    }
  }

  private fileResource(file: DataFileRow): LineageResource {
    const qri = dataFileQri({ spaceId: file.space_id, userId: personalUserOf(file.space_key) ?? file.owner_id }, file.name);
    const known = this.resources.get(qri);
    if (known) return known;
    const set = this.ctx.catalog.setByFile(file.id);
    const schema = set?.schema_json ? (JSON.parse(set.schema_json) as { dataFields?: { name: string }[] }) : undefined;
    const resource: LineageResource = {
      qri,
      kind: 'file',
      id: set?.id ?? file.id,
      label: file.base_name,
      readable: this.canReadPlace(file.space_key),
      // a data file holds one table, named as the file (qlik.dev's table QRIs hash the file name)
      tables: [{ label: file.base_name, fields: (schema?.dataFields ?? []).map((f) => f.name) }],
      filePath: file.name,
    };
    this.resources.set(qri, resource);
    return resource;
  }

  private connectionResource(connection: ConnectionRow): LineageResource {
    const qri = connectionQri(connection.datasource_id, connection.id);
    const known = this.resources.get(qri);
    if (known) return known;
    const place = connection.space_id ?? personalKey(connection.owner_id);
    const resource: LineageResource = {
      qri,
      kind: 'connection',
      id: connection.id,
      label: connection.name,
      readable: this.canReadPlace(place),
      tables: [],
    };
    this.resources.set(qri, resource);
    return resource;
  }

  /** A resource no script names: a data file or connection found by its QRI's hashes. */
  private lookUp(parsed: ParsedQri): LineageResource | undefined {
    if (parsed.kind === 'file') {
      for (const place of this.ctx.dataFiles.fileSpaces()) {
        const user = personalUserOf(place.space_key);
        const prefix = place.space_id ? `qri:qdf:space://${qriHash(place.space_id)}#` : `qri:qdf:user://${qriHash(user ?? '')}#`;
        if (!parsed.resource.startsWith(prefix)) continue;
        const file = this.ctx.dataFiles.filesIn(place.space_key).find((f) => `${prefix}${qriHash(f.name)}` === parsed.resource);
        if (file) return this.fileResource(file);
      }
      return undefined;
    }
    if (parsed.kind === 'connection') {
      const datasource = /^qri:db:([^:]+):\/\//.exec(parsed.resource)![1]!;
      const id = this.ctx.connections.idsOf(datasource).find((c) => connectionQri(datasource, c) === parsed.resource);
      const row = id ? this.ctx.connections.byId(id) : undefined;
      return row ? this.connectionResource(row) : undefined;
    }
    return undefined;
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Adds a table to an app (or the fields to one it has: several LOADs may fill one table). */
function addTable(app: LineageResource, label: string, fields: readonly string[]): void {
  let table: LineageTable | undefined = app.tables.find((t) => same(t.label, label));
  if (!table) {
    table = { label, fields: [] };
    app.tables.push(table);
  }
  for (const field of fields) if (!table.fields.some((f) => same(f, field))) table.fields.push(field);
}

/** The terms of a search filter: `label co "a" or label co "b"` (Qlik's lineage search takes only these). */
export function searchTerms(filter: string): string[] {
  const tree = parseScim(filter, { label: { column: 'label', operators: ['co'] } });
  const terms: string[] = [];
  const visit = (node: ScimNode) => {
    if (node.kind === 'or') {
      visit(node.left);
      visit(node.right);
    } else if (node.kind === 'compare' && typeof node.value === 'string') terms.push(node.value);
    else throw badRequest('A lineage search filter is `label co "…"`, joined with `or`.', { source: { parameter: 'filter' } });
  };
  visit(tree);
  return terms;
}

