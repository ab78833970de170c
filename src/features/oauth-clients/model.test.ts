import { describe, expect, it } from 'vitest';
import { consoleFit, linesOf, toCreateRequest, validateOrigins, validateRedirectUris, type ClientFormValues } from './model';

const values = (over: Partial<ClientFormValues> = {}): ClientFormValues => ({
  kind: 'spa',
  clientName: ' Dashboard ',
  description: '',
  redirectUris: 'https://app.example.com/callback\n\nhttps://app.example.com/callback',
  allowedOrigins: 'https://app.example.com',
  machineToMachine: true,
  allowedScopes: ['user_default'],
  ...over,
});

describe('the OAuth client form', () => {
  it('reads one URI per line, without blanks or repeats', () => {
    expect(linesOf(' a \n\nb\na\r\n')).toEqual(['a', 'b']);
  });

  it('refuses redirect URIs the tenant would refuse, and names the bad one', () => {
    expect(validateRedirectUris('', true)).toMatch(/at least one/);
    expect(validateRedirectUris('', false)).toBeNull();
    expect(validateRedirectUris('app.example.com/cb', true)).toMatch(/app.example.com\/cb is not an absolute URL/);
    expect(validateRedirectUris('ftp://x.example/cb', true)).toMatch(/https:\/\//);
    expect(validateRedirectUris('https://x.example/cb#x', true)).toMatch(/fragment/);
    expect(validateRedirectUris(Array.from({ length: 6 }, (_, i) => `https://x.example/${i}`).join('\n'), true)).toMatch(/at most 5/);
    expect(validateRedirectUris('http://localhost:5173/callback', true)).toBeNull();
  });

  it('takes an origin only as scheme://host[:port]', () => {
    expect(validateOrigins('https://app.example.com')).toBeNull();
    expect(validateOrigins('https://app.example.com/')).toMatch(/not an origin/);
    expect(validateOrigins('https://app.example.com/path')).toMatch(/not an origin/);
    expect(validateOrigins('app.example.com')).toMatch(/not an origin/);
  });

  it('asks for origins on SPA clients only and client_credentials on machine-to-machine server clients only', () => {
    expect(toCreateRequest(values())).toEqual({
      appType: 'spa',
      clientName: 'Dashboard',
      redirectUris: ['https://app.example.com/callback'],
      allowedOrigins: ['https://app.example.com'],
      allowedScopes: ['user_default'],
      connectionConfig: { consentMethod: 'trusted' },
    });
    const server = toCreateRequest(values({ kind: 'web', redirectUris: '' }));
    expect(server).toMatchObject({ appType: 'web', allowedGrantTypes: ['client_credentials'], redirectUris: [] });
    expect(server).not.toHaveProperty('allowedOrigins');
    expect(toCreateRequest(values({ kind: 'web', machineToMachine: false }))).not.toHaveProperty('allowedGrantTypes');
  });

  it("says what a SPA client lacks for this console's sign-in", () => {
    const console = { origin: 'http://localhost:5173', redirectUri: 'http://localhost:5173/callback' };
    expect(consoleFit({ redirectUris: [console.redirectUri], allowedOrigins: [console.origin] }, console)).toEqual({ fits: true, missingRedirect: false, missingOrigin: false });
    expect(consoleFit({ redirectUris: [], allowedOrigins: [console.origin] }, console)).toMatchObject({ fits: false, missingRedirect: true, missingOrigin: false });
    expect(consoleFit({}, console)).toMatchObject({ fits: false, missingRedirect: true, missingOrigin: true });
  });
});
