import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { TenantContext } from '../context';
import { ApiError } from '../http/errors';

/**
 * API keys as tokens: a JWT signed ES256 with a key of the tenant (made once, kept in settings), `jti` = the key's
 * id, `sub` = its user, `exp` = its expiry. The tenant keeps only the token's SHA-256.
 */

const SIGNING_KEY_SETTING = 'api-keys.signing-key';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const keys = new WeakMap<TenantContext, SigningKey>();

function signingKey(ctx: TenantContext): SigningKey {
  const known = keys.get(ctx);
  if (known) return known;
  const stored = JSON.parse(
    ctx.settings.ensure(SIGNING_KEY_SETTING, () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return JSON.stringify({ kid: `apikey-${ctx.ids.uid().slice(0, 12)}`, jwk: privateKey.export({ format: 'jwk' }) });
    }),
  ) as { kid: string; jwk: JsonWebKey };
  const privateKey = createPrivateKey({ key: stored.jwk, format: 'jwk' });
  const made = { kid: stored.kid, privateKey, publicKey: createPublicKey(privateKey) };
  keys.set(ctx, made);
  return made;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A signed API-key token for a key id, user and expiry. */
export function mintApiKeyToken(ctx: TenantContext, claims: { keyId: string; userId: string; expiry: Date }): string {
  const key = signingKey(ctx);
  const header = b64url({ alg: 'ES256', typ: 'JWT', kid: key.kid });
  const payload = b64url({
    jti: claims.keyId,
    sub: claims.userId,
    subType: 'user',
    tenantId: ctx.tenant().id,
    iat: Math.floor(ctx.clock.now().getTime() / 1000),
    exp: Math.floor(claims.expiry.getTime() / 1000),
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${signature.toString('base64url')}`;
}

const refused = () =>
  new ApiError(401, 'The api key is either expired or revoked', {
    code: 'APIKEYS-18',
    title: 'The api key is either expired or revoked',
    headers: { 'www-authenticate': 'Bearer realm="qlik.api"' },
  });

/** The key id a bearer value names when it is one of this tenant's signed API-key tokens; undefined otherwise. */
function signedKeyId(ctx: TenantContext, token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid?: unknown };
    const key = signingKey(ctx);
    if (kid !== key.kid) return undefined;
    const valid = verify('sha256', Buffer.from(`${header}.${payload}`), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    if (!valid) return undefined;
    const { jti } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { jti?: unknown };
    return typeof jti === 'string' ? jti : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user and key behind a bearer value that is an API key of this tenant; undefined when it is no API key (an
 * OAuth token). A key that is revoked, deleted, expired, or whose user is not active answers 401 APIKEYS-18.
 */
export function apiKeyBearer(ctx: TenantContext, token: string): { userId: string; keyId: string } | undefined {
  const keyId = signedKeyId(ctx, token);
  if (!keyId) return undefined;
  const row = ctx.apiKeys.byId(keyId);
  if (!row) throw refused();
  const expected = Buffer.from(row.token_hash, 'hex');
  const actual = Buffer.from(tokenHash(token), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw refused();
  if (row.status !== 'active' || new Date(row.expiry) <= ctx.clock.now()) throw refused();
  if (ctx.identities.userById(row.sub)?.status !== 'active') throw refused();
  return { userId: row.sub, keyId };
}
