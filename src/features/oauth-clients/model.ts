import type { OAuthClientCreateRequest } from '@qlik/api/oauth-clients';

/** The create form's values: lists as one entry per line, as an admin pastes them. */
export interface ClientFormValues {
  kind: 'spa' | 'web';
  clientName: string;
  description: string;
  redirectUris: string;
  allowedOrigins: string;
  machineToMachine: boolean;
  allowedScopes: string[];
}

export const linesOf = (text: string) => [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))];

/** Null when valid, else why: absolute http(s) URLs without a fragment, at most 5. */
export function validateRedirectUris(text: string, required: boolean): string | null {
  const uris = linesOf(text);
  if (!uris.length) return required ? 'Enter at least one redirect URI.' : null;
  if (uris.length > 5) return 'A client takes at most 5 redirect URIs.';
  for (const uri of uris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return `${uri} is not an absolute URL (e.g. https://app.example.com/callback).`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${uri} must start with https:// or http://.`;
    if (url.hash) return `${uri} must not have a #fragment.`;
  }
  return null;
}

/** Null when valid, else why: each exactly scheme://host[:port], at most 5. */
export function validateOrigins(text: string): string | null {
  const origins = linesOf(text);
  if (origins.length > 5) return 'A client takes at most 5 allowed origins.';
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin) return `${origin} is not an origin: write scheme, host and port only, e.g. https://app.example.com (no path, no trailing slash).`;
  }
  return null;
}

/** What the form asks the tenant to create. */
export function toCreateRequest(values: ClientFormValues): OAuthClientCreateRequest {
  const redirectUris = linesOf(values.redirectUris);
  return {
    appType: values.kind,
    clientName: values.clientName.trim(),
    ...(values.description.trim() ? { description: values.description.trim() } : {}),
    redirectUris,
    allowedScopes: values.allowedScopes,
    ...(values.kind === 'spa' ? { allowedOrigins: linesOf(values.allowedOrigins) } : {}),
    ...(values.kind === 'web' && values.machineToMachine ? { allowedGrantTypes: ['client_credentials'] } : {}),
    // This console's own clients are first-party: no consent screen.
    connectionConfig: { consentMethod: 'trusted' },
  };
}

/** Whether a SPA client lets this console sign in: its origin allowed and its /callback registered. */
export function consoleFit(client: { redirectUris?: string[]; allowedOrigins?: string[] }, console: { origin: string; redirectUri: string }) {
  const missingRedirect = !(client.redirectUris ?? []).includes(console.redirectUri);
  const missingOrigin = !(client.allowedOrigins ?? []).includes(console.origin);
  return { fits: !missingRedirect && !missingOrigin, missingRedirect, missingOrigin };
}
