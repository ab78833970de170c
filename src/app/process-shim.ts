/**
 * @qlik/api decides at module load whether it runs "in Node" (`process.versions.node`). In a browser it
 * otherwise fetches its runtime from the tenant (`{host}/qlik-embed/main.js`) instead of using the code we
 * bundle, which the local tenant does not serve and which we do not want to execute from a tenant anyway.
 * Claiming Node makes it use the bundled implementation; its Node-only branches concern auth modules the
 * console does not use (oauth2 client secrets, cookies, anonymous). Imported first in main.tsx.
 */
type ProcessLike = {
  env?: Record<string, string | undefined>;
  version?: string;
  versions?: Record<string, string>;
};
const scope = globalThis as { process?: ProcessLike };
// Something else may have put a partial `process` there already; complete it rather than replace it.
const shim: ProcessLike = scope.process ?? {};
shim.env = { NODE_ENV: import.meta.env.MODE, ...shim.env };
shim.version ||= 'v20.0.0';
shim.versions = { node: '20.0.0', ...shim.versions };
scope.process = shim;

export {};
