// Adds a large lineage graph to a seeded tenant's data directory, through the tenant's own services (the bench's
// and e2e's 500-node graph). Run it while the tenant is stopped: the catalog makes the files' data sets when the
// tenant starts. Usage: node --import tsx scripts/seed-lineage.ts DIR [NODES]; prints the seeded graph as JSON.
import { openDatabase } from '../tenant/store/db';
import { createContext } from '../tenant/context';
import { LINEAGE_GRAPH_500, seedLineageGraph } from '../tenant/seed/lineage-graph';

const [dir, nodesArg] = process.argv.slice(2);
const nodes = nodesArg === undefined ? LINEAGE_GRAPH_500.nodes : Number(nodesArg);
if (!dir || !Number.isInteger(nodes) || nodes < 2) throw new Error('usage: seed-lineage.ts DIR [NODES]');

const db = openDatabase(dir);
const seeded = seedLineageGraph(createContext({ db, dataDir: dir }), { ...LINEAGE_GRAPH_500, nodes });
db.close();
process.stdout.write(`${JSON.stringify(seeded)}\n`);
