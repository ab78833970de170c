import { queryOptions } from '@tanstack/react-query';
import { getAppDataLineage } from '@qlik/api/apps';
import { getItems } from '@qlik/api/items';
import { getSpace } from '@qlik/api/spaces';
import { apiOptions, queryText, type ApiCallOptions, type TenantTarget } from './qlik-host';
import { tenantKeys } from './query-keys';

/** What is about to be deleted, named as load scripts name it: by space, connection and path. */
export type DeleteTarget =
  | { kind: 'file' | 'folder'; spaceId: string | null; path: string }
  | { kind: 'connection'; spaceId: string | null; name: string }
  | { kind: 'space'; spaceId: string };

export interface DependentApp {
  id: string;
  name: string;
  spaceId?: string;
  /** The script references that name the target (`lib://…`, or a connection name). */
  via: string[];
}

/** A data set made from one of the target's files: the catalog deletes it with the file. */
export interface DependentDataSet {
  id: string;
  name: string;
  /** The file it comes from (its path in the space). */
  path: string;
}

/** What depends on the target: the apps that break when it goes, and the data sets that go with it. */
export interface Dependents {
  /** The apps the caller can see whose load scripts read the target. */
  apps: DependentApp[];
  /** True when the caller sees more apps than were checked (the answer may be incomplete). */
  truncated: boolean;
  dataSets: DependentDataSet[];
  /** True when more data sets come from it than were listed. */
  dataSetsTruncated: boolean;
}

/** A script reference, from an entry of `GET /apps/{id}/data/lineage`: what it reads, and through what. */
interface LibReference {
  spaceName: string | null;
  connection: string;
  path: string | null;
  text: string;
}

const LOAD = /^\[(lib:\/\/[^\]]*)\]$/i;

/** The references an app reads (loads and LIB CONNECTs; files it only stores into do not break). */
export function readReferences(entries: { discriminator?: string; statement?: string }[]): LibReference[] {
  const out: LibReference[] = [];
  for (const entry of entries) {
    const discriminator = entry.discriminator?.trim() ?? '';
    const load = LOAD.exec(discriminator);
    const lib = load ? /^lib:\/\/([^/]+)(?:\/(.*))?$/i.exec(load[1]!) : undefined;
    const name = lib?.[1] ?? (/^LIB\s+CONNECT\s+TO/i.test(entry.statement ?? '') ? discriminator : undefined);
    if (!name) continue;
    const colon = name.indexOf(':');
    out.push({
      spaceName: colon > 0 ? name.slice(0, colon) : null,
      connection: colon > 0 ? name.slice(colon + 1) : name,
      path: lib ? (lib[2] ?? '') : null,
      text: load ? load[1]! : discriminator,
    });
  }
  return out;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  a != null && b != null && a.toLowerCase() === b.toLowerCase();

/** Whether a reference of an app (in `appSpaceId`) names the target (in the space named `spaceName`). */
export function namesTarget(
  ref: LibReference,
  appSpaceId: string | undefined,
  target: DeleteTarget,
  spaceName: string | null,
): boolean {
  const inSpace =
    ref.spaceName !== null ? same(ref.spaceName, spaceName) : (appSpaceId ?? null) === target.spaceId;
  if (!inSpace) return false;
  switch (target.kind) {
    case 'space':
      return true;
    case 'connection':
      return same(ref.connection, target.name);
    case 'file':
    case 'folder':
      return same(ref.connection, 'DataFiles') && isTargetPath(target, ref.path ?? '');
  }
}

/** Whether a data file's path (in the target's space) is the target file, or lies in the target folder. */
function isTargetPath(target: Extract<DeleteTarget, { path: string }>, path: string): boolean {
  return target.kind === 'file'
    ? same(path, target.path)
    : path.toLowerCase().startsWith(`${target.path.toLowerCase()}/`);
}

const MAX_APPS = 500;
const PARALLEL = 6;
const MAX_DATA_SET_PAGES = 10;

async function dependentApps(
  target: DeleteTarget,
  options: ApiCallOptions,
): Promise<Pick<Dependents, 'apps' | 'truncated'>> {
  const spaceName = target.spaceId ? ((await getSpace(target.spaceId, options)).data.name ?? null) : null;
  const items = [];
  let page = await getItems({ resourceType: 'app', limit: 100 }, options);
  items.push(...page.data.data);
  while (page.next && items.length < MAX_APPS) {
    page = await page.next(options);
    items.push(...page.data.data);
  }
  const apps: DependentApp[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) {
    const chunk = items.slice(i, i + PARALLEL);
    const lineages = await Promise.all(
      chunk.map((item) =>
        getAppDataLineage(item.resourceId!, options).then(
          (r) => r.data,
          () => [],
        ),
      ),
    );
    chunk.forEach((item, index) => {
      const via = readReferences(lineages[index]!)
        .filter((ref) => namesTarget(ref, item.spaceId, target, spaceName))
        .map((ref) => ref.text);
      if (target.kind === 'space' && item.spaceId === target.spaceId && !via.length)
        via.push('in this space');
      if (via.length) apps.push({ id: item.resourceId!, name: item.name ?? '', spaceId: item.spaceId, via });
    });
  }
  return { apps, truncated: Boolean(page.next) };
}

/** Whether a data set made from the file at `path` goes with the target. */
function comesFrom(target: DeleteTarget, path: string): boolean {
  switch (target.kind) {
    case 'space':
      return true;
    case 'connection':
      return false;
    case 'file':
    case 'folder':
      return isTargetPath(target, path);
  }
}

/**
 * The data sets made from the target's files, from the items API (a data file's set carries the file's path as
 * `resourceAttributes.technicalName`). A file's set is looked up by its base name; a folder's and a space's by
 * listing the space's sets. Sets here come from data files only, so a connection has none.
 */
async function dependentDataSets(
  target: DeleteTarget,
  options: ApiCallOptions,
): Promise<Pick<Dependents, 'dataSets' | 'dataSetsTruncated'>> {
  if (target.kind === 'connection') return { dataSets: [], dataSetsTruncated: false };
  const byName = target.kind === 'file' ? target.path.slice(target.path.lastIndexOf('/') + 1) : undefined;
  const dataSets: DependentDataSet[] = [];
  let page = await getItems(
    {
      resourceType: 'dataset',
      spaceId: target.spaceId ?? 'personal',
      limit: 100,
      ...(byName ? { name: queryText(byName) } : {}),
    },
    options,
  );
  for (let pages = 1; ; pages++) {
    for (const item of page.data.data) {
      const attributes = item.resourceAttributes as { technicalName?: unknown } | undefined;
      const path = typeof attributes?.technicalName === 'string' ? attributes.technicalName : item.name;
      if (item.resourceId && comesFrom(target, path))
        dataSets.push({ id: item.resourceId, name: item.name, path });
    }
    if (!page.next || pages >= MAX_DATA_SET_PAGES) break;
    page = await page.next(options);
  }
  return { dataSets, dataSetsTruncated: Boolean(page.next) };
}

/**
 * The one dependency query of the delete dialogs (data files, folders, connections, spaces): the apps the caller
 * can see that read the target (apps of the target's own space count too: a space's apps go with it only after
 * they are deleted, so they break first), and the data sets that are deleted with it.
 */
export function dependentsQuery(tenant: TenantTarget, target: DeleteTarget) {
  return queryOptions({
    queryKey: [...tenantKeys(tenant.id).resource('apps').all, 'dependents', target] as const,
    queryFn: async ({ signal }): Promise<Dependents> => {
      const options = apiOptions(tenant, signal);
      const [apps, dataSets] = await Promise.all([
        dependentApps(target, options),
        dependentDataSets(target, options),
      ]);
      return { ...apps, ...dataSets };
    },
    staleTime: 0,
  });
}
