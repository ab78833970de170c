import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type Provider from 'oidc-provider';
import { openDatabase, type Db } from './store/db';
import { identities as createIdentities } from './store/identities';
import { readTenant } from './store/tenant';
import { ApiError, errorBody, titleFor } from './http/errors';
import { registerRateLimit, QLIK_RATE_LIMITS, type RateLimitOptions } from './http/rate-limit';
import { registerCors } from './auth/cors';
import { createAuthorizationServer, CONSOLE_CLIENT_ID, M2M_CLIENT_ID, OAUTH_PATH, withOfflineAccessConsent } from './auth/oauth';
import { registerCallerAuth, M2M_SUBJECT } from './auth/caller';
import { registerSignIn } from './auth/sign-in';
import { registerPlatformApi } from './api/platform';
import { registerTenantsApi } from './api/tenants';
import { registerIdentityApi } from './api/identity';
import { registerSpacesApi } from './api/spaces';
import { registerDataConnectionsApi } from './api/data-connections';
import { registerDataFilesApi, type DataFilesOptions } from './api/data-files';
import { registerTempContentsApi } from './api/temp-contents';
import { registerCatalogApi } from './api/catalog';
import { startDataSetLifecycle } from './catalog/data-sets';
import { seedDemoFiles } from './seed/demo-files';
import { DEMO_ACCOUNTS, seedDemo, seedFoundation } from './seed/demo';
import { seedDemoSpaces } from './seed/demo-spaces';
import { seedLarge } from './seed/large';
import type { TenantContext } from './context';

export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://127.0.0.1:4173'];
export const SIX_HOURS = 6 * 3600;

export interface TenantServerOptions {
  /** Where SQLite and file content live. */
  dataDir: string;
  port?: number;
  host?: string;
  /** Origins of the console (SPA client): CORS and `{origin}/callback` redirect URIs. */
  allowedOrigins?: readonly string[];
  /** Seed an empty data dir with the demo tenant (default) or only what every tenant has. */
  seed?: 'demo' | 'none' | 'large';
  /** Wipe the data dir first. */
  reset?: boolean;
  /** Public origin, when it differs from `http://localhost:<port>` (e.g. behind a proxy). */
  publicUrl?: string;
  tenantName?: string;
  accessTokenTtlSeconds?: number;
  /** Qlik's per-tier limits; off unless given. */
  rateLimit?: RateLimitOptions | boolean;
  /** Show demo passwords on the sign-in page. */
  demoMode?: boolean;
  logger?: boolean;
  /** Data-file limits (Qlik's quotas); tests set small ones. */
  dataFiles?: DataFilesOptions;
}

export interface TenantServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  allowedOrigins: readonly string[];
  consoleClientId: string;
  m2m: { clientId: string; clientSecret: string };
  demoAccounts: typeof DEMO_ACCOUNTS;
  close: () => Promise<void>;
}

function setting(db: Db, key: string, make: () => string): string {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (row) return row.value;
  const value = make();
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, value);
  return value;
}

/** Builds and starts the local tenant. Tests call it in-process with `port: 0` and a temp data dir. */
export async function buildServer(options: TenantServerOptions): Promise<TenantServer> {
  if (options.reset) rmSync(options.dataDir, { recursive: true, force: true });
  const db = openDatabase(options.dataDir);
  const ids = createIdentities(db);
  const allowedOrigins = options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS;

  if (!readTenant(db)) {
    seedFoundation(db, ids, options.tenantName ?? 'Local tenant', 'local.tenant');
    const seed = options.seed ?? 'demo';
    if (seed === 'demo' || seed === 'large') {
      seedDemo(db, ids);
      seedDemoSpaces(db);
      seedDemoFiles(db, options.dataDir);
    }
    if (seed === 'large') seedLarge(db, options.dataDir);
  }
  const tenantRow = readTenant(db)!;
  const ctx: TenantContext = { db, identities: ids, tenant: () => readTenant(db) ?? tenantRow, dataDir: options.dataDir };
  const m2mSecret = setting(db, 'oauth.m2m-secret', () => randomBytes(24).toString('base64url'));
  const cookieSecret = setting(db, 'oauth.cookie-secret', () => randomBytes(32).toString('base64url'));
  const serviceUser = db.prepare('SELECT id FROM users WHERE subject = ?').get(M2M_SUBJECT) as { id: string } | undefined;

  const app = Fastify({
    logger: options.logger ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    trustProxy: false,
    bodyLimit: 10 * 1024 * 1024,
    // Cursor and filter values are opaque strings; refuse absurd query strings before parsing.
    routerOptions: { maxParamLength: 500 },
    // Router-level refusals (malformed URL, over-long path parameter) get Qlik's error body like everything else.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      void reply.code(status).send(errorBody([{ code: `HTTP-${status}`, title: titleFor(status), detail: error.message.slice(0, 300), status: String(status) }]));
    },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false } },
  });

  // The issuer is the listening origin, known only after listen(); hooks reach the provider through this holder.
  const authorizationServer: { provider?: Provider } = {};
  const oauth = () => {
    if (!authorizationServer.provider) throw new ApiError(503, 'The authorization server is still starting.');
    return authorizationServer.provider;
  };

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.status).headers(error.headers).send(errorBody(error.items));
    }
    const status = error.validation ? 400 : error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    const detail = status >= 500 ? 'The tenant could not complete the request.' : error.message;
    const parameter = error.validation?.[0]?.instancePath?.replace(/^\//, '') || (error.validation?.[0]?.params as { missingProperty?: string })?.missingProperty;
    return reply.code(status).send(
      errorBody([
        {
          code: `HTTP-${status}`,
          title: titleFor(status),
          detail,
          status: String(status),
          ...(parameter ? { source: { parameter } } : {}),
        },
      ]),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody([{ code: 'HTTP-404', title: 'Not Found', detail: `No resource at ${request.method} ${request.url.split('?')[0]}.`, status: '404' }])),
  );

  registerCors(app, allowedOrigins);

  // The authorization server's own paths go to oidc-provider before Fastify reads the body. Qlik's token and
  // revoke endpoints also take JSON (as @qlik/api sends it), which oidc-provider does not, so JSON is translated.
  app.addHook('onRequest', async (request, reply) => {
    if (!OAUTH_PATH.test(request.url)) return;
    const path = request.url.split('?')[0]!;
    if (path === '/oauth/authorize' && request.method === 'GET') {
      const state = new URL(request.url, 'http://x').searchParams.get('state');
      if (!state) {
        throw new ApiError(400, 'The state parameter is required.', { code: 'OAUTH-invalid_request', title: 'invalid_request' });
      }
      request.raw.url = withOfflineAccessConsent(request.raw.url ?? request.url);
    }
    if ((path === '/oauth/token' || path === '/oauth/revoke') && request.headers['content-type']?.startsWith('application/json')) {
      const chunks: Buffer[] = [];
      for await (const chunk of request.raw) chunks.push(chunk as Buffer);
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new ApiError(400, 'The request body is not valid JSON.', { code: 'OAUTH-invalid_request', title: 'invalid_request' });
      }
      const form: Record<string, string> = {};
      for (const [key, value] of Object.entries(parsed ?? {})) {
        if (value !== undefined && value !== null) form[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
      }
      request.raw.headers['content-type'] = 'application/x-www-form-urlencoded';
      // type-is only sees a body when a length is announced; the provider then reads the parsed form below.
      request.raw.headers['content-length'] = String(Buffer.byteLength(new URLSearchParams(form).toString()));
      (request.raw as unknown as { body: unknown }).body = form;
    }
    reply.hijack();
    await oauth().callback()(request.raw, reply.raw);
  });

  registerCallerAuth(app, oauth, ids, () => serviceUser?.id);
  const rateLimit = options.rateLimit === true ? QLIK_RATE_LIMITS : options.rateLimit || undefined;
  if (rateLimit) registerRateLimit(app, rateLimit);

  await app.register(formbody, { bodyLimit: 64 * 1024 });
  registerSignIn(app, {
    provider: oauth,
    identities: ids,
    tenantName: () => ctx.tenant().name,
    demoAccounts: options.demoMode === false ? [] : DEMO_ACCOUNTS,
  });
  registerPlatformApi(app);
  registerTenantsApi(app, ctx);
  registerIdentityApi(app, ctx);
  registerSpacesApi(app, ctx);
  registerDataConnectionsApi(app, ctx);
  registerTempContentsApi(app, ctx, { allowedOrigins, maxLargeFileSize: options.dataFiles?.maxLargeFileSize });
  registerDataFilesApi(app, ctx, options.dataFiles);
  registerCatalogApi(app, ctx);
  startDataSetLifecycle(app, ctx);

  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? 'localhost' });
  const port = new URL(address.includes('://') ? address : `http://${address}`).port;
  const url = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/$/, '');
  authorizationServer.provider = await createAuthorizationServer({
    issuer: url,
    db,
    identities: ids,
    allowedOrigins,
    m2mSecret,
    cookieSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? SIX_HOURS,
  });

  return {
    app,
    db,
    url,
    allowedOrigins,
    consoleClientId: CONSOLE_CLIENT_ID,
    m2m: { clientId: M2M_CLIENT_ID, clientSecret: m2mSecret },
    demoAccounts: DEMO_ACCOUNTS,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}
