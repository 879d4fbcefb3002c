import { isPsaBridgeError, PsaBridgeError } from '@psa-bridge/core';
import {
  basicCredentials,
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
} from '@psa-bridge/core/adapter';
import { z } from 'zod';

/** GoTo's token endpoint. @see https://developer.goto.com/guides/Authentication/03_HOW_accessToken/ */
export const GOTO_AUTH_BASE_URL = 'https://authentication.logmeininc.com';

/** Tokens as GoTo's token endpoint returns them. */
export interface GotoTokens {
  /** Bearer token for the Admin API. */
  readonly accessToken: string;
  /** Refresh token; GoTo returns a new one only sometimes, so the previous one stays valid otherwise. */
  readonly refreshToken?: string;
  /** When the access token expires (ms since the epoch). */
  readonly expiresAt: number;
  /** Scopes granted. */
  readonly scope?: string;
  /** The signed-in user. */
  readonly principal?: string;
}

/** Characters a bearer token can carry in a header (RFC 6750 b64token, kept loose). */
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;

const tokenWire = z.object({
  access_token: z.string().min(1).regex(HEADER_SAFE_TOKEN, 'must be a token an HTTP header can carry'),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z.number().positive(),
  token_type: z.string().nullish(),
  scope: z.string().nullish(),
  principal: z.string().nullish(),
});

/** What the token endpoint needs. */
export interface TokenRequestContext {
  /** Transport that authenticates with the client's Basic header ({@link createIdentityClient}). */
  readonly http: HttpClient;
  /** Base of the token endpoint. */
  readonly authBaseUrl: string;
  /** Current time, ms since the epoch. */
  readonly now: () => number;
}

/** Options of {@link createIdentityClient}. */
export interface IdentityClientOptions
  extends Pick<HttpClientOptions, 'fetch' | 'clock' | 'hooks' | 'timeoutMs' | 'retry'> {
  /** OAuth client id. */
  readonly clientId: string;
  /** OAuth client secret. */
  readonly clientSecret: string;
  /** Base of the token endpoint; the Basic header goes to this origin only (SPEC C8). */
  readonly authBaseUrl: string;
  /** Every secret to keep out of errors (client secret, refresh and access tokens). */
  readonly secrets: () => Iterable<string>;
}

/** The transport for GoTo's token endpoint: Basic client authentication, sent to its origin only. */
export function createIdentityClient(options: IdentityClientOptions): HttpClient {
  const { clientId, clientSecret, authBaseUrl, secrets, ...transport } = options;
  const basic = basicCredentials(clientId, clientSecret);
  const origin = new URL(authBaseUrl).origin;
  return createHttpClient({
    service: 'GoTo identity',
    guide: 'docs/vendors/onboarding-goto.md',
    ...transport,
    authorize: async () => ({ authorization: `Basic ${basic}` }),
    trustsOrigin: (url) => url.origin === origin,
    secrets: () => [...secrets(), basic],
  });
}

/**
 * POSTs a grant to `/oauth/token` (form body; the transport adds Basic client authentication). A refused grant
 * (`invalid_grant`, `invalid_client`: HTTP 400 or 401) is `AUTHENTICATION`.
 */
export async function requestTokens(
  context: TokenRequestContext,
  form: Readonly<Record<string, string>>,
  signal: AbortSignal | undefined,
): Promise<GotoTokens> {
  try {
    const { data } = await context.http.request({
      method: 'POST',
      path: `${context.authBaseUrl}/oauth/token`,
      form,
      headers: { accept: 'application/json' },
      schema: tokenWire,
      // Not repeated after a lost answer: GoTo may have rotated the refresh token, and sending the
      // old one again would be refused (or revoke the consent). The caller tries again instead.
      idempotent: false,
      signal,
    });
    return {
      accessToken: data.access_token,
      ...(data.refresh_token ? { refreshToken: data.refresh_token } : {}),
      expiresAt: context.now() + data.expires_in * 1000,
      ...(data.scope ? { scope: data.scope } : {}),
      ...(data.principal ? { principal: data.principal } : {}),
    };
  } catch (error) {
    if (isPsaBridgeError(error, 'VALIDATION') || isPsaBridgeError(error, 'AUTHENTICATION')) {
      throw new PsaBridgeError('AUTHENTICATION', `GoTo refused the OAuth grant: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
