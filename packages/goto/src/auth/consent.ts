import { isPsaBridgeError, PsaBridgeError, Secret } from '@psa-bridge/core';
import type { GotoTokenStore } from '@psa-bridge/core/adapter';
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
  /** The PKCE verifier, when the authorization URL carried a challenge. */
  readonly codeVerifier?: string;
  /** Time, for the access token's expiry. @default Date.now */
  readonly now?: () => number;
}

/** Exchanges an authorization code for tokens; store `refreshToken` for `goto({ auth })`. */
export async function exchangeGotoCode(options: ExchangeGotoCodeOptions): Promise<GotoTokens> {
  checkClientCredentials('exchangeGotoCode()', options, false);
  const authBaseUrl = options.authBaseUrl ?? GOTO_AUTH_BASE_URL;
  const http = createIdentityClient({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authBaseUrl,
    secrets: () => [
      options.clientSecret,
      options.code,
      ...(options.codeVerifier ? [options.codeVerifier] : []),
    ],
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return requestTokens(
    { http, authBaseUrl, now: options.now ?? Date.now },
    {
      grant_type: 'authorization_code',
      code: options.code,
      redirect_uri: options.redirectUri,
      ...(options.codeVerifier ? { code_verifier: options.codeVerifier } : {}),
    },
    options.signal,
  );
}

/** Options of {@link startGotoConsent}. */
export interface StartGotoConsentOptions extends Omit<GotoAuthorizationUrlOptions, 'state'> {
  /**
   * Send a PKCE challenge (S256) with the request and its verifier with the code. Whether GoTo
   * checks PKCE for confidential clients is unconfirmed; the flow works either way. @default false
   */
  readonly pkce?: boolean;
}

/**
 * What the app keeps between sending the admin to GoTo and GoTo sending them back: in the
 * partner's session, never in the URL (the `state` goes through GoTo; the verifier must not).
 */
export interface GotoConsentRequest {
  /** Where to send the partner's GoTo admin. */
  readonly url: string;
  /** The random `state` in `url`; {@link completeGotoConsent} checks the callback carries it. */
  readonly state: string;
  /** The PKCE verifier, when `pkce` was asked for. */
  readonly codeVerifier?: string;
}

const base64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const randomText = (): string => base64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)));

/**
 * Starts onboarding a partner's GoTo account (SPEC S4): the consent URL with a fresh random
 * `state` (and a PKCE challenge when asked). Keep the result in the partner's session and pass it
 * to {@link completeGotoConsent} when GoTo redirects back.
 *
 * @example
 * ```ts
 * const consent = await startGotoConsent({ clientId, redirectUri: 'https://app.example/goto/callback', scope: 'identity:' });
 * session.gotoConsent = consent; // then redirect the browser to consent.url
 * ```
 */
export async function startGotoConsent(options: StartGotoConsentOptions): Promise<GotoConsentRequest> {
  const state = randomText();
  const url = new URL(gotoAuthorizationUrl({ ...options, state }));
  if (!options.pkce) return { url: url.toString(), state };
  const codeVerifier = randomText();
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier)),
  );
  url.searchParams.set('code_challenge', base64Url(digest));
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.toString(), state, codeVerifier };
}

/** Options of {@link completeGotoConsent}. */
export interface CompleteGotoConsentOptions {
  /** The URL GoTo redirected the browser to (or just its query string). */
  readonly callbackUrl: string;
  /** What {@link startGotoConsent} returned, from the partner's session. */
  readonly request: GotoConsentRequest;
  /** The tenant's token store, where the partner's tokens go (sealed). */
  readonly tokens: GotoTokenStore;
  /** OAuth client id. */
  readonly clientId: string;
  /** OAuth client secret. */
  readonly clientSecret: string;
  /** The redirect URI of the consent URL. */
  readonly redirectUri: string;
  /** Base of the authorization server. @default https://authentication.logmeininc.com */
  readonly authBaseUrl?: string;
  /** `fetch` to use. */
  readonly fetch?: typeof fetch;
  /** Aborts the exchange. */
  readonly signal?: AbortSignal;
  /** Time, for the access token's expiry. @default Date.now */
  readonly now?: () => number;
}

/** What a completed consent tells the app (no tokens: they are in the store). */
export interface GotoConsentResult {
  /** The GoTo admin who consented. */
  readonly principal?: string;
  /** The scopes granted. */
  readonly scope?: string;
}

/**
 * Completes onboarding: checks the callback (its `state` must be the one this consent started
 * with), exchanges the code and stores the partner's tokens in its token store, replacing a
 * previous consent (and clearing `needsConsent`). Typed errors say what happened:
 * - the admin declined: `AUTHENTICATION` with `details.reason` `consent-denied`;
 * - another GoTo error on the callback: `AUTHENTICATION`, `details.reason` `consent-failed`;
 * - a `state` that does not match (a forged, stale or crossed callback): `VALIDATION`, field `state`;
 * - a code GoTo refuses (already used, expired, wrong verifier): `AUTHENTICATION`,
 *   `details.reason` `code-refused`: start the consent again.
 */
export async function completeGotoConsent(options: CompleteGotoConsentOptions): Promise<GotoConsentResult> {
  checkClientCredentials('completeGotoConsent()', options, false);
  const query = new URLSearchParams(
    options.callbackUrl.includes('?')
      ? options.callbackUrl.slice(options.callbackUrl.indexOf('?') + 1)
      : options.callbackUrl,
  );
  const error = query.get('error');
  if (error !== null) {
    const denied = error === 'access_denied';
    throw new PsaBridgeError(
      'AUTHENTICATION',
      denied
        ? 'The GoTo admin declined to connect the account: nothing was stored; ask them to connect again and approve'
        : `GoTo did not complete the consent (${/^[a-z_]{1,40}$/.test(error) ? error : 'an unknown error'}): start it again`,
      { details: { reason: denied ? 'consent-denied' : 'consent-failed' } },
    );
  }
  const state = query.get('state');
  if (!state || state.length !== options.request.state.length || state !== options.request.state) {
    throw new PsaBridgeError(
      'VALIDATION',
      'The GoTo callback does not carry the state this consent started with (a forged, stale or crossed callback): nothing was stored',
      { details: { field: 'state' } },
    );
  }
  const code = query.get('code');
  if (!code) {
    throw new PsaBridgeError('VALIDATION', 'The GoTo callback carries no authorization code', {
      details: { field: 'code' },
    });
  }
  let answer: GotoTokens;
  try {
    answer = await exchangeGotoCode({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      code,
      redirectUri: options.redirectUri,
      ...(options.request.codeVerifier ? { codeVerifier: options.request.codeVerifier } : {}),
      ...(options.authBaseUrl ? { authBaseUrl: options.authBaseUrl } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (caught) {
    if (isPsaBridgeError(caught, 'AUTHENTICATION')) {
      throw new PsaBridgeError(
        'AUTHENTICATION',
        'GoTo refused the authorization code (already used, expired, or made for another request): start the consent again',
        { details: { reason: 'code-refused' } },
      );
    }
    throw caught;
  }
  if (!answer.refreshToken) {
    throw new PsaBridgeError('RESPONSE_SHAPE', 'GoTo answered the consent without a refresh token');
  }
  const next = {
    refreshToken: new Secret(answer.refreshToken),
    accessToken: new Secret(answer.accessToken),
    expiresAt: answer.expiresAt,
    ...(answer.scope ? { scope: answer.scope } : {}),
    ...(answer.principal ? { principal: answer.principal } : {}),
  };
  // Replaces whatever was there (an old consent, a revoked one); retried once if a refresh raced.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await options.tokens.get();
    if (await options.tokens.compareAndSet(current?.generation ?? 0, next)) {
      return {
        ...(answer.principal ? { principal: answer.principal } : {}),
        ...(answer.scope ? { scope: answer.scope } : {}),
      };
    }
  }
  throw new PsaBridgeError(
    'CONFLICT',
    'The GoTo tokens of this partner kept changing while the consent was stored',
  );
}

/**
 * Disconnects a partner's GoTo account: forgets its tokens. Its bridges then fail GoTo calls with
 * `AUTHENTICATION` (`details.reason` `not-connected`) until it connects again. Revoke the grant in
 * GoTo's admin center too if the partner leaves for good. Resolves `false` when nothing was stored.
 */
export function disconnectGoto(tokens: GotoTokenStore): Promise<boolean> {
  return tokens.delete();
}
