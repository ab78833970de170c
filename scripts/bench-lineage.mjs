// Lineage-graph figures for `npm run bench`: the tenant's answer times for a 500-node graph (tenant/seed/lineage-graph.ts)
// beside the demo's small one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib.mjs';
import { m2mToken, ms, startTenantProcess, timeGetsInTurn } from './bench-tenant.mjs';

const enc = encodeURIComponent;

/**
 * A demo tenant's data directory with the large graph added while the tenant is stopped (its data sets are made
 * when it starts again); the seeded graph's root and deepest app with it. The console's bench starts it too.
 */
export async function dataDirWithLargeGraph(nodes) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lineage-'));
  await (await startTenantProcess({ seed: 'demo', dataDir: dir })).stop();
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-lineage.ts', dir, String(nodes)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  if (result.status !== 0) throw new Error(`seed-lineage failed: ${result.stderr}`);
  return { dir, graph: JSON.parse(result.stdout) };
}

/** A demo tenant with the 500-node graph, started without the lineage rate limit. */
async function tenantWithLargeGraph(nodes) {
  const { dir, graph } = await dataDirWithLargeGraph(nodes);
  const tenant = await startTenantProcess({ seed: 'demo', dataDir: dir, args: ['--lineage-rate-limit', '0'] });
  return { tenant, graph, dir };
}

export async function lineageFigures({ nodes = 500, runs = 21, warmup = 30 } = {}) {
  const { tenant, graph, dir } = await tenantWithLargeGraph(nodes);
  try {
    const token = await m2mToken(tenant);
    const targets = [{ tenant, token }];
    const base = '/api/v1/lineage-graphs';
    const search = enc('label co "app 01"');
    const rows = [
      [`impact overview of the root file, down=-1 (${nodes - 1} nodes)`, `${base}/impact/${enc(graph.rootQri)}/overview?down=-1`],
      ['impact search of the root file, down=-1', `${base}/impact/${enc(graph.rootQri)}/actions/search?down=-1&filter=${search}`],
      ['lineage of the deepest app, level=all, up=-1 (a chain)', `${base}/nodes/${enc(graph.deepestAppQri)}?level=all&up=-1`],
    ];
    const out = [
      `## Lineage graphs: ${nodes} nodes`,
      '',
      `A demo tenant plus ${graph.files} files and ${graph.apps} apps (scripts/seed-lineage.ts: each file loaded by 3 apps that store the next files). Every request builds the caller's view of all apps' scripts, then walks it. Median of ${runs} GETs after ${warmup} warm-up GETs, as the M2M tenant admin.`,
      '',
      '| request | median |',
      '|---|---|',
    ];
    for (const [label, path] of rows) {
      const [figure] = await timeGetsInTurn(targets, path, runs, warmup);
      out.push(`| ${label} | ${ms(figure.median)} |`);
    }
    return out;
  } finally {
    await tenant.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.info((await lineageFigures()).join('\n'));
