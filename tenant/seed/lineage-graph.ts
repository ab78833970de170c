import type { TenantContext } from '../context';
import { dataFileQri } from '../catalog/qri';
import { FileChanges, insertItem } from '../services/data-files';
import { appRightsIn, createApp, saveScript } from '../services/apps';
import { createSpace } from '../services/spaces';
import { appQri } from '../lineage/qri';

export interface LineageGraphSeed {
  /** Resources in the graph (files and apps together), at least 2. */
  nodes: number;
  /** Apps loading each file. */
  fanOut: number;
  /** The space everything goes into (created when absent). */
  spaceName: string;
}

export const LINEAGE_GRAPH_500: LineageGraphSeed = { nodes: 500, fanOut: 3, spaceName: 'Lineage at scale' };

export interface SeededLineageGraph {
  spaceId: string;
  /** The one file every other node depends on: its impact graph holds every other node. */
  rootQri: string;
  /** The app made last (deepest): its lineage is a chain back to the root. */
  deepestAppQri: string;
  files: number;
  apps: number;
}

/**
 * A large lineage graph for benchmarks and e2e: one file, loaded by `fanOut` apps, each storing a file of its own
 * that `fanOut` more apps load, and so on breadth-first until `nodes` resources exist (files + apps), all in one
 * shared space of Ada's. Files share one small blob; apps get their scripts through the services the API uses, so
 * their references resolve exactly as a saved script's do.
 */
export function seedLineageGraph(ctx: TenantContext, options: LineageGraphSeed = LINEAGE_GRAPH_500): SeededLineageGraph {
  const ada = ctx.identities.userByEmail('ada@example.com')!.id;
  const principal = { userId: ada, groupIds: [], seesAll: false, managesAll: false };
  const space = ctx.spaces.byName(options.spaceName) ?? createSpace(ctx, ada, { type: 'shared', name: options.spaceName, description: 'Generated lineage graph' });
  const place = { key: space.id, spaceId: space.id };
  const content = ctx.blobs.writeTempSync('id,region,amount\n1,North,10.5\n2,South,7.25\n');
  const sha256 = ctx.blobs.commit(content);
  const now = ctx.clock.iso();
  const fileName = (n: number) => `lineage/file-${String(n).padStart(4, '0')}.csv`;
  const fileCount = Math.max(1, Math.ceil(options.nodes / (options.fanOut + 1)));
  const appCount = Math.max(1, options.nodes - fileCount);
  const changes = new FileChanges(ctx, ada);
  changes.within(() => {
    for (let n = 0; n < fileCount; n++) {
      insertItem(ctx, changes, place, fileName(n), { folder: false, internal: false, size: content.size, sha256, appId: null }, now);
    }
  });
  let deepest = '';
  ctx.db.transaction(() => {
    for (let a = 0; a < appCount; a++) {
      // app a loads file floor(a / fanOut) and stores file a + 1 (when it exists): a breadth-first tree
      const loads = fileName(Math.floor(a / options.fanOut));
      const stores = a + 1 < fileCount ? `\nSTORE T INTO [lib://DataFiles/${fileName(a + 1)}] (txt);` : '';
      const app = createApp(ctx, principal, { name: `Lineage app ${String(a).padStart(4, '0')}`, description: '', spaceId: space.id });
      const script = `T: LOAD * FROM [lib://DataFiles/${loads}] (txt, utf8, embedded labels, delimiter is ',');${stores}`;
      saveScript(ctx, ada, app, appRightsIn(ctx, app.space_key, principal, ada), { script, versionMessage: 'Generated' });
      deepest = app.id;
    }
  })();
  return {
    spaceId: space.id,
    rootQri: dataFileQri({ spaceId: space.id, userId: ada }, fileName(0)),
    deepestAppQri: appQri(deepest),
    files: fileCount,
    apps: appCount,
  };
}
