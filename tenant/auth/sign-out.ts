import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { TenantContext } from '../context';
import { errorBody } from '../http/errors';
import { escapeHtml, page } from './html';

/** oidc-provider's sign-in session cookies (and their signatures), which /logout expires. */
const SESSION_COOKIES = ['_session', '_session.sig', '_session.legacy', '_session.legacy.sig'];

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Where /logout may send the browser back to: an absolute http(s) URL on the origin of a redirect URI of one of the
 * tenant's OAuth clients. Anything else is refused, so /logout is no open redirect.
 */
export function validReturn(raw: string | undefined, clientOrigins: () => Iterable<string>): URL | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'invalid';
  return [...clientOrigins()].includes(url.origin) ? url : 'invalid';
}

/**
 * `GET /logout`: ends the tenant's sign-in session (the session row and its cookies) and returns to `returnto`
 * (or `post_logout_redirect_uri`) when that is one of the clients' origins. Qlik documents no logout; @qlik/api's
 * `logout()` navigates to `/logout`, so this is the path it takes. Access and refresh tokens are the client's to
 * revoke (POST /oauth/revoke): the console does both.
 */
/** A sign-in session began or ended: Qlik's edge-auth events, as the user. */
export function recordSession(
  ctx: TenantContext,
  type: 'com.qlik.user-session.begin' | 'com.qlik.user-session.end',
  userId: string,
): void {
  ctx.db.transaction(() =>
    ctx.events.record({ type, actorId: userId, resourceType: 'user', resourceId: userId, spaceId: null, data: { userId } }),
  )();
}

export function registerSignOut(
  app: FastifyInstance,
  o: { provider: () => Provider; ctx: TenantContext; clientOrigins: () => Iterable<string> },
): void {
  app.get<{ Querystring: { returnto?: string; post_logout_redirect_uri?: string } }>('/logout', async (request, reply) => {
    const target = validReturn(request.query.returnto ?? request.query.post_logout_redirect_uri, o.clientOrigins);
    if (target === 'invalid') {
      return reply.code(400).send(
        errorBody([{ code: 'HTTP-400', title: 'Bad Request', detail: 'The return address is not an origin of this tenant’s OAuth clients.', status: '400' }]),
      );
    }
    const id = cookieValue(request.headers.cookie, '_session');
    const session = id ? await o.provider().Session.find(id) : undefined;
    if (session) {
      const accountId = session.accountId;
      await session.destroy();
      if (accountId) {
        recordSession(o.ctx, 'com.qlik.user-session.end', accountId);
      }
    }
    reply.header('set-cookie', SESSION_COOKIES.map((name) => `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`));
    reply.header('cache-control', 'no-store');
    if (target) return reply.redirect(target.toString(), 303);
    return reply
      .type('text/html; charset=utf-8')
      .send(page('Signed out', `<h1>Signed out</h1><p class="lead">You are signed out of ${escapeHtml(o.ctx.tenant().name)}.</p>`));
  });
}
