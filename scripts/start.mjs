// `npm start`: the local tenant with demo data and the console on it. `npm run dev` is the same with the
// tenant restarted on change.
import { ensureDependencies, bin, start, waitForHttp } from './lib.mjs';

const dev = process.argv.includes('--dev');
const tenantPort = Number(process.env.TENANT_PORT ?? 8787);
const consolePort = Number(process.env.CONSOLE_PORT ?? 5173);
const tenantUrl = `http://localhost:${tenantPort}`;
const consoleUrl = `http://localhost:${consolePort}`;

ensureDependencies();

const tenantArgs = [
  ...(dev ? ['watch', '--clear-screen=false'] : []),
  'tenant/main.ts',
  '--port', String(tenantPort),
  '--data', process.env.TENANT_DATA ?? '.local-tenant',
  '--allowed-origin', consoleUrl,
  '--allowed-origin', `http://127.0.0.1:${consolePort}`,
  '--quiet',
];
const children = [
  start(bin('tsx'), tenantArgs),
  start(bin('vite'), ['--port', String(consolePort), '--strictPort'], { MANAGE_CONSOLE_TENANT_URL: tenantUrl }, { stdio: ['ignore', 'ignore', 'inherit'] }),
];

const stop = (code = 0) => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
for (const child of children) {
  child.on('exit', (code) => {
    if (code) {
      console.error(`A server stopped (exit ${code}); is port ${tenantPort} or ${consolePort} in use? Set TENANT_PORT / CONSOLE_PORT.`);
      stop(code);
    }
  });
}

await Promise.all([waitForHttp(`${tenantUrl}/.well-known/oauth-authorization-server`), waitForHttp(consoleUrl)]);
console.info(`
  Manage Console is running.

    Console:       ${consoleUrl}
    Local tenant:  ${tenantUrl}

  Open ${consoleUrl}, choose "Local tenant" and sign in as:
    Ada Admin    ada@example.com   ada-demo    (tenant admin)
    Max Member   max@example.com   max-demo    (plain member)
    Rita Reader  rita@example.com  rita-demo   (read-only analyst)

  Ctrl+C stops both.
`);
