// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ORIGIN, pkcePair, startTenant, type TestTenant } from '../test/harness';
import type { ChangeEvent, EventSink } from '../events/sink';

/**
 * Ending the tenant's sign-in session: GET /logout forgets the session (the next authorization shows the sign-in
 * page again), returns only to an origin of the tenant's clients, and prompt=login shows the sign-in page even
 * while a session is live. One browser's cookies are kept throughout, as a browser would.
 */
let t: TestTenant;
const recorded: ChangeEvent[] = [];
const sink: EventSink = { record: (event) => void recorded.push(event) };

class Browser {
  private cookies = new Map<string, string>();
  async get(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.header() } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const authorizeUrl = (extra: Record<string, string> = {}) =>
  `${t.url}/oauth/authorize?${new URLSearchParams({
    client_id: 'manage-console',
    redirect_uri: `${CONSOLE_ORIGIN}/callback`,
    response_type: 'code',
    scope: 'user_default',
    state: 's',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    ...extra,
  })}`;

/** Follows the authorization in the browser until it leaves the tenant (a code) or shows a sign-in form. */
async function authorizeIn(browser: Browser, extra: Record<string, string> = {}, credentials?: { email: string; password: string }) {
  let response = await browser.get(authorizeUrl(extra));
  for (let hop = 0; hop < 10; hop++) {
    const location = response.headers.get('location');
    if (!location) {
      const html = await response.text();
      if (!html.includes('name="password"')) throw new Error(`unexpected page ${response.status} ${html.slice(0, 600)}`);
      if (!credentials) return { signInPage: true as const };
      const action = /action="([^"]+\/login)"/.exec(html)![1]!;
      response = await browser.get(new URL(action, t.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(credentials),
      });
      credentials = undefined;
      continue;
    }
    const next = new URL(location, t.url);
    if (next.origin !== new URL(t.url).origin) return { code: next.searchParams.get('code') };
    response = await browser.get(next);
  }
  throw new Error('no end to the redirects');
}

beforeAll(async () => {
  t = await startTenant({ events: sink });
});
afterAll(async () => {
  await t.stop();
});

describe('GET /logout and prompt=login', () => {
  it('ends the session: the next authorization in the same browser shows the sign-in page again', async () => {
    const browser = new Browser();
    expect((await authorizeIn(browser, {}, { email: 'max@example.com', password: 'max-demo' })).code).toBeTruthy();
    expect((await authorizeIn(browser)).code, 'a live session signs in without the page').toBeTruthy();
    const back = `${CONSOLE_ORIGIN}/connect?signedOut=1`;
    const response = await browser.get(`${t.url}/logout?returnto=${encodeURIComponent(back)}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(back);
    expect(recorded.map((e) => e.type)).toEqual(
      expect.arrayContaining(['com.qlik.user-session.begin', 'com.qlik.user-session.end']),
    );
    const maxSessions = recorded.filter((e) => e.type.startsWith('com.qlik.user-session.'));
    expect(new Set(maxSessions.map((e) => e.actorId)).size, 'one user, as the actor of both').toBe(1);
    expect(await authorizeIn(browser)).toEqual({ signInPage: true });
  });

  it('shows the sign-in page for prompt=login while a session is live', async () => {
    const browser = new Browser();
    await authorizeIn(browser, {}, { email: 'ada@example.com', password: 'ada-demo' });
    expect(await authorizeIn(browser, { prompt: 'login' })).toEqual({ signInPage: true });
    expect((await authorizeIn(browser, { prompt: 'login' }, { email: 'ada@example.com', password: 'ada-demo' })).code).toBeTruthy();
  });

  it('switches account in one browser: /logout, then a sign-in as someone else', async () => {
    const browser = new Browser();
    await authorizeIn(browser, {}, { email: 'ada@example.com', password: 'ada-demo' });
    await browser.get(`${t.url}/logout`);
    expect((await authorizeIn(browser, { prompt: 'login' }, { email: 'rita@example.com', password: 'rita-demo' })).code).toBeTruthy();
  });

  it('refuses a return address that is not an origin of its clients (400, no redirect, session kept)', async () => {
    const browser = new Browser();
    await authorizeIn(browser, {}, { email: 'max@example.com', password: 'max-demo' });
    for (const target of ['https://evil.example/connect', 'javascript:alert(1)', '//evil.example']) {
      const response = await browser.get(`${t.url}/logout?returnto=${encodeURIComponent(target)}`);
      expect(response.status, target).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    expect((await authorizeIn(browser)).code).toBeTruthy();
    const page = await browser.get(`${t.url}/logout`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed out');
  });
});
