import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { ApiError } from '../http/errors';
import { CONSOLE_CLIENT_ID, withOfflineAccessConsent } from './oauth';

/**
 * The authorization server's own paths: routes of the app whose requests are handed to oidc-provider
 * (`/oauth/authorize/:uid` is where a finished sign-in resumes the authorization).
 */
export const AUTHORIZATION_SERVER_PATHS = [
  '/oauth/authorize',
  '/oauth/authorize/:uid',
  '/oauth/token',
  '/oauth/revoke',
  '/.well-known/jwks.json',
] as const;

const oauthError = (detail: string) =>
  new ApiError(400, detail, { code: 'OAUTH-invalid_request', title: 'invalid_request' });

/** Largest JSON body the token and revoke endpoints read (a token request is a few hundred bytes). */
const MAX_JSON_BODY = 64 * 1024;

async function readBody(request: FastifyRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY)
      throw new ApiError(413, `The request body is larger than ${MAX_JSON_BODY} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Qlik's token and revoke endpoints take JSON (as @qlik/api sends it) besides a form, which oidc-provider does
 * not: the JSON object is turned into the form it would have been. Parameters are strings, numbers or booleans;
 * anything nested is refused here, as no parameter of these endpoints is structured.
 */
export function jsonToForm(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw oauthError('The request body is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw oauthError('The request body must be a JSON object.');
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') throw oauthError(`The parameter '${key}' must be a string.`);
    form[key] = String(value);
  }
  return form;
}

/** A form body; a parameter given twice is refused, as the provider would. */
function formOf(text: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(form, key)) throw oauthError(`The parameter '${key}' is given more than once.`);
    form[key] = value;
  }
  return form;
}

/**
 * Qlik documents the refresh grant as `{grant_type, refresh_token}` and revocation as `{token, token_type_hint}`:
 * no client_id. oidc-provider needs to know the client, so it is named here from the token itself. A public
 * client's token needs nothing more; a confidential client still has to authenticate with its secret.
 */
async function nameTheClient(provider: Provider, path: string, form: Record<string, string>): Promise<void> {
  if (form.client_id || form.client_assertion) return;
  if (path === '/oauth/token' && form.grant_type === 'refresh_token' && form.refresh_token) {
    const token = await provider.RefreshToken.find(form.refresh_token);
    if (token?.clientId) form.client_id = token.clientId;
    return;
  }
  if (path === '/oauth/revoke' && form.token) {
    const token =
      (await provider.AccessToken.find(form.token)) ??
      (await provider.RefreshToken.find(form.token)) ??
      (await provider.ClientCredentials.find(form.token));
    // An unknown token is "revoked" all the same (RFC 7009 §2.2): the console's own public client answers that.
    form.client_id = token?.clientId ?? CONSOLE_CLIENT_ID;
  }
}

/** How the gateway checks the secrets of clients made through the API (stored as hashes only). */
export interface ClientSecretCheck {
  isApiClient(clientId: string): boolean;
  secretMatches(clientId: string, secret: string): boolean;
  /** The secret oidc-provider compares for the client (derived, never stored). */
  internalSecret(clientId: string): string;
}

/**
 * oidc-provider compares client secrets in plain text, and an API-made client's secrets are kept as hashes: a
 * presented secret (form, JSON or HTTP Basic) that matches a stored hash is replaced by the client's internal
 * secret before the provider sees it. One that matches none stays as it is, and the provider refuses it.
 */
function exchangeClientSecret(request: FastifyRequest, form: Record<string, string>, check: ClientSecretCheck): void {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic && !form.client_secret) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const clientId = colon > 0 ? decodeURIComponent(decoded.slice(0, colon)) : '';
    if (clientId && check.isApiClient(clientId) && (!form.client_id || form.client_id === clientId)) {
      form.client_id = clientId;
      form.client_secret = decodeURIComponent(decoded.slice(colon + 1));
      delete request.raw.headers.authorization;
    }
  }
  const { client_id: clientId, client_secret: secret } = form;
  if (clientId && secret && check.isApiClient(clientId) && check.secretMatches(clientId, secret)) {
    form.client_secret = check.internalSecret(clientId);
  }
}

/**
 * Hands the authorization server's routes to oidc-provider before Fastify reads the body. They are real routes,
 * so the decision to hand a request over is taken on the path the router matched, like every other decision.
 */
export function registerAuthorizationServerRoutes(app: FastifyInstance, provider: () => Provider, secrets?: ClientSecretCheck): void {
  const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.routeOptions.url;
    if (path === '/oauth/authorize' && request.method === 'GET') {
      const state = new URL(request.url, 'http://x').searchParams.get('state');
      if (!state) throw oauthError('The state parameter is required.');
      request.raw.url = withOfflineAccessConsent(request.raw.url ?? request.url);
    }
    if ((path === '/oauth/token' || path === '/oauth/revoke') && request.method === 'POST') {
      const type = request.headers['content-type'] ?? '';
      const form = type.startsWith('application/json')
        ? jsonToForm(await readBody(request))
        : type.startsWith('application/x-www-form-urlencoded')
          ? formOf(await readBody(request))
          : undefined;
      if (form) {
        await nameTheClient(provider(), path, form);
        if (secrets) exchangeClientSecret(request, form, secrets);
        request.raw.headers['content-type'] = 'application/x-www-form-urlencoded';
        // type-is only sees a body when a length is announced; the provider then reads the parsed form below.
        request.raw.headers['content-length'] = String(
          Buffer.byteLength(new URLSearchParams(form).toString()),
        );
        (request.raw as unknown as { body: unknown }).body = form;
      }
    }
    const handler = provider().callback();
    reply.hijack();
    await handler(request.raw, reply.raw);
  };
  for (const url of AUTHORIZATION_SERVER_PATHS) {
    app.all(url, { onRequest: handOver }, async () => {
      throw new Error(`${url} is answered by the authorization server`);
    });
  }
}
