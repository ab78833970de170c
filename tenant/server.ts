import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type Provider from 'oidc-provider';
import { openDatabase, type Db } from './store/db';
import { readTenant } from './store/tenant';
import { ApiError, errorBody, styleErrorStatus, titleFor } from './http/errors';
import { registerRateLimit, QLIK_RATE_LIMITS, type RateLimitOptions, type WindowLimit } from './http/rate-limit';
import { QLIK_LINEAGE_RATE_LIMIT } from './api/lineage-graphs';
import { registerCors } from './auth/cors';
import { DEFAULT_ALLOWED_ORIGINS } from './auth/origins';
import { createAuthorizationServer, CONSOLE_CLIENT_ID, M2M_CLIENT_ID } from './auth/oauth';
import { registerAuthorizationServerRoutes } from './auth/oauth-gateway';
import { matchedRoute, normalizePath } from './http/paths';
import { registerFiniteNumbers } from './http/finite-numbers';
import { answerClientError } from './http/client-errors';
import { registerCallerAuth } from './auth/caller';
import { internalSecret, originsOfClient, providerMetadata, redirectOrigins, secretMatches, spaOrigins } from './services/oauth-clients';
import { apiKeyBearer } from './services/api-key-tokens';
import { registerSignIn } from './auth/sign-in';
import { recordSession, registerSignOut } from './auth/sign-out';
import { registerApi } from './api';
import { startDataSetLifecycle } from './catalog/data-sets';
import { seedDemoFiles } from './seed/demo-files';
import { seedDemoApps } from './seed/demo-apps';
import { DEMO_ACCOUNTS, seedDemo, seedFoundation } from './seed/demo';
import { seedDemoSpaces } from './seed/demo-spaces';
import { seedLarge } from './seed/large';
import { createContext, type TenantContext } from './context';
import type { DataFilesOptions } from './limits';
import type { EventSink } from './events/sink';
import type { Clock } from './runtime';
import { DEFAULT_AUDIT_RETENTION_DAYS } from './services/audit-retention';

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
  /** The lineage-graphs limit per caller (Qlik's 20 a minute unless given; false = none). */
  lineageRateLimit?: WindowLimit | false;
  /** Show demo passwords on the sign-in page. */
  demoMode?: boolean;
  logger?: boolean;
  /** Data-file limits (Qlik's quotas); tests set small ones. */
  dataFiles?: DataFilesOptions;
  /** Where every change is recorded (default: Qlik's audit events, in the audit trail). */
  events?: EventSink;
  /** Days events stay online before they move to the archive (default 90, as Qlik). */
  auditRetentionDays?: number;
  /** How often expired events are archived (default hourly). */
  auditRetentionSweepMs?: number;
  /** The tenant's clock (tests move it). */
  clock?: Clock;
}

export interface TenantServer {
  app: FastifyInstance;
  db: Db;
  /** The context the server runs on (tests seed and inspect through it). */
  ctx: TenantContext;
  url: string;
  allowedOrigins: readonly string[];
  consoleClientId: string;
  m2m: { clientId: string; clientSecret: string };
  demoAccounts: typeof DEMO_ACCOUNTS;
  /** Every route the app serves (method and pattern), as registered: what tests walk. */
  routes: readonly RegisteredRoute[];
  close: () => Promise<void>;
}

export interface RegisteredRoute {
  method: string;
  url: string;
}

/** Builds and starts the local tenant. Tests call it in-process with `port: 0` and a temp data dir. */
export async function buildServer(options: TenantServerOptions): Promise<TenantServer> {
  if (options.reset) rmSync(options.dataDir, { recursive: true, force: true });
  const db = openDatabase(options.dataDir);
  const ctx = createContext({
    db,
    dataDir: options.dataDir,
    events: options.events,
    dataFiles: options.dataFiles,
    clock: options.clock,
  });
  const ids = ctx.identities;
  const allowedOrigins = options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS;

  if (!readTenant(db)) {
    seedFoundation(ctx, options.tenantName ?? 'Local tenant', 'local.tenant');
    const seed = options.seed ?? 'demo';
    if (seed === 'demo' || seed === 'large') {
      seedDemo(ctx);
      seedDemoSpaces(ctx);
      seedDemoFiles(ctx);
      seedDemoApps(ctx);
    }
    if (seed === 'large') seedLarge(ctx);
  }
  // Start-up clean-up: content of uploads a crash interrupted, and content whose row never got committed.
  ctx.blobs.sweep(ctx.dataFiles.referencedBlobs());
  const m2mSecret = ctx.settings.ensure('oauth.m2m-secret', () => randomBytes(24).toString('base64url'));
  const cookieSecret = ctx.settings.ensure('oauth.cookie-secret', () => randomBytes(32).toString('base64url'));

  const app = Fastify({
    logger: options.logger ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    trustProxy: false,
    // One path for routing and every decision taken on it: escapes of plain characters are decoded before routing.
    rewriteUrl: (request) => normalizePath(request.url ?? '/'),
    // Requests node's parser refuses (oversized headers or URL, malformed request line) get Qlik's error body too.
    clientErrorHandler: answerClientError,
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

  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
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

  // Every error body leaves in the shape of the API that answers it (errors[].status: number, string or absent).
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{')) return payload;
    try {
      const body = JSON.parse(payload) as { errors?: { status?: unknown }[] };
      if (!Array.isArray(body.errors)) return payload;
      return JSON.stringify(styleErrorStatus(body, matchedRoute(request) ?? request.url.split('?')[0]!));
    } catch {
      return payload;
    }
  });

  registerCors(app, allowedOrigins, () => spaOrigins(ctx));

  registerAuthorizationServerRoutes(app, oauth, {
    isApiClient: (clientId) => ctx.oauthClients.byId(clientId) !== undefined,
    secretMatches: (clientId, secret) => secretMatches(ctx, clientId, secret),
    internalSecret: (clientId) => internalSecret(ctx, clientId),
  });

  registerCallerAuth(app, oauth, ids, (clientId) => ids.userBySubject(`client|${clientId}`)?.id, (token) => apiKeyBearer(ctx, token));
  registerFiniteNumbers(app);
  const rateLimit = options.rateLimit === true ? QLIK_RATE_LIMITS : options.rateLimit || undefined;
  if (rateLimit) registerRateLimit(app, rateLimit);

  await app.register(formbody, { bodyLimit: 64 * 1024 });
  registerSignIn(app, {
    provider: oauth,
    identities: ids,
    tenantName: () => ctx.tenant().name,
    demoAccounts: options.demoMode === false ? [] : DEMO_ACCOUNTS,
    onSignIn: (userId) => recordSession(ctx, 'com.qlik.user-session.begin', userId),
  });
  registerSignOut(app, { provider: oauth, ctx, clientOrigins: () => [...allowedOrigins, ...redirectOrigins(ctx)] });
  await registerApi(app, ctx, {
    allowedOrigins,
    lineageRateLimit: options.lineageRateLimit ?? QLIK_LINEAGE_RATE_LIMIT,
    audits: {
      retentionDays: options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
      retentionSweepMs: options.auditRetentionSweepMs ?? 3_600_000,
    },
  });
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
    apiClients: {
      metadata: (clientId) => providerMetadata(ctx, clientId),
      originsOf: (clientId) => originsOfClient(ctx, clientId),
      allOrigins: () => spaOrigins(ctx),
    },
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? SIX_HOURS,
  });

  return {
    app,
    db,
    ctx,
    url,
    allowedOrigins,
    consoleClientId: CONSOLE_CLIENT_ID,
    m2m: { clientId: M2M_CLIENT_ID, clientSecret: m2mSecret },
    demoAccounts: DEMO_ACCOUNTS,
    routes,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}
