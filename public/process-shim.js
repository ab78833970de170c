/*
 * @qlik/api decides when its modules load whether it runs "in Node" (process.versions.node). In a browser it
 * otherwise fetches a runtime from the tenant ({host}/qlik-embed/main.js) instead of using the code we bundle,
 * which the local tenant does not serve and which we do not want to execute from a tenant anyway (the CSP
 * forbids it). Claiming Node makes it use the bundled implementation; its Node-only branches concern auth
 * modules the console does not use. This is a classic script so it runs before every module chunk: an import
 * at the top of main.tsx ran too late once the bundler hoisted @qlik/api into a shared chunk.
 */
(function () {
  var scope = globalThis;
  var shim = scope.process || {};
  shim.env = shim.env || {};
  if (!shim.env.NODE_ENV) shim.env.NODE_ENV = 'production';
  shim.version = shim.version || 'v20.0.0';
  shim.versions = shim.versions || {};
  if (!shim.versions.node) shim.versions.node = '20.0.0';
  scope.process = shim;
})();
