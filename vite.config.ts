import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { tanstackRouter } from '@tanstack/router-plugin/vite';

const publicConfig = fileURLToPath(new URL('./public/config.json', import.meta.url));

/**
 * Which tenant the console talks to is runtime configuration. Start and test scripts point the console at a
 * local tenant on any port through MANAGE_CONSOLE_TENANT_URL, in dev and in preview alike, without rebuilding.
 */
function runtimeTenantConfig(): Plugin {
  const handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const override = process.env.MANAGE_CONSOLE_TENANT_URL;
    if (!override || req.url?.split('?')[0] !== '/config.json') return next();
    const config = JSON.parse(readFileSync(publicConfig, 'utf8')) as {
      tenants: Array<Record<string, unknown>>;
    };
    const host = override.replace(/\/+$/, '');
    const tenants = config.tenants.map((tenant) => (tenant.local ? { ...tenant, host } : tenant));
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify({ ...config, tenants }));
  };
  return {
    name: 'manage-console:runtime-tenant-config',
    configureServer(server) {
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}

/**
 * The built console ships a Content Security Policy with no inline script. Dev mode is left alone because
 * Vite's React refresh preamble is an inline script. Tenants can be any https host (or a local http one), so
 * connect-src cannot be narrower than that.
 */
function contentSecurityPolicy(): Plugin {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    // Mantine writes its CSS variables into a <style> element at runtime.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  return {
    name: 'manage-console:csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * @qlik/api imports its auth and fetch runtime (`import()` of two chunks of its own, 1.6 KB) on first use. The fetch
 * half was asked for only when the first call was made, after the session check: one more round trip before
 * users/me on every cold load (170 ms on Fast 3G). Preloaded with the entry, it is there when the first call is.
 */
const FIRST_CALL_MODULES = /[\\/]@qlik[\\/]api[\\/]chunks[\\/](auth|invoke-fetch)-[\w-]+\.js$/;

function preloadFirstCallModules(): Plugin {
  let base = '/';
  return {
    name: 'manage-console:preload-first-call-modules',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const files = Object.values(bundle ?? {}).flatMap((output) =>
          output.type === 'chunk' && output.facadeModuleId && FIRST_CALL_MODULES.test(output.facadeModuleId)
            ? [output.fileName]
            : [],
        );
        return files.map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * How the build groups modules into files. Rolldown's automatic splitting made a chunk of every set of routes that
 * share a module: 150 files, and 129 requests (most of a few hundred bytes) before the first rows of the Spaces
 * page. Grouped instead by what loads them:
 * - `vendor` and `app`: everything the entry loads before any route (libraries apart, since they change less);
 * - `screens-vendor`: libraries that several screens load (Mantine's lazier components, forms, tables), one
 *   long-lived file fetched with the first screen;
 * - `uploads`: the upload queue, its persistence and transport, for the pages that upload and the upload panel
 *   only. In `screens` it came with every screen (11 KB gzip); its dependencies are not pulled in with it, since
 *   the signed-in layout reads presence.ts, which the queue reports to, on every page;
 * - `screens`: shared components and helpers of the screens, and any other small module two screens share.
 * Each screen keeps its own chunk, and libraries only one screen needs (tus-js-client) stay with it. Grouping a
 * whole library by name instead (`test: /@mantine/`) put all of Mantine on the first page (196 → 270 KB gzip).
 */
const UPLOAD_MACHINERY = /[\\/]src[\\/]features[\\/]uploads[\\/](?!presence\.ts$)/;

const codeSplitting = {
  groups: [
    { name: 'vendor', test: /node_modules/, tags: ['$initial' as const], priority: 50 },
    { name: 'app', tags: ['$initial' as const], priority: 40 },
    { name: 'screens-vendor', test: /node_modules/, minShareCount: 3, priority: 30 },
    {
      name: 'uploads',
      test: UPLOAD_MACHINERY,
      minShareCount: 2,
      priority: 25,
      includeDependenciesRecursively: false,
    },
    { name: 'screens', test: /[\\/]src[\\/](components|lib)[\\/]/, minShareCount: 2, priority: 20 },
    { name: 'screens', minShareCount: 2, maxModuleSize: 4096, priority: 10 },
  ],
};

export default defineConfig({
  plugins: [
    tanstackRouter({
      target: 'react',
      autoCodeSplitting: true,
      routesDirectory: './src/routes',
      generatedRouteTree: './src/routeTree.gen.ts',
      routeFileIgnorePattern: '\\.test\\.tsx?$',
    }),
    react(),
    runtimeTenantConfig(),
    contentSecurityPolicy(),
    preloadFirstCallModules(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { port: 5173 },
  preview: { port: 4173 },
  build: {
    sourcemap: true,
    target: 'es2022',
    // One stylesheet: the screens' own CSS is a few KB, and as a file per chunk it cost a request per screen.
    cssCodeSplit: false,
    rolldownOptions: { output: { codeSplitting } },
  },
});
