import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { Identities } from '../store/identities';
import { escapeHtml, page, SIGN_IN_CSS } from './html';
import { grantFor } from './oauth';

export interface DemoAccount {
  name: string;
  email: string;
  password: string;
  description: string;
}

interface SignInOptions {
  provider: () => Provider;
  identities: Identities;
  tenantName: () => string;
  /** Shown on the page only in demo mode. */
  demoAccounts: readonly DemoAccount[];
  /** Called once a user's sign-in is accepted by the authorization (Qlik's `user-session.begin`). */
  onSignIn?: (userId: string) => void;
}

function signInPage(o: SignInOptions, uid: string, clientName: string, error?: string, email = ''): string {
  const demo = o.demoAccounts.length
    ? `<section class="demo" aria-labelledby="demo-title">
  <h2 id="demo-title">Demo sign-ins</h2>
  <ul>
  ${o.demoAccounts
    .map(
      (a) => `<li><span><strong>${escapeHtml(a.name)}</strong> — ${escapeHtml(a.description)}<br><code>${escapeHtml(a.email)}</code> / <code>${escapeHtml(a.password)}</code></span>
    <form method="post" action="/interaction/${escapeHtml(uid)}/login">
      <input type="hidden" name="email" value="${escapeHtml(a.email)}"><input type="hidden" name="password" value="${escapeHtml(a.password)}">
      <button class="link" type="submit" aria-label="Sign in as ${escapeHtml(a.name)}">Use</button>
    </form></li>`,
    )
    .join('\n  ')}
  </ul>
</section>`
    : '';
  return page(
    `Sign in to ${o.tenantName()}`,
    `<h1>Sign in to ${escapeHtml(o.tenantName())}</h1>
<p class="lead">Local Qlik Cloud tenant</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login" novalidate>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}" ${error ? 'aria-describedby="sign-in-error" aria-invalid="true"' : 'autofocus'}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required ${error ? 'aria-describedby="sign-in-error" aria-invalid="true" autofocus' : ''}>
  ${error ? `<p class="error" id="sign-in-error" role="alert">${escapeHtml(error)}</p>` : ''}
  <button class="primary" type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button class="link" type="submit">Cancel and return to ${escapeHtml(clientName)}</button></form>
<p class="client">${escapeHtml(clientName)} is asking to access this tenant on your behalf.</p>
${demo}`,
  );
}

/** The tenant's sign-in page: the login step of oidc-provider's interaction, server-rendered, script-free. */
export function registerSignIn(app: FastifyInstance, o: SignInOptions): void {
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'",
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };

  // The redirect back to the authorization is answered here, so that an expired or unknown interaction is refused
  // like any other bad request instead of failing after the answer was taken over.
  const finish = async (request: FastifyRequest, reply: FastifyReply, result: InteractionResults, mergeWithLastSubmission: boolean) => {
    const location = await o.provider().interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission });
    return reply.code(303).header('location', location).header('cache-control', 'no-store').send();
  };

  app.get('/interaction-assets/sign-in.css', async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SIGN_IN_CSS),
  );

  app.get<{ Params: { uid: string } }>('/interaction/:uid', async (request, reply) => {
    const details = await o.provider().interactionDetails(request.raw, reply.raw);
    if (details.prompt.name === 'consent' && details.session?.accountId) {
      // First-party console: consent is implied; the grant holds what the user's roles permit.
      const requested = String(details.params.scope ?? '').split(' ').filter(Boolean);
      const grant = await grantFor(o.provider(), o.identities, details.session.accountId, String(details.params.client_id), requested);
      return finish(request, reply, { consent: { grantId: grant.jti } }, true);
    }
    const client = await o.provider().Client.find(String(details.params.client_id));
    return reply.headers(headers).send(signInPage(o, details.uid, client?.clientName ?? 'An application'));
  });

  app.post<{ Params: { uid: string }; Body: { email?: string; password?: string } }>('/interaction/:uid/login', async (request, reply) => {
    const details = await o.provider().interactionDetails(request.raw, reply.raw);
    const email = String(request.body?.email ?? '').slice(0, 320);
    const password = String(request.body?.password ?? '').slice(0, 1024);
    const user = email && password ? o.identities.authenticate(email, password) : undefined;
    if (!user) {
      const client = await o.provider().Client.find(String(details.params.client_id));
      return reply
        .code(401)
        .headers(headers)
        .send(signInPage(o, details.uid, client?.clientName ?? 'An application', 'Wrong email or password. Check both and try again.', email));
    }
    const sent = await finish(request, reply, { login: { accountId: user.id } }, false);
    o.onSignIn?.(user.id);
    return sent;
  });

  app.post<{ Params: { uid: string } }>('/interaction/:uid/abort', async (request, reply) =>
    finish(request, reply, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, false),
  );
}
