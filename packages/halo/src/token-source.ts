import {
  type CallOptions,
  type Clock,
  callSettings,
  type HttpClient,
  isSafeServiceUrl,
  PsaBridgeError,
} from '@psa-bridge/core/adapter';
import type { HaloCredentials } from './credentials.js';
import { authInfoWire, tokenWire } from './wire/schemas.js';

/** Renew a token this long before Halo says it expires. */
const EARLY_MS = 60_000;
/** A token whose answer gives no lifetime is used for this long. */
const DEFAULT_LIFETIME_MS = 10 * 60_000;

/** Where the client secret goes, and for which tenant. */
export interface TokenEndpoint {
  /** The token URL, `tenant` in its query when there is one. */
  readonly url: string;
  /** The authorization server's origin (trusted for the secret). */
  readonly origin: string;
}

/** Bearer tokens for one connection: fetched once, shared by concurrent requests, renewed before expiry and after a 401. */
export interface TokenSource {
  /** A valid access token. */
  get(signal: AbortSignal | undefined): Promise<string>;
  /** Drops `sent` (the token a request was refused with) so the next `get` fetches a new one; resolves `true` when it did. */
  renew(sent: string | undefined): boolean;
  /** The token in use, for redaction. */
  current(): string | undefined;
  /** Finds the token endpoint (the connection test's first step). */
  endpoint(call?: CallOptions): Promise<TokenEndpoint>;
}

/** Whether two hosts belong to one site: the same last two labels (`msp.halopsa.com`, `auth.halopsa.com`). */
function sameSite(a: string, b: string): boolean {
  const tail = (host: string) => host.split('.').slice(-2).join('.');
  return a.includes('.') && b.includes('.') && tail(a) === tail(b);
}

/**
 * Finds the token endpoint the way Halo's own clients do: `authUrl` when the credentials give it;
 * else `GET {url}/api/authinfo`, whose `auth_url` is the authorization server (with `/token`
 * added, and `tenant` from the credentials or from `tenant_id`); else `{url}/auth/token`. An
 * `auth_url` on another site than the instance is refused before the secret goes anywhere
 * (SPEC C8): set `authUrl` to trust it.
 */
async function findEndpoint(
  credentials: HaloCredentials,
  authHttp: HttpClient,
  call: CallOptions,
): Promise<TokenEndpoint> {
  const instance = new URL(credentials.url);
  const base = credentials.url.replace(/\/+$/, '');
  let authBase: string | undefined = credentials.authUrl?.replace(/\/+$/, '');
  let tenant = credentials.tenant;
  if (!authBase) {
    const info = await authHttp.request({
      method: 'GET',
      path: `${base}/api/authinfo`,
      schema: authInfoWire,
      acceptStatus: [404],
      ...callSettings(call),
    });
    const named = info.status === 404 ? undefined : info.data.auth_url?.trim();
    if (named) {
      if (!isSafeServiceUrl(named)) {
        throw new PsaBridgeError(
          'RESPONSE_SHAPE',
          'HaloPSA named an authorization server that is not an https address',
        );
      }
      const origin = new URL(named);
      if (
        origin.origin !== instance.origin &&
        !(origin.protocol === 'https:' && sameSite(origin.hostname, instance.hostname))
      ) {
        throw new PsaBridgeError(
          'RESPONSE_SHAPE',
          `HaloPSA named an authorization server on another site (${origin.host}); set authUrl in the credentials to trust it`,
        );
      }
      authBase = named.replace(/\/+$/, '');
      if (
        tenant === undefined &&
        info.status !== 404 &&
        info.data.tenant_id !== null &&
        info.data.tenant_id !== undefined
      ) {
        tenant = String(info.data.tenant_id);
      }
    } else {
      authBase = `${base}/auth`;
    }
  }
  const url = new URL(`${authBase}/token`);
  if (tenant) url.searchParams.set('tenant', tenant);
  return { url: url.toString(), origin: url.origin };
}

/**
 * Creates the token source of one connection. `trust` is told the authorization server's origin
 * once it is found and checked, so the transport lets the client secret go there and nowhere else.
 */
export function createTokenSource(
  credentials: HaloCredentials,
  authHttp: HttpClient,
  clock: Clock,
  trust: (origin: string) => void,
): TokenSource {
  let endpoint: Promise<TokenEndpoint> | undefined;
  let token: { readonly value: string; readonly expiresAt: number } | undefined;
  let fetching: Promise<string> | undefined;

  const findOnce = (call: CallOptions = {}): Promise<TokenEndpoint> => {
    endpoint ??= findEndpoint(credentials, authHttp, call).then((found) => {
      trust(found.origin);
      return found;
    });
    endpoint.catch(() => {
      endpoint = undefined;
    });
    return endpoint;
  };

  const fetchToken = async (signal: AbortSignal | undefined): Promise<string> => {
    const { url } = await findOnce({ signal });
    const { data } = await authHttp.request({
      method: 'POST',
      path: url,
      form: {
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: credentials.scope ?? 'all',
      },
      schema: tokenWire,
      // The same form gets the same kind of token: safe to repeat.
      idempotent: true,
      signal,
    });
    const lifetime = data.expires_in ? data.expires_in * 1000 : DEFAULT_LIFETIME_MS;
    token = {
      value: data.access_token,
      expiresAt: clock.now() + Math.max(lifetime - EARLY_MS, lifetime / 2),
    };
    return data.access_token;
  };

  return {
    async get(signal) {
      if (token && clock.now() < token.expiresAt) return token.value;
      fetching ??= fetchToken(signal).finally(() => {
        fetching = undefined;
      });
      return fetching;
    },
    renew(sent) {
      if (token === undefined || (sent !== undefined && sent !== token.value)) return true;
      token = undefined;
      return true;
    },
    current: () => token?.value,
    endpoint: findOnce,
  };
}
