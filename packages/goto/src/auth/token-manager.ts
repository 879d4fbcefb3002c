import { PsaBridgeError } from '@psa-bridge/core';
import type { HttpClient } from '@psa-bridge/core/adapter';
import { renewalMarginMs } from './renewal-margin.js';
import type { StoredGotoAuth } from './stored-token-manager.js';
import { type GotoTokens, requestTokens } from './token-endpoint.js';

/**
 * How the client gets access tokens: from the partner's tokens in the app's stores (many
 * partners, many processes: SPEC S4), from the app, or by refreshing a refresh token on its own
 * (one partner, one process).
 */
export type GotoAuth =
  | StoredGotoAuth
  | {
      /** The app supplies tokens (it runs OAuth itself); called before every request, so cache inside. */
      readonly accessToken: () => Promise<string>;
    }
  | {
      /** OAuth client id. */
      readonly clientId: string;
      /** OAuth client secret. */
      readonly clientSecret: string;
      /** A refresh token from the consent step (`exchangeGotoCode`). */
      readonly refreshToken: string;
      /** Called when GoTo hands out a new refresh token, so the app can store it. */
      readonly onTokens?: (tokens: GotoTokens) => void | Promise<void>;
    };

/** Gives out a valid access token; renews it before expiry and after a 401. */
export interface TokenManager {
  /** A valid access token, renewing first when it expires within the margin. */
  token(signal: AbortSignal | undefined): Promise<string>;
  /**
   * Renews after a 401 of a request sent with `usedToken`; a token that is no longer current was
   * already renewed by another caller. Resolves `false` when the app supplies tokens.
   */
  renew(signal: AbortSignal | undefined, usedToken: string | undefined): Promise<boolean>;
  /** Secrets to keep out of errors: the tokens and the client secret. */
  secrets(): string[];
}

/**
 * A {@link TokenManager}. Renewals are single-flight: callers that need a token while one is
 * being fetched share that fetch. A new refresh token replaces the old one and is passed to
 * `onTokens`; when GoTo sends none, the old one stays in use.
 */
export function createTokenManager(
  auth: Exclude<GotoAuth, StoredGotoAuth>,
  context: { readonly http: HttpClient; readonly authBaseUrl: string; readonly now: () => number },
): TokenManager {
  if ('accessToken' in auth) {
    let last = '';
    return {
      async token() {
        last = await auth.accessToken();
        if (!last)
          throw new PsaBridgeError(
            'AUTHENTICATION',
            'The GoTo access token provider returned an empty token',
          );
        return last;
      },
      renew: async () => false,
      secrets: () => (last ? [last] : []),
    };
  }
  let refreshToken = auth.refreshToken;
  let current: (GotoTokens & { readonly renewAt: number }) | undefined;
  let inFlight: Promise<GotoTokens> | undefined;
  const seen: string[] = [auth.clientSecret, auth.refreshToken];

  const refresh = (signal: AbortSignal | undefined): Promise<GotoTokens> => {
    inFlight ??= (async () => {
      try {
        const tokens = await requestTokens(
          context,
          { grant_type: 'refresh_token', refresh_token: refreshToken },
          signal,
        );
        seen.push(tokens.accessToken);
        if (tokens.refreshToken && tokens.refreshToken !== refreshToken) {
          refreshToken = tokens.refreshToken;
          seen.push(tokens.refreshToken);
          await auth.onTokens?.(tokens);
        }
        current = {
          ...tokens,
          renewAt: tokens.expiresAt - renewalMarginMs(tokens.expiresAt - context.now()),
        };
        return tokens;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  return {
    async token(signal) {
      if (current && current.renewAt > context.now()) return current.accessToken;
      return (await refresh(signal)).accessToken;
    },
    async renew(signal, usedToken) {
      // Concurrent 401s share one renewal: join one in flight, or use the one that replaced the token.
      if (inFlight) await inFlight;
      else if (!current || current.accessToken === usedToken) await refresh(signal);
      return true;
    },
    secrets: () => seen,
  };
}
