// `npm run fuzz`: the tenant's fuzz suite (tenant/test/fuzz.test.ts) run longer than in `npm test`, with a fresh
// seed each time (printed, so that a failure can be replayed with FUZZ_SEED=<seed>).
import { bin, run } from './lib.mjs';

const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = process.env.FUZZ_RUNS ?? '20';
console.info(
  `fuzz: seed ${seed}, ${runs}× the runs of npm test (replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz)`,
);
run(bin('vitest'), ['run', 'tenant/test/fuzz.test.ts'], { FUZZ_SEED: seed, FUZZ_RUNS: runs });
