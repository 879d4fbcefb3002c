import { checkClientCredentials } from './check-auth.js';
import {
  createIdentityClient,
  GOTO_AUTH_BASE_URL,
  type GotoTokens,
  requestTokens,
} from './token-endpoint.js';

/** Options of {@link gotoAuthorizationUrl}. */
export interface GotoAuthorizationUrlOptions {
  /** OAuth client id from developer.goto.com. */
  readonly clientId: string;
  /** One of the client's registered redirect URIs. */
  readonly redirectUri: string;
  /** Opaque value to check on return (CSRF protection). */
  readonly state?: string;
  /** Scopes to ask for; the Admin API needs `identity:`. */
  readonly scope?: string;
  /** Base of the authorization server. @default https://authentication.logmeininc.com */
  readonly authBaseUrl?: string;
}

/**
 * The URL to send an admin to for consent (the OAuth authorization-code step).
 * @see https://developer.goto.com/guides/Authentication/03_HOW_accessToken/
 */
export function gotoAuthorizationUrl(options: GotoAuthorizationUrlOptions): string {
  const url = new URL('/oauth/authorize', options.authBaseUrl ?? GOTO_AUTH_BASE_URL);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirectUri);
  if (options.state) url.searchParams.set('state', options.state);
  if (options.scope) url.searchParams.set('scope', options.scope);
  return url.toString();
}

/** Options of {@link exchangeGotoCode}. */
export interface ExchangeGotoCodeOptions {
  /** OAuth client id. */
  readonly clientId: string;
  /** OAuth client secret. */
  readonly clientSecret: string;
  /** The `code` GoTo sent to the redirect URI. */
  readonly code: string;
  /** The same redirect URI as in the authorization URL. */
  readonly redirectUri: string;
  /** Base of the authorization server. @default https://authentication.logmeininc.com */
  readonly authBaseUrl?: string;
  /** `fetch` to use. */
  readonly fetch?: typeof fetch;
  /** Aborts the exchange. */
  readonly signal?: AbortSignal;
}

/** Exchanges an authorization code for tokens; store `refreshToken` for `goto({ auth })`. */
export async function exchangeGotoCode(options: ExchangeGotoCodeOptions): Promise<GotoTokens> {
  checkClientCredentials('exchangeGotoCode()', options, false);
  const authBaseUrl = options.authBaseUrl ?? GOTO_AUTH_BASE_URL;
  const http = createIdentityClient({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authBaseUrl,
    secrets: () => [options.clientSecret, options.code],
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return requestTokens(
    { http, authBaseUrl, now: Date.now },
    { grant_type: 'authorization_code', code: options.code, redirect_uri: options.redirectUri },
    options.signal,
  );
}
